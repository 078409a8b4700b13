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
