"""What one edit changes, and how it becomes SQL in one transaction.

The caller (the window's undo commands, an importer) mutates
``WorksheetFile.worksheet`` and then says what it touched in a
:class:`Change`.  :func:`plan` compares that with what the working copy
holds (:class:`~app.storage.stored.Stored`) and produces the statements;
:func:`apply` runs them inside the caller's transaction.

The model is the truth.  For each kind (hypotheses, evidence, milestones)
that a change touches, the file is made to hold exactly the model's items
in the model's order: items missing from the file are inserted (with all
their non-blank cells), items gone from the model are deleted, and only
the items whose position changed are moved.  A change that touches only
cells or the worksheet's own fields costs the same on a worksheet of any
size.  Deleting a hypothesis or evidence item deletes its cells (and a
hypothesis its milestones) in the file and, after the commit, in the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from app.domain.model import Evidence, Hypothesis, Milestone, Worksheet
from app.domain.sources import Source
from app.storage.stored import Stored

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.sql.dml import Delete, Insert, Update


@dataclass
class Change:
    """What to write from the model to the working copy, in one transaction."""

    meta: bool = False
    """The worksheet's own fields: title, question, analyst, classification, conclusions."""
    hypotheses: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    cells: set[tuple[str, str]] = field(default_factory=set)
    """``(evidence_id, hypothesis_id)``; a cell blank in the model is deleted."""
    milestones: set[str] = field(default_factory=set)
    deleted_hypotheses: set[str] = field(default_factory=set)
    deleted_evidence: set[str] = field(default_factory=set)
    deleted_milestones: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    deleted_sources: set[str] = field(default_factory=set)
    """A deleted source takes its citations with it; the items that cited it are best
    listed in ``evidence`` too (their citations are then written as the model has them)."""
    reorder: bool = False
    """Set when items were only moved; moving a listed item is noticed anyway."""

    def is_empty(self) -> bool:
        return not (
            self.meta
            or self.hypotheses
            or self.evidence
            or self.cells
            or self.milestones
            or self.deleted_hypotheses
            or self.deleted_evidence
            or self.deleted_milestones
            or self.sources
            or self.deleted_sources
            or self.reorder
        )

    def __or__(self, other: Change) -> Change:
        return Change(
            meta=self.meta or other.meta,
            hypotheses=self.hypotheses | other.hypotheses,
            evidence=self.evidence | other.evidence,
            cells=self.cells | other.cells,
            milestones=self.milestones | other.milestones,
            deleted_hypotheses=self.deleted_hypotheses | other.deleted_hypotheses,
            deleted_evidence=self.deleted_evidence | other.deleted_evidence,
            deleted_milestones=self.deleted_milestones | other.deleted_milestones,
            sources=self.sources | other.sources,
            deleted_sources=self.deleted_sources | other.deleted_sources,
            reorder=self.reorder or other.reorder,
        )


Params = list[dict[str, Any]]
Item = TypeVar("Item", Hypothesis, Evidence, Milestone, Source)


@dataclass
class _KindPlan:
    upserts: Params = field(default_factory=list)
    moves: Params = field(default_factory=list)
    deletes: set[str] = field(default_factory=set)
    inserted: set[str] = field(default_factory=set)
    order: list[str] | None = None  # new stored order, if it changed


@dataclass
class Plan:
    """The statements of one commit, and what the file holds after it."""

    steps: list[tuple[Insert | Update | Delete, Params]]
    stored: Stored
    removed_hypotheses: set[str]
    removed_evidence: set[str]
    milestones_after: list[Milestone] | None
    removed_sources: set[str] = field(default_factory=set)

    def apply(self, conn: Connection) -> None:
        for statement, params in self.steps:
            if params:
                conn.execute(statement, params)


