"""What every kind of source document is read into, and how its text is made.

:class:`Document` is what a reader gives (:mod:`app.interchange.source_documents`
for text and pasted text, :mod:`~app.interchange.source_html`,
:mod:`~app.interchange.source_pdf`); the functions here are what they share: the
decoding of bytes that do not say their encoding, the tidying that makes a text
the same every time from the same bytes (citations point into it by character
positions: see :mod:`app.interchange.source_documents`), the one-line fields,
the sentences that refuse a document, and keeping the libraries quiet.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from app.interchange.text_input import InterchangeError, unicode_form
from app.storage import limits, names

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""The largest document read, in bytes (20 MB): a long report as a PDF, or a saved
web page with its inline images, is well under it.  A larger one is refused from
its size, before a byte of it is looked at."""


MAX_SOURCE_TEXT = limits.MAX_SOURCE_TEXT
"""The most characters of text a document may give: what a source may hold in a
worksheet (20 million, some four times a long book), so that whatever is read can
be kept.  A document with more is refused, never cut: citations point into it."""

TITLE_CHARS = 200
"""The most characters of a title or author taken from a document (or of the first
line of a text taken as its title); longer ones end in an ellipsis."""


@dataclass(frozen=True)
class Document:
    """A document's main text and what it says of itself (see the module's docstring)."""

    kind: str  # "html" | "pdf" | "text" | "pasted"
    text: str
    title: str = ""
    author: str = ""  # the author; else the publisher or site name
    published: str = ""  # "YYYY-MM-DD" or ""
    link: str = ""  # the page's own URL as the file records it; never fetched


