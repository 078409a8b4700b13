"""What an edit of sources and citations makes, and the limits it keeps: plain Python.

The editor (``editor.py``) builds its undo commands from these: the evidence
item a passage becomes, the citation of a selection, a source as a worksheet
may keep it.  Every refusal is one sentence for the status bar, never an
exception reaching the analyst: the storage would refuse what these refuse
(``app.storage.limits``), but by then as a bug (``ValueError``), not as a
sentence.
"""

from __future__ import annotations

from app.domain.model import Evidence, Worksheet
from app.domain.sources import Citation, Source, citation_of
from app.domain.text import shorten
from app.storage.limits import (
    MAX_ALL_CITATIONS,
    MAX_CITATIONS,
    MAX_EVIDENCE,
    MAX_QUOTE,
    MAX_SOURCE,
    MAX_SOURCE_TEXT,
    MAX_SOURCES,
    count,
    is_date,
)

TITLE_CHARS = 120
"""The most characters of a title made from a quote: one line of the matrix."""


def passage_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` clipped to ``text`` and moved in past white space: a
    selection that took the line break after a sentence cites the sentence."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def passage_refusal(source: Source, start: int, end: int) -> str | None:
    """Why the selection ``start``–``end`` of ``source`` cannot be cited, or None."""
    start, end = passage_bounds(source.text, start, end)
    if start == end:
        return "Select a passage of the source's text first: the selection holds no words."
    if end - start > MAX_QUOTE:
        return (
            f"The passage is {end - start:,} characters long and a citation holds at most "
            f"{MAX_QUOTE:,}: select a shorter one."
        )
    return None


def passage_citation(source: Source, start: int, end: int) -> Citation:
    """The citation of the passage (see :func:`passage_bounds`)."""
    return citation_of(source, *passage_bounds(source.text, start, end))


def source_credit(source: Source) -> str:
    """What an item made from the source gives as its source: "Title — Author"."""
    title = shorten(source.title, MAX_SOURCE)
    credit = f"{title} — {shorten(source.author, MAX_SOURCE)}" if source.author else title
    return shorten(credit, MAX_SOURCE)


def item_from_passage(source: Source, start: int, end: int) -> Evidence:
    """A new evidence item of the passage: its words as the title (one line) and the
    description (whole), the source credited, its publication date as the item's
    reported date, and the passage as its one citation.  Its information is not
    graded: that is the analyst's judgement of this item, not of the source."""
    citation = passage_citation(source, start, end)
    return Evidence(
        title=shorten(citation.quote, TITLE_CHARS),
        description=citation.quote,
        source=source_credit(source),
        reported_date=source.published if is_date(source.published) else "",
        citations=(citation,),
    )


def citation_refusal(ws: Worksheet, item: Evidence, label: str, citation: Citation) -> str | None:
    """Why ``item`` (named ``label``, "E3") cannot cite ``citation`` too, or None."""
    if citation in item.citations:
        return f"Evidence {label} already cites this passage."
    if len(item.citations) >= MAX_CITATIONS:
        return (
            f"Evidence {label} already cites {count(MAX_CITATIONS, 'passage')}, "
            "the most one item may."
        )
    return all_citations_refusal(ws)


def all_citations_refusal(ws: Worksheet) -> str | None:
    """Why the worksheet can take no more citations, or None."""
    if sum(len(e.citations) for e in ws.evidence) >= MAX_ALL_CITATIONS:
        return (
            f"The worksheet already holds {count(MAX_ALL_CITATIONS, 'citation')}, the most it may."
        )
    return None


def new_item_refusal(ws: Worksheet) -> str | None:
    if len(ws.evidence) >= MAX_EVIDENCE:
        return (
            f"The worksheet already holds {count(MAX_EVIDENCE, 'evidence item')}, the most it may."
        )
    return all_citations_refusal(ws)


def new_source_refusal(ws: Worksheet, source: Source) -> str | None:
    if len(ws.sources) >= MAX_SOURCES:
        return f"The worksheet already holds {count(MAX_SOURCES, 'source')}, the most it may."
    if len(source.text) > MAX_SOURCE_TEXT:  # the readers refuse such a document first
        return f"A source holds at most {MAX_SOURCE_TEXT:,} characters of text."
    return None
