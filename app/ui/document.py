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

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Rating, Worksheet

CellKey = tuple[str, str]  # (evidence_id, hypothesis_id)

ITEM_FIELDS = frozenset(f.name for f in dataclasses.fields(Evidence) if f.name != "id")
HYPOTHESIS_FIELDS = frozenset({"title", "description"})
META_FIELDS = frozenset({"title", "question", "analyst", "classification", "conclusions"})
MILESTONE_FIELDS = frozenset({"text", "status", "hypothesis_id"})


class CommitFailed(Exception):
    """The storage refused a change; str is one sentence for the analyst."""


def explainable_errors() -> tuple[type[BaseException], ...]:
    """Errors that have a sentence for the analyst (not bugs)."""
    try:
        from app.storage.errors import WorksheetError
    except ImportError:  # pragma: no cover - storage not built yet
        return (OSError,)
    return (WorksheetError, OSError)


def _change(**kwargs: Any) -> Any:
    from app.storage.worksheet_file import Change

    return Change(**kwargs)


class Document(QObject):
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
    failed = Signal(str)  # one sentence for the analyst

    def __init__(self, file: Any, *, unweighted: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        from app.domain.scoring import Scoreboard

        self.file = file
        self.scoreboard = Scoreboard(file.worksheet, unweighted=unweighted)
        self.undo_stack = QUndoStack(self)
        self._modified_at_open = bool(getattr(file, "is_modified", False))
        self._was_modified = self.is_modified
        self._items: dict[str, Evidence] = {e.id: e for e in file.worksheet.evidence}
        self._hyps: dict[str, Hypothesis] = {h.id: h for h in file.worksheet.hypotheses}
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

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
    def is_modified(self) -> bool:
        return self._modified_at_open or not self.undo_stack.isClean()

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self.worksheet.title or "Untitled worksheet"

    def item(self, evidence_id: str) -> Evidence:
        return self._items[evidence_id]

    def hypothesis(self, hypothesis_id: str) -> Hypothesis:
        return self._hyps[hypothesis_id]

    def item_index(self, evidence_id: str) -> int:
        return self.worksheet.evidence.index(self._items[evidence_id])

    def hypothesis_index(self, hypothesis_id: str) -> int:
        return self.worksheet.hypotheses.index(self._hyps[hypothesis_id])

    def set_unweighted(self, unweighted: bool) -> None:
        if self.scoreboard.unweighted != unweighted:
            self.scoreboard.unweighted = unweighted
            self.scores_changed.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def _emit_modified(self) -> None:
        now = self.is_modified
        if now != self._was_modified:
            self._was_modified = now
            self.modified_changed.emit(now)

    # -- file ------------------------------------------------------------

    def save(self, path: Any = None, *, overwrite: bool = False) -> None:
        """Save (or save as); storage errors propagate to the caller."""
        self.file.save(path, overwrite=overwrite)
        self._modified_at_open = False
        self.undo_stack.setClean()
        self._emit_modified()

    def close(self) -> None:
        self.undo_stack.clear()
        self.file.close()

    # -- edits (each pushes one undoable command) --------------------------

    def push(self, command: Any) -> bool:
        if self.read_only:
            self.failed.emit("This worksheet is open read-only; use Save As to keep your own copy.")
            return False
        self.undo_stack.push(command)
        return True

    def set_ratings(self, keys: Iterable[CellKey], rating: Rating | None) -> None:
        ws = self.worksheet
        edits = [
            (e, h, ws.cell(e, h), dataclasses.replace(ws.cell(e, h), rating=rating))
            for e, h in keys
        ]
        edits = [x for x in edits if x[2] != x[3]]
        if not edits:
            return
        from app.ui.commands import CellsCommand

        what = "Clear rating" if rating is None else f"Rate {rating.value}"
        if len(edits) > 1:
            what += f" ({len(edits)} cells)"
        self.push(CellsCommand(self, edits, what))

    def set_note(self, evidence_id: str, hypothesis_id: str, note: str) -> None:
        old = self.worksheet.cell(evidence_id, hypothesis_id)
        new = dataclasses.replace(old, note=note)
        if old != new:
            from app.ui.commands import CellsCommand

            edit = (evidence_id, hypothesis_id, old, new)
            self.push(CellsCommand(self, [edit], "Edit note"))

    def set_item_fields(self, evidence_id: str, **fields: Any) -> None:
        from app.ui.commands import FieldsCommand

        self._push_fields(FieldsCommand.ITEM, evidence_id, self.item(evidence_id), fields)

    def set_excluded(self, evidence_ids: Iterable[str], excluded: bool) -> None:
        ids = [e for e in evidence_ids if self.item(e).excluded != excluded]
        if not ids:
            return
        self.undo_stack.beginMacro("Exclude items" if excluded else "Include items")
        for eid in ids:
            self.set_item_fields(eid, excluded=excluded)
        self.undo_stack.endMacro()

    def set_hypothesis_fields(self, hypothesis_id: str, **fields: Any) -> None:
        from app.ui.commands import FieldsCommand

        target = self.hypothesis(hypothesis_id)
        self._push_fields(FieldsCommand.HYPOTHESIS, hypothesis_id, target, fields)

    def set_meta(self, **fields: Any) -> None:
        from app.ui.commands import FieldsCommand

        self._push_fields(FieldsCommand.META, "", self.worksheet, fields)

    def set_milestone_fields(self, milestone_id: str, **fields: Any) -> None:
        from app.ui.commands import FieldsCommand

        target = self._milestone(milestone_id)
        self._push_fields(FieldsCommand.MILESTONE, milestone_id, target, fields)

    def _push_fields(self, kind: str, target_id: str, target: Any, fields: dict) -> None:
        from app.ui.commands import FieldsCommand

        allowed = {
            FieldsCommand.ITEM: ITEM_FIELDS,
            FieldsCommand.HYPOTHESIS: HYPOTHESIS_FIELDS,
            FieldsCommand.MILESTONE: MILESTONE_FIELDS,
            FieldsCommand.META: META_FIELDS,
        }[kind]
        if unknown := set(fields) - allowed:
            raise ValueError(f"not editable here: {sorted(unknown)}")
        after = {k: v for k, v in fields.items() if getattr(target, k) != v}
        if not after:
            return
        before = {k: getattr(target, k) for k in after}
        self.push(FieldsCommand(self, kind, target_id, before, after))

    def add_item(self, evidence: Evidence | None = None, index: int | None = None) -> str:
        from app.ui.commands import InsertItemCommand

        evidence = evidence or Evidence(title="New evidence")
        index = len(self.worksheet.evidence) if index is None else index
        self.push(InsertItemCommand(self, index, evidence, {}, "Add evidence"))
        return evidence.id

    def duplicate_item(self, evidence_id: str) -> str:
        from app.ui.commands import InsertItemCommand

        original = self.item(evidence_id)
        copy = dataclasses.replace(original, title=f"{original.title} (copy)")
        copy.id = Evidence(title="").id
        cells = {
            (copy.id, h.id): self.worksheet.cells[(evidence_id, h.id)]
            for h in self.worksheet.hypotheses
            if (evidence_id, h.id) in self.worksheet.cells
        }
        index = self.item_index(evidence_id) + 1
        self.push(InsertItemCommand(self, index, copy, cells, "Duplicate evidence"))
        return copy.id

    def delete_items(self, evidence_ids: Iterable[str]) -> None:
        from app.ui.commands import RemoveItemCommand

        ids = list(evidence_ids)
        if not ids:
            return
        self.undo_stack.beginMacro("Delete evidence" if len(ids) == 1 else "Delete items")
        for eid in ids:
            self.push(RemoveItemCommand(self, eid))
        self.undo_stack.endMacro()

    def move_item(self, evidence_id: str, to_index: int) -> None:
        from app.ui.commands import MoveCommand

        start = self.item_index(evidence_id)
        to_index = max(0, min(to_index, len(self.worksheet.evidence) - 1))
        if start != to_index:
            self.push(MoveCommand(self, MoveCommand.ITEM, evidence_id, start, to_index))

    def add_hypothesis(self, hypothesis: Hypothesis | None = None, index: int | None = None) -> str:
        from app.ui.commands import InsertHypothesisCommand

        n = len(self.worksheet.hypotheses)
        hypothesis = hypothesis or Hypothesis(title=f"H{n + 1}")
        index = n if index is None else index
        self.push(InsertHypothesisCommand(self, index, hypothesis, {}, [], "Add hypothesis"))
        return hypothesis.id

    def duplicate_hypothesis(self, hypothesis_id: str) -> str:
        from app.ui.commands import InsertHypothesisCommand

        original = self.hypothesis(hypothesis_id)
        copy = Hypothesis(title=f"{original.title} (copy)", description=original.description)
        cells = {
            (e.id, copy.id): self.worksheet.cells[(e.id, hypothesis_id)]
            for e in self.worksheet.evidence
            if (e.id, hypothesis_id) in self.worksheet.cells
        }
        index = self.hypothesis_index(hypothesis_id) + 1
        self.push(InsertHypothesisCommand(self, index, copy, cells, [], "Duplicate hypothesis"))
        return copy.id

    def delete_hypothesis(self, hypothesis_id: str) -> None:
        from app.ui.commands import RemoveHypothesisCommand

        self.push(RemoveHypothesisCommand(self, hypothesis_id))

    def move_hypothesis(self, hypothesis_id: str, to_index: int) -> None:
        from app.ui.commands import MoveCommand

        start = self.hypothesis_index(hypothesis_id)
        to_index = max(0, min(to_index, len(self.worksheet.hypotheses) - 1))
        if start != to_index:
            cmd = MoveCommand(self, MoveCommand.HYPOTHESIS, hypothesis_id, start, to_index)
            self.push(cmd)

    def add_milestone(self, hypothesis_id: str | None, text: str = "New milestone") -> str:
        from app.ui.commands import MilestoneCommand

        milestone = Milestone(text=text, hypothesis_id=hypothesis_id)
        index = len(self.worksheet.milestones)
        self.push(MilestoneCommand(self, index, milestone, insert=True))
        return milestone.id

    def delete_milestone(self, milestone_id: str) -> None:
        from app.ui.commands import MilestoneCommand

        milestone = self._milestone(milestone_id)
        index = self.worksheet.milestones.index(milestone)
        self.push(MilestoneCommand(self, index, milestone, insert=False))

    def milestones_of(self, hypothesis_id: str | None) -> list[Milestone]:
        return [m for m in self.worksheet.milestones if m.hypothesis_id == hypothesis_id]

    def _milestone(self, milestone_id: str) -> Milestone:
        return next(m for m in self.worksheet.milestones if m.id == milestone_id)

    # -- primitive changes, for commands.py only ---------------------------

    def _commit(self, revert: Callable[[], None], **change: Any) -> None:
        try:
            self.file.commit(_change(**change))
        except explainable_errors() as exc:
            revert()
            raise CommitFailed(str(exc)) from exc

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
        self._items[item.id] = item
        ws.cells.update(cells)

        def revert() -> None:
            ws.evidence.pop(index)
            del self._items[item.id]
            for key in cells:
                ws.cells.pop(key, None)

        shifted = {e.id for e in ws.evidence[index:]}
        self._commit(revert, evidence=shifted, cells=set(cells))
        self.scoreboard.refresh_item(item.id)
        self.item_inserted.emit(index)
        self.scores_changed.emit()

    def apply_remove_item(self, evidence_id: str) -> tuple[int, Evidence, dict[CellKey, Cell]]:
        ws = self.worksheet
        item = self._items[evidence_id]
        index = ws.evidence.index(item)
        cells = {
            (evidence_id, h.id): ws.cells[(evidence_id, h.id)]
            for h in ws.hypotheses
            if (evidence_id, h.id) in ws.cells
        }
        ws.evidence.pop(index)
        del self._items[evidence_id]
        for key in cells:
            del ws.cells[key]

        def revert() -> None:
            ws.evidence.insert(index, item)
            self._items[evidence_id] = item
            ws.cells.update(cells)

        shifted = {e.id for e in ws.evidence[index:]}
        self._commit(revert, evidence=shifted, deleted_evidence={evidence_id}, cells=set(cells))
        self.scoreboard.refresh_item(evidence_id)
        self.item_removed.emit(index)
        self.scores_changed.emit()
        return index, item, cells

    def apply_move(self, kind: str, start: int, to: int) -> None:
        from app.ui.commands import MoveCommand

        ws = self.worksheet
        seq: list[Any] = ws.evidence if kind == MoveCommand.ITEM else ws.hypotheses
        seq.insert(to, seq.pop(start))
        moved = {x.id for x in seq[min(start, to) : max(start, to) + 1]}

        def revert() -> None:
            seq.insert(start, seq.pop(to))

        if kind == MoveCommand.ITEM:
            self._commit(revert, evidence=moved)
            self.item_moved.emit(start, to)
        else:
            self._commit(revert, hypotheses=moved)
            self.scoreboard.rebuild()  # ties are ranked in worksheet order
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
        ws.cells.update(cells)
        for at, m in milestones:
            ws.milestones.insert(at, m)

        def revert() -> None:
            ws.hypotheses.pop(index)
            del self._hyps[hypothesis.id]
            for key in cells:
                ws.cells.pop(key, None)
            for _, m in milestones:
                ws.milestones.remove(m)

        self._commit(
            revert,
            hypotheses={h.id for h in ws.hypotheses[index:]},
            cells=set(cells),
            milestones={m.id for m in ws.milestones},
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
        index = ws.hypotheses.index(hypothesis)
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
        for key in cells:
            del ws.cells[key]
        for _, m in reversed(milestones):
            ws.milestones.remove(m)

        def revert() -> None:
            ws.hypotheses.insert(index, hypothesis)
            self._hyps[hypothesis_id] = hypothesis
            ws.cells.update(cells)
            for at, m in milestones:
                ws.milestones.insert(at, m)

        self._commit(
            revert,
            hypotheses={h.id for h in ws.hypotheses[index:]},
            deleted_hypotheses={hypothesis_id},
            cells=set(cells),
            milestones={m.id for m in ws.milestones},
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

            self._commit(revert, milestones={m.id for m in ws.milestones[index:]})
        else:
            ws.milestones.remove(milestone)

            def revert() -> None:
                ws.milestones.insert(index, milestone)

            self._commit(
                revert,
                milestones={m.id for m in ws.milestones[index:]},
                deleted_milestones={milestone.id},
            )
        self.milestones_changed.emit()
