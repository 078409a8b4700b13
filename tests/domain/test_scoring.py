"""Hypothesis scores, ranking and evidence measures on matrices worked by hand."""

from __future__ import annotations

import math

import pytest

from app.domain.model import Level
from app.domain.scoring import evidence_measures, measure_item, score_worksheet
from app.domain.weights import weight
from tests.domain.builders import matrix

W_LOW, W_HIGH = 1 / math.sqrt(2), math.sqrt(2)


def by_id(scores):
    return {s.hypothesis_id: s for s in scores}


def test_scores_worked_by_hand():
    ws = matrix(
        [
            ["I", "C", "N"],
            ["II", "N", "I"],
            ["C", "C", "C"],
            ["", "I", "NA"],
        ]
    )
    scores = score_worksheet(ws)
    assert [s.hypothesis_id for s in scores] == ["H2", "H3", "H1"]
    h1, h2, h3 = (by_id(scores)[h] for h in ("H1", "H2", "H3"))
    assert (h1.inconsistency, h1.weighted_inconsistency, h1.consistency) == (-3, -3.0, 1.0)
    assert (h1.applicable_weight, h1.normalized, h1.blank, h1.rank) == (3.0, -1.0, 1, 3)
    assert (h2.inconsistency, h2.consistency, h2.applicable_weight, h2.normalized) == (
        -1,
        2.0,
        4.0,
        -0.25,
    )
    # NA counts towards no score and not towards the applicable weight
    assert (h3.applicable_weight, h3.normalized, h3.rank) == (3.0, -1 / 3, 2)


def test_weights_are_parc_factors():
    ws = matrix([["I"]] * 3, levels=[("low", "low"), ("high", "medium"), ("low", "high")])
    assert [weight(e) for e in ws.evidence] == [W_LOW * W_LOW, W_HIGH, W_LOW * W_HIGH]
    assert score_worksheet(ws)[0].weighted_inconsistency == pytest.approx(-(0.5 + math.sqrt(2) + 1))


def test_identical_columns_share_a_rank_competition_style():
    ws = matrix([["I", "I", "II"], ["C", "C", "C"]])
    assert [(s.hypothesis_id, s.rank) for s in score_worksheet(ws)] == [
        ("H1", 1),
        ("H2", 1),
        ("H3", 3),
    ]


def test_consistency_breaks_a_tie_then_the_blank_share():
    ws = matrix([["I", "I", "I"], ["C", "CC", "C"], ["N", "", "N"], ["N", "N", ""]])
    ranks = {s.hypothesis_id: s.rank for s in score_worksheet(ws)}
    assert ranks == {"H2": 1, "H1": 2, "H3": 3}
    ws = matrix([["I", "I"], ["N", ""]])
    assert [s.hypothesis_id for s in score_worksheet(ws)] == ["H1", "H2"]


def test_unweighted_ranking_can_differ_from_weighted():
    ws = matrix(
        [["I", ""], ["", "I"], ["", "I"]],
        levels=[("high", "high"), ("low", "low"), ("low", "low")],
    )
    assert score_worksheet(ws)[0].hypothesis_id == "H2"  # -2 against -1
    assert score_worksheet(ws, unweighted=True)[0].hypothesis_id == "H1"  # -1 against -2


def test_excluded_item_counts_nowhere():
    ws = matrix([["I", "C"], ["II", "C"]])
    before = score_worksheet(matrix([["I", "C"]]))
    ws.evidence[1].excluded = True
    after = score_worksheet(ws)
    assert after == before
    assert [m.evidence_id for m in evidence_measures(ws)] == ["E1"]


def test_normalized_is_zero_without_applicable_ratings():
    ws = matrix([["NA", "I"], ["", "C"]])
    assert by_id(score_worksheet(ws))["H1"].normalized == 0.0


def test_rounding_to_nine_places_makes_float_noise_a_tie():
    # 2 x w(low, low) is 0.9999999999999998 in floats, w(medium, medium) is 1.0
    ws = matrix(
        [["I", "N"], ["I", "N"], ["N", "I"]],
        levels=[("low", "low"), ("low", "low"), ("medium", "medium")],
    )
    scores = by_id(score_worksheet(ws))
    assert scores["H1"].weighted_inconsistency != scores["H2"].weighted_inconsistency
    assert scores["H1"].rank == scores["H2"].rank == 1


@pytest.mark.parametrize(
    ("row", "diagnosticity", "neutral"),
    [
        (["CC", "II"], 2.0, False),
        (["C", "C", "I"], math.sqrt(8 / 9), False),
        (["I", "I", ""], 0.0, True),
        (["C", "CC"], 0.5, True),  # both add nothing to inconsistency
        (["NA", "N"], 0.0, True),
        (["I", "", ""], 0.0, False),  # one rated: nothing to compare
        (["", "", ""], 0.0, False),
    ],
)
def test_diagnosticity_and_score_neutral(row, diagnosticity, neutral):
    ws = matrix([row])
    m = measure_item(ws, ws.evidence[0])
    assert m.diagnosticity == pytest.approx(diagnosticity, abs=1e-15)
    assert m.score_neutral is neutral


def test_level_changes_weight_not_points():
    ws = matrix([["II", "C"]])
    ws.evidence[0].credibility = Level.HIGH
    s = by_id(score_worksheet(ws))["H1"]
    assert s.inconsistency == -2
    assert s.weighted_inconsistency == -2 * math.sqrt(2)


def test_a_leader_with_blank_cells_is_provisional_only_when_there_is_a_choice():
    from app.domain.scoring import provisional_leaders

    ws = matrix([["I", ""], ["C", ""]])
    assert [s.hypothesis_id for s in provisional_leaders(score_worksheet(ws))] == ["H2"]
    ws = matrix([["I", "II"], ["C", ""]])
    assert provisional_leaders(score_worksheet(ws)) == []  # the leader H1 is fully rated
    assert provisional_leaders(score_worksheet(matrix([[""]]))) == []  # nothing to choose from
