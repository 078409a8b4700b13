"""The Admiralty grading: the suggested credibility, the codes, an item's reliability."""

from __future__ import annotations

import pytest

from app.domain.model import Evidence, Level, Worksheet
from app.domain.sources import (
    Citation,
    InfoCredibility,
    Reliability,
    Source,
    best_reliability,
    citation_of,
    grading_code,
    item_code,
    item_suggestion,
    suggested_credibility,
)


@pytest.mark.parametrize(
    ("reliability", "information", "level"),
    [
        ("A", "1", Level.HIGH),
        ("B", "2", Level.HIGH),
        ("C", "1", Level.HIGH),
        ("C", "2", Level.MEDIUM),
        ("B", "3", Level.MEDIUM),
        ("A", "4", Level.LOW),
        ("B", "5", Level.LOW),
        ("D", "1", Level.MEDIUM),
        ("D", "2", Level.LOW),
        ("E", "3", Level.LOW),
        ("F", "1", Level.MEDIUM),
        ("A", "6", Level.MEDIUM),
        ("F", "6", Level.MEDIUM),
        ("F", "4", Level.LOW),
    ],
)
def test_the_suggestion_follows_the_documented_table(
    reliability: str, information: str, level: Level
) -> None:
    assert suggested_credibility(reliability, information) is level


def test_what_cannot_be_judged_never_suggests_high() -> None:
    for code in InfoCredibility:
        assert suggested_credibility("F", code) is not Level.HIGH
    for grade in Reliability:
        assert suggested_credibility(grade, "6") is not Level.HIGH


def test_no_suggestion_without_both_codes() -> None:
    assert suggested_credibility("", "2") is None
    assert suggested_credibility("B", "") is None
    assert suggested_credibility("G", "2") is None


def test_codes_read_as_analysts_write_them() -> None:
    assert grading_code("B", "2") == "B2"
    assert grading_code("B", "") == "B-"
    assert grading_code("", "3") == "-3"
    assert grading_code("", "") == ""


def test_an_item_takes_the_most_reliable_of_its_graded_sources() -> None:
    assert best_reliability(["D", "B", ""]) == "B"
    assert best_reliability(["F", "E"]) == "E"
    assert best_reliability(["F", ""]) == "F"
    assert best_reliability(["", ""]) == ""


def test_an_items_code_and_suggestion_come_from_its_citations() -> None:
    wire = Source("Wire report", text="Shells were loaded at Rajin.", reliability="B")
    blog = Source("Blog", text="Nothing happened.", reliability="E")
    cite = citation_of(wire, 0, 6)
    assert cite == Citation(wire.id, 0, 6, "Shells")
    item = Evidence("Loading seen", info_credibility="2", citations=(cite, citation_of(blog, 0, 7)))
    ws = Worksheet(sources=[wire, blog], evidence=[item])
    assert item_code(ws, item) == "B2"
    assert item_suggestion(ws, item) is Level.HIGH
    assert item_suggestion(ws, Evidence("Ungraded")) is None


def test_a_citation_is_clipped_to_its_source() -> None:
    source = Source("Short", text="abc")
    assert citation_of(source, -5, 99) == Citation(source.id, 0, 3, "abc")
    assert citation_of(source, 2, 1).quote == ""
