"""The edit methods of a Document: each builds one undoable command and pushes it.

A mixin of ``Document`` (kept apart only to keep each module short): views
call these; the commands call the document's ``apply_*`` primitives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from app.domain.model import Evidence, Hypothesis, Milestone, Rating

CellKey = tuple[str, str]  # (evidence_id, hypothesis_id)

ITEM_FIELDS = frozenset(f.name for f in dataclasses.fields(Evidence) if f.name != "id")
HYPOTHESIS_FIELDS = frozenset({"title", "description"})
META_FIELDS = frozenset({"title", "question", "analyst", "classification", "conclusions"})
MILESTONE_FIELDS = frozenset({"text", "status", "hypothesis_id"})


class EditMethods:
    """Needs from its host: worksheet, read_only, undo_stack, failed, item(), hypothesis(),
    flush_drafts(), end_typing(), open_typing and _typing (typed text, see drafts.py)."""

    def push(self, command: Any) -> bool:
        if self.read_only:
            self.failed.emit("This worksheet is open read-only; use Save As to keep your own copy.")
            return False
        typing = getattr(command, "typing", False)
        if not typing:
            # Any other edit: what is being typed is stored first, as its own step.
            self.flush_drafts()
            self.end_typing()
        self.merged = False  # set by FieldsCommand.mergeWith during push
        self.undo_stack.push(command)
        if typing and not self.merged:
            self.open_typing = command
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
        self.push(FieldsCommand(self, kind, target_id, before, after, typing=self._typing))

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
