"""Hypothesis scores, ranking and evidence measures (ach-method.md).

`Scoreboard` keeps per-hypothesis running totals in exact integers (see
weights.py) so that the window can update the score row after an edit in
O(hypotheses) instead of rescoring the whole worksheet; `score_worksheet`
and `evidence_measures` are the one-shot forms used by the command line
and the report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.domain.model import Evidence, Rating, Worksheet
from app.domain.weights import (
    INCONSISTENCY,
    POINTS,
    SCALE,
    SYMMETRIC,
    exact_weight,
    to_float,
    weight,
)

__all__ = [
    "EvidenceMeasure",
    "HypothesisScore",
    "Scoreboard",
    "competition_ranks",
    "evidence_measures",
    "measure_item",
    "provisional_leaders",
    "score_worksheet",
    "weight",
]

DECIMALS = 9  # ach-method.md: compare floating values rounded to 9 places


@dataclass(frozen=True)
class HypothesisScore:
    hypothesis_id: str
    inconsistency: int
    weighted_inconsistency: float
    consistency: float
    applicable_weight: float
    normalized: float
    blank: int
    rank: int


@dataclass(frozen=True)
class EvidenceMeasure:
    evidence_id: str
    diagnosticity: float
    score_neutral: bool


class _Tally:
    """Exact running totals of one hypothesis over the included evidence."""

    __slots__ = ("applicable", "consistency", "filled", "inconsistency", "weighted")

    def __init__(self) -> None:
        self.inconsistency = 0  # sum v
        self.weighted = 0  # sum W*v, W = w * SCALE
        self.consistency = 0  # sum W*c
        self.applicable = 0  # sum W over CC..II
        self.filled = 0  # cells with any rating, NA included

    def add(self, w: int, rating: Rating, sign: int) -> None:
        v, c, applicable = POINTS[rating]
        self.inconsistency += sign * v
        self.weighted += sign * w * v
        self.consistency += sign * w * c
        self.applicable += sign * w * applicable
        self.filled += sign


def rank_key(
    first: int, consistency: int, blank: int, *, unweighted: bool
) -> tuple[float, float, int]:
    """Sort key, larger is more likely: ach-method.md's three keys in order.

    Every hypothesis is scored over the same included items, so comparing
    blank counts ranks exactly as comparing blank shares would.
    """
    primary = float(first) if unweighted else round(first / SCALE, DECIMALS)
    return (primary, round(consistency / SCALE, DECIMALS), -blank)


def competition_ranks(keys: list[tuple[float, float, int]]) -> list[int]:
    """1, 1, 3 ranking of keys where larger is better, in the given order."""
    order = sorted(keys, reverse=True)
    first_position: dict[tuple[float, float, int], int] = {}
    for position, key in enumerate(order, start=1):
        first_position.setdefault(key, position)
    return [first_position[k] for k in keys]


class Scoreboard:
    """Scores of every hypothesis, kept current edit by edit."""

    def __init__(self, worksheet: Worksheet, *, unweighted: bool = False) -> None:
        self.worksheet = worksheet
        self._unweighted = unweighted
        self._tallies: dict[str, _Tally] = {}
        # What each included item last contributed: its weight and ratings.
        self._rows: dict[str, tuple[int, dict[str, Rating]]] = {}
        self._ranking: list[HypothesisScore] | None = None
        self._by_id: dict[str, HypothesisScore] | None = None
        self.rebuild()

    @property
    def unweighted(self) -> bool:
        return self._unweighted

    @unweighted.setter
    def unweighted(self, value: bool) -> None:
        self._unweighted = value
        self._ranking = None

    @property
    def included_count(self) -> int:
        return len(self._rows)

    def rebuild(self) -> None:
        self._tallies = {h.id: _Tally() for h in self.worksheet.hypotheses}
        self._rows = {}
        for item in self.worksheet.evidence:
            if not item.excluded:
                self._add_row(item)
        self._ranking = None

    def invalidate(self) -> None:
        """Forget the cached ranking: the order of hypotheses changed, no total did."""
        self._ranking = None

    def refresh_item(self, evidence_id: str) -> None:
        """Take in any change to one item: its fields, its cells, its presence."""
        self.refresh_items([evidence_id])

    def refresh_items(self, evidence_ids: Iterable[str]) -> None:
        """:meth:`refresh_item` for each; the worksheet's items are looked through once
        (an imported list of thousands of items is not quadratic)."""
        ids = list(evidence_ids)
        if not ids:
            return
        if len(ids) == 1:
            found = next((e for e in self.worksheet.evidence if e.id == ids[0]), None)
            present = {} if found is None else {found.id: found}
        else:
            wanted = set(ids)
            present = {e.id: e for e in self.worksheet.evidence if e.id in wanted}
        for evidence_id in ids:
            old = self._rows.pop(evidence_id, None)
            if old is not None:
                self._apply(old, -1)
            item = present.get(evidence_id)
            if item is not None and not item.excluded:
                self._add_row(item)
        self._ranking = None

    def refresh_hypothesis(self, hypothesis_id: str) -> None:
        """Take in a hypothesis added to or removed from the worksheet."""
        present = any(h.id == hypothesis_id for h in self.worksheet.hypotheses)
        if not present:
            self._tallies.pop(hypothesis_id, None)
            for _w, ratings in self._rows.values():
                ratings.pop(hypothesis_id, None)
        else:
            tally = self._tallies[hypothesis_id] = _Tally()
            cells = self.worksheet.cells
            for evidence_id, (w, ratings) in self._rows.items():
                ratings.pop(hypothesis_id, None)
                cell = cells.get((evidence_id, hypothesis_id))
                if cell is not None and cell.rating is not None:
                    ratings[hypothesis_id] = cell.rating
                    tally.add(w, cell.rating, 1)
        self._ranking = None

    def _add_row(self, item: Evidence) -> None:
        # Inlined _Tally.add: this loop runs once per cell when a file opens.
        cells = self.worksheet.cells
        w = exact_weight(item)
        ratings: dict[str, Rating] = {}
        for hypothesis_id, t in self._tallies.items():
            cell = cells.get((item.id, hypothesis_id))
            if cell is not None and (rating := cell.rating) is not None:
                ratings[hypothesis_id] = rating
                v, c, applicable = POINTS[rating]
                t.inconsistency += v
                t.weighted += w * v
                t.consistency += w * c
                t.applicable += w * applicable
                t.filled += 1
        self._rows[item.id] = (w, ratings)

    def _apply(self, row: tuple[int, Mapping[str, Rating]], sign: int) -> None:
        w, ratings = row
        for hypothesis_id, rating in ratings.items():
            tally = self._tallies.get(hypothesis_id)
            if tally is not None:
                tally.add(w, rating, sign)

    def ranking(self) -> list[HypothesisScore]:
        """All hypotheses, most likely first; ties keep worksheet order."""
        if self._ranking is None:
            self._ranking = self._compute_ranking()
            self._by_id = None
        return self._ranking

    def score(self, hypothesis_id: str) -> HypothesisScore:
        if self._by_id is None or self._ranking is None:
            self._by_id = {s.hypothesis_id: s for s in self.ranking()}
        return self._by_id[hypothesis_id]

    def measure(self, evidence_id: str) -> EvidenceMeasure:
        return measure_item(self.worksheet, self.worksheet.item(evidence_id))

    def _compute_ranking(self) -> list[HypothesisScore]:
        n = len(self._rows)
        hypotheses = [h.id for h in self.worksheet.hypotheses if h.id in self._tallies]
        tallies = [self._tallies[h] for h in hypotheses]
        keys = [
            rank_key(
                t.inconsistency if self._unweighted else t.weighted,
                t.consistency,
                n - t.filled,
                unweighted=self._unweighted,
            )
            for t in tallies
        ]
        ranks = competition_ranks(keys)
        scores = []
        for hypothesis_id, t, rank in zip(hypotheses, tallies, ranks, strict=True):
            weighted = to_float(t.weighted)
            applicable = to_float(t.applicable)
            scores.append(
                HypothesisScore(
                    hypothesis_id=hypothesis_id,
                    inconsistency=t.inconsistency,
                    weighted_inconsistency=weighted,
                    consistency=to_float(t.consistency),
                    applicable_weight=applicable,
                    normalized=weighted / applicable if t.applicable else 0.0,
                    blank=n - t.filled,
                    rank=rank,
                )
            )
        # sorted() is stable, so equal ranks keep worksheet order.
        return sorted(scores, key=lambda s: s.rank)


class _Ranked(Protocol):
    @property
    def rank(self) -> int: ...
    @property
    def blank(self) -> int: ...


RankedT = TypeVar("RankedT", bound=_Ranked)


def provisional_leaders(ranking: Sequence[RankedT]) -> list[RankedT]:
    """Hypotheses of rank 1 that still have blank cells, when there is a choice.

    Blank shares are only the ranking's third key, so a hypothesis nobody has
    rated against yet can lead with nothing held against it; every view says
    so rather than presenting it as the most likely.
    """
    if len(ranking) < 2:
        return []
    return [h for h in ranking if h.rank == 1 and h.blank]


def score_worksheet(worksheet: Worksheet, *, unweighted: bool = False) -> list[HypothesisScore]:
    """Every hypothesis's scores in rank order (ties in worksheet order)."""
    return Scoreboard(worksheet, unweighted=unweighted).ranking()