def decode_bytes(data: bytes, shown: str, declared: str | None = None) -> str:
    """``data`` as text: by its byte order mark, else in the ``declared`` encoding (a
    web page's), else UTF-8, else the encoding charset_normalizer finds in it.

    Binary data (a NUL byte outside UTF-16 or UTF-32) is refused: it is no text.
    """
    marked = _by_mark(data, shown)
    if marked is not None:
        return marked
    if b"\x00" in data:
        raise not_readable(shown)
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the page lies about its encoding: find it as if it had said nothing
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = detect_encoding(data) or declared
    if found is None:
        # No encoding fits: text of a few bytes the detector cannot place, or binary
        # data.  Text has no control bytes but white space; it is read as Windows-1252,
        # which gives every byte a character (what a browser does with such a page).
        if _CONTROL_BYTES.search(data):
            raise not_readable(shown)
        found = "cp1252"
    return data.decode(found, "replace")


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")  # not \x1a, DOS's end of file

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's, which it begins with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _by_mark(data: bytes, shown: str) -> str | None:
    """The text a byte order mark (or UTF-16's zero bytes) says how to read, or None."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(codec)  # the mark is dropped
            except UnicodeDecodeError:
                raise refusal(
                    shown,
                    f"is {codec.upper().removesuffix('-SIG')} text that is cut short or "
                    "damaged; save it again as UTF-8",
                ) from None
    if unicode_form(data) == "UTF-16":  # ASCII-range text saved as UTF-16 without a mark
        little = data[1::2].count(0) > data[::2].count(0)
        try:
            return data.decode("utf-16-le" if little else "utf-16-be")
        except UnicodeDecodeError:
            raise not_readable(shown) from None
    return None


def detect_encoding(data: bytes) -> str | None:
    """The encoding charset_normalizer finds ``data`` in (a Python codec's name), or None.

    Its best guess of those a web page may declare (:func:`text_codec`): it also
    proposes encodings no one writes pages or text files in (cp1125, cp1006).  It
    reads samples of the bytes (not all of a large file) and is deterministic: the
    same bytes give the same answer.  A text of a few words is a guess all the same
    (its bytes fit many encodings); paragraphs are found right."""
    from charset_normalizer import from_bytes

    try:
        guesses = [match.encoding for match in from_bytes(data)]
    except Exception:  # a bug of the detector must not become a traceback
        return None
    return next((codec for codec in map(text_codec, guesses) if codec is not None), None)


# The encodings a web page may declare (the WHATWG Encoding Standard's, by Python's
# names): others (UTF-7, Python's own "unicode_escape", "rot13") are ignored, as
# browsers ignore them.  A label that names an encoding is read as the standard says
# browsers read it: Latin-1 and ASCII as Windows-1252, EUC-KR as its superset
# Windows-949, GB2312 and GBK as GB18030, Shift_JIS as Windows-932, and UTF-16 on a
# page without a byte order mark as UTF-8 (the page's bytes, read so far, are not UTF-16).
_WHATWG_AS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
_LABELS = {  # labels Python does not know
    "x-windows-949": "cp949",
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "x-sjis": "cp932",
    "x-euc-jp": "euc_jp",
}
_ALLOWED = {
    "utf-8",
    "cp866",
    "koi8-r",
    "koi8-u",
    "mac-cyrillic",
    "mac-roman",
    "cp874",
    "cp932",
    "cp949",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "big5",
    "big5hkscs",
    *(f"cp{n}" for n in range(1250, 1259)),
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
}


def text_codec(label: str) -> str | None:
    """The Python codec a page's (or the detector's) encoding label means, or None."""
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    codec = _WHATWG_AS.get(codec, codec)
    return codec if codec in _ALLOWED else None


# -- the text and its fields -----------------------------------------------------------

# Line breaks other than "\n" (the carriage return, alone or before a line feed; the
# vertical tab and form feed, which separate a PDF's or a printout's pages; the file,
# group and record separators, NEL, and Unicode's line and paragraph separators).
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# What is not text: the other C0 and C1 controls and DEL; the bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would show
# the text in another order than it is cited in (the marks U+200E, U+200F and U+061C
# stay: Arabic and Hebrew text needs them and they reorder nothing); a byte order
# mark inside the text; the noncharacters U+FFFE and U+FFFF; lone surrogates.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
_BLANK_LINES = re.compile(r"\n{3,}")
# In a one-line field (title, author, link) every line break and tab is a space, and
# what names.shown keeps from a name is kept from it too (the bidirectional marks).
_FIELD_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+| {2,}")
_FIELD_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def tidy_text(text: str) -> str:
    """``text`` as a source's text is kept (see the module's docstring): "\\n" line
    ends, NFC, no control characters but "\\n" and "\\t", no spaces at line ends,
    at most one blank line between paragraphs, no white space at the start or the end."""
    text = _BREAKS.sub("\n", text)
    text = _NOT_TEXT.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def paragraphs(text: str) -> str:
    """``text`` tidied, each of its lines that holds something a paragraph (stripped),
    one blank line between them (trafilatura gives a page's paragraphs one a line)."""
    lines = (line.strip() for line in tidy_text(text).split("\n"))
    return "\n\n".join(line for line in lines if line)


def tidy_field(value: object, limit: int = TITLE_CHARS) -> str:
    """A one-line field (title, author) from a document: one line, NFC, no control or
    bidirectional characters, spaces collapsed, at most ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    value = _NOT_TEXT.sub("", _FIELD_SPACE.sub(" ", value))
    value = _FIELD_NOT_TEXT.sub("", value)
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "\u2026"
    return value


def first_line(text: str) -> str:
    """The first line of ``text`` that holds something, as a title."""
    for line in text.split("\n", 200):
        if line.strip():
            return tidy_field(line[: 4 * TITLE_CHARS])
    return ""


def finish(
    kind: str,
    text: str,
    shown: str,
    *,
    title: str = "",
    author: str = "",
    published: str = "",
    link: str = "",
) -> Document:
    """The document of tidied ``text``, refused if it is longer than a source may be;
    the title is the first line when the document gives none."""
    if len(text) > MAX_SOURCE_TEXT:
        raise too_long(shown, len(text))
    return Document(
        kind=kind,
        text=text,
        title=tidy_field(title) or first_line(text),
        author=tidy_field(author),
        published=published if limits.is_date(published) else "",
        link=link,
    )


# -- refusals --------------------------------------------------------------------------


def refusal(shown: str, problem: str) -> InterchangeError:
    return InterchangeError(source=shown, place="", problem=problem)


def no_text(shown: str, why: str = "") -> InterchangeError:
    return refusal(shown, f"holds no text this program can find{why}")


def not_readable(shown: str) -> InterchangeError:
    return refusal(
        shown,
        "is not a web page, PDF or text file, the kinds of document this program reads "
        "as a source; save it as a PDF or as text to add it",
    )


def too_long(shown: str, chars: int | None = None) -> InterchangeError:
    """The text is longer than a source may hold: ``chars`` long, or (None) longer
    still than what was read of it when reading stopped."""
    held = (
        f"more than {MAX_SOURCE_TEXT:,} characters"
        if chars is None
        else (f"{limits.count(chars, 'character')}")
    )
    return refusal(
        shown,
        f"holds {held} of text, more than the {MAX_SOURCE_TEXT:,} a source may hold; "
        "save the part you need as a smaller file",
    )


def reason(exc: BaseException) -> str:
    """A library's error as a short, printable phrase for a sentence."""
    text = (str(exc) or type(exc).__name__).strip().splitlines()[0].rstrip(".")
    return names.shown(text, 120)


# -- quiet -----------------------------------------------------------------------------

# The libraries that log (pypdf logs every oddity of a damaged PDF as a warning, and
# trafilatura each page it discards); pypdf has no handler of its own, so Python's
# last-resort handler would print its warnings to the terminal.
QUIET_LOGGERS = ("pypdf", "trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Keep the reader libraries' log lines and warnings out of the terminal (and out
    of a test run that turns warnings into errors) while a document is read."""
    loggers = [logging.getLogger(n) for n in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
