"""The worksheet as the views see it: its store, its scores, its signals, its primitive changes.

The base of :class:`~app.ui.document.document.Document` (the undo history, the
typing and the edit methods are the Document's).  The undo commands
(``commands.py``) call the ``apply_*`` primitives here, which change
``file.worksheet``, persist the change as one transaction
(``WorksheetStore.commit``), bring the scoreboard up to date in
O(hypotheses) and then emit fine-grained signals that the table models
follow (``news``).  A change the storage refuses is rolled back in
memory and raises ``CommitFailed``; nothing on screen is ever ahead of the
file.  A change the store applied from outside (another analyst, another
window) is announced by the same code, and no undo command is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Worksheet
from app.domain.scoring import EvidenceMeasure, Scoreboard, measure_item
from app.storage.address import Address, file_of
from app.ui.document import news
from app.ui.document.edits import CellKey, CommitFailed, Target
from app.ui.document.explain import explain, explainable_errors

if TYPE_CHECKING:  # launch time: storage loads after the first window paints
    from app.domain.sources import Citation, Source
    from app.storage.changes import Change
    from app.storage.store import WorksheetStore


def _change(**kwargs: Any) -> Change:
    # Lazy for launch time: a window showing only its welcome page never commits.
    from app.storage.changes import Change

    return Change(**kwargs)


class LiveWorksheet(QObject):
    """One worksheet of a store, and the signals that tell what changed in it."""

    cell_changed = Signal(str, str)  # evidence_id, hypothesis_id
    item_changed = Signal(str)  # evidence_id: fields, excluded or measures
    # (first index, count): a run of items next to each other
    item_inserted = Signal(int, int)  # indexes in worksheet.evidence, after insertion
    item_removed = Signal(int, int)  # former indexes, after removal
    item_moved = Signal(int, int)  # from index, to index, after the move
    hypothesis_changed = Signal(str)
    hypothesis_inserted = Signal(int, int)  # (first index, count), as for items
    hypothesis_removed = Signal(int, int)
    hypothesis_moved = Signal(int, int)
    milestones_changed = Signal()
    sources_changed = Signal()  # a source added, removed or moved (and so their labels S1…)
    source_changed = Signal(str)  # source_id: what is known of it (title, reliability…)
    meta_changed = Signal()
    scores_changed = Signal()
    modified_changed = Signal(bool)
    read_only_changed = Signal(bool)  # a read-only worksheet saved as the analyst's own copy
    failed = Signal(str)  # one sentence for the analyst
    refused = Signal(
        str
    )  # an edit asked for and not made (a limit): one sentence, for the status bar

    def __init__(
        self, file: WorksheetStore, *, unweighted: bool = False, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.file = file
        self.closed = False
        self.scoreboard = Scoreboard(file.worksheet, unweighted=unweighted)
        self._items: dict[str, Evidence] = {e.id: e for e in file.worksheet.evidence}
        self._hyps: dict[str, Hypothesis] = {h.id: h for h in file.worksheet.hypotheses}
        # Positions by id, rebuilt lazily after a structural change (list.index
        # would compare whole dataclasses, O(n) each time).
        self._item_pos: dict[str, int] | None = None
        self._hyp_pos: dict[str, int] | None = None
        # The order the views were last told of, to tell them of a change from outside.
        self._told_items: list[Evidence] = list(file.worksheet.evidence)
        self._told_hyps: list[Hypothesis] = list(file.worksheet.hypotheses)
        file.subscribe(self._on_outside_change)

    # -- state -----------------------------------------------------------

    @property
    def worksheet(self) -> Worksheet:
        return self.file.worksheet

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @property
    def address(self) -> Address | None:
        """Where the worksheet is kept (``None``: untitled, never saved)."""
        return self.file.address

    @property
    def path(self) -> Path | None:
        """The worksheet file behind :attr:`address`, if it is kept in a file."""
        return file_of(self.file.address)

    @property
    def folder_refuses_files(self) -> bool:
        """Editable, but its folder takes no new file: it cannot be saved where it is."""
        return self.file.folder_refuses_files

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

    def milestone(self, milestone_id: str) -> Milestone:
        return next(m for m in self.worksheet.milestones if m.id == milestone_id)

    def milestones_of(self, hypothesis_id: str | None) -> list[Milestone]:
        return [m for m in self.worksheet.milestones if m.hypothesis_id == hypothesis_id]

    def measure(self, evidence_id: str) -> EvidenceMeasure:
        """Diagnosticity and score-neutrality of one item, in O(hypotheses)."""
        return measure_item(self.worksheet, self._items[evidence_id])

    def set_unweighted(self, unweighted: bool) -> None:
        if self.scoreboard.unweighted != unweighted:
            self.scoreboard.unweighted = unweighted
            self.scores_changed.emit()

    # -- what views are told (news) --------------------------------

    def _announce(self, told: news.News) -> None:
        board = self.scoreboard
        for hid in told.score_hypotheses:
            board.refresh_hypothesis(hid)
        board.refresh_items(told.score_items)
        if told.rerank:
            board.invalidate()  # ties are ranked in worksheet order
        news.tell(
            told.hypothesis_steps,
            self.hypothesis_removed,
            self.hypothesis_inserted,
            self.hypothesis_moved,
        )
        news.tell(told.item_steps, self.item_removed, self.item_inserted, self.item_moved)
        if told.hypothesis_steps or told.item_steps:
            self._told_items = list(self.worksheet.evidence)
            self._told_hyps = list(self.worksheet.hypotheses)
        if told.milestones:
            self.milestones_changed.emit()
        if told.sources:  # before the items: a view of an item's citations names its sources
            self.sources_changed.emit()
        for sid in told.source_fields:
            self.source_changed.emit(sid)
        for e, h in told.cells:
            self.cell_changed.emit(e, h)
        for eid in told.rows:
            self.item_changed.emit(eid)
        for hid in told.hypotheses:
            self.hypothesis_changed.emit(hid)
        if told.meta:
            self.meta_changed.emit()
        if told.scores:
            self.scores_changed.emit()

    def _on_outside_change(self, change: Change) -> None:
        """The store applied ``change`` from elsewhere: follow it; the undo history stays."""
        if self.closed:
            return
        ws = self.worksheet
        self._items = {e.id: e for e in ws.evidence}
        self._hyps = {h.id: h for h in ws.hypotheses}
        self._item_pos = self._hyp_pos = None
        told = news.from_outside(
            change,
            items=(self._told_items, ws.evidence),
            hypotheses=(self._told_hyps, ws.hypotheses),
        )
        self._announce(told)

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
        items = list(dict.fromkeys(e for e, _, _ in cells))
        cell_keys = [(e, h) for e, h, _ in cells]
        self._announce(news.News(cells=cell_keys, rows=items, score_items=items, scores=True))

    def apply_fields(self, kind: Target, target_id: str, values: dict[str, Any]) -> None:
        target: Evidence | Hypothesis | Milestone | Source | Worksheet
        if kind is Target.ITEM:
            target = self.item(target_id)
        elif kind is Target.HYPOTHESIS:
            target = self.hypothesis(target_id)
        elif kind is Target.MILESTONE:
            target = self.milestone(target_id)
        elif kind is Target.SOURCE:
            target = self.worksheet.source(target_id)
        else:
            target = self.worksheet
        if unknown := set(values) - kind.fields:
            raise ValueError(f"not editable here: {sorted(unknown)}")
        old = {k: getattr(target, k) for k in values}

        def write(v: dict[str, Any]) -> None:
            for k, x in v.items():
                setattr(target, k, x)

        write(values)
        if kind is Target.ITEM:
            self._commit(lambda: write(old), evidence={target_id})
            told = news.News(rows=[target_id], score_items=[target_id], scores=True)
        elif kind is Target.HYPOTHESIS:
            self._commit(lambda: write(old), hypotheses={target_id})
            told = news.News(hypotheses=[target_id])
        elif kind is Target.MILESTONE:
            self._commit(lambda: write(old), milestones={target_id})
            told = news.News(milestones=True)
        elif kind is Target.SOURCE:
            self._commit(lambda: write(old), sources={target_id})
            told = news.News(source_fields=[target_id])
        else:
            self._commit(lambda: write(old), meta=True)
            told = news.News(meta=True)
        self._announce(told)

    def apply_insert_item(self, index: int, item: Evidence, cells: dict[CellKey, Cell]) -> None:
        self.apply_insert_items(index, [item], cells)

    def apply_insert_items(
        self, index: int, items: list[Evidence], cells: dict[CellKey, Cell]
    ) -> None:
        """``items`` in a run from ``index``, in one transaction (an imported list of
        40,000 items is one commit, not 40,000)."""
        ws = self.worksheet
        items = [item for item in items if item.id not in self._items]
        if not items:
            return
        ws.evidence[index:index] = items
        self._item_pos = self._hyp_pos = None
        self._items.update((item.id, item) for item in items)
        ws.cells.update(cells)

        def revert() -> None:
            self._item_pos = None
            del ws.evidence[index : index + len(items)]
            for item in items:
                del self._items[item.id]
            for key in cells:
                ws.cells.pop(key, None)

        # Only the new items: storage keeps the others' positions in list order itself.
        self._commit(revert, evidence={item.id for item in items}, cells=set(cells))
        steps: list[news.Step] = [news.Inserted(index + n) for n in range(len(items))]
        ids = [item.id for item in items]
        self._announce(news.News(item_steps=steps, score_items=ids, scores=True))

    def apply_remove_run(self, index: int, count: int) -> None:
        """Take out the ``count`` items from ``index`` (what :meth:`apply_insert_items`
        put in), in one transaction."""
        ws = self.worksheet
        items = ws.evidence[index : index + count]
        ids = {item.id for item in items}
        cells = {key: cell for key, cell in ws.cells.items() if key[0] in ids}
        del ws.evidence[index : index + count]
        for item in items:
            del self._items[item.id]
        self._item_pos = self._hyp_pos = None
        for key in cells:
            del ws.cells[key]

        def revert() -> None:
            self._item_pos = None
            ws.evidence[index:index] = items
            self._items.update((item.id, item) for item in items)
            ws.cells.update(cells)

        self._commit(revert, deleted_evidence=ids, cells=set(cells))
        # From the end of the run back, so that each index is the one before the step.
        steps: list[news.Step] = [news.Removed(index + n) for n in reversed(range(len(items)))]
        self._announce(news.News(item_steps=steps, score_items=sorted(ids), scores=True))

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
        self._announce(
            news.News(item_steps=[news.Removed(index)], score_items=[evidence_id], scores=True)
        )
        return index, item, cells

    def apply_move(self, kind: Target, start: int, to: int) -> None:
        ws = self.worksheet
        seq: list[Any] = ws.evidence if kind is Target.ITEM else ws.hypotheses
        seq.insert(to, seq.pop(start))
        self._item_pos = self._hyp_pos = None
        moved = {seq[to].id}  # the items it passed move too, by storage's own bookkeeping

        def revert() -> None:
            self._item_pos = self._hyp_pos = None
            seq.insert(start, seq.pop(to))

        step: list[news.Step] = [news.Moved(start, to)]
        if kind is Target.ITEM:
            self._commit(revert, evidence=moved)
            self._announce(news.News(item_steps=step))
        else:
            self._commit(revert, hypotheses=moved)
            # Ties are ranked in worksheet order; totals stand.
            self._announce(news.News(hypothesis_steps=step, rerank=True, scores=True))

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
        self._announce(
            news.News(
                hypothesis_steps=[news.Inserted(index)],
                milestones=bool(milestones),
                rows=news.rows_of(cells),  # their diagnosticity and score-neutrality changed
                score_hypotheses=[hypothesis.id],
                scores=True,
            )
        )

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
        self._announce(
            news.News(
                hypothesis_steps=[news.Removed(index)],
                milestones=bool(milestones),
                rows=news.rows_of(cells),
                score_hypotheses=[hypothesis_id],
                scores=True,
            )
        )
        return index, hypothesis, cells, milestones

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
        self._announce(news.News(milestones=True))

    # -- sources -----------------------------------------------------------------------

    def source_index(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.worksheet.sources) if s.id == source_id)

    def has_source(self, source_id: str) -> bool:
        return any(s.id == source_id for s in self.worksheet.sources)

    def citing_items(self, source_id: str) -> list[Evidence]:
        """The items that cite ``source_id``, in worksheet order."""
        return [
            e for e in self.worksheet.evidence if any(c.source_id == source_id for c in e.citations)
        ]

    def apply_insert_source(
        self, index: int, source: Source, citations: dict[str, tuple[Citation, ...]]
    ) -> None:
        """``source`` at ``index``; ``citations``: items' citations to restore with it
        (what :meth:`apply_remove_source` took away), in the same transaction."""
        ws = self.worksheet
        if self.has_source(source.id):
            return
        ws.sources.insert(index, source)
        before = {eid: self._items[eid].citations for eid in citations}
        for eid, cited in citations.items():
            self._items[eid].citations = cited

        def revert() -> None:
            ws.sources.pop(index)
            for eid, cited in before.items():
                self._items[eid].citations = cited

        self._commit(revert, sources={source.id}, evidence=set(citations))
        rows = [e.id for e in ws.evidence if e.id in citations]
        self._announce(news.News(sources=True, rows=rows))

    def apply_remove_source(
        self, source_id: str
    ) -> tuple[int, Source, dict[str, tuple[Citation, ...]]]:
        """Take out the source and every citation of it, in one transaction; returns what
        :meth:`apply_insert_source` needs to bring both back."""
        ws = self.worksheet
        index = self.source_index(source_id)
        source = ws.sources.pop(index)
        cited = {e.id: e.citations for e in self.citing_items(source_id)}
        for eid, before in cited.items():
            self._items[eid].citations = tuple(c for c in before if c.source_id != source_id)

        def revert() -> None:
            ws.sources.insert(index, source)
            for eid, before in cited.items():
                self._items[eid].citations = before

        # The items are written too: their citations as the model now has them.
        self._commit(revert, deleted_sources={source_id}, evidence=set(cited))
        self._announce(news.News(sources=True, rows=list(cited)))
        return index, source, cited
