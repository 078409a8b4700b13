"""Heuer's step 6 on cases worked by hand."""

from __future__ import annotations

from app.domain.sensitivity import analyse_sensitivity
from tests.domain.builders import matrix


def test_linchpin_doubted_and_reversed_by_hand():
    # H1 leads only because of E1; E2 rates both alike.
    ws = matrix([["C", "II"], ["I", "I"]], levels=[("high", "medium"), ("medium", "medium")])
    s = analyse_sensitivity(ws)
    assert s.leaders == ("H1",)
    assert s.margin == 2 * 1.4142135623730951
    assert s.linchpins == ("E1",)
    e1, e2 = s.items
    assert (e1.without, e1.doubted, e1.reversed) == (True, False, True)
    assert (e2.without, e2.doubted, e2.reversed) == (False, False, False)


def test_doubting_can_change_leaders_only_through_weight():
    # E1 (high credibility) against H2 outweighs two low-weight items against H1.
    ws = matrix(
        [["", "I"], ["I", ""], ["I", ""]],
        levels=[("high", "high"), ("medium", "low"), ("medium", "low")],
    )
    s = analyse_sensitivity(ws)
    assert s.leaders == ("H1",)
    assert s.items[0].doubted is True
    assert s.items[1].doubted is False  # a weaker case against H1 keeps H1 ahead


def test_one_hypothesis_has_no_margin():
    s = analyse_sensitivity(matrix([["I"]]))
    assert s.leaders == ("H1",)
    assert s.margin is None
    assert s.linchpins == ()


def test_all_tied_margin_zero_and_empty_worksheet():
    assert analyse_sensitivity(matrix([["C", "C"]])).margin == 0.0
    empty = analyse_sensitivity(matrix([], hypotheses=0))
    assert (empty.leaders, empty.margin, empty.items) == ((), None, ())


def test_unweighted_margin_counts_points():
    ws = matrix([["I", "II"], ["", "I"]], levels=[("high", "high"), ("low", "low")])
    s = analyse_sensitivity(ws, unweighted=True)
    assert s.leaders == ("H1",)
    assert s.margin == 2.0


def test_excluded_items_are_not_tested():
    ws = matrix([["C", "II"], ["I", "I"]])
    ws.evidence[0].excluded = True
    s = analyse_sensitivity(ws)
    assert [i.evidence_id for i in s.items] == ["E2"]
    assert s.leaders == ("H1", "H2")
