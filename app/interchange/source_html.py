"""A saved web page (.html, .htm): its main text and metadata, by trafilatura.

Nothing the page names is fetched, and nothing outside it is read:

* the page is decoded here (its byte order mark, else the encoding its
  ``<meta charset>`` or XML declaration names, else UTF-8, else the encoding
  charset_normalizer finds) and parsed here, by lxml's HTML parser with
  ``no_network`` (libxml2 then loads no DTD and no external entity; an HTML
  parser never expands an entity a document type declares, so an XHTML page's
  ``<!ENTITY x SYSTEM "file:///etc/passwd">`` stays the text "&x;" or nothing);
  trafilatura is given the parsed tree, never bytes or a string, so neither it
  nor htmldate ever takes the input for a URL to download (htmldate's
  ``load_html`` fetches a string that looks like one);
* trafilatura's ``fetch_url`` is never called, no URL is passed to it (the
  ``url`` argument is left out), and neither trafilatura's extraction nor its
  metadata (courlan normalises the page's canonical link as text, without
  resolving it) opens a connection; images, style sheets, scripts and frames
  are elements of the tree, not requests;
* scripts, styles, frames, forms, navigation, headers and footers, comments,
  share buttons, cookie banners and ads are what trafilatura's cleaning and
  its precision mode leave out; comments are not extracted at all
  (``include_comments=False``) and tables are left out (their cells are more
  often layout and listings than the article's prose).

The main text is trafilatura's in precision mode (less text, but the article's,
as suits a news story); a page where that finds nothing is read again in recall
mode, then with trafilatura's baseline (the page's paragraphs), before it is
refused as holding no text.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
import trafilatura
from trafilatura.metadata import extract_metadata

from app.interchange.document_text import (
    Document,
    decode_bytes,
    finish,
    no_text,
    paragraphs,
    reason,
    refusal,
    text_codec,
    tidy_field,
)
from app.storage import limits

# Where an encoding is declared: in the first bytes of the page, as browsers look
# for it (they look in the first 1,024; pages with long heads of scripts put it later).
_DECLARATION_BYTES = 16 * 1024
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,1024}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""\A\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""",
    re.IGNORECASE,
)
# A link as the page records it: http or https, and no space, control or bidirectional
# character (which would show it as another address than it is).
_LINK = re.compile(
    "https?://[^\\s<>\"'\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    f"{{1,{limits.MAX_SOURCE}}}",
    re.IGNORECASE,
)

MAX_ELEMENTS = 100_000
"""Elements (tags) of a page: a long news page has a few thousand, a book saved as one
page some tens of thousands.  trafilatura takes about 0.15 ms an element (15 s for
the most), however little text they hold."""

# The XML declaration and the document type (with an internal subset of entity
# declarations) at the start of an XHTML page: an HTML parser would show the end of
# the subset ("]>") as text and put the head in the body.
_PROLOG = re.compile(
    r"\A\s*(?:<\?xml[^>]{0,500}\?>\s*)?(?:<!doctype\b[^\[>]{0,2000}"
    r"(?:\[[^\]]{0,1000000}\]\s*)?>)?",
    re.IGNORECASE,
)
_NEVER_TEXT = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "canvas",
    "select",
    "textarea",
    "button",
)
_JSON_LD = re.compile(r"\s*application/ld\+json\s*", re.IGNORECASE)

# The date: htmldate's careful search (the page's metadata, its <time> elements, its
# URL) and not its extensive one, which takes dates out of the running text (a
# copyright year becomes a 1 January): a date the page does not state is no date.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}


def read_html(data: bytes, shown: str) -> Document:
    """The page's main text, title, author (else site name), date and own link."""
    page = decode_bytes(data, shown, declared_encoding(data))
    tree = parse(page, shown)
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise refusal(
            shown,
            f"has more than {MAX_ELEMENTS:,} elements, more than this program reads from a "
            "web page; save the article as a PDF or as text to add it",
        )
    try:
        meta = extract_metadata(deepcopy(tree), None, dict(_DATE_PARAMS), False)
        prune(tree)
        text = main_text(tree)
    except MemoryError:
        raise refusal(shown, "is too large to read in this machine's memory") from None
    except RecursionError:
        raise refusal(shown, "nests its elements too deeply to be read") from None
    except Exception as exc:  # trafilatura's and lxml's errors have no common base
        raise refusal(shown, f"is a web page this program cannot read ({reason(exc)})") from None
    if not text:
        raise no_text(shown)
    return finish(
        "html",
        text,
        shown,
        title=tidy_field(meta.title),
        author=tidy_field(meta.author) or tidy_field(meta.sitename),
        published=meta.date if isinstance(meta.date, str) and stated(meta.date, page) else "",
        link=own_link(meta.url),
    )


