"""The top of the ranking in one wording: tied, decided by a tie-break, or ahead."""

from __future__ import annotations

import pytest

from app.domain.lead import lead_of, lead_sentence, tie_broken
from app.domain.scoring import score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from tests.domain.builders import matrix


def sentence(rows: list[list[str]], *, unweighted: bool = False) -> str:
    ws = matrix(rows)
    ranking = score_worksheet(ws, unweighted=unweighted)
    lead = lead_of(ranking, analyse_sensitivity(ws, unweighted=unweighted).margin, unweighted=False)
    return lead_sentence(
        lead, lambda s: s.hypothesis_id, lambda v: f"{v:.2f}", unweighted=unweighted
    )


def test_equal_on_every_key_is_tied_and_shares_rank_1():
    ws = matrix([["I", "I", "II"], ["C", "C", "C"]])
    ranking = score_worksheet(ws)
    assert [(s.hypothesis_id, s.rank) for s in ranking] == [("H1", 1), ("H2", 1), ("H3", 3)]
    assert tie_broken(ranking, unweighted=False) == []  # the shared rank says it all
    assert sentence([["I", "I", "II"], ["C", "C", "C"]]) == (
        "H1 and H2 are tied at the top (weighted inconsistency -1.00 each, equal on every "
        "ranking key), ahead of H3 by a margin of 1.00."
    )
    assert sentence([["I", "I"]]) == (
        "H1 and H2 are tied at the top (weighted inconsistency -1.00 each, equal on every "
        "ranking key), so the evidence does not separate them."
    )


def test_a_lead_only_on_consistency_says_so_and_keeps_ranks_1_and_2():
    rows = [["I", "I", "II"], ["C", "CC", "C"]]
    ranking = score_worksheet(matrix(rows))
    assert [(s.hypothesis_id, s.rank) for s in ranking] == [("H2", 1), ("H1", 2), ("H3", 3)]
    assert [s.hypothesis_id for s in tie_broken(ranking, unweighted=False)] == ["H2", "H1"]
    assert sentence(rows) == (
        "H2 is ranked first only on the tie-break (higher weighted consistency): it is level "
        "with H1 on weighted inconsistency (-1.00, a margin of 0.00)."
    )


def test_a_lead_only_on_blank_cells_says_so():
    assert sentence([["I", "I"], ["N", ""]]) == (
        "H1 is ranked first only on the tie-break (fewer blank cells): it is level with H2 "
        "on weighted inconsistency (-1.00, a margin of 0.00)."
    )


def test_a_real_lead_and_the_only_hypothesis():
    assert sentence([["I", "II", "II"]]) == (
        "H1 is the least inconsistent with the evidence (weighted inconsistency -1.00), "
        "ahead of H2 and H3 by a margin of 1.00."
    )
    assert sentence([["I"]]) == (
        "H1 is the only hypothesis, so it cannot be weighed against alternatives "
        "(weighted inconsistency -1.00)."
    )


@pytest.mark.parametrize("unweighted", [False, True])
def test_the_first_key_decides_what_counts_as_level(unweighted):
    # Weighted, H1 (-0.5, against a low-weight item) leads H2 (-1); unweighted both are -1
    # and H2 is first on consistency.
    ws = matrix(
        [["I", "N"], ["N", "I"], ["C", "CC"]],
        levels=[("low", "low"), ("medium", "medium"), ("medium", "medium")],
    )
    ranking = score_worksheet(ws, unweighted=unweighted)
    broken = tie_broken(ranking, unweighted=unweighted)
    assert [s.hypothesis_id for s in broken] == (["H2", "H1"] if unweighted else [])
