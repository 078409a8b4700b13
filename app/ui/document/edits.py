"""What the Document, its editor and its undo commands share, and nothing else.

Kept apart so that none of them needs another to name these: the commands
call the Document, the editor builds the commands, and the Document builds
neither (Orange's canvas: commands call the scheme; the scheme never builds
commands).
"""

from __future__ import annotations

import dataclasses
import enum

from app.domain.model import META_FIELDS, Evidence

CellKey = tuple[str, str]  # (evidence_id, hypothesis_id)


class CommitFailed(Exception):
    """The storage refused a change; str is one sentence for the analyst."""


class Target(enum.StrEnum):
    """What a field edit or a move is about."""

    ITEM = "item"
    HYPOTHESIS = "hypothesis"
    MILESTONE = "milestone"
    META = "meta"  # the worksheet's own fields
    SOURCE = "source"  # what is known of a source document (its text never changes)

    @property
    def noun(self) -> str:
        """As the Edit menu names it ("Edit evidence title")."""
        return _NOUNS[self]

    @property
    def fields(self) -> frozenset[str]:
        """The fields an edit may change."""
        return _FIELDS[self]


ITEM_FIELDS = frozenset(f.name for f in dataclasses.fields(Evidence) if f.name != "id")
HYPOTHESIS_FIELDS = frozenset({"title", "description"})
MILESTONE_FIELDS = frozenset({"text", "status", "hypothesis_id"})
# A source's text is what its citations point into, so no edit changes it (nor its kind).
SOURCE_FIELDS = frozenset({"title", "author", "published", "link", "reliability", "notes"})

_NOUNS = {
    Target.ITEM: "evidence",
    Target.HYPOTHESIS: "hypothesis",
    Target.MILESTONE: "milestone",
    Target.META: "worksheet",
    Target.SOURCE: "source",
}
_FIELDS = {
    Target.ITEM: ITEM_FIELDS,
    Target.HYPOTHESIS: HYPOTHESIS_FIELDS,
    Target.MILESTONE: MILESTONE_FIELDS,
    Target.META: frozenset(META_FIELDS),
    Target.SOURCE: SOURCE_FIELDS,
}
