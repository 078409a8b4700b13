"""Make a worksheet in memory what a fresh read of it says, in place, and name the change.

A store whose worksheet others edit too (the team server) reads it again
when told that it changed.  The window's Document keeps references to the
model's items, so the fresh worksheet is not swapped in: :func:`follow`
copies it into the model the Document holds -- an item that stays is the
same object with its fields updated, a new one is inserted at its place, a
gone one is taken out -- and returns the :class:`~app.storage.changes.Change`
that the store's listeners are told (see :mod:`app.storage.store`).
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from app.domain.model import META_FIELDS, Evidence, Hypothesis, Worksheet
from app.storage.changes import Change

Item = TypeVar("Item", Hypothesis, Evidence)


def _follow_items(current: list[Item], fresh: list[Item]) -> tuple[set[str], set[str]]:
    """``current`` made ``fresh``, keeping the objects of items that stay; (changed, gone)."""
    held = {x.id: x for x in current}
    changed: set[str] = set()
    after: list[Item] = []
    for new in fresh:
        old = held.get(new.id)
        if old is None:
            changed.add(new.id)
            after.append(new)
            continue
        if old != new:
            for f in dataclasses.fields(new):
                setattr(old, f.name, getattr(new, f.name))
            changed.add(new.id)
        after.append(old)
    gone = held.keys() - {x.id for x in fresh}
    if [x.id for x in current] != [x.id for x in after]:
        current[:] = after  # only when something moved, came or went: the same list object
    return changed, gone


def follow(ws: Worksheet, fresh: Worksheet, *, cells: bool = True) -> Change:
    """Make ``ws`` hold what ``fresh`` holds (its own fields, hypotheses, evidence and,
    unless ``cells`` is false, ratings); what changed.  Milestones and sources are left
    as they are (``fresh`` comes from a store that keeps none)."""
    change = Change()
    for name in META_FIELDS:
        if getattr(ws, name) != getattr(fresh, name):
            setattr(ws, name, getattr(fresh, name))
            change.meta = True
    change.hypotheses, change.deleted_hypotheses = _follow_items(ws.hypotheses, fresh.hypotheses)
    change.evidence, change.deleted_evidence = _follow_items(ws.evidence, fresh.evidence)
    gone_h, gone_e = change.deleted_hypotheses, change.deleted_evidence
    for key in [k for k in ws.cells if k[0] in gone_e or k[1] in gone_h]:
        del ws.cells[key]
    if cells:
        for key in ws.cells.keys() | fresh.cells.keys():
            was, now = ws.cells.get(key), fresh.cells.get(key)
            if (was is None or was.is_empty) and (now is None or now.is_empty):
                continue
            if was != now:
                if now is None or now.is_empty:
                    del ws.cells[key]
                else:
                    ws.cells[key] = now
                change.cells.add(key)
    return change
