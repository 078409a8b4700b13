"""Where evidence comes from: source documents, the passages items cite, and the
Admiralty (NATO) grading of a source's reliability and of an item's information.

A :class:`Source` is a document the analyst added (a saved web page, a PDF, a
text file, pasted text) with its extracted text; a :class:`Citation` is one
passage of it, by position in that text, with the words quoted.  An item may
cite several passages of several sources (corroboration).

The Admiralty system grades the *source* A (completely reliable) to F
(reliability cannot be judged) and the *information* 1 (confirmed by other
sources) to 6 (truth cannot be judged).  F and 6 are not "worst": they mean
"unknown", and :data:`SUGGESTED_CREDIBILITY` never makes an unknown high.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.model import Evidence, Level, Worksheet, new_id


class Reliability(StrEnum):
    """A source's reliability on the Admiralty scale."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        return RELIABILITY_LABELS[self]


RELIABILITY_LABELS: dict[Reliability, str] = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}


class InfoCredibility(StrEnum):
    """An item's information credibility on the Admiralty scale."""

    CONFIRMED = "1"
    PROBABLY_TRUE = "2"
    POSSIBLY_TRUE = "3"
    DOUBTFUL = "4"
    IMPROBABLE = "5"
    CANNOT_BE_JUDGED = "6"

    @property
    def label(self) -> str:
        return INFO_CREDIBILITY_LABELS[self]


INFO_CREDIBILITY_LABELS: dict[InfoCredibility, str] = {
    InfoCredibility.CONFIRMED: "confirmed by other sources",
    InfoCredibility.PROBABLY_TRUE: "probably true",
    InfoCredibility.POSSIBLY_TRUE: "possibly true",
    InfoCredibility.DOUBTFUL: "doubtful",
    InfoCredibility.IMPROBABLE: "improbable",
    InfoCredibility.CANNOT_BE_JUDGED: "truth cannot be judged",
}

_H, _M, _L = Level.HIGH, Level.MEDIUM, Level.LOW
_TABLE = {
    # information:  1   2   3   4   5   6
    Reliability.A: (_H, _H, _M, _L, _L, _M),
    Reliability.B: (_H, _H, _M, _L, _L, _M),
    Reliability.C: (_H, _M, _M, _L, _L, _M),
    Reliability.D: (_M, _L, _L, _L, _L, _L),
    Reliability.E: (_M, _L, _L, _L, _L, _L),
    Reliability.F: (_M, _M, _M, _L, _L, _M),
}
SUGGESTED_CREDIBILITY: dict[tuple[Reliability, InfoCredibility], Level] = {
    (reliability, information): level
    for reliability, row in _TABLE.items()
    for information, level in zip(InfoCredibility, row, strict=True)
}
"""The credibility (low, medium, high) suggested by a source's reliability and an
item's information credibility.  High needs a reliable source (A to C) *and* likely
information (1 or 2, and 1 from a fairly reliable one); doubtful or improbable
information (4, 5), or an unreliable source (D, E) unless the information is
confirmed, is low.  What cannot be judged (F, 6) is medium, the credibility an item
has before anyone weighs it, or low beside a doubt; never high."""


def suggested_credibility(reliability: str, information: str) -> Level | None:
    """The suggestion for these codes, or ``None`` if either is not given."""
    try:
        return SUGGESTED_CREDIBILITY[(Reliability(reliability), InfoCredibility(information))]
    except ValueError:
        return None


SOURCE_KINDS: dict[str, str] = {
    "html": "saved web page",
    "pdf": "PDF",
    "text": "text file",
    "pasted": "pasted text",
}


@dataclass
class Source:
    """A document the analyst drew evidence from: its text and what is known of it.

    ``link`` is recorded, never fetched.  ``text`` is what citations point into, so
    it never changes once the source is added."""

    title: str
    text: str = ""
    author: str = ""  # the author, or the publisher or site
    published: str = ""  # ISO 8601 YYYY-MM-DD or empty
    link: str = ""
    reliability: str = ""  # a Reliability code, or "" (not graded)
    notes: str = ""
    kind: str = "pasted"  # a key of SOURCE_KINDS
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Citation:
    """A passage of a source an item cites: ``source.text[start:end]`` is ``quote``."""

    source_id: str
    start: int
    end: int
    quote: str


def citation_of(source: Source, start: int, end: int) -> Citation:
    """The citation of ``source.text[start:end]`` (the bounds clipped to the text)."""
    start = max(0, min(start, len(source.text)))
    end = max(start, min(end, len(source.text)))
    return Citation(source.id, start, end, source.text[start:end])


def grading_code(reliability: str, information: str) -> str:
    """The Admiralty code of a source's reliability and an item's information ("B2"),
    with a dash for the part not given ("B-", "-3"); "" when neither is."""
    if not reliability and not information:
        return ""
    return f"{reliability or '-'}{information or '-'}"


def best_reliability(codes: list[str]) -> str:
    """The reliability an item's sources give it: the most reliable graded one (A
    best), F (cannot be judged) only if that is all there is, "" if none is graded."""
    graded = sorted(c for c in codes if c and c != Reliability.F)
    if graded:
        return graded[0]
    return Reliability.F.value if Reliability.F in codes else ""


def item_reliability(ws: Worksheet, item: Evidence) -> str:
    """The reliability of the sources ``item`` cites (see :func:`best_reliability`)."""
    graded = {s.id: s.reliability for s in ws.sources}
    return best_reliability([graded.get(c.source_id, "") for c in item.citations])


def item_code(ws: Worksheet, item: Evidence) -> str:
    """The item's Admiralty code ("B2"), or "" when nothing is graded."""
    return grading_code(item_reliability(ws, item), item.info_credibility)


def item_suggestion(ws: Worksheet, item: Evidence) -> Level | None:
    """The credibility the item's grading suggests, or ``None`` if it is not graded."""
    return suggested_credibility(item_reliability(ws, item), item.info_credibility)


def source_labels(ws: Worksheet) -> dict[str, str]:
    """The short labels a person reads for sources ("S1", "S2"): position in the list.

    Like :func:`~app.domain.model.display_labels` for hypotheses and items: the
    brief and the window name sources by these.
    """
    return {s.id: f"S{i}" for i, s in enumerate(ws.sources, start=1)}