def _plan_kind(
    items: Sequence[Item],
    listed: set[str],
    deleted: set[str],
    touched: bool,
    order: list[str],
    positions: dict[str, int],
    params: Callable[[Item, int], dict[str, Any]],
    what: str,
) -> _KindPlan:
    out = _KindPlan()
    if not touched:
        return out
    current = [x.id for x in items]
    if current == order and all(positions[x] == i for i, x in enumerate(order)):
        # Same items in the same order: write the listed ones where they are.
        if listed or deleted:
            index = {x: i for i, x in enumerate(current)}
            for i in listed:
                if i not in index:
                    raise ValueError(f"{what} {i!r} is listed in the change but not in the list")
                out.upserts.append(params(items[index[i]], positions[i]))
            for i in deleted:
                if i in index:
                    raise ValueError(f"{what} {i!r} is listed as deleted but is in the worksheet")
        return out
    present = set(current)
    if len(present) != len(current):
        raise ValueError(f"two {what} items in the worksheet have the same id")
    for i in listed:
        if i not in present:
            raise ValueError(f"{what} {i!r} is listed in the change but not in the list")
    for i in deleted:
        if i in present:
            raise ValueError(f"{what} {i!r} is listed as deleted but is in the worksheet")
    out.deletes = {i for i in order if i not in present}
    for new_position, (item_id, item) in enumerate(zip(current, items, strict=True)):
        before = positions.get(item_id)
        if before is None:
            out.inserted.add(item_id)
            out.upserts.append(params(item, new_position))
        elif item_id in listed:
            out.upserts.append(params(item, new_position))
        elif before != new_position:
            out.moves.append({"b_id": item_id, "b_position": new_position})
    out.order = current
    return out


def _renumbered(order: list[str]) -> dict[str, int]:
    return {x: i for i, x in enumerate(order)}


