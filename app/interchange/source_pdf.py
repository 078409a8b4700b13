"""A PDF: the text of its pages and its title and author, by pypdf.

pypdf runs nothing a PDF holds: JavaScript, launch actions, forms' scripts and
embedded files are never executed or opened (it has no interpreter for them),
and it reads nothing outside the file.  What a hostile PDF could still make it
spend is bounded here, deliberately, with pypdf 7's own limits
(:class:`pypdf.Configuration`, applied only while a document is read) and
with checks of this module:

* every decoded stream: :data:`MAX_STREAM_BYTES` at most, whatever its filter
  (``zlib_maximum_output_length`` and the LZW, run-length, JBIG2 and Brotli
  ones; a FlateDecode stream of a gigabyte of zeros, some 1 MB in the file,
  stops there with ``LimitReachedError``), and no stream may declare a
  ``/Length`` longer than the file can be (``maximum_declared_stream_length``);
* every stream a page's text may need (its contents, its forms, fonts and
  their character maps, whatever its resources reach but images, which text
  extraction never decodes) is decoded and measured before its text is
  extracted, what the page draws (contents and forms, which pypdf parses for
  every page that draws them) on every page, the rest once; together they may
  come to :data:`MAX_DECODED_BYTES` at most.  This bounds what many streams
  under the first limit could cost: 50 pages of 20 MB of zeros each are 1 MB in
  the file and 1 GB decoded, and pypdf keeps each stream it decodes, so without
  this they would all be in memory together (a page's contents are let go once
  its text is read);
* pages: :data:`MAX_PAGES` at most, refused from the page tree's own count
  before the tree is walked; the walk itself is bounded by pypdf (its depth
  and entries: ``page_tree_maximum_depth``, ``page_tree_maximum_entries``,
  ``page_tree_maximum_page_entries``), and a tree that holds itself is caught
  by it and refused as damaged;
* content parsing: :data:`MAX_OPERATIONS` content operations in all the pages
  together, counted by a visitor of pypdf's extraction, and
  :data:`MAX_STREAM_TOKENS` operands and operators in one content stream
  (pypdf's ``stream_parsing_work_maximum_count``); a page whose contents hold no operator that
  shows text is not parsed at all (as pypdf itself does without a visitor).
  pypdf's own budgets stay as they are for form XObjects a page (5,000), array
  and dictionary sizes (100,000), and XMP metadata (5 MB, 100,000 elements, and
  no XML entity declarations at all: pypdf's own parser refuses them);
* the text: at most :data:`~app.interchange.source_documents.MAX_SOURCE_TEXT`
  characters, refused as soon as the pages read so far pass it;
* pypdf's ``jbig2dec`` program (for JBIG2 images) is never run.

An encrypted PDF is read if it opens without a password, as in any viewer (an
"owner" password restricts editing, not reading); one that needs a password is
refused.  A PDF cut short (no ``%%EOF`` near its end) is refused rather than
read in part.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any

import pypdf
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    StreamObject,
)

from app.interchange.document_text import (
    MAX_SOURCE_BYTES,
    MAX_SOURCE_TEXT,
    Document,
    finish,
    no_text,
    reason,
    refusal,
    tidy_field,
    tidy_text,
    too_long,
)
from app.interchange.text_input import InterchangeError

MAX_PAGES = 2_000
"""Pages of a PDF: a long book has under a thousand.  A 20 MB file could declare
millions of pages of a few bytes each, each costing pypdf a page object."""

MAX_STREAM_BYTES = 32 * 1024 * 1024
"""One decoded stream (a page's content, a font, a form): a page of dense text is
tens of kilobytes, a detailed map a few megabytes.  pypdf's own default is 75 MB."""

MAX_DECODED_BYTES = 256 * 1024 * 1024
"""All the streams the pages' text needs, decoded: a 2,000-page book's are some 50 MB;
a 20 MB PDF of text compressed fourfold is 80 MB."""

MAX_OPERATIONS = 500_000
"""Content operations of all pages together (each element of a ``TJ`` array counts as
one): pypdf takes 20 to 50 microseconds for each, so the most takes some 15 to 25
seconds (four pages of 125,000 "(word) Tj", 11 KB in the file, take 16 s).  A
200-page report of dense text is some 50,000, a 1,000-page book of plain lines some
250,000; typeset with kerning, as TeX and Word set it, a page counts some 1,000, so
that a book of 500 pages is about the most read."""

MAX_STREAM_TOKENS = 1_000_000
"""Operands and operators of one content stream (pypdf's default is 2 million):
pypdf parses a stream whole before its text is read, some 190 bytes a token, so this
keeps one page to some 190 MB and 4 seconds."""

MAX_FORMS_PER_PAGE = 10_000
"""Forms and images one page's resources hold (pypdf reads at most 5,000 forms a page)."""

MAX_RESOURCE_OBJECTS = 2_000_000
"""Objects visited in the pages' resources to find their streams (each once)."""

# The operators that may show text, as pypdf looks for them before it parses a page's
# contents (Do draws a form, which may hold text).
# (Each looked for by itself: bytes.find is some twenty times a regular expression's speed.)
_TEXT_OPERATORS = (b"Tj", b"TJ", b"Do", b"'", b'"')

_EOF = b"%%EOF"
_TAIL_BYTES = 4096  # readers look for %%EOF in the last 1,024 bytes; some files have junk

_CONFIGURATION: dict[str, Any] = {
    "maximum_declared_stream_length": MAX_SOURCE_BYTES,
    "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
    "zlib_maximum_output_length": MAX_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_STREAM_BYTES,
    "jbig2_maximum_output_length": MAX_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_STREAM_BYTES,
    "stream_parsing_work_maximum_count": MAX_STREAM_TOKENS,
    "jbig2dec_binary": None,
}


class _TooMuchWork(BaseException):
    """Raised by the operation counter to stop pypdf's text extraction.  Not an
    Exception: pypdf catches every Exception of a form XObject's extraction, logs it
    and goes on, so that an Exception would not stop it."""


def read_pdf(data: bytes, shown: str) -> Document:
    """The text of every page (a blank line between pages), the title and the author."""
    if _EOF not in data[-_TAIL_BYTES:]:
        raise refusal(
            shown,
            "is cut short: it does not end as a PDF does, so it was not saved or downloaded "
            "whole; save or download it again",
        )
    try:
        with pypdf.apply_configuration(**_CONFIGURATION):
            return _Reader(data, shown).read()
    except _TooMuchWork:
        raise refusal(
            shown,
            f"has more than {MAX_OPERATIONS:,} drawing and text operations in its pages, "
            "more than this program reads from a PDF",
        ) from None
    except LimitReachedError as exc:
        raise _over_limit(shown, exc) from None
    except InterchangeError:
        raise
    except FileNotDecryptedError:
        raise _locked(shown) from None
    except DependencyError:
        raise _undecryptable(shown) from None
    except MemoryError:
        raise refusal(shown, "is too large to read in this machine's memory") from None
    except RecursionError:
        raise _damaged(shown, "its objects nest thousands of levels deep") from None
    except Exception as exc:  # pypdf's errors on a damaged file are of many kinds
        if "cycl" in str(exc).lower():
            raise _damaged(shown, "its objects refer to themselves in a loop") from None
        raise _damaged(shown, reason(exc)) from None


class _Reader:
    def __init__(self, data: bytes, shown: str) -> None:
        self.shown = shown
        self.reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        self.decoded = 0  # bytes of the streams measured so far
        self.seen: set[int] = set()  # the objects (by id) already visited
        self.sizes: dict[int, tuple[int, bool]] = {}  # streams measured (by id)
        self.visited = 0
        self.operations = 0

    def read(self) -> Document:
        reader = self.reader
        if reader.is_encrypted and not self.open_without_password():
            raise _locked(self.shown)
        self.check_count()
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise _too_many_pages(self.shown, len(pages))
        if not pages:
            raise _damaged(self.shown, "it has no pages that can be found")
        texts: list[str] = []
        chars = 0
        for page in pages:
            if self.measure(page):
                text = tidy_text(page.extract_text(visitor_operand_before=self.count))
            else:
                text = ""
            self.release(page)
            chars += len(text) + 2 if text else 0  # and the blank line after it
            if chars > MAX_SOURCE_TEXT + 2:  # the last page has none
                raise too_long(self.shown)
            texts.append(text)
        text = "\n\n".join(t for t in texts if t)
        if not text:
            raise no_text(
                self.shown,
                ": its pages hold no text, only images or drawings (a scanned document "
                "needs its text recognised first)",
            )
        title, author = self.info()
        return finish("pdf", text, self.shown, title=title, author=author)

    def open_without_password(self) -> bool:
        """Decrypted with the empty password, as a viewer opens a PDF that needs none
        (pypdf raises DependencyError for AES when no cryptography library is there)."""
        try:
            return bool(self.reader.decrypt(""))
        except (NotImplementedError, PyPdfError):
            return False

    def check_count(self) -> None:
        """Refuse from the page tree's own /Count before pypdf walks it."""
        root = self.reader.trailer.get("/Root")
        root = root.get_object() if root is not None else None
        tree = root.get("/Pages") if isinstance(root, DictionaryObject) else None
        tree = tree.get_object() if tree is not None else None
        count = tree.get("/Count") if isinstance(tree, DictionaryObject) else None
        if isinstance(count, int) and count > MAX_PAGES:
            raise _too_many_pages(self.shown, count)

    def count(self, operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        """pypdf's visitor of each content operation: the operations are counted."""
        self.operations += 1
        if operator == b"TJ" and operands and isinstance(operands[0], list):
            self.operations += len(operands[0])
        if self.operations > MAX_OPERATIONS:
            raise _TooMuchWork

    # -- the streams a page needs ------------------------------------------------------

    def measure(self, page: DictionaryObject) -> bool:
        """Decode and measure the streams the page's text may need before pypdf reads
        them, and refuse the PDF when they come to more than :data:`MAX_DECODED_BYTES`:
        what the page draws (its contents and forms, which pypdf parses again for each
        page that draws them) on every page, the rest (fonts, their character maps) once.

        Whether the page's contents hold an operator that may show text: pypdf itself
        parses no content without one (but a visitor would make it)."""
        text = False
        for stream, content in self.drawn(page):
            size, shows = self.size_of(stream)
            self.charge(size)
            text = text or (content and shows)
        for stream in self.others(page):
            size, _shows = self.size_of(stream)
            if isinstance(stream, EncodedStreamObject):
                stream.decoded_self = None  # decoded again only if the text needs it
            self.charge(size)
        return text

    def size_of(self, stream: StreamObject) -> tuple[int, bool]:
        """The stream's decoded size, and whether it holds a text operator (once each)."""
        known = self.sizes.get(id(stream))
        if known is None:
            try:
                data = stream.get_data()
            except LimitReachedError:
                raise
            except (NotImplementedError, PyPdfError, zlib.error, ValueError):
                # A filter pypdf does not decode (text extraction leaves it too), or a
                # broken stream: the extraction says what it makes of it.
                data = b""
            known = self.sizes[id(stream)] = (len(data), any(op in data for op in _TEXT_OPERATORS))
        return known

    def charge(self, size: int) -> None:
        self.decoded += size
        if self.decoded > MAX_DECODED_BYTES:
            raise refusal(
                self.shown,
                f"decompresses to more than {MAX_DECODED_BYTES // (1024 * 1024)} MB of "
                "page content, more than this program reads from a PDF; it may be built "
                "to exhaust memory",
            )

    def drawn(self, page: DictionaryObject) -> Iterator[tuple[StreamObject, bool]]:
        """The page's content streams (True) and the forms its resources hold (False)."""
        contents = _resolved(dict.get(page, "/Contents"))
        parts = list.__iter__(contents) if isinstance(contents, ArrayObject) else [contents]
        for part in parts:
            stream = _resolved(part)
            if isinstance(stream, StreamObject):
                yield stream, True
        seen: set[int] = set()
        stack = [_resolved(dict.get(page, "/Resources"))]
        while stack:
            resources = stack.pop()
            if not isinstance(resources, DictionaryObject) or id(resources) in seen:
                continue
            seen.add(id(resources))
            xobjects = _resolved(dict.get(resources, "/XObject"))
            if not isinstance(xobjects, DictionaryObject):
                continue
            for value in dict.values(xobjects):
                form = _resolved(value)
                if len(seen) > MAX_FORMS_PER_PAGE:
                    raise refusal(
                        self.shown,
                        f"has a page of more than {MAX_FORMS_PER_PAGE:,} forms and images, "
                        "more than this program reads from a PDF",
                    )
                if not isinstance(form, StreamObject) or id(form) in seen:
                    continue
                seen.add(id(form))
                if dict.get(form, "/Subtype") == "/Form":
                    yield form, False
                    stack.append(_resolved(dict.get(form, "/Resources")))

    def others(self, page: DictionaryObject) -> Iterator[StreamObject]:
        """The streams not yet seen that the page's /Resources reach, but images and forms
        (whose own resources are looked into), never up the page tree (/Parent)."""
        stack: list[Any] = [dict.get(page, "/Resources")]
        while stack:
            item = _resolved(stack.pop())
            if not isinstance(item, DictionaryObject | ArrayObject) or id(item) in self.seen:
                continue
            self.seen.add(id(item))
            self.visited += 1
            if self.visited > MAX_RESOURCE_OBJECTS:
                raise refusal(
                    self.shown,
                    f"has pages whose resources hold more than {MAX_RESOURCE_OBJECTS:,} "
                    "objects, more than this program reads from a PDF",
                )
            if isinstance(item, ArrayObject):
                stack.extend(list.__iter__(item))
                continue
            if isinstance(item, StreamObject):
                subtype = dict.get(item, "/Subtype")
                if subtype == "/Image":
                    continue
                if subtype != "/Form":
                    yield item
            stack.extend(v for k, v in dict.items(item) if k not in ("/Parent", "/Length"))

    def release(self, page: DictionaryObject) -> None:
        """Let go of the page's decoded content (pypdf keeps each stream it decodes)."""
        for stream, content in self.drawn(page):
            if content and isinstance(stream, EncodedStreamObject):
                stream.decoded_self = None

    # -- title and author --------------------------------------------------------------

    def info(self) -> tuple[str, str]:
        """The title and author from the document information, else from its XMP."""
        title = author = ""
        try:
            meta = self.reader.metadata
            if meta is not None:
                title, author = _usable_title(meta.title), _usable_author(meta.author)
        except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
            pass
        if title and author:
            return title, author
        try:
            xmp = self.reader.xmp_metadata
            if xmp is not None:
                title = title or _usable_title(_first(xmp.dc_title))
                author = author or _usable_author("; ".join(_strings(xmp.dc_creator)))
        except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return title, author


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _first(value: object) -> str:
    """An XMP language alternative's default text (``{"x-default": ...}``), or its first."""
    if isinstance(value, dict):
        text = value.get("x-default")
        if isinstance(text, str):
            return text
        return next((v for v in value.values() if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


# What a PDF printed from an office program often gives as its title: the program and
# the file's name, or nothing a person wrote.
_NO_TITLES = {"untitled", "untitled document", "title", "document", "microsoft word"}
_PRINTED_FROM = ("Microsoft Word - ", "Microsoft PowerPoint - ", "Microsoft Excel - ")


def _usable_title(value: object) -> str:
    title = tidy_field(value)
    for prefix in _PRINTED_FROM:
        if title.startswith(prefix):
            title = title.removeprefix(prefix)
            for suffix in (".docx", ".doc", ".pptx", ".ppt", ".xlsx", ".xls"):
                title = title.removesuffix(suffix)
    return "" if title.lower() in _NO_TITLES else title


# What PDF writers put in the author's place when nobody gave one (reportlab's default).
_NO_AUTHORS = {"anonymous", "unknown", "unspecified", "author", "user", "administrator"}


def _usable_author(value: object) -> str:
    author = tidy_field(value)
    return "" if author.lower() in _NO_AUTHORS else author


def _over_limit(shown: str, exc: LimitReachedError) -> InterchangeError:
    """One of pypdf's limits, said for the analyst (pypdf's message is for programmers)."""
    said = str(exc).lower()
    if "cycl" in said or "loop" in said:
        return _damaged(shown, "its objects refer to themselves in a loop")
    if "decompress" in said or "output length" in said or "decoding" in said:
        what = (
            f"a compressed stream that expands to more than {MAX_STREAM_BYTES // (1024 * 1024)}"
            " MB, more than this program reads from a PDF; it may be built to exhaust memory"
        )
        return refusal(shown, f"holds {what}")
    if "stream length" in said:
        return _damaged(shown, "a stream declares itself longer than the file")
    if "number of tokens" in said:
        return refusal(
            shown,
            f"has a page whose content is more than {MAX_STREAM_TOKENS:,} operators and "
            "operands long, more than this program reads from a PDF",
        )
    return refusal(shown, f"is a PDF with more in it than this program reads ({reason(exc)})")


def _damaged(shown: str, why: str) -> InterchangeError:
    return refusal(shown, f"is a damaged PDF that cannot be read ({why})")


def _locked(shown: str) -> InterchangeError:
    return refusal(
        shown,
        "is a PDF protected by a password, which this program does not open; save a copy "
        "without the password (open it and print it to PDF) to add it",
    )


def _undecryptable(shown: str) -> InterchangeError:
    return refusal(
        shown,
        "is an encrypted PDF that this program cannot decrypt (its AES encryption needs "
        "a library this installation lacks); save a copy without encryption (open it and "
        "print it to PDF) to add it",
    )


def _too_many_pages(shown: str, pages: int) -> InterchangeError:
    return refusal(
        shown, f"has {pages:,} pages, more than the {MAX_PAGES:,} this program reads from a PDF"
    )
