"""The JSON form's optional sources and citations: written only when a worksheet has
them, read back exactly, and every bad value refused naming its place."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.interchange.json_form import worksheet_from_json, worksheet_to_json
from app.interchange.text_input import InterchangeError
from tests.fixtures.make_fixtures import ARTICLE, fixture_worksheet


def doc_with(**evidence: Any) -> dict[str, Any]:
    return {
        "format": "ach-worksheet",
        "version": 1,
        "hypotheses": [{"id": "H1", "title": "Export"}],
        "evidence": [{"id": "E1", "title": "Shells", **evidence}],
        "sources": [{"id": "S1", "title": "Article", "text": ARTICLE, "reliability": "B"}],
    }


def refusal(doc: dict[str, Any]) -> str:
    with pytest.raises(InterchangeError) as caught:
        worksheet_from_json(json.dumps(doc), source="w.json")
    return str(caught.value)


def test_sources_and_citations_round_trip() -> None:
    ws = fixture_worksheet()
    text = worksheet_to_json(ws)
    assert worksheet_from_json(text, source="w.json") == ws
    doc = json.loads(text)
    assert doc["evidence"][0]["citations"][0] == {
        "source": "S1",
        "start": 0,
        "end": 56,
        "quote": ARTICLE[:56],
    }
    assert doc["evidence"][0]["info_credibility"] == "3"


def test_a_worksheet_without_sources_exports_as_before() -> None:
    ws = fixture_worksheet(1)
    doc = json.loads(worksheet_to_json(ws))
    assert "sources" not in doc
    assert all(
        not {"citations", "info_credibility", "reported_date"} & set(e) for e in doc["evidence"]
    )


def test_a_file_without_the_new_fields_reads() -> None:
    doc = doc_with()
    del doc["sources"]
    ws = worksheet_from_json(json.dumps(doc), source="w.json")
    assert ws.sources == [] and ws.evidence[0].citations == ()


def test_a_quote_at_other_positions_is_found_by_its_words() -> None:
    # Another tool counting UTF-16 units puts the passage elsewhere; the words decide.
    quote = "탄약은 철도로"
    at = ARTICLE.index(quote)
    doc = doc_with(citations=[{"source": "S1", "start": at + 2, "end": at + 9, "quote": quote}])
    cite = worksheet_from_json(json.dumps(doc), source="w.json").evidence[0].citations[0]
    assert (cite.start, cite.end) == (at, at + len(quote))


@pytest.mark.parametrize(
    ("evidence", "sentence"),
    [
        (
            {"info_credibility": "7"},
            'w.json: evidence[0].info_credibility: "7" is not 1, 2, 3, 4, 5 or 6.',
        ),
        (
            {"reported_date": "2023-02-30"},
            'w.json: evidence[0].reported_date: "2023-02-30" is not a date (YYYY-MM-DD).',
        ),
        (
            {"citations": [{"source": "S9", "start": 0, "end": 3, "quote": "Nor"}]},
            'w.json: evidence[0].citations[0].source: "S9" is not the id of a source.',
        ),
        (
            {"citations": [{"source": "S1", "start": 0, "end": 10**6, "quote": "x"}]},
            "w.json: evidence[0].citations[0].end must be a position in the source's text "
            f"(0 to {len(ARTICLE)}), not a number (1000000).",
        ),
        (
            {"citations": [{"source": "S1", "start": 5, "end": 2, "quote": ""}]},
            "w.json: evidence[0].citations[0].end: 2 is before the start (5).",
        ),
        (
            {"citations": [{"source": "S1", "start": 0, "end": 5, "quote": "made up"}]},
            "w.json: evidence[0].citations[0].quote is not in its source's text, where it was "
            "quoted from.",
        ),
    ],
)
def test_a_bad_citation_or_grading_is_named(evidence: dict[str, Any], sentence: str) -> None:
    assert refusal(doc_with(**evidence)) == sentence


def test_a_bad_source_is_named() -> None:
    doc = doc_with()
    doc["sources"][0]["reliability"] = "G"
    assert refusal(doc) == 'w.json: sources[0].reliability: "G" is not A, B, C, D, E or F.'
    doc["sources"][0]["reliability"] = "B"
    doc["sources"][0]["kind"] = "exe"
    assert refusal(doc) == ('w.json: sources[0].kind: "exe" is not one of html, pdf, text, pasted.')