def plan(change: Change, ws: Worksheet, stored: Stored) -> Plan:
    """Validate ``change`` against the model and the file; work out the statements."""
    from app.storage.achw import (
        rows,  # SQLAlchemy's statements: loaded at the first edit, not at open
    )

    new = Stored(
        hyp_order=stored.hyp_order,
        hyp_pos=stored.hyp_pos,
        ev_order=stored.ev_order,
        ev_pos=stored.ev_pos,
        ms_order=stored.ms_order,
        ms_pos=stored.ms_pos,
        ms_hyp=stored.ms_hyp,
        src_order=stored.src_order,
        src_pos=stored.src_pos,
    )
    s = _plan_kind(
        ws.sources,
        change.sources,
        change.deleted_sources,
        bool(change.sources or change.deleted_sources or change.reorder),
        stored.src_order,
        stored.src_pos,
        rows.source_params,
        "source",
    )
    if s.order is not None:
        new.src_order, new.src_pos = s.order, _renumbered(s.order)
    h = _plan_kind(
        ws.hypotheses,
        change.hypotheses,
        change.deleted_hypotheses,
        bool(change.hypotheses or change.deleted_hypotheses or change.reorder),
        stored.hyp_order,
        stored.hyp_pos,
        rows.hypothesis_params,
        "hypothesis",
    )
    if h.order is not None:
        new.hyp_order, new.hyp_pos = h.order, _renumbered(h.order)
    e = _plan_kind(
        ws.evidence,
        change.evidence,
        change.deleted_evidence,
        bool(change.evidence or change.deleted_evidence or change.reorder),
        stored.ev_order,
        stored.ev_pos,
        rows.evidence_params,
        "evidence",
    )
    if e.order is not None:
        new.ev_order, new.ev_pos = e.order, _renumbered(e.order)

    # Milestones: those of a deleted hypothesis go with it (ON DELETE CASCADE).
    ms_items: Sequence[Milestone] = ws.milestones
    ms_order, ms_pos, ms_hyp = stored.ms_order, stored.ms_pos, stored.ms_hyp
    milestones_after: list[Milestone] | None = None
    if h.deletes:
        cascaded = {m for m, hid in stored.ms_hyp.items() if hid in h.deletes}
        if cascaded:
            ms_order = [m for m in ms_order if m not in cascaded]
            ms_pos = {m: p for m, p in ms_pos.items() if m not in cascaded}
            ms_hyp = {m: x for m, x in ms_hyp.items() if m not in cascaded}
        milestones_after = [m for m in ws.milestones if m.hypothesis_id not in h.deletes]
        ms_items = milestones_after
    ms = _plan_kind(
        ms_items,
        change.milestones,
        change.deleted_milestones,
        bool(change.milestones or change.deleted_milestones or change.reorder or h.deletes),
        ms_order,
        ms_pos,
        rows.milestone_params,
        "milestone",
    )
    final_hyps = new.hyp_pos
    for params in ms.upserts:
        hid = params["hypothesis_id"]
        if hid is not None and hid not in final_hyps:
            raise ValueError(f"milestone {params['id']!r} refers to an unknown hypothesis")
    if ms.order is not None:
        new.ms_order, new.ms_pos = ms.order, _renumbered(ms.order)
        new.ms_hyp = {m.id: m.hypothesis_id for m in ms_items}
    else:
        if ms.upserts:
            ms_hyp = dict(ms_hyp)
            for params in ms.upserts:
                ms_hyp[params["id"]] = params["hypothesis_id"]
        new.ms_order, new.ms_pos, new.ms_hyp = ms_order, ms_pos, ms_hyp

    # Cells: the listed ones, plus every non-blank cell of an inserted item.
    final_evs = new.ev_pos
    cell_keys = set(change.cells)
    for eid in e.inserted:
        cell_keys.update((eid, hid) for hid in final_hyps if (eid, hid) in ws.cells)
    for hid in h.inserted:
        cell_keys.update((eid, hid) for eid in final_evs if (eid, hid) in ws.cells)
    cell_upserts: Params = []
    cell_deletes: Params = []
    for eid, hid in cell_keys:
        cell = ws.cells.get((eid, hid))
        if eid not in final_evs or hid not in final_hyps:
            if cell is not None and not cell.is_empty:
                raise ValueError(f"cell ({eid!r}, {hid!r}) refers to an item not in the worksheet")
            continue
        if cell is None or cell.is_empty:
            cell_deletes.append({"b_evidence": eid, "b_hypothesis": hid})
        else:
            cell_upserts.append(rows.cell_params(eid, hid, cell))

    # Citations: those of every item written are written again, as the model has them.
    written = {params["id"] for params in e.upserts}
    citation_rows: Params = []
    for item in ws.evidence if written else ():
        if item.id in written:
            for c in item.citations:
                if c.source_id not in new.src_pos:
                    raise ValueError(f"evidence {item.id!r} cites a source not in the worksheet")
            citation_rows.extend(rows.citation_params(item))

    steps: list[tuple[Insert | Update | Delete, Params]] = [
        (rows.DELETE_MILESTONE, [{"b_id": i} for i in ms.deletes]),
        (rows.DELETE_CELL, cell_deletes),
        (rows.DELETE_EVIDENCE, [{"b_id": i} for i in e.deletes]),
        (rows.DELETE_HYPOTHESIS, [{"b_id": i} for i in h.deletes]),
        (rows.DELETE_SOURCE, [{"b_id": i} for i in s.deletes]),
        (rows.UPDATE_META, [rows.meta_params(ws)] if change.meta else []),
        (rows.UPSERT_HYPOTHESIS, h.upserts),
        (rows.MOVE_HYPOTHESIS, h.moves),
        (rows.UPSERT_SOURCE, s.upserts),
        (rows.MOVE_SOURCE, s.moves),
        (rows.UPSERT_EVIDENCE, e.upserts),
        (rows.MOVE_EVIDENCE, e.moves),
        (rows.DELETE_CITATIONS, [{"b_evidence": i} for i in written]),
        (rows.INSERT_CITATION, citation_rows),
        (rows.UPSERT_CELL, cell_upserts),
        (rows.UPSERT_MILESTONE, ms.upserts),
        (rows.MOVE_MILESTONE, ms.moves),
    ]
    return Plan(steps, new, h.deletes, e.deletes, milestones_after, s.deletes)


def prune_model(ws: Worksheet, done: Plan) -> None:
    """After a commit: drop from the model what the file dropped by cascade."""
    if done.removed_hypotheses or done.removed_evidence:
        # Only cells of the removed rows and columns can be stale: look them up
        # instead of scanning every cell of the worksheet.
        gone_h, gone_e = done.removed_hypotheses, done.removed_evidence
        hypothesis_ids = [h.id for h in ws.hypotheses] + list(gone_h)
        evidence_ids = [e.id for e in ws.evidence] + list(gone_e)
        for e_id in gone_e:
            for h_id in hypothesis_ids:
                ws.cells.pop((e_id, h_id), None)
        for h_id in gone_h:
            for e_id in evidence_ids:
                ws.cells.pop((e_id, h_id), None)
    if done.removed_sources:
        gone = done.removed_sources
        for item in ws.evidence:
            if any(c.source_id in gone for c in item.citations):
                item.citations = tuple(c for c in item.citations if c.source_id not in gone)
    if done.milestones_after is not None and len(done.milestones_after) != len(ws.milestones):
        ws.milestones[:] = done.milestones_after
