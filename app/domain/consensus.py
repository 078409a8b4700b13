"""Several analysts' copies of one worksheet: consensus and disagreement per cell.

Follows Open Synthesis (openach/metrics.py) as ach-method.md describes,
except that a mean halfway between two ratings goes toward neutral.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.domain.model import Rating, Worksheet
from app.domain.weights import SYMMETRIC

_FROM_SYMMETRIC = {value: rating for rating, value in SYMMETRIC.items() if rating is not Rating.NA}


@dataclass(frozen=True)
class CellConsensus:
    rating: Rating | None  # None: nobody rated the cell
    disagreement: float
    label: str  # consensus, mild, large or extreme
    count: int  # how many analysts rated it (NA included)


def disagreement_label(disagreement: float) -> str:
    if disagreement < 0.5:
        return "consensus"
    if disagreement < 1.5:
        return "mild"
    if disagreement < 2.0:
        return "large"
    return "extreme"


def _round_half_toward_zero(value: Fraction) -> int:
    whole, rest = divmod(abs(value), 1)
    magnitude = int(whole) + (1 if rest > Fraction(1, 2) else 0)
    return magnitude if value >= 0 else -magnitude


def consensus_of(ratings: Iterable[Rating | None]) -> CellConsensus:
    given = [r for r in ratings if r is not None]
    n_na = sum(1 for r in given if r is Rating.NA)
    values = [SYMMETRIC[r] for r in given if r is not Rating.NA]

    if not given:
        rating: Rating | None = None
    elif n_na > len(values):
        rating = Rating.NA
    else:
        mean = Fraction(sum(values), len(values))
        rating = _FROM_SYMMETRIC[_round_half_toward_zero(mean)]

    applicability = [0] * n_na + [1] * len(values)
    disagreement = max(
        statistics.stdev(applicability) if len(applicability) > 1 else 0.0,
        statistics.stdev(values) if len(values) > 1 else 0.0,
    )
    return CellConsensus(rating, disagreement, disagreement_label(disagreement), len(given))


def merge_copies(copies: Sequence[Worksheet]) -> dict[tuple[str, str], CellConsensus]:
    """Consensus of every cell over analysts' copies, matched by item identity.

    Hypotheses and items are taken from the first copy; ones another copy
    lacks simply have no rating from that analyst.
    """
    if not copies:
        return {}
    base = copies[0]
    return {
        (e.id, h.id): consensus_of(copy.rating(e.id, h.id) for copy in copies)
        for e in base.evidence
        for h in base.hypotheses
    }


def shared_items(base: Worksheet, copy: Worksheet) -> int:
    """How many hypotheses and evidence items ``copy`` shares with ``base`` (by identity).

    Zero means it is not a copy of that worksheet at all (a different
    analysis, or one rebuilt by hand): merging it would only add blanks.
    """
    ids = {h.id for h in base.hypotheses} | {e.id for e in base.evidence}
    return sum(1 for h in copy.hypotheses if h.id in ids) + sum(
        1 for e in copy.evidence if e.id in ids
    )


def most_disagreed(
    base: Worksheet, merged: dict[tuple[str, str], CellConsensus], *, limit: int | None = None
) -> list[tuple[tuple[str, str], CellConsensus]]:
    """The cells the analysts disagree on (beyond "consensus"), widest spread first.

    Ties keep the worksheet's reading order (item by item, hypothesis by
    hypothesis), so the list reads like the matrix.  Excluded items are
    left out: they count in no score, so there is nothing to settle there.
    """
    order = [(e.id, h.id) for e in base.evidence if not e.excluded for h in base.hypotheses]
    found = [
        (key, merged[key]) for key in order if key in merged and merged[key].label != "consensus"
    ]
    found.sort(key=lambda pair: -pair[1].disagreement)  # stable: reading order among equals
    return found if limit is None else found[:limit]
