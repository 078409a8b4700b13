"""What the Document tells its views after a change, whoever made it.

The Document's own ``apply_*`` primitives know exactly what they did; a
change the store applied from outside (another analyst, another window)
arrives as a :class:`~app.storage.changes.Change` on a worksheet that has
already changed.  Both become one :class:`News`, which the Document turns
into the same scoreboard updates and fine-grained signals
(``Document._announce``), so views need not know who edited.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance

from app.ui.document.edits import CellKey

if TYPE_CHECKING:  # launch time: storage loads after the first window paints
    from app.storage.changes import Change


@dataclass(frozen=True)
class Removed:
    index: int  # the former index, in the order as it was before this step


@dataclass(frozen=True)
class Inserted:
    index: int  # the new index; the item is already at that place in the worksheet


@dataclass(frozen=True)
class Moved:
    start: int  # list.insert(to, list.pop(start))
    to: int


Step = Removed | Inserted | Moved


@dataclass
class News:
    """One change, as the views hear of it (in this order of the fields)."""

    hypothesis_steps: list[Step] = field(default_factory=list)
    item_steps: list[Step] = field(default_factory=list)
    milestones: bool = False
    sources: bool = False  # sources_changed: a source added, removed or moved
    source_fields: list[str] = field(default_factory=list)  # source_changed for each
    cells: list[CellKey] = field(default_factory=list)  # cell_changed for each
    rows: list[str] = field(default_factory=list)  # item_changed: fields, measures
    hypotheses: list[str] = field(default_factory=list)  # hypothesis_changed: title ...
    meta: bool = False
    # The scoreboard: items to take in again, hypotheses added or removed,
    # and whether the ranking must be computed again (order of hypotheses).
    score_items: list[str] = field(default_factory=list)
    score_hypotheses: list[str] = field(default_factory=list)
    rerank: bool = False
    scores: bool = False  # scores_changed at the end


def tell(
    steps: list[Step], removed: SignalInstance, inserted: SignalInstance, moved: SignalInstance
) -> None:
    """Emit the signal of each step, in order; a run of removals or insertions next to
    each other is one signal ``(first index, count)`` (an imported list of 20,000 items
    is one insertion for the views, not 20,000)."""
    run: tuple[type, int, int] | None = None  # kind, first index, count

    def flush() -> None:
        if run is not None:
            (removed if run[0] is Removed else inserted).emit(run[1], run[2])

    for step in steps:
        if isinstance(step, Moved):
            flush()
            run = None
            moved.emit(step.start, step.to)
            continue
        kind, first, count = run if run is not None else (None, 0, 0)
        if kind is Inserted and isinstance(step, Inserted) and step.index == first + count:
            run = (Inserted, first, count + 1)  # the next one after the run
        elif kind is Removed and isinstance(step, Removed) and step.index == first - 1:
            run = (Removed, step.index, count + 1)  # the one before the run (removed after)
        else:
            flush()
            run = (type(step), step.index, 1)
    flush()


def rows_of(cells: Iterable[CellKey]) -> list[str]:
    """The items of these cells, each once, in order."""
    return list(dict.fromkeys(e for e, _ in cells))


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def steps(before: Sequence[HasId], after: Sequence[HasId]) -> list[Step]:
    """Removals, then moves, then insertions that turn ``before`` into ``after``.

    Objects are matched by identity, so one that the store replaced by
    another with the same id is removed and inserted (a view holding the old
    one gets the new).  Survivors on the longest run already in order stay;
    each other survivor is one move, so a single move is reported as one.
    """
    now = {id(x) for x in after}
    out: list[Step] = []
    cur = list(before)
    for i in range(len(cur) - 1, -1, -1):
        if id(cur[i]) not in now:
            del cur[i]
            out.append(Removed(i))
    was = {id(x): i for i, x in enumerate(cur)}
    survivors = [x for x in after if id(x) in was]
    stay = {id(x) for x in _longest_in_order(survivors, was)}
    placed: object | None = None  # the survivor placed last, in the new order
    for x in survivors:
        if id(x) not in stay:
            start = next(i for i, y in enumerate(cur) if y is x)
            cur.pop(start)
            to = 0 if placed is None else next(i for i, y in enumerate(cur) if y is placed) + 1
            cur.insert(to, x)
            if to != start:
                out.append(Moved(start, to))
        placed = x
    for i, x in enumerate(after):
        if id(x) not in was:
            out.append(Inserted(i))
    return out


def _longest_in_order(xs: list[HasId], was: dict[int, int]) -> list[HasId]:
    """The longest subsequence of ``xs`` whose former positions increase (patience sort)."""
    tails: list[int] = []  # former position ending the best run of each length
    tail_at: list[int] = []  # index in xs of that end
    back: list[int] = [-1] * len(xs)
    for k, x in enumerate(xs):
        p = was[id(x)]
        n = bisect.bisect_left(tails, p)
        if n == len(tails):
            tails.append(p)
            tail_at.append(k)
        else:
            tails[n], tail_at[n] = p, k
        back[k] = tail_at[n - 1] if n else -1
    run: list[HasId] = []
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        run.append(xs[k])
        k = back[k]
    return run[::-1]


def from_outside(
    change: Change,
    *,
    items: tuple[Sequence[HasId], Sequence[HasId]],
    hypotheses: tuple[Sequence[HasId], Sequence[HasId]],
) -> News:
    """The news of a change applied elsewhere; ``items`` and ``hypotheses`` are (before, after)."""
    hyp_steps = steps(*hypotheses)
    item_steps = steps(*items)
    item_ids = {x.id for x in items[1]}
    hyp_ids = {x.id for x in hypotheses[1]}
    new_items = {x.id for x in items[1]} - {x.id for x in items[0]}
    new_hyps = {x.id for x in hypotheses[1]} - {x.id for x in hypotheses[0]}
    cells = sorted(k for k in change.cells if k[0] in item_ids and k[1] in hyp_ids)
    rows = dict.fromkeys(
        [e for e, _ in cells] + sorted(e for e in change.evidence if e in item_ids)
    )
    gone_items = sorted(change.deleted_evidence | new_items)
    structural_hyps = bool(hyp_steps) or bool(change.deleted_hypotheses)
    return News(
        hypothesis_steps=hyp_steps,
        item_steps=item_steps,
        milestones=bool(change.milestones or change.deleted_milestones),
        # Which sources were added or only edited is not said: the list is told again.
        sources=bool(change.sources or change.deleted_sources),
        cells=cells,
        rows=[e for e in rows if e not in new_items],
        hypotheses=sorted(h for h in change.hypotheses if h in hyp_ids and h not in new_hyps),
        meta=change.meta,
        score_items=list(dict.fromkeys([*rows, *gone_items])),
        score_hypotheses=sorted(change.deleted_hypotheses | new_hyps),
        rerank=structural_hyps,
        scores=bool(rows or gone_items or structural_hyps),
    )