def declared_encoding(data: bytes) -> str | None:
    """The codec the page's XML declaration or ``<meta charset>`` names, if Python has it."""
    head = data[:_DECLARATION_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match is not None:
            codec = text_codec(match.group(1).decode("ascii"))
            if codec is not None:
                return codec
    return None


def parse(page: str, shown: str) -> Any:
    """The decoded page parsed: network off, comments and processing instructions
    dropped, the XML declaration and document type (with any entities it declares)
    taken off first; the text is given to the parser as UTF-8, so that no declaration
    in it makes the parser decode it again."""
    text = _PROLOG.sub("", page, count=1)
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
        no_network=True,
    )
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        raise no_text(shown) from None
    if tree is None:
        raise no_text(shown)
    return tree


def prune(tree: Any) -> None:
    """Take out what is never the page's text, whatever trafilatura would make of it:
    scripts (but the page's JSON-LD, where a page built by script keeps its article),
    styles, frames, embedded objects, drawings, templates and forms' controls."""
    for element in list(tree.iter(*_NEVER_TEXT)):
        if element.tag == "script" and _JSON_LD.fullmatch(element.get("type") or ""):
            continue
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()  # its tail (the text after it) stays


def main_text(tree: Any) -> str:
    """The main text: precision first, then recall, then the baseline, as each finds none."""
    for precision in (True, False):
        # Plain text (no Markdown), no comments, no tables, images or links, and no
        # deduplication (which remembers earlier documents, so that the text would
        # depend on what was read before).
        found = trafilatura.bare_extraction(
            tree,
            favor_precision=precision,
            favor_recall=not precision,
            output_format="python",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            with_metadata=False,
        )
        text = getattr(found, "text", None)
        if isinstance(text, str):
            tidied = paragraphs(text)
            if tidied:
                return tidied
    _body, text, _length = trafilatura.baseline(tree)
    return paragraphs(text) if isinstance(text, str) else ""


_MONTHS = {  # English (in full and short), Russian (as a date has them) and German
    1: ("January", "Jan", "января", "Januar"),
    2: ("February", "Feb", "февраля", "Februar"),
    3: ("March", "Mar", "марта", "März"),
    4: ("April", "Apr", "апреля", "April"),
    5: ("May", "May", "мая", "Mai"),
    6: ("June", "Jun", "июня", "Juni"),
    7: ("July", "Jul", "июля", "Juli"),
    8: ("August", "Aug", "августа", "August"),
    9: ("September", "Sep", "сентября", "September"),
    10: ("October", "Oct", "октября", "Oktober"),
    11: ("November", "Nov", "ноября", "November"),
    12: ("December", "Dec", "декабря", "Dezember"),
}


def stated(date: str, page: str) -> bool:
    """Whether ``date`` (htmldate's answer) is a real date the page states, as numbers
    (2024-03-14, 2024/03/14, 20240314, 2024.03.14, 14.03.2024, 14/03/2024, 03/14/2024,
    2024년 3월 14일) or with the month's name (14 March 2024, March 14, 2024).

    htmldate completes what it finds: "2024-03" and a URL's /2024/03/ become the 1st
    of the month, and an impossible "2023-02-30" becomes 2023-02-01.  A day the page
    does not give is no date of the page."""
    if not limits.is_date(date):
        return False
    year, month, day = date.split("-")
    m, d = int(month), int(day)
    forms = {
        f"{year}-{month}-{day}",
        f"{year}/{month}/{day}",
        f"{year}{month}{day}",
        f"{year}.{month}.{day}",
        f"{year}. {m}. {d}",
        f"{day}.{month}.{year}",
        f"{d}.{m}.{year}",
        f"{day}/{month}/{year}",
        f"{month}/{day}/{year}",
        f"{year}년 {m}월 {d}일",
    }
    numbers = "|".join(re.escape(form) for form in forms)
    if re.search(rf"(?<![0-9])(?:{numbers})(?![0-9])", page):
        return True
    names = "|".join(re.escape(name) for name in _MONTHS[m])
    day_month = rf"0?{d}\.?\s+(?:{names})\.?,?\s+{year}"
    month_day = rf"(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{year}"
    return re.search(rf"\b(?:{day_month}|{month_day})\b", page, re.IGNORECASE) is not None


def own_link(url: object) -> str:
    """The page's own URL (canonical link, og:url) if it is a whole http(s) URL."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    return url if _LINK.fullmatch(url) else ""
