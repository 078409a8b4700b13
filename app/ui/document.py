"""One open worksheet in the window: its file, its scores and its undo history.

Views never change the worksheet themselves.  They call the edit methods
here (``set_ratings``, ``delete_hypothesis`` ...), each of which pushes one
``QUndoCommand`` from ``commands.py``.  A command calls the ``apply_*``
methods below, which change ``file.worksheet``, persist the change as one
transaction (``WorksheetFile.commit``), bring the scoreboard up to date in
O(hypotheses) and then emit fine-grained signals that the table models
follow.  A change the storage refuses is rolled back in memory and
reported through ``failed``; nothing on screen is ever ahead of the file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Worksheet
from app.ui.document_edits import (
    HYPOTHESIS_FIELDS,
    ITEM_FIELDS,
    META_FIELDS,
    MILESTONE_FIELDS,
    CellKey,
    EditMethods,
)


class CommitFailed(Exception):
    """The storage refused a change; str is one sentence for the analyst."""


def explainable_errors() -> tuple[type[BaseException], ...]:
    """Errors that have a sentence for the analyst (not bugs)."""
    from app.storage.errors import WorksheetError

    return (WorksheetError, OSError)


def explain(exc: BaseException, doing: str) -> str:
    """One sentence for the analyst about an error of :func:`explainable_errors`.

    The storage's refusals are already sentences that name the file; an
    operating-system error becomes ``doing`` and the storage's few words on
    why ("the disk is full"), never Python's "[Errno 28] …".
    """
    if isinstance(exc, OSError):
        from app.storage.files import reason

        return f"{doing} ({reason(exc)})."
    return str(exc) or f"{doing}."


def _change(**kwargs: Any) -> Any:
    from app.storage.worksheet_file import Change

    return Change(**kwargs)


class Document(QObject, EditMethods):
    """The window's handle on one open worksheet."""

    cell_changed = Signal(str, str)  # evidence_id, hypothesis_id
    item_changed = Signal(str)  # evidence_id: fields, excluded or measures
    item_inserted = Signal(int)  # index in worksheet.evidence, after insertion
    item_removed = Signal(int)  # former index, after removal
    item_moved = Signal(int, int)  # from index, to index, after the move
    hypothesis_changed = Signal(str)
    hypothesis_inserted = Signal(int)
    hypothesis_removed = Signal(int)
    hypothesis_moved = Signal(int, int)
    milestones_changed = Signal()
    meta_changed = Signal()
    scores_changed = Signal()
    modified_changed = Signal(bool)
    read_only_changed = Signal(bool)  # a read-only worksheet saved as the analyst's own copy
    failed = Signal(str)  # one sentence for the analyst

    def __init__(self, file: Any, *, unweighted: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        from app.domain.scoring import Scoreboard

        self.file = file
        # Why it is read-only, for the window's bar ("bea@ws12 has it open since …").
        self.read_only_reason = ""
        self.scoreboard = Scoreboard(file.worksheet, unweighted=unweighted)
        self.undo_stack = QUndoStack(self)
        self._modified_at_open = bool(getattr(file, "is_modified", False))
        self._draft_pending = False
        self._was_modified = self.is_modified
        self._items: dict[str, Evidence] = {e.id: e for e in file.worksheet.evidence}
        self._hyps: dict[str, Hypothesis] = {h.id: h for h in file.worksheet.hypotheses}
        # Positions by id, rebuilt lazily after a structural change (list.index
        # would compare whole dataclasses, O(n) each time).
        self._item_pos: dict[str, int] | None = None
        self._hyp_pos: dict[str, int] | None = None
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        # Text typed in a field and not stored yet (drafts.py): the panel that
        # holds it stores it when asked; until then it counts as unsaved.
        self.store_drafts: Callable[[], None] = lambda: None
        self.closed = False
        self._typing: bool = False  # the edit being pushed is typed text (merges)
        self.open_typing: Any = None  # the command typed text merges into, if any
        self.merged = False  # the last push merged into open_typing

    # -- state -----------------------------------------------------------

    @property
    def worksheet(self) -> Worksheet:
        return self.file.worksheet

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.file, "read_only", False))

    @property
    def path(self) -> Any:
        return getattr(self.file, "path", None)

    @property
    def folder_refuses_files(self) -> bool:
        """Editable, but its folder takes no new file: it cannot be saved where it is."""
        return bool(getattr(self.file, "folder_refuses_files", False))

    @property
    def is_modified(self) -> bool:
        return self._modified_at_open or self._draft_pending or not self.undo_stack.isClean()

    # -- text being typed (drafts.py) ------------------------------------------

    def set_draft_pending(self, pending: bool) -> None:
        """A field holds typed text not stored yet: the title shows it, closing asks."""
        self._draft_pending = pending
        self._emit_modified()

    def flush_drafts(self) -> None:
        """Store the text being typed before anything else happens to the worksheet."""
        self.store_drafts()

    @contextlib.contextmanager
    def typing(self) -> Iterator[None]:
        """Edits pushed inside are typed text: consecutive ones of one field merge."""
        self._typing = True
        try:
            yield
        finally:
            self._typing = False

    def end_typing(self) -> None:
        """The analyst left the field: the next text typed there is a new undo step."""
        self.open_typing = None

    def undo(self) -> None:
        self.flush_drafts()
        self.end_typing()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush_drafts()
        self.end_typing()
        self.undo_stack.redo()

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self.worksheet.title or "Untitled worksheet"

    def has_item(self, evidence_id: str) -> bool:
        return evidence_id in self._items

    def has_hypothesis(self, hypothesis_id: str) -> bool:
        return hypothesis_id in self._hyps

    def item(self, evidence_id: str) -> Evidence:
        return self._items[evidence_id]

    def hypothesis(self, hypothesis_id: str) -> Hypothesis:
        return self._hyps[hypothesis_id]

    def item_index(self, evidence_id: str) -> int:
        if self._item_pos is None:
            self._item_pos = {e.id: i for i, e in enumerate(self.worksheet.evidence)}
        return self._item_pos[evidence_id]

    def hypothesis_index(self, hypothesis_id: str) -> int:
        if self._hyp_pos is None:
            self._hyp_pos = {h.id: i for i, h in enumerate(self.worksheet.hypotheses)}
        return self._hyp_pos[hypothesis_id]

    def measure(self, evidence_id: str) -> Any:
        """Diagnosticity and score-neutrality of one item, in O(hypotheses)."""
        from app.domain.scoring import measure_item

        return measure_item(self.worksheet, self._items[evidence_id])

    def set_unweighted(self, unweighted: bool) -> None:
        if self.scoreboard.unweighted != unweighted:
            self.scoreboard.unweighted = unweighted
            self.scores_changed.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def undo_failed(self, reason: str) -> None:
        """The storage refused an undo: the model was put back, the stack was not.

        The stack has already stepped back, so it no longer describes what is
        on screen and in the working copy; a redo could apply an edit twice.
        The history is dropped (after this undo returns: a stack cannot be
        cleared from inside its own undo) and the worksheet counts as modified
        until saved, so closing still asks.
        """
        self._modified_at_open = True
        QTimer.singleShot(0, self.undo_stack.clear)
        self.failed.emit(f"{reason} The undo history was cleared; nothing on screen was lost.")
        self._emit_modified()

    def _emit_modified(self) -> None:
        now = self.is_modified
        if now != self._was_modified:
            self._was_modified = now
            self.modified_changed.emit(now)

    # -- file ------------------------------------------------------------

    def save(self, path: Any = None, *, overwrite: bool = False) -> None:
        """Save (or save as); storage errors propagate to the caller."""
        self.flush_drafts()
        self.end_typing()
        was_read_only = self.read_only
        self.file.save(path, overwrite=overwrite)
        self._modified_at_open = False
        self.undo_stack.setClean()
        self._emit_modified()
        if was_read_only and not self.read_only:
            self.read_only_reason = ""
        self.read_only_changed.emit(self.read_only)  # and where it can be saved may have changed

    def close(self) -> None:
        self.store_drafts = lambda: None  # typed text not stored by now was discarded
        self.closed = True
        self.undo_stack.clear()
        self.file.close()

    # -- primitive changes, for commands.py only ---------------------------

    def _commit(self, revert: Callable[[], None], **change: Any) -> None:
        try:
            self.file.commit(_change(**change))
        except explainable_errors() as exc:
            revert()
            raise CommitFailed(explain(exc, "The edit could not be written")) from exc

    def apply_cells(self, cells: list[tuple[str, str, Cell]]) -> None:
        ws = self.worksheet
        old = [(e, h, ws.cell(e, h)) for e, h, _ in cells]

        def write(values: list[tuple[str, str, Cell]]) -> None:
            for e, h, c in values:
                ws.set_cell(e, h, c)

        write(cells)
        self._commit(lambda: write(old), cells={(e, h) for e, h, _ in cells})
        items = dict.fromkeys(e for e, _, _ in cells)
        for eid in items:
            self.scoreboard.refresh_item(eid)
        for e, h, _ in cells:
            self.cell_changed.emit(e, h)
        for eid in items:
            self.item_changed.emit(eid)
        self.scores_changed.emit()

    def apply_fields(self, kind: str, target_id: str, values: dict[str, Any]) -> None:
        from app.ui.commands import FieldsCommand

        target: Any
        if kind == FieldsCommand.ITEM:
            target, allowed = self.item(target_id), ITEM_FIELDS
            change: dict[str, Any] = {"evidence": {target_id}}
        elif kind == FieldsCommand.HYPOTHESIS:
            target, allowed = self.hypothesis(target_id), HYPOTHESIS_FIELDS
            change = {"hypotheses": {target_id}}
        elif kind == FieldsCommand.MILESTONE:
            target, allowed = self._milestone(target_id), MILESTONE_FIELDS
            change = {"milestones": {target_id}}
        else:
            target, allowed = self.worksheet, META_FIELDS
            change = {"meta": True}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not editable here: {sorted(unknown)}")
        old = {k: getattr(target, k) for k in values}

        def write(v: dict[str, Any]) -> None:
            for k, x in v.items():
                setattr(target, k, x)

        write(values)
        self._commit(lambda: write(old), **change)
        if kind == FieldsCommand.ITEM:
            self.scoreboard.refresh_item(target_id)
            self.item_changed.emit(target_id)
            self.scores_changed.emit()
        elif kind == FieldsCommand.HYPOTHESIS:
            self.hypothesis_changed.emit(target_id)
        elif kind == FieldsCommand.MILESTONE:
            self.milestones_changed.emit()
        else:
            self.meta_changed.emit()

    def apply_insert_item(self, index: int, item: Evidence, cells: dict[CellKey, Cell]) -> None:
        ws = self.worksheet
        if item.id in self._items:
            return
        ws.evidence.insert(index, item)
        self._item_pos = self._hyp_pos = None
        self._items[item.id] = item
        ws.cells.update(cells)

        def revert() -> None:
            self._item_pos = None
            ws.evidence.pop(index)
            del self._items[item.id]
            for key in cells:
                ws.cells.pop(key, None)

        # Only the new item: storage keeps the others' positions in list order itself.
        self._commit(revert, evidence={item.id}, cells=set(cells))
        self.scoreboard.refresh_item(item.id)
        self.item_inserted.emit(index)
        self.scores_changed.emit()

    def apply_remove_item(self, evidence_id: str) -> tuple[int, Evidence, dict[CellKey, Cell]]:
        ws = self.worksheet
        item = self._items[evidence_id]
        index = self.item_index(evidence_id)
        cells = {
            (evidence_id, h.id): ws.cells[(evidence_id, h.id)]
            for h in ws.hypotheses
            if (evidence_id, h.id) in ws.cells
        }
        ws.evidence.pop(index)
        del self._items[evidence_id]
        self._item_pos = self._hyp_pos = None
        for key in cells:
            del ws.cells[key]

        def revert() -> None:
            self._item_pos = None
            ws.evidence.insert(index, item)
            self._items[evidence_id] = item
            ws.cells.update(cells)

        self._commit(revert, deleted_evidence={evidence_id}, cells=set(cells))
        self.scoreboard.refresh_item(evidence_id)
        self.item_removed.emit(index)
        self.scores_changed.emit()
        return index, item, cells

    def apply_move(self, kind: str, start: int, to: int) -> None:
        from app.ui.commands import MoveCommand

        ws = self.worksheet
        seq: list[Any] = ws.evidence if kind == MoveCommand.ITEM else ws.hypotheses
        seq.insert(to, seq.pop(start))
        self._item_pos = self._hyp_pos = None
        moved = {seq[to].id}  # the items it passed move too, by storage's own bookkeeping

        def revert() -> None:
            self._item_pos = self._hyp_pos = None
            seq.insert(start, seq.pop(to))

        if kind == MoveCommand.ITEM:
            self._commit(revert, evidence=moved)
            self.item_moved.emit(start, to)
        else:
            self._commit(revert, hypotheses=moved)
            self.scoreboard.invalidate()  # ties are ranked in worksheet order; totals stand
            self.hypothesis_moved.emit(start, to)
            self.scores_changed.emit()

    def apply_insert_hypothesis(
        self,
        index: int,
        hypothesis: Hypothesis,
        cells: dict[CellKey, Cell],
        milestones: list[tuple[int, Milestone]],
    ) -> None:
        ws = self.worksheet
        if hypothesis.id in self._hyps:
            return
        ws.hypotheses.insert(index, hypothesis)
        self._hyps[hypothesis.id] = hypothesis
        self._item_pos = self._hyp_pos = None
        ws.cells.update(cells)
        for at, m in milestones:
            ws.milestones.insert(at, m)

        def revert() -> None:
            self._hyp_pos = None
            ws.hypotheses.pop(index)
            del self._hyps[hypothesis.id]
            for key in cells:
                ws.cells.pop(key, None)
            for _, m in milestones:
                ws.milestones.remove(m)

        self._commit(
            revert,
            hypotheses={hypothesis.id},
            cells=set(cells),
            milestones={m.id for _, m in milestones},
        )
        self.scoreboard.refresh_hypothesis(hypothesis.id)
        self.hypothesis_inserted.emit(index)
        if milestones:
            self.milestones_changed.emit()
        self._emit_rows_touched(cells)
        self.scores_changed.emit()

    def apply_remove_hypothesis(
        self, hypothesis_id: str
    ) -> tuple[int, Hypothesis, dict[CellKey, Cell], list[tuple[int, Milestone]]]:
        ws = self.worksheet
        hypothesis = self._hyps[hypothesis_id]
        index = self.hypothesis_index(hypothesis_id)
        cells = {
            (e.id, hypothesis_id): ws.cells[(e.id, hypothesis_id)]
            for e in ws.evidence
            if (e.id, hypothesis_id) in ws.cells
        }
        milestones = [
            (i, m) for i, m in enumerate(ws.milestones) if m.hypothesis_id == hypothesis_id
        ]
        ws.hypotheses.pop(index)
        del self._hyps[hypothesis_id]
        self._item_pos = self._hyp_pos = None
        for key in cells:
            del ws.cells[key]
        for _, m in reversed(milestones):
            ws.milestones.remove(m)

        def revert() -> None:
            self._hyp_pos = None
            ws.hypotheses.insert(index, hypothesis)
            self._hyps[hypothesis_id] = hypothesis
            ws.cells.update(cells)
            for at, m in milestones:
                ws.milestones.insert(at, m)

        self._commit(
            revert,
            deleted_hypotheses={hypothesis_id},
            cells=set(cells),
            deleted_milestones={m.id for _, m in milestones},
        )
        self.scoreboard.refresh_hypothesis(hypothesis_id)
        self.hypothesis_removed.emit(index)
        if milestones:
            self.milestones_changed.emit()
        self._emit_rows_touched(cells)
        self.scores_changed.emit()
        return index, hypothesis, cells, milestones

    def _emit_rows_touched(self, cells: dict[CellKey, Cell]) -> None:
        """Diagnosticity and score-neutrality of these rows changed."""
        for eid in dict.fromkeys(e for e, _ in cells):
            self.item_changed.emit(eid)

    def apply_milestone(self, index: int, milestone: Milestone, *, insert: bool) -> None:
        ws = self.worksheet
        if insert:
            ws.milestones.insert(index, milestone)

            def revert() -> None:
                ws.milestones.remove(milestone)

            self._commit(revert, milestones={milestone.id})
        else:
            ws.milestones.remove(milestone)

            def revert() -> None:
                ws.milestones.insert(index, milestone)

            self._commit(revert, deleted_milestones={milestone.id})
        self.milestones_changed.emit()
