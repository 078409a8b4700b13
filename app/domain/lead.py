"""Who leads the ranking and by what: the one wording every view uses (ach-method.md).

Ranks follow ach-method.md: hypotheses equal on all three keys share a rank
(1, 1, 3). Two hypotheses level on the first key (the score shown) but
apart on consistency or on blank cells get different ranks; the command
line, the window and the brief then all say that the lead rests on a
tie-break, with the same words, instead of "ahead by a margin of 0" in one
place and "tied at the top" in another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from app.domain.scoring import DECIMALS

__all__ = ["TIED", "TIE_BREAK", "Lead", "lead_of", "lead_sentence", "tie_broken"]

TIED = "tied at the top"
TIE_BREAK = "tie-break"
_BY = {"consistency": "higher weighted consistency", "blank": "fewer blank cells"}


class _Ranked(Protocol):
    @property
    def rank(self) -> int: ...
    @property
    def inconsistency(self) -> int: ...
    @property
    def weighted_inconsistency(self) -> float: ...


class _Scored(_Ranked, Protocol):
    @property
    def consistency(self) -> float: ...
    @property
    def blank(self) -> int: ...


T = TypeVar("T", bound=_Scored)
R = TypeVar("R", bound=_Ranked)


def _first(s: _Ranked, unweighted: bool) -> float:
    value = s.inconsistency if unweighted else s.weighted_inconsistency
    return round(value, DECIMALS)


@dataclass(frozen=True)
class Lead(Generic[T]):
    leaders: tuple[T, ...]  # rank 1, in rank order
    runners_up: tuple[T, ...]  # the best rank below 1; empty when all share rank 1
    margin: float | None  # sensitivity's margin: None with fewer than two hypotheses
    decided_by: str | None  # "score", "consistency" or "blank"; None without runners-up

    @property
    def tied(self) -> bool:
        """Several hypotheses share rank 1: equal on all three keys."""
        return len(self.leaders) > 1


def lead_of(ranking: Sequence[T], margin: float | None, *, unweighted: bool) -> Lead[T]:
    """The top of ``ranking`` (rank order) and which key puts the leaders ahead."""
    leaders = tuple(s for s in ranking if s.rank == 1)
    below = [s.rank for s in ranking if s.rank > 1]
    runners = tuple(s for s in ranking if below and s.rank == min(below))
    decided_by = None
    if leaders and runners:
        lead, runner = leaders[0], runners[0]
        if _first(lead, unweighted) != _first(runner, unweighted):
            decided_by = "score"
        elif round(lead.consistency, DECIMALS) != round(runner.consistency, DECIMALS):
            decided_by = "consistency"
        else:
            decided_by = "blank"
    return Lead(leaders, runners, margin, decided_by)


def tie_broken(ranking: Sequence[R], *, unweighted: bool) -> list[R]:
    """The hypotheses whose rank differs from another's with the same score.

    The score row shows only the first key, so a rank there that the
    tie-breaks decided must say so.
    """
    ranks: dict[float, set[int]] = {}
    for s in ranking:
        ranks.setdefault(_first(s, unweighted), set()).add(s.rank)
    return [s for s in ranking if len(ranks[_first(s, unweighted)]) > 1]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def lead_sentence(
    lead: Lead[T],
    name: Callable[[T], str],
    number: Callable[[float], str],
    *,
    unweighted: bool,
) -> str:
    """One sentence on the top of the ranking; ``name`` and ``number`` format for the view.

    ``number`` formats a score and the margin (the same unit).
    """
    if not lead.leaders:
        return "The worksheet has no hypotheses yet, so there is nothing to compare."
    measure = "inconsistency" if unweighted else "weighted inconsistency"
    first = lead.leaders[0]
    value = number(first.inconsistency if unweighted else first.weighted_inconsistency)
    score = f"{measure} {value}"
    names = _join([name(s) for s in lead.leaders])
    if lead.margin is None:
        return (
            f"{names} is the only hypothesis, so it cannot be weighed against "
            f"alternatives ({score})."
        )
    runners = _join([name(s) for s in lead.runners_up])
    if lead.tied:
        head = f"{names} are {TIED} ({score} each, equal on every ranking key)"
        if not lead.runners_up:
            return f"{head}, so the evidence does not separate them."
        return f"{head}, ahead of {runners} by a margin of {number(lead.margin)}."
    if lead.decided_by == "score":
        return (
            f"{names} is the least inconsistent with the evidence ({score}), ahead of "
            f"{runners} by a margin of {number(lead.margin)}."
        )
    return (
        f"{names} is ranked first only on the {TIE_BREAK} ({_BY[str(lead.decided_by)]}): "
        f"it is level with {runners} on {measure} ({value}, a margin of "
        f"{number(0.0)})."
    )
