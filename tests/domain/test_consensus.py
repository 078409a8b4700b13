"""Merging several analysts' copies of one worksheet."""

from __future__ import annotations

import copy

import pytest

from app.domain.consensus import consensus_of, disagreement_label, merge_copies
from app.domain.model import Cell, Rating
from tests.domain.builders import matrix


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["I", "II"], Rating.I),  # mean -1.5 goes toward neutral, unlike round()
        (["C", "CC"], Rating.C),
        (["N", "I"], Rating.N),  # -0.5 -> N
        (["II", "II", "I"], Rating.II),  # -1.67 -> II
        (["NA", "NA", "C"], Rating.NA),
        (["NA", "C"], Rating.C),  # NA must outnumber the ratings
    ],
)
def test_halves_go_toward_neutral(codes, expected):
    assert consensus_of(Rating(c) for c in codes).rating is expected


def test_blanks_are_ignored_and_nothing_is_blank():
    assert consensus_of([None, Rating.C, None]).rating is Rating.C
    none = consensus_of([None, None])
    assert (none.rating, none.disagreement, none.label, none.count) == (None, 0.0, "consensus", 0)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0.0, "consensus"),
        (0.49, "consensus"),
        (0.5, "mild"),
        (1.49, "mild"),
        (1.5, "large"),
        (2.0, "extreme"),
    ],
)
def test_labels(value, label):
    assert disagreement_label(value) == label


def test_merge_matches_cells_by_identity_not_order():
    mine = matrix([["C", "I"], ["II", "N"]])
    theirs = copy.deepcopy(mine)
    theirs.evidence.reverse()  # their copy has another order
    theirs.set_cell("E1", "H1", Cell(Rating.CC))
    theirs.set_cell("E2", "H2", Cell(None))
    merged = merge_copies([mine, theirs])
    assert merged[("E1", "H1")].rating is Rating.C  # mean 1.5 -> C
    assert merged[("E1", "H1")].label == "mild"
    assert merged[("E2", "H1")].rating is Rating.II
    assert merged[("E2", "H2")].count == 1
    assert merge_copies([]) == {}
