"""Heuer's step 6: how much the conclusion hangs on single items (ach-method.md).

For every included item the ranking is recomputed three ways (without it,
with its credibility doubted, with its ratings reversed).  Each test only
shifts the totals of the hypotheses by that item's own contribution, so the
whole analysis costs O(evidence x hypotheses): the totals are built once and
each test adjusts them by one row, instead of rescoring the worksheet per
item.  Totals are the exact integers of weights.py, so the result is
identical to rescoring from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.model import MIRRORED, Level, Rating, Worksheet
from app.domain.scoring import DECIMALS, rank_key
from app.domain.weights import CONSISTENCY, EXACT_WEIGHT, INCONSISTENCY, SCALE


@dataclass(frozen=True)
class ItemSensitivity:
    evidence_id: str
    without: bool  # leaders change when the item is left out (a linchpin)
    doubted: bool  # leaders change when its credibility is set to low
    reversed: bool  # leaders change when its ratings are mirrored (deception)


@dataclass(frozen=True)
class Sensitivity:
    leaders: tuple[str, ...]
    margin: float | None  # None with fewer than two hypotheses
    linchpins: tuple[str, ...]
    items: tuple[ItemSensitivity, ...]


# Two totals that round to the same 9 decimals differ by far less than this.
_NEAR = SCALE // 10**8

# How a rating's points change when the item is reversed (deception test).
MIRROR_DV = {r: INCONSISTENCY[MIRRORED[r]] - INCONSISTENCY[r] for r in Rating}
MIRROR_DC = {r: CONSISTENCY[MIRRORED[r]] - CONSISTENCY[r] for r in Rating}


def analyse_sensitivity(worksheet: Worksheet, *, unweighted: bool = False) -> Sensitivity:
    hypotheses = [h.id for h in worksheet.hypotheses]
    included = [e for e in worksheet.evidence if not e.excluded]
    cells = worksheet.cells
    n_h = len(hypotheses)

    # Per included item and hypothesis: the rating (None for blank) and its
    # contributions to the first key (v or W*v), to consistency (W*c) and to
    # the blank count.
    rows = []
    for item in included:
        w = EXACT_WEIGHT[(item.credibility, item.relevance)]
        ratings: list[Rating | None] = []
        for hid in hypotheses:
            cell = cells.get((item.id, hid))
            ratings.append(cell.rating if cell is not None else None)
        vs = [INCONSISTENCY[r] if r is not None else 0 for r in ratings]
        first_delta = vs if unweighted else [w * v for v in vs]
        cons_delta = [w * CONSISTENCY[r] if r is not None else 0 for r in ratings]
        blank_delta = [1 if r is None else 0 for r in ratings]
        rows.append((item, w, ratings, vs, first_delta, cons_delta, blank_delta))

    def column_sums(index: int) -> list[int]:
        if not rows:
            return [0] * n_h
        return [sum(column) for column in zip(*(row[index] for row in rows), strict=True)]

    first = column_sums(4)
    consistency = column_sums(5)
    blank = column_sums(6)

    def r9(total: int) -> float:
        return round(total / SCALE, DECIMALS)

    def leaders_of(fs: list[int], cs: list[int], bs: list[int]) -> frozenset[int]:
        # Keys are compared one at a time, and a total is rounded only when it
        # could tie with the best: rounding is monotonic, so totals that round
        # alike lie within 1e-9 of each other.
        top = max(fs, default=0)
        if unweighted:
            tied = [i for i, f in enumerate(fs) if f == top]
        else:
            near = [i for i, f in enumerate(fs) if top - f <= _NEAR]
            if len(near) > 1:
                best = r9(top)
                near = [i for i in near if r9(fs[i]) == best]
            tied = near
        if len(tied) > 1:
            second = {i: r9(cs[i]) for i in tied}
            best = max(second.values())
            tied = [i for i in tied if second[i] == best]
        if len(tied) > 1:
            fewest = min(bs[i] for i in tied)
            tied = [i for i in tied if bs[i] == fewest]
        return frozenset(tied)

    base = leaders_of(first, consistency, blank)
    leaders = tuple(hypotheses[i] for i in sorted(base))

    margin: float | None = None
    if n_h >= 2:
        others = [i for i in range(n_h) if i not in base]
        if not others:
            margin = 0.0
        else:
            # ranks below 1 are ordered by the same keys; the best of them is the runner-up
            keys = [
                rank_key(first[i], consistency[i], blank[i], unweighted=unweighted)
                for i in range(n_h)
            ]
            runner = max(others, key=lambda i: keys[i])
            leader = min(base)
            if unweighted:
                margin = float(first[leader] - first[runner])
            else:
                margin = first[leader] / SCALE - first[runner] / SCALE

    items: list[ItemSensitivity] = []
    for item, w, ratings, vs, first_delta, cons_delta, blank_delta in rows:
        # Leave one out.
        without = (
            leaders_of(
                [a - b for a, b in zip(first, first_delta, strict=True)],
                [a - b for a, b in zip(consistency, cons_delta, strict=True)],
                [a - b for a, b in zip(blank, blank_delta, strict=True)],
            )
            != base
        )

        # Credibility doubted: only the weight changes.
        doubted = False
        if item.credibility is not Level.LOW:
            dw = EXACT_WEIGHT[(Level.LOW, item.relevance)] - w
            fs = first if unweighted else [a + dw * v for a, v in zip(first, vs, strict=True)]
            doubted = (
                leaders_of(
                    fs,
                    [
                        a + dw * CONSISTENCY[r] if r is not None else a
                        for a, r in zip(consistency, ratings, strict=True)
                    ],
                    blank,
                )
                != base
            )

        # Reversed: what if the item is deception.
        dv = [MIRROR_DV[r] if r is not None else 0 for r in ratings]
        dc = [MIRROR_DC[r] if r is not None else 0 for r in ratings]
        reversed_ = (
            leaders_of(
                [a + (d if unweighted else w * d) for a, d in zip(first, dv, strict=True)],
                [a + w * d for a, d in zip(consistency, dc, strict=True)],
                blank,
            )
            != base
        )

        items.append(ItemSensitivity(item.id, without, doubted, reversed_))

    return Sensitivity(
        leaders=leaders,
        margin=margin,
        linchpins=tuple(s.evidence_id for s in items if s.without),
        items=tuple(items),
    )
