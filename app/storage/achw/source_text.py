"""A source's text as the worksheet file keeps it: UTF-8, compressed with zlib.

Unpacking distrusts the file: a blob that would decompress past what a source
may hold (a zlib bomb in a hostile file) stops there, in bounded memory.
"""

from __future__ import annotations

import zlib

from app.storage.limits import MAX_SOURCE_TEXT

MAX_PACKED_TEXT_BYTES = 4 * MAX_SOURCE_TEXT
"""The UTF-8 bytes of the longest text a source may hold (four bytes a character)."""


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


class UnpackError(ValueError):
    """The blob is not a source's text: the reason, for the loader's sentence."""


def unpack(blob: object) -> str:
    if not isinstance(blob, bytes):
        raise UnpackError("is not compressed text")
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(blob, MAX_PACKED_TEXT_BYTES + 1)
    except zlib.error:
        raise UnpackError("is not compressed text") from None
    if len(data) > MAX_PACKED_TEXT_BYTES or inflater.unconsumed_tail:
        raise UnpackError("is longer than a source may be")
    if not inflater.eof:
        raise UnpackError("is cut short")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnpackError("is not UTF-8 text") from None
