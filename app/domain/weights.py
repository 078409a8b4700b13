"""Rating points and evidence weights of ach-method.md, and their exact integer form.

Scores are sums of float terms w(e)*v.  Summing floats in worksheet order
would make a score depend on the order of the rows and would drift when the
window updates it incrementally, so every term is kept as an exact integer
multiple of 2**-54 instead.  Each weight is a double >= 0.25, so w * 2**54 is
an integer; int sums are exact and order-free, and ``n / SCALE`` is Python's
correctly rounded int division: the float shown is the correctly rounded
exact sum of the float terms (what math.fsum would give), every time.
"""

from __future__ import annotations

import math
from fractions import Fraction

from app.domain.model import Evidence, Level, Rating

# 1/sqrt(2) as Python computes it; this is the value PARC's formula and the
# reference data in shared/reference were computed with.
FACTOR: dict[Level, float] = {
    Level.LOW: 1 / math.sqrt(2),
    Level.MEDIUM: 1.0,
    Level.HIGH: math.sqrt(2),
}

INCONSISTENCY: dict[Rating, int] = {
    Rating.CC: 0,
    Rating.C: 0,
    Rating.N: 0,
    Rating.I: -1,
    Rating.II: -2,
    Rating.NA: 0,
}
CONSISTENCY: dict[Rating, int] = {
    Rating.CC: 2,
    Rating.C: 1,
    Rating.N: 0,
    Rating.I: 0,
    Rating.II: 0,
    Rating.NA: 0,
}
SYMMETRIC: dict[Rating, int] = {
    Rating.CC: 2,
    Rating.C: 1,
    Rating.N: 0,
    Rating.I: -1,
    Rating.II: -2,
    Rating.NA: 0,
}
# Ratings that count towards the applicable weight (everything but NA and blank).
APPLICABLE = frozenset({Rating.CC, Rating.C, Rating.N, Rating.I, Rating.II})

# (v, c, counts towards applicable weight) per rating, for the hot loops.
POINTS: dict[Rating, tuple[int, int, int]] = {
    r: (INCONSISTENCY[r], CONSISTENCY[r], int(r in APPLICABLE)) for r in Rating
}

SCALE = 2**54


def level_weight(credibility: Level, relevance: Level) -> float:
    return FACTOR[credibility] * FACTOR[relevance]


def weight(evidence: Evidence) -> float:
    """w(e) = f(credibility) * f(relevance)."""
    return level_weight(evidence.credibility, evidence.relevance)


def _exact(w: float) -> int:
    scaled = Fraction(w) * SCALE
    assert scaled.denominator == 1, w  # holds for every double >= 2**-54 * 2**53
    return int(scaled)


# Integer form of every possible weight, keyed by (credibility, relevance).
EXACT_WEIGHT: dict[tuple[Level, Level], int] = {
    (c, r): _exact(level_weight(c, r)) for c in Level for r in Level
}


def exact_weight(evidence: Evidence) -> int:
    return EXACT_WEIGHT[(evidence.credibility, evidence.relevance)]


def to_float(scaled: int) -> float:
    return scaled / SCALE
