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


def _copies():
    from app.domain.model import Evidence, Hypothesis, Worksheet

    mine = Worksheet(title="Shells")
    mine.hypotheses = [Hypothesis("Export", id="h1"), Hypothesis("Stockpile", id="h2")]
    mine.evidence = [Evidence("Moisture-proofing skipped", id="e1"), Evidence("Denial", id="e2")]
    anna, ben = copy.deepcopy(mine), copy.deepcopy(mine)
    for ws, codes in ((mine, "CC N C N"), (anna, "II N C C"), (ben, "C N C II")):
        for (e, h), code in zip(
            [("e1", "h1"), ("e1", "h2"), ("e2", "h1"), ("e2", "h2")], codes.split(), strict=True
        ):
            ws.set_cell(e, h, Cell(Rating(code)))
    return mine, anna, ben


def test_the_cells_to_discuss_first_are_the_widest_spread():
    from app.domain.consensus import most_disagreed

    mine, anna, ben = _copies()
    merged = merge_copies([mine, anna, ben])
    found = most_disagreed(mine, merged)
    # e1 x h1: CC, II, C -> sd 2.08 extreme; e2 x h2: N, C, II -> sd 1.53 large
    assert [(key, c.label) for key, c in found] == [
        (("e1", "h1"), "extreme"),
        (("e2", "h2"), "large"),
    ]
    assert most_disagreed(mine, merged, limit=1) == found[:1]
    mine.evidence[0].excluded = True  # set aside: nothing to settle there
    assert [key for key, _c in most_disagreed(mine, merged)] == [("e2", "h2")]


def test_a_worksheet_that_is_not_a_copy_shares_nothing():
    from app.domain.consensus import shared_items
    from app.domain.model import Evidence, Worksheet

    mine, anna, _ben = _copies()
    assert shared_items(mine, anna) == 4
    stranger = Worksheet(evidence=[Evidence("Moisture-proofing skipped")])  # same words, new id
    assert shared_items(mine, stranger) == 0
