"""A source document (a saved web page, a PDF, a text file, pasted text) read into
its main text and what it says of itself: title, author, date, link.

The document is someone else's file, so hostile until read.  It is refused
from its size before anything else (:data:`MAX_SOURCE_BYTES`); nothing it
names is ever fetched (no network, no other file); what a reader library
raises becomes one sentence naming the file (an
:class:`~app.interchange.text_input.InterchangeError`), never a traceback; and
the libraries' warnings and log lines are kept from the terminal.  What each
kind bounds, and how, is said in :mod:`app.interchange.source_html` and
:mod:`app.interchange.source_pdf`.

The text is what citations point into, by character positions, so it is made
the same way every time from the same bytes: line ends are "\\n", the text is
in Unicode's composed form (NFC), paragraphs (a web page's, or a PDF's pages)
are separated by one blank line, and nothing in it is a control character but
"\\n" and "\\t" (nor a bidirectional override, which would show the text in an
order other than the one it is stored in).
"""

from __future__ import annotations

import math
import re
from pathlib import PurePath

from app.domain.sources import Source
from app.interchange.document_text import (
    MAX_SOURCE_BYTES,
    MAX_SOURCE_TEXT,
    Document,
    decode_bytes,
    finish,
    no_text,
    quiet,
    refusal,
    tidy_text,
    too_long,
)
from app.interchange.text_input import unicode_form
from app.storage import names

KINDS = ("html", "pdf", "text", "pasted")  # the keys of app.domain.sources.SOURCE_KINDS

PASTED = "The pasted text"  # how a refusal of pasted text names it

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml")
WEB_ARCHIVE_SUFFIXES = (".mhtml", ".mht")
PDF_SUFFIX = ".pdf"

_MB = 1024 * 1024


def read_document(data: bytes, *, name: str, shown_as: str | None = None) -> Document:
    """The document in ``data``, whose file is called ``name`` (for its suffix and
    for the sentence that refuses it).

    Its kind is found from its content first (a PDF header, the start of a web
    page), then from the suffix of ``name``; a file that is none of a web page,
    a PDF and text is refused.  Raises ``InterchangeError``, one sentence
    naming the file (``shown_as``, else the last part of ``name``), for a document
    that cannot or must not be read.
    """
    shown = names.shown(shown_as or PurePath(name).name or name)
    size = len(data)
    if size > MAX_SOURCE_BYTES:
        megabytes = math.ceil(size * 10 / _MB) / 10  # up: 20 MB and a byte is "20.1 MB"
        raise refusal(
            shown,
            f"is larger than {MAX_SOURCE_BYTES // _MB} MB ({megabytes:,.1f} MB), the most "
            "this program reads as a source; save the part you need as a smaller file",
        )
    if not data:
        raise refusal(shown, "is empty")
    kind = kind_of(data, name, shown)
    with quiet():
        # Imported when first needed: trafilatura and pypdf take a while to import,
        # and most sessions never read a source.
        if kind == "pdf":
            from app.interchange import source_pdf

            return source_pdf.read_pdf(data, shown)
        if kind == "html":
            from app.interchange import source_html

            return source_html.read_html(data, shown)
        return read_text(data, shown)


def source_of(document: Document, *, reliability: str = "") -> Source:
    """A new source of the worksheet holding ``document``, graded ``reliability``."""
    return Source(
        title=document.title,
        text=document.text,
        author=document.author,
        published=document.published,
        link=document.link,
        reliability=reliability,
        kind=document.kind,
    )


def pasted_document(text: str) -> Document:
    """Text the analyst pasted, tidied like any document's; its first line is its title."""
    if len(text) > 2 * MAX_SOURCE_TEXT:  # not worth tidying to learn it is too long
        raise too_long(PASTED, len(text))
    tidied = tidy_text(text)
    if not tidied:
        raise refusal(PASTED, "is empty: it holds no text")
    return finish("pasted", tidied, PASTED)


# -- the kind --------------------------------------------------------------------------

PDF_HEADER = b"%PDF-"
# A PDF's header may follow some bytes of junk (mail gateways add them): readers look
# for it in the first 1,024 bytes.
_PDF_HEAD_BYTES = 1024
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_HEAD_BYTES = 2048
_WEB_ARCHIVE = re.compile(rb"\A(?:[\w-]+:[^\n]*\n){0,20}?content-type:\s*multipart/related", re.I)


def kind_of(data: bytes, name: str, shown: str) -> str:
    """The kind of ``data`` ("pdf", "html", "text"): by what it begins with, else by
    ``name``'s suffix.

    A file named .pdf that is not one is refused, whatever it is: a "PDF" that is a web
    page is most often a download that gave a sign-in or error page instead."""
    if PDF_HEADER in data[:_PDF_HEAD_BYTES]:
        return "pdf"
    head = data[:_HTML_HEAD_BYTES]
    if unicode_form(head) is not None:  # UTF-16 or UTF-32: its ASCII, without the zeros
        head = head.replace(b"\x00", b"")
    page = _HTML_START.search(head) is not None
    suffix = PurePath(name).suffix.lower()
    if suffix in WEB_ARCHIVE_SUFFIXES or _WEB_ARCHIVE.search(head):
        # A browser's "web page, single file": MIME parts, the page's HTML among its
        # images in base64.  Read as text it would be all of that.
        raise refusal(
            shown,
            "is a web archive (MHTML), which this program does not read; save the page "
            "as \u201cWeb page, HTML only\u201d to add it",
        )
    if suffix == PDF_SUFFIX:
        what = (
            "it is a web page (a download that gave a page instead of the document?)"
            if page
            else "it does not begin as a PDF does (with %PDF-), so it is damaged or another "
            "kind of file renamed"
        )
        raise refusal(shown, f"is not a PDF: {what}")
    if page or suffix in HTML_SUFFIXES:
        return "html"
    return "text"


# -- text files ------------------------------------------------------------------------


def read_text(data: bytes, shown: str) -> Document:
    """A plain text file: UTF-8 (with or without a byte order mark), UTF-16 or UTF-32
    with one, else the encoding its bytes show (Windows-1251, EUC-KR, ...)."""
    text = decode_bytes(data, shown)
    tidied = tidy_text(text)
    if not tidied:
        raise no_text(shown)
    return finish("text", tidied, shown)