def sqrt_of_fraction(n: int, m: int) -> float:
    """sqrt(n/m) correctly rounded to a float, for integers n >= 0, m > 0.

    This is what statistics.pstdev returns for integer data; computed here
    from the exact sums because pstdev's Fraction arithmetic dominated the
    cost of a large worksheet.  Take 55+ significant bits of the root by an
    integer square root, make the last bit sticky (round-to-odd) so the one
    rounding to 53 bits in the final division is correct.
    """
    shift = (n.bit_length() - m.bit_length() - 110) // 2
    if shift >= 0:
        root = _isqrt_rto(n, m << (2 * shift)) << shift
        return root / 1
    return _isqrt_rto(n << (-2 * shift), m) / (1 << -shift)


def _isqrt_rto(n: int, m: int) -> int:
    a = math.isqrt(n // m)
    return a | (a * a * m != n)


def _diagnosticity(values: list[int]) -> float:
    """Population standard deviation of the symmetric values, exactly rounded."""
    count = len(values)
    if count < 2:
        return 0.0
    total = sum(values)
    squares = sum(v * v for v in values)
    return sqrt_of_fraction(count * squares - total * total, count * count)


def measure_item(worksheet: Worksheet, item: Evidence) -> EvidenceMeasure:
    cells = worksheet.cells
    item_id = item.id
    rated = [
        cell.rating
        for cell in (cells.get((item_id, h.id)) for h in worksheet.hypotheses)
        if cell is not None and cell.rating is not None
    ]
    points = {INCONSISTENCY[r] for r in rated}
    return EvidenceMeasure(
        evidence_id=item_id,
        diagnosticity=_diagnosticity([SYMMETRIC[r] for r in rated]),
        score_neutral=len(rated) >= 2 and len(points) == 1,
    )


def evidence_measures(worksheet: Worksheet) -> list[EvidenceMeasure]:
    """Diagnosticity and score-neutral mark of the included items, in worksheet order."""
    return [measure_item(worksheet, e) for e in worksheet.evidence if not e.excluded]
