"""The published reference data of shared/reference, reproduced exactly."""

from __future__ import annotations

import json

import pytest

from app.domain.consensus import consensus_of
from app.domain.model import Rating
from app.domain.scoring import evidence_measures, score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from tests.domain.builders import reference_worksheet


@pytest.fixture
def stirparo(reference_dir):
    ws = reference_worksheet(reference_dir / "stirparo-v06.json")
    expected = json.loads((reference_dir / "stirparo-v06.expected.json").read_text())
    return ws, expected


def test_stirparo_scores_bit_for_bit(stirparo):
    ws, expected = stirparo
    got = [
        {
            "id": s.hypothesis_id,
            "title": ws.hypothesis(s.hypothesis_id).title,
            "inconsistency": float(s.inconsistency),
            "weighted_inconsistency": s.weighted_inconsistency,
            "consistency": s.consistency,
            "normalized": s.normalized,
            "blank": s.blank,
            "rank": s.rank,
        }
        for s in score_worksheet(ws)
    ]
    assert got == expected["hypotheses"]


def test_stirparo_evidence_measures(stirparo):
    ws, expected = stirparo
    got = [
        {"id": m.evidence_id, "diagnosticity": m.diagnosticity, "score_neutral": m.score_neutral}
        for m in evidence_measures(ws)
    ]
    assert got == expected["evidence"]


def test_stirparo_sensitivity(stirparo):
    ws, expected = stirparo
    s = analyse_sensitivity(ws)
    got = {
        "leaders": list(s.leaders),
        "margin": s.margin,
        "linchpins": list(s.linchpins),
        "items": [
            {
                "evidence": i.evidence_id,
                "without": i.without,
                "doubted": i.doubted,
                "reversed": i.reversed,
            }
            for i in s.items
        ],
    }
    assert got == expected["sensitivity"]


def test_consensus_reference_cases(reference_dir):
    cases = json.loads((reference_dir / "consensus-cases.json").read_text())["cases"]
    assert len(cases) >= 10
    for case in cases:
        result = consensus_of(Rating(code) for code in case["ratings"])
        assert (result.rating, result.disagreement) == (
            Rating(case["consensus"]),
            case["disagreement"],
        ), case
