"""The worksheet as the analyst thinks of it: plain data, no Qt, no SQL.

Everything here is a plain dataclass so that storage, interchange, the
report and the window can all share one vocabulary.  Identity of hypotheses
and evidence is a string id that never changes (a UUID for items made in the
program, the given id for imported ones); display order is list order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sources.py builds on this module's Level and ids
    from app.domain.sources import Citation, Source


class Rating(StrEnum):
    """A cell's rating.  A blank cell is ``None``, never a member of this enum."""

    CC = "CC"
    C = "C"
    N = "N"
    I = "I"
    II = "II"
    NA = "NA"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS: dict[Rating, str] = {
    Rating.CC: "very consistent",
    Rating.C: "consistent",
    Rating.N: "neutral",
    Rating.I: "inconsistent",
    Rating.II: "very inconsistent",
    Rating.NA: "not applicable",
}

# Heuer's "deception" test: what a rating becomes if the item is a plant.
MIRRORED: dict[Rating, Rating] = {
    Rating.CC: Rating.II,
    Rating.C: Rating.I,
    Rating.N: Rating.N,
    Rating.I: Rating.C,
    Rating.II: Rating.CC,
    Rating.NA: Rating.NA,
}


class Level(StrEnum):
    """Credibility or relevance of an evidence item."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class MilestoneStatus(StrEnum):
    OPEN = "open"
    OBSERVED = "observed"
    NOT_OBSERVED = "not-observed"


# Suggested evidence types; the field is free text so an analyst's own
# taxonomy survives, but these are offered first.
EVIDENCE_TYPES: tuple[str, ...] = (
    "HUMINT",
    "SIGINT",
    "IMINT",
    "OSINT",
    "MASINT",
    "official statement",
    "assumption",
    "absence of evidence",
)

# Flags are a closed vocabulary so that filters and reports can rely on them.
FLAGS: dict[str, str] = {
    "possible-deception": "possible deception",
    "retracted": "retracted",
    "second-hand": "second-hand",
    "official-statement": "official statement",
    "single-source": "single source",
    "flagged": "flagged for attention",  # PARC ACH's one flag (FLAG 1)
}


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Hypothesis:
    title: str
    description: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Evidence:
    title: str
    description: str = ""
    source: str = ""
    link: str = ""
    date: str = ""  # when the event happened: ISO 8601 YYYY-MM-DD or empty
    type: str = ""
    credibility: Level = Level.MEDIUM
    relevance: Level = Level.MEDIUM
    excluded: bool = False
    flags: frozenset[str] = frozenset()
    id: str = field(default_factory=new_id)
    reported_date: str = ""  # when it was reported: ISO 8601 YYYY-MM-DD or empty
    info_credibility: str = ""  # Admiralty information credibility "1".."6", or "" (not graded)
    citations: tuple[Citation, ...] = ()  # the passages it comes from, in order


@dataclass(frozen=True)
class Cell:
    """What the analyst entered for one evidence x hypothesis cell."""

    rating: Rating | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.rating is None and not self.note


@dataclass
class Milestone:
    text: str
    hypothesis_id: str | None = None
    status: MilestoneStatus = MilestoneStatus.OPEN
    id: str = field(default_factory=new_id)


@dataclass
class Worksheet:
    title: str = ""
    question: str = ""
    analyst: str = ""
    classification: str = ""
    conclusions: str = ""
    hypotheses: list[Hypothesis] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # (evidence_id, hypothesis_id) -> Cell; absent means blank with no note
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def cell(self, evidence_id: str, hypothesis_id: str) -> Cell:
        return self.cells.get((evidence_id, hypothesis_id), EMPTY_CELL)

    def rating(self, evidence_id: str, hypothesis_id: str) -> Rating | None:
        c = self.cells.get((evidence_id, hypothesis_id))
        return c.rating if c is not None else None

    def set_cell(self, evidence_id: str, hypothesis_id: str, cell: Cell) -> None:
        if cell.is_empty:
            self.cells.pop((evidence_id, hypothesis_id), None)
        else:
            self.cells[(evidence_id, hypothesis_id)] = cell

    def hypothesis(self, hypothesis_id: str) -> Hypothesis:
        for h in self.hypotheses:
            if h.id == hypothesis_id:
                return h
        raise KeyError(hypothesis_id)

    def item(self, evidence_id: str) -> Evidence:
        for e in self.evidence:
            if e.id == evidence_id:
                return e
        raise KeyError(evidence_id)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def included_evidence(self) -> list[Evidence]:
        return [e for e in self.evidence if not e.excluded]


EMPTY_CELL = Cell()

META_FIELDS = ("title", "question", "analyst", "classification", "conclusions")
"""The worksheet's own text fields, in the order the file and the JSON form keep them:
the fields of :class:`Worksheet` that are not its lists."""


def display_labels(worksheet: Worksheet) -> dict[str, str]:
    """The short labels a person reads ("H2", "E7"): position in the current order.

    Ids are identities (UUIDs for items made in the program) and stay in
    files and JSON; every view meant for people — window, brief, the score
    table — names items by these labels so that they agree with each other.
    """
    labels = {h.id: f"H{i}" for i, h in enumerate(worksheet.hypotheses, start=1)}
    labels.update({e.id: f"E{i}" for i, e in enumerate(worksheet.evidence, start=1)})
    return labels
