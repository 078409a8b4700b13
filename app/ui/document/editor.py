"""The edits views ask of a Document: each builds one undoable command and pushes it.

Composed into the Document as ``document.edit`` (the Document's own
``set_ratings``, ``delete_hypothesis`` ... hand over to it).  This is the
only place that builds the commands of ``commands.py``; the commands call
the Document's ``apply_*`` primitives, and the Document builds no command.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.model import Evidence, Hypothesis, Milestone, Rating
from app.domain.sources import Source, item_suggestion
from app.ui.document import passages
from app.ui.document.commands import (
    CellsCommand,
    FieldsCommand,
    InsertHypothesisCommand,
    InsertItemCommand,
    InsertItemsCommand,
    InsertSourceCommand,
    MilestoneCommand,
    MoveCommand,
    RemoveHypothesisCommand,
    RemoveItemCommand,
    RemoveSourceCommand,
)
from app.ui.document.edits import CellKey, Target

if TYPE_CHECKING:  # for typing only: the Document imports this module
    from app.ui.document.document import Document


class Editor:
    """The undoable edits of one Document."""

    def __init__(self, document: Document):
        self.document = document

    def push(self, command: QUndoCommand) -> bool:
        doc = self.document
        if doc.read_only:
            doc.failed.emit("This worksheet is open read-only; use Save As to keep your own copy.")
            return False
        typing = getattr(command, "typing", False)
        if not typing:
            # Any other edit: what is being typed is stored first, as its own step.
            doc.flush_drafts()
            doc.end_typing()
        doc.merged = False  # set by FieldsCommand.mergeWith during push
        doc.undo_stack.push(command)
        if typing and not doc.merged:
            doc.open_typing = command
        return True

    def _drop_empty_step(self) -> None:
        """A macro whose every command the disk refused is an undo step that does nothing:
        take it off the stack, so Undo names the edit before it."""
        stack = self.document.undo_stack
        last = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if last is None or last.childCount() > 0:
            return
        # QUndoStack has no pop: step back over the empty macro (undoing nothing), then
        # push a command that retires itself; a push drops every step above the index.
        stack.undo()
        stack.push(_Nothing())

    def set_ratings(self, keys: Iterable[CellKey], rating: Rating | None) -> None:
        ws = self.document.worksheet
        edits = [
            (e, h, ws.cell(e, h), dataclasses.replace(ws.cell(e, h), rating=rating))
            for e, h in keys
        ]
        edits = [x for x in edits if x[2] != x[3]]
        if not edits:
            return
        what = "Clear rating" if rating is None else f"Rate {rating.value}"
        if len(edits) > 1:
            what += f" ({len(edits)} cells)"
        self.push(CellsCommand(self.document, edits, what))

    def set_note(self, evidence_id: str, hypothesis_id: str, note: str) -> None:
        old = self.document.worksheet.cell(evidence_id, hypothesis_id)
        new = dataclasses.replace(old, note=note)
        if old != new:
            edit = (evidence_id, hypothesis_id, old, new)
            self.push(CellsCommand(self.document, [edit], "Edit note"))

    def set_item_fields(self, evidence_id: str, **fields: Any) -> None:
        self._push_fields(Target.ITEM, evidence_id, self.document.item(evidence_id), fields)

    def set_excluded(self, evidence_ids: Iterable[str], excluded: bool) -> None:
        ids = [e for e in evidence_ids if self.document.item(e).excluded != excluded]
        if not ids:
            return
        stack = self.document.undo_stack
        stack.beginMacro("Exclude items" if excluded else "Include items")
        for eid in ids:
            self.set_item_fields(eid, excluded=excluded)
            if self.document.item(eid).excluded != excluded:
                break  # refused (and said so, once): the rest would be refused alike
        stack.endMacro()
        self._drop_empty_step()

    def set_hypothesis_fields(self, hypothesis_id: str, **fields: Any) -> None:
        target = self.document.hypothesis(hypothesis_id)
        self._push_fields(Target.HYPOTHESIS, hypothesis_id, target, fields)

    def set_meta(self, **fields: Any) -> None:
        self._push_fields(Target.META, "", self.document.worksheet, fields)

    def set_milestone_fields(self, milestone_id: str, **fields: Any) -> None:
        target = self.document.milestone(milestone_id)
        self._push_fields(Target.MILESTONE, milestone_id, target, fields)

    def set_source_fields(self, source_id: str, **fields: Any) -> None:
        target = self.document.worksheet.source(source_id)
        self._push_fields(Target.SOURCE, source_id, target, fields)

    def _push_fields(
        self, kind: Target, target_id: str, target: Any, fields: dict[str, Any], text: str = ""
    ) -> None:
        if unknown := set(fields) - kind.fields:
            raise ValueError(f"not editable here: {sorted(unknown)}")
        after = {k: v for k, v in fields.items() if getattr(target, k) != v}
        if not after:
            return
        before = {k: getattr(target, k) for k in after}
        doc = self.document
        typing = doc.is_typing
        self.push(FieldsCommand(doc, kind, target_id, before, after, typing=typing, text=text))

    # -- sources and citations -------------------------------------------------------

    def _refuse(self, sentence: str | None) -> bool:
        """Say ``sentence`` (an edit not made) on the status bar; True if there was one."""
        if sentence is not None:
            self.document.refused.emit(sentence)
        return sentence is not None

    def add_source(self, source: Source) -> str | None:
        """``source`` (as the document readers make it: its fields within their limits)
        at the end of the worksheet's sources, as one step; its id, or None if refused."""
        doc = self.document
        if self._refuse(passages.new_source_refusal(doc.worksheet, source)):
            return None
        index = len(doc.worksheet.sources)
        self.push(InsertSourceCommand(doc, index, source, "Add source"))
        return source.id if doc.has_source(source.id) else None

    def remove_source(self, source_id: str) -> None:
        """The source and every citation of it, from every item, as one step."""
        self.push(RemoveSourceCommand(self.document, source_id))

    def add_item_from_passage(self, source_id: str, start: int, end: int) -> str | None:
        """A new item at the end made of the passage ``start``–``end`` of the source (see
        :func:`~app.ui.document.passages.item_from_passage`), as one step; its id, or
        None if refused."""
        doc = self.document
        source = doc.worksheet.source(source_id)
        if self._refuse(
            passages.passage_refusal(source, start, end) or passages.new_item_refusal(doc.worksheet)
        ):
            return None
        item = passages.item_from_passage(source, start, end)
        index = len(doc.worksheet.evidence)
        self.push(InsertItemCommand(doc, index, item, {}, "New evidence from selection"))
        return item.id if doc.has_item(item.id) else None

    def cite_passage(self, evidence_id: str, source_id: str, start: int, end: int) -> bool:
        """The passage as one more citation of the item (corroboration), as one step."""
        doc = self.document
        source, item = doc.worksheet.source(source_id), doc.item(evidence_id)
        if self._refuse(passages.passage_refusal(source, start, end)):
            return False
        citation = passages.passage_citation(source, start, end)
        label = f"E{doc.item_index(evidence_id) + 1}"
        if self._refuse(passages.citation_refusal(doc.worksheet, item, label, citation)):
            return False
        cited = (*item.citations, citation)
        self._push_fields(Target.ITEM, evidence_id, item, {"citations": cited}, "Cite passage")
        return doc.item(evidence_id).citations == cited

    def remove_citation(self, evidence_id: str, position: int) -> None:
        """The item's citation number ``position`` (from 0), as one step."""
        item = self.document.item(evidence_id)
        if not 0 <= position < len(item.citations):
            return
        kept = item.citations[:position] + item.citations[position + 1 :]
        self._push_fields(Target.ITEM, evidence_id, item, {"citations": kept}, "Remove citation")

    def use_suggested_credibility(self, evidence_id: str) -> None:
        """The credibility the item's grading suggests, as one step."""
        doc = self.document
        item = doc.item(evidence_id)
        suggested = item_suggestion(doc.worksheet, item)
        if suggested is not None:
            fields = {"credibility": suggested}
            self._push_fields(Target.ITEM, evidence_id, item, fields, "Use suggested credibility")

    def add_item(self, evidence: Evidence | None = None, index: int | None = None) -> str:
        evidence = evidence or Evidence(title="New evidence")
        index = len(self.document.worksheet.evidence) if index is None else index
        self.push(InsertItemCommand(self.document, index, evidence, {}, "Add evidence"))
        return evidence.id

    def add_items(self, items: list[Evidence], text: str) -> None:
        """``items`` at the end, as one step of Undo named ``text``."""
        index = len(self.document.worksheet.evidence)
        self.push(InsertItemsCommand(self.document, index, items, text))

    def duplicate_item(self, evidence_id: str) -> str:
        doc, ws = self.document, self.document.worksheet
        original = doc.item(evidence_id)
        copy = dataclasses.replace(original, title=f"{original.title} (copy)")
        copy.id = Evidence(title="").id
        cells = {
            (copy.id, h.id): ws.cells[(evidence_id, h.id)]
            for h in ws.hypotheses
            if (evidence_id, h.id) in ws.cells
        }
        index = doc.item_index(evidence_id) + 1
        self.push(InsertItemCommand(doc, index, copy, cells, "Duplicate evidence"))
        return copy.id

    def delete_items(self, evidence_ids: Iterable[str]) -> None:
        ids = list(evidence_ids)
        if not ids:
            return
        stack = self.document.undo_stack
        stack.beginMacro("Delete evidence" if len(ids) == 1 else "Delete items")
        for eid in ids:
            self.push(RemoveItemCommand(self.document, eid))
            if self.document.has_item(eid):
                break  # refused (and said so, once): the rest would be refused alike
        stack.endMacro()
        self._drop_empty_step()

    def move_item(self, evidence_id: str, to_index: int) -> None:
        start = self.document.item_index(evidence_id)
        to_index = max(0, min(to_index, len(self.document.worksheet.evidence) - 1))
        if start != to_index:
            self.push(MoveCommand(self.document, Target.ITEM, evidence_id, start, to_index))

    def add_hypothesis(self, hypothesis: Hypothesis | None = None, index: int | None = None) -> str:
        n = len(self.document.worksheet.hypotheses)
        hypothesis = hypothesis or Hypothesis(title=f"H{n + 1}")
        index = n if index is None else index
        doc = self.document
        self.push(InsertHypothesisCommand(doc, index, hypothesis, {}, [], "Add hypothesis"))
        return hypothesis.id

    def duplicate_hypothesis(self, hypothesis_id: str) -> str:
        doc, ws = self.document, self.document.worksheet
        original = doc.hypothesis(hypothesis_id)
        copy = Hypothesis(title=f"{original.title} (copy)", description=original.description)
        cells = {
            (e.id, copy.id): ws.cells[(e.id, hypothesis_id)]
            for e in ws.evidence
            if (e.id, hypothesis_id) in ws.cells
        }
        index = doc.hypothesis_index(hypothesis_id) + 1
        self.push(InsertHypothesisCommand(doc, index, copy, cells, [], "Duplicate hypothesis"))
        return copy.id

    def delete_hypothesis(self, hypothesis_id: str) -> None:
        self.push(RemoveHypothesisCommand(self.document, hypothesis_id))

    def move_hypothesis(self, hypothesis_id: str, to_index: int) -> None:
        start = self.document.hypothesis_index(hypothesis_id)
        to_index = max(0, min(to_index, len(self.document.worksheet.hypotheses) - 1))
        if start != to_index:
            cmd = MoveCommand(self.document, Target.HYPOTHESIS, hypothesis_id, start, to_index)
            self.push(cmd)

    def add_milestone(self, hypothesis_id: str | None, text: str = "New milestone") -> str:
        milestone = Milestone(text=text, hypothesis_id=hypothesis_id)
        index = len(self.document.worksheet.milestones)
        self.push(MilestoneCommand(self.document, index, milestone, insert=True))
        return milestone.id

    def delete_milestone(self, milestone_id: str) -> None:
        milestone = self.document.milestone(milestone_id)
        index = self.document.worksheet.milestones.index(milestone)
        self.push(MilestoneCommand(self.document, index, milestone, insert=False))


class _Nothing(QUndoCommand):
    """Pushed only to clear the steps above the stack's index; gone as soon as pushed."""

    def redo(self) -> None:
        self.setObsolete(True)
