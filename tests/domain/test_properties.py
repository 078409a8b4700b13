"""Properties of the method that must hold on any worksheet."""

from __future__ import annotations

import copy
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.model import MIRRORED, Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.domain.scoring import Scoreboard, score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from tests.domain.builders import worksheets


def leaders(ws: Worksheet, unweighted: bool = False) -> set[str]:
    return {s.hypothesis_id for s in score_worksheet(ws, unweighted=unweighted) if s.rank == 1}


def ranks(ws: Worksheet) -> dict[str, int]:
    return {s.hypothesis_id: s.rank for s in score_worksheet(ws)}


@given(
    worksheets(), st.sampled_from([*Rating, None]), st.sampled_from(Level), st.sampled_from(Level)
)
def test_item_rated_alike_everywhere_changes_no_rank(ws, rating, credibility, relevance):
    before = ranks(ws)
    item = Evidence("same everywhere", credibility=credibility, relevance=relevance)
    ws.evidence.append(item)
    for h in ws.hypotheses:
        ws.set_cell(item.id, h.id, Cell(rating))
    assert ranks(ws) == before


@given(worksheets(), st.randoms(use_true_random=False))
def test_reordering_items_changes_no_score(ws, rnd):
    before = {s.hypothesis_id: s for s in score_worksheet(ws)}
    sens_before = analyse_sensitivity(ws)
    rnd.shuffle(ws.evidence)
    assert {s.hypothesis_id: s for s in score_worksheet(ws)} == before
    sens_after = analyse_sensitivity(ws)
    assert set(sens_after.items) == set(sens_before.items)
    assert (sens_after.leaders, sens_after.margin) == (sens_before.leaders, sens_before.margin)


@given(worksheets())
def test_normalized_lies_between_minus_two_and_zero(ws):
    for s in score_worksheet(ws):
        assert -2.0 <= s.normalized <= 0.0
        assert s.weighted_inconsistency <= 0.0 <= s.consistency


def brute_force(ws: Worksheet, unweighted: bool):
    """The sensitivity analysis by rescoring a modified copy per item and test."""
    base = leaders(ws, unweighted)
    result = []
    for item in ws.included_evidence():
        without = copy.deepcopy(ws)
        without.item(item.id).excluded = True
        doubted = copy.deepcopy(ws)
        doubted.item(item.id).credibility = Level.LOW
        reversed_ = copy.deepcopy(ws)
        for h in ws.hypotheses:
            cell = ws.cell(item.id, h.id)
            if cell.rating is not None:
                reversed_.set_cell(item.id, h.id, Cell(MIRRORED[cell.rating], cell.note))
        result.append(
            (
                item.id,
                leaders(without, unweighted) != base,
                leaders(doubted, unweighted) != base,
                leaders(reversed_, unweighted) != base,
            )
        )
    return base, result


@settings(max_examples=150)
@given(worksheets(max_items=8, max_hypotheses=4), st.booleans())
def test_fast_sensitivity_equals_rescoring_from_scratch(ws, unweighted):
    fast = analyse_sensitivity(ws, unweighted=unweighted)
    base, slow = brute_force(ws, unweighted)
    assert set(fast.leaders) == base
    assert [(i.evidence_id, i.without, i.doubted, i.reversed) for i in fast.items] == slow
    assert fast.linchpins == tuple(e for e, without, _d, _r in slow if without)


def test_fast_sensitivity_on_larger_random_worksheets():
    rnd = random.Random(20231108)
    for _ in range(5):
        ws = Worksheet()
        ws.hypotheses = [Hypothesis(f"H{j}", id=f"H{j}") for j in range(6)]
        for i in range(40):
            e = Evidence(f"E{i}", id=f"E{i}", credibility=rnd.choice(list(Level)))
            ws.evidence.append(e)
            for h in ws.hypotheses:
                # few distinct ratings so that ties and near-ties are common
                r = rnd.choice([Rating.C, Rating.I, Rating.N, None])
                if r is not None:
                    ws.set_cell(e.id, h.id, Cell(r))
        fast = analyse_sensitivity(ws)
        _base, slow = brute_force(ws, False)
        assert [(i.evidence_id, i.without, i.doubted, i.reversed) for i in fast.items] == slow


EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["rate", "level", "exclude", "add_item", "drop_item", "add_h", "drop_h", "move_h"]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
        st.sampled_from([*Rating, None]),
        st.sampled_from(Level),
    ),
    max_size=25,
)


@given(worksheets(), EDITS, st.booleans())
def test_scoreboard_edit_by_edit_equals_scoring_from_scratch(ws, edits, unweighted):
    board = Scoreboard(ws, unweighted=unweighted)
    for kind, a, b, rating, level in edits:
        items, hyps = ws.evidence, ws.hypotheses
        if kind == "rate" and items and hyps:
            e, h = items[a % len(items)], hyps[b % len(hyps)]
            ws.set_cell(e.id, h.id, Cell(rating))
            board.refresh_item(e.id)
        elif kind == "level" and items:
            e = items[a % len(items)]
            e.credibility = level
            board.refresh_item(e.id)
        elif kind == "exclude" and items:
            e = items[a % len(items)]
            e.excluded = not e.excluded
            board.refresh_item(e.id)
        elif kind == "add_item":
            e = Evidence("new", relevance=level)
            ws.evidence.insert(a % (len(items) + 1), e)
            for h in hyps:
                ws.set_cell(e.id, h.id, Cell(rating))
            board.refresh_item(e.id)
        elif kind == "drop_item" and items:
            e = items.pop(a % len(items))
            board.refresh_item(e.id)
        elif kind == "add_h":
            h = Hypothesis("new")
            hyps.insert(b % (len(hyps) + 1), h)
            for e in items:
                ws.set_cell(e.id, h.id, Cell(rating))
            board.refresh_hypothesis(h.id)
        elif kind == "drop_h" and hyps:
            h = hyps.pop(b % len(hyps))
            board.refresh_hypothesis(h.id)
        elif kind == "move_h" and hyps:
            hyps.insert(a % len(hyps), hyps.pop(b % len(hyps)))
            board.invalidate()  # ties follow worksheet order; no total changes
        assert board.ranking() == score_worksheet(ws, unweighted=unweighted)
        for s in board.ranking():
            assert board.score(s.hypothesis_id) == s
