"""Undoable edits of a worksheet: one QUndoCommand per kind of change.

Each command holds what it needs to go both ways and calls the
``Document.apply_*`` primitives, which persist every step as one
transaction.  If the storage refuses the first ``redo`` (disk full, file
gone read-only), the command marks itself obsolete so ``QUndoStack.push``
drops it, and the document reports the sentence through ``failed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.model import Cell, Evidence, Hypothesis, Milestone
from app.ui.document.edits import CellKey, CommitFailed, Target

if TYPE_CHECKING:  # for typing only: the Document never imports the commands
    from app.domain.sources import Citation, Source
    from app.ui.document.document import Document


class DocumentCommand(QUndoCommand):
    def __init__(self, document: Document, text: str):
        super().__init__(text)
        self.document = document

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self.forward()
        except CommitFailed as exc:
            self.setObsolete(True)
            self.document.failed.emit(str(exc))

    def undo(self) -> None:
        try:
            self.backward()
        except CommitFailed as exc:
            self.document.undo_failed(str(exc))


class CellsCommand(DocumentCommand):
    """Ratings and notes of one or many cells, in one transaction."""

    def __init__(self, document: Document, edits: list[tuple[str, str, Cell, Cell]], text: str):
        super().__init__(document, text)
        self.before = [(e, h, old) for e, h, old, _ in edits]
        self.after = [(e, h, new) for e, h, _, new in edits]

    def forward(self) -> None:
        self.document.apply_cells(self.after)

    def backward(self) -> None:
        self.document.apply_cells(self.before)


class FieldsCommand(DocumentCommand):
    """Fields of an evidence item, a hypothesis, a milestone or the worksheet."""

    def __init__(
        self,
        document: Document,
        kind: Target,
        target_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        *,
        typing: bool = False,
        text: str = "",
    ):
        """``text``: the Edit menu's name for the step, when the fields' names would not
        say it ("Cite passage" rather than "Edit evidence citations")."""
        if not text and set(after) == {"excluded"}:
            text = "Exclude item" if after["excluded"] else "Include item"
        elif not text:
            text = f"Edit {kind.noun} {', '.join(sorted(after))}"
        super().__init__(document, text)
        self.kind, self.target_id = kind, target_id
        self.before, self.after = before, after
        self.typing = typing

    # Typed text is stored as it is typed (drafts.py); all the stores of one
    # visit to a field are one undo step, as in a text editor.
    _TYPING_ID = 1

    def id(self) -> int:
        return self._TYPING_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, FieldsCommand)
            and other.typing
            and self is self.document.open_typing
            and (other.kind, other.target_id, set(other.after))
            == (self.kind, self.target_id, set(self.after))
        ):
            return False
        self.after = other.after
        self.document.merged = True
        if self.after == self.before:  # typed back to what it was: no step at all
            self.setObsolete(True)
            self.document.end_typing()
        return True

    def forward(self) -> None:
        self.document.apply_fields(self.kind, self.target_id, self.after)

    def backward(self) -> None:
        self.document.apply_fields(self.kind, self.target_id, self.before)


class InsertItemCommand(DocumentCommand):
    def __init__(
        self,
        document: Document,
        index: int,
        item: Evidence,
        cells: dict[CellKey, Cell],
        text: str,
    ):
        super().__init__(document, text)
        self.index, self.item, self.cells = index, item, cells

    def forward(self) -> None:
        self.document.apply_insert_item(self.index, self.item, self.cells)

    def backward(self) -> None:
        self.document.apply_remove_item(self.item.id)


class InsertItemsCommand(DocumentCommand):
    """Items added in a run as one step (an imported evidence list)."""

    def __init__(self, document: Document, index: int, items: list[Evidence], text: str):
        super().__init__(document, text)
        self.index, self.items = index, items

    def forward(self) -> None:
        self.document.apply_insert_items(self.index, self.items, {})

    def backward(self) -> None:
        self.document.apply_remove_run(self.index, len(self.items))


class RemoveItemCommand(DocumentCommand):
    def __init__(self, document: Document, evidence_id: str):
        super().__init__(document, f"Delete evidence “{document.item(evidence_id).title}”")
        self.evidence_id = evidence_id
        self.saved: tuple[int, Evidence, dict[CellKey, Cell]] | None = None

    def forward(self) -> None:
        self.saved = self.document.apply_remove_item(self.evidence_id)

    def backward(self) -> None:
        assert self.saved is not None
        self.document.apply_insert_item(*self.saved)


class InsertHypothesisCommand(DocumentCommand):
    def __init__(
        self,
        document: Document,
        index: int,
        hypothesis: Hypothesis,
        cells: dict[CellKey, Cell],
        milestones: list[tuple[int, Milestone]],
        text: str,
    ):
        super().__init__(document, text)
        self.args = (index, hypothesis, cells, milestones)

    def forward(self) -> None:
        self.document.apply_insert_hypothesis(*self.args)

    def backward(self) -> None:
        self.document.apply_remove_hypothesis(self.args[1].id)


class RemoveHypothesisCommand(DocumentCommand):
    """Takes the hypothesis's ratings, notes and milestones with it; undo restores all in place."""

    def __init__(self, document: Document, hypothesis_id: str):
        title = document.hypothesis(hypothesis_id).title
        super().__init__(document, f"Delete hypothesis “{title}”")
        self.hypothesis_id = hypothesis_id
        self.saved: Any = None

    def forward(self) -> None:
        self.saved = self.document.apply_remove_hypothesis(self.hypothesis_id)

    def backward(self) -> None:
        self.document.apply_insert_hypothesis(*self.saved)


class MoveCommand(DocumentCommand):
    """An evidence item (``Target.ITEM``) or a hypothesis (``Target.HYPOTHESIS``) moved."""

    def __init__(self, document: Document, kind: Target, target_id: str, start: int, to: int):
        super().__init__(document, f"Move {kind.noun}")
        self.kind, self.start, self.to = kind, start, to

    def forward(self) -> None:
        self.document.apply_move(self.kind, self.start, self.to)

    def backward(self) -> None:
        self.document.apply_move(self.kind, self.to, self.start)


class MilestoneCommand(DocumentCommand):
    def __init__(self, document: Document, index: int, milestone: Milestone, *, insert: bool):
        super().__init__(document, "Add milestone" if insert else "Delete milestone")
        self.index, self.milestone, self.insert = index, milestone, insert

    def forward(self) -> None:
        self.document.apply_milestone(self.index, self.milestone, insert=self.insert)

    def backward(self) -> None:
        self.document.apply_milestone(self.index, self.milestone, insert=not self.insert)


class InsertSourceCommand(DocumentCommand):
    """A source document added (at ``index``: the end, when the analyst adds one)."""

    def __init__(self, document: Document, index: int, source: Source, text: str):
        super().__init__(document, text)
        self.index, self.source = index, source

    def forward(self) -> None:
        self.document.apply_insert_source(self.index, self.source, {})

    def backward(self) -> None:
        self.document.apply_remove_source(self.source.id)


class RemoveSourceCommand(DocumentCommand):
    """Takes every citation of the source with it, in the same step; undo brings both back."""

    def __init__(self, document: Document, source_id: str):
        title = document.worksheet.source(source_id).title
        super().__init__(document, f"Remove source “{title}”")
        self.source_id = source_id
        self.saved: tuple[int, Source, dict[str, tuple[Citation, ...]]] | None = None

    def forward(self) -> None:
        self.saved = self.document.apply_remove_source(self.source_id)

    def backward(self) -> None:
        assert self.saved is not None
        self.document.apply_insert_source(*self.saved)
