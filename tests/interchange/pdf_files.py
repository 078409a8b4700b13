"""Hand-made PDFs for the tests and the bench of source documents: the objects,
numbered from 1, then a cross-reference table; and streams of zeros that decompress
to gigabytes, made without compressing them."""

from __future__ import annotations

import zlib

MB = 1024 * 1024


def pdf_of(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, *, flate: bool = True) -> bytes:
    filters = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filters, data)


def pages_pdf(contents: list[bytes], count: int | None = None) -> bytes:
    """A PDF of one page for each content stream given, with a Helvetica font."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 "]
    objects[2] += b"/BaseFont /Helvetica >>"
    kids = []
    for content in contents:
        number = len(objects) + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (number + 1)
        )
        objects.append(content)
        kids.append(b"%d 0 R" % number)
    declared = len(kids) if count is None else count
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), declared)
    return pdf_of(objects)


def text_stream(text: bytes) -> bytes:
    return stream(zlib.compress(b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % text))


def zeros(size: int) -> bytes:
    """``size`` zero bytes (a whole number of MiB) as a zlib stream, made without
    compressing them: a fully flushed deflate block of 1 MiB of zeros is the same
    bytes every time, so it is made once and repeated; the checksum of n zeros is
    Adler-32's (n mod 65521) << 16 | 1."""
    block = bytes(MB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = first + again * (size // MB - 1) + deflate.flush()
    return b"\x78\xda" + body + (((size % 65521) << 16) | 1).to_bytes(4, "big")
