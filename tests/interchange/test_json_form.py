"""The JSON form: reading, writing, and every refusal with the exact place it names."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.domain.model import (
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)
from app.interchange.json_form import worksheet_from_json, worksheet_to_json
from app.interchange.text_input import InterchangeError
from app.storage import limits
from app.storage.errors import WorksheetError

SRC = "in.json"


def base() -> dict[str, Any]:
    return {
        "format": "ach-worksheet",
        "version": 1,
        "title": "Test",
        "hypotheses": [{"id": "H1", "title": "one"}, {"id": "H2", "title": "two"}],
        "evidence": [
            {"id": "E1", "title": "first"},
            {"id": "E2", "title": "second", "date": "2023-11-09"},
            {"id": "E3", "title": "third"},
            {"id": "E4", "title": "fourth", "credibility": "low"},
        ],
        "ratings": [
            {"evidence": "E1", "hypothesis": "H1", "rating": "C"},
            {"evidence": "E1", "hypothesis": "H2", "rating": "II", "note": "why"},
        ],
        "milestones": [{"id": "M1", "hypothesis": "H1", "text": "watch", "status": "open"}],
    }


def read(doc: object) -> Worksheet:
    return worksheet_from_json(json.dumps(doc, ensure_ascii=False), source=SRC)


def refusal(doc_or_text: object) -> str:
    text = doc_or_text if isinstance(doc_or_text, str | bytes) else json.dumps(doc_or_text)
    with pytest.raises(InterchangeError) as info:
        worksheet_from_json(text, source=SRC)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message
    return message[:-1]


# -- reading ------------------------------------------------------------------


def test_reference_sample_reads_with_its_ids(reference_dir: Path) -> None:
    data = (reference_dir / "stirparo-v06.json").read_bytes()
    ws = worksheet_from_json(data, source="stirparo-v06.json")
    assert [h.id for h in ws.hypotheses] == ["H1", "H2", "H3"]
    assert [e.id for e in ws.evidence] == ["E1", "E2", "E3", "E4"]
    assert ws.evidence[0].credibility is Level.LOW and ws.evidence[0].relevance is Level.HIGH
    assert ws.rating("E1", "H1") is Rating.II
    assert ws.rating("E4", "H3") is Rating.C
    assert len(ws.cells) == 12


def test_defaults_of_optional_fields() -> None:
    ws = read(base())
    e = ws.evidence[0]
    assert (e.description, e.source, e.link, e.date, e.type) == ("", "", "", "", "")
    assert e.credibility is Level.MEDIUM and e.relevance is Level.MEDIUM
    assert e.excluded is False and e.flags == frozenset()
    assert ws.question == ws.analyst == ws.classification == ws.conclusions == ""
    assert ws.cell("E1", "H2") == Cell(Rating.II, "why")
    assert ws.milestones[0].hypothesis_id == "H1"
    assert ws.milestones[0].status is MilestoneStatus.OPEN
    assert ws.milestones[0].id == "M1"
    doc = base()
    del doc["milestones"][0]["id"]
    assert read(doc).milestones[0].id  # a new id when the file gives none


def test_only_required_fields() -> None:
    ws = read(
        {
            "format": "ach-worksheet",
            "version": 1,
            "hypotheses": [{"id": "a", "title": "A"}],
            "evidence": [{"id": "b", "title": "B"}],
        }
    )
    assert ws.title == "" and ws.cells == {} and ws.milestones == []


def test_null_means_absent_for_optional_fields() -> None:
    doc = base()
    doc["question"] = None
    doc["ratings"] = None
    doc["evidence"][0].update(credibility=None, excluded=None, flags=None, date=None)
    doc["milestones"][0].update(hypothesis=None, status=None, id=None)
    ws = read(doc)
    assert ws.question == "" and ws.cells == {}
    assert ws.evidence[0].credibility is Level.MEDIUM and ws.evidence[0].date == ""
    assert ws.milestones[0].hypothesis_id is None


def test_unknown_keys_are_ignored_at_every_level() -> None:
    doc = base()
    doc["generator"] = "some other tool"
    doc["hypotheses"][0]["colour"] = "red"
    doc["evidence"][0]["x-extra"] = {"nested": [1, 2]}
    doc["ratings"][0]["confidence"] = 3
    doc["milestones"][0]["due"] = "2024-01-01"
    assert read(doc) == read(base())


def test_note_only_cell_and_blank_entries() -> None:
    doc = base()
    doc["ratings"] = [
        {"evidence": "E2", "hypothesis": "H1", "rating": "", "note": "ask the source"},
        {"evidence": "E2", "hypothesis": "H2", "note": "no rating key"},
        {"evidence": "E3", "hypothesis": "H1", "rating": ""},  # blank, no note: nothing
    ]
    ws = read(doc)
    assert ws.cells == {
        ("E2", "H1"): Cell(None, "ask the source"),
        ("E2", "H2"): Cell(None, "no rating key"),
    }
    out = json.loads(worksheet_to_json(ws))
    assert out["ratings"] == [
        {"evidence": "E2", "hypothesis": "H1", "rating": "", "note": "ask the source"},
        {"evidence": "E2", "hypothesis": "H2", "rating": "", "note": "no rating key"},
    ]


def test_byte_order_mark_is_accepted() -> None:
    text = json.dumps(base())
    assert worksheet_from_json(b"\xef\xbb\xbf" + text.encode(), source=SRC) == read(base())
    assert worksheet_from_json("\ufeff" + text, source=SRC) == read(base())


def test_every_script_survives_a_round_trip() -> None:
    doc = base()
    doc["title"] = "Поставки снарядов — 포탄 수출"
    doc["hypotheses"][0]["title"] = "Экспорт в Россию"
    doc["hypotheses"][1]["description"] = "국내 비축"
    doc["evidence"][0]["source"] = "Daily NK (데일리NK), «Дипломат»"
    doc["ratings"][1]["note"] = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the BMP, and a tab\tand\nnew line"
    ws = read(doc)
    text = worksheet_to_json(ws)
    assert "Экспорт в Россию" in text and "국내 비축" in text  # not \u-escaped
    assert worksheet_from_json(text.encode("utf-8"), source="out.json") == ws


# -- writing ------------------------------------------------------------------


def full_worksheet() -> Worksheet:
    h1, h2 = Hypothesis("Export", "to Russia", id="H1"), Hypothesis("Stockpile", id="H2")
    e1 = Evidence(
        "Moisture-proofing omitted",
        description="d",
        source="Daily NK",
        link="https://example.org/a?b=c",
        date="2023-11-09",
        type="HUMINT",
        credibility=Level.HIGH,
        relevance=Level.LOW,
        excluded=True,
        flags=frozenset({"single-source", "possible-deception"}),
        id="E1",
    )
    e2 = Evidence("Denial", id="E2")
    ws = Worksheet(
        title="T",
        question="Q",
        analyst="A",
        classification="UNCLASSIFIED",
        conclusions="C",
        hypotheses=[h1, h2],
        evidence=[e1, e2],
        milestones=[
            Milestone("rail traffic", "H1", MilestoneStatus.OBSERVED, id="M1"),
            Milestone("no hypothesis", None, MilestoneStatus.NOT_OBSERVED, id="M2"),
        ],
    )
    ws.set_cell("E2", "H2", Cell(Rating.NA))
    ws.set_cell("E1", "H2", Cell(Rating.CC, "n"))
    ws.set_cell("E1", "H1", Cell(None, "only a note"))
    return ws


def test_export_layout_is_stable_and_complete() -> None:
    ws = full_worksheet()
    text = worksheet_to_json(ws)
    assert text == worksheet_to_json(ws)
    assert text.endswith("}\n") and text.startswith('{\n  "format": "ach-worksheet",\n')
    doc = json.loads(text)
    assert list(doc) == [
        "format",
        "version",
        "title",
        "question",
        "analyst",
        "classification",
        "conclusions",
        "hypotheses",
        "evidence",
        "ratings",
        "milestones",
    ]
    assert doc["evidence"][0] == {
        "id": "E1",
        "title": "Moisture-proofing omitted",
        "description": "d",
        "source": "Daily NK",
        "link": "https://example.org/a?b=c",
        "date": "2023-11-09",
        "type": "HUMINT",
        "credibility": "high",
        "relevance": "low",
        "excluded": True,
        "flags": ["possible-deception", "single-source"],  # vocabulary order
    }
    # ratings in worksheet order (evidence, then hypothesis), whatever the dict order
    assert doc["ratings"] == [
        {"evidence": "E1", "hypothesis": "H1", "rating": "", "note": "only a note"},
        {"evidence": "E1", "hypothesis": "H2", "rating": "CC", "note": "n"},
        {"evidence": "E2", "hypothesis": "H2", "rating": "NA"},
    ]
    assert doc["milestones"] == [
        {"id": "M1", "hypothesis": "H1", "text": "rail traffic", "status": "observed"},
        {"id": "M2", "text": "no hypothesis", "status": "not-observed"},
    ]
    assert worksheet_from_json(text, source="x") == ws


def test_export_equals_the_standard_pretty_form() -> None:
    """The hand-written rating lines are plain JSON: same data as json.dumps would give."""
    ws = full_worksheet()
    text = worksheet_to_json(ws)
    assert json.loads(text) == json.loads(json.dumps(json.loads(text), indent=2))
    for line in text.splitlines():
        if '"evidence": "E' in line:
            json.loads(line.strip().rstrip(","))  # each rating line is one JSON object


def test_cells_of_unknown_items_are_not_written() -> None:
    ws = full_worksheet()
    ws.cells[("gone", "H1")] = Cell(Rating.C)
    assert '"gone"' not in worksheet_to_json(ws)


def test_sparse_and_dense_matrices_write_the_same_order() -> None:
    ws = Worksheet(
        hypotheses=[Hypothesis(str(i), id=f"H{i}") for i in range(40)],
        evidence=[Evidence(str(i), id=f"E{i}") for i in range(40)],
    )
    ws.set_cell("E5", "H3", Cell(Rating.I))
    ws.set_cell("E1", "H39", Cell(Rating.C))
    ws.set_cell("E1", "H2", Cell(Rating.N))
    doc = json.loads(worksheet_to_json(ws))  # sparse: sorted path
    assert [(r["evidence"], r["hypothesis"]) for r in doc["ratings"]] == [
        ("E1", "H2"),
        ("E1", "H39"),
        ("E5", "H3"),
    ]


def test_interchange_error_is_a_worksheet_error() -> None:
    with pytest.raises(WorksheetError):
        worksheet_from_json("[]", source=SRC)


# -- refusals -----------------------------------------------------------------


def _set(path: tuple[Any, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _append(key: str, entry: object) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc[key].append(entry)


LONG_TITLE = "x" * (limits.MAX_TITLE + 1)
LONG_TEXT = "y" * (limits.MAX_TEXT + 1)

REFUSALS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "unknown level",
        _set(("evidence", 3, "credibility"), "hgih"),
        'evidence[3].credibility: "hgih" is not low, medium or high',
    ),
    (
        "level in capitals",
        _set(("evidence", 0, "relevance"), "High"),
        'evidence[0].relevance: "High" is not low, medium or high',
    ),
    (
        "level of wrong type",
        _set(("evidence", 1, "relevance"), 3),
        "evidence[1].relevance: 3 is not low, medium or high",
    ),
    (
        "unknown rating",
        _set(("ratings", 1, "rating"), "CI"),
        'ratings[1].rating: "CI" is not one of CC, C, N, I, II, NA',
    ),
    (
        "rating in lower case",
        _set(("ratings", 0, "rating"), "cc"),
        'ratings[0].rating: "cc" is not one of CC, C, N, I, II, NA',
    ),
    (
        "rating as a number",
        _set(("ratings", 0, "rating"), 2),
        "ratings[0].rating: 2 is not one of CC, C, N, I, II, NA",
    ),
    (
        "unknown flag",
        _set(("evidence", 2, "flags"), ["retracted", "deception"]),
        'evidence[2].flags[1]: "deception" is not one of possible-deception, retracted, '
        "second-hand, official-statement, single-source, flagged",
    ),
    (
        "flags not a list",
        _set(("evidence", 2, "flags"), "retracted"),
        'evidence[2].flags must be a list, not text ("retracted")',
    ),
    (
        "unknown status",
        _set(("milestones", 0, "status"), "done"),
        'milestones[0].status: "done" is not open, observed or not-observed',
    ),
    (
        "title of wrong type",
        _set(("hypotheses", 1, "title"), 42),
        "hypotheses[1].title must be text, not a number (42)",
    ),
    (
        "excluded as text",
        _set(("evidence", 0, "excluded"), "yes"),
        'evidence[0].excluded must be true or false, not text ("yes")',
    ),
    (
        "excluded as number",
        _set(("evidence", 0, "excluded"), 1),
        "evidence[0].excluded must be true or false, not a number (1)",
    ),
    (
        "hypotheses not a list",
        _set(("hypotheses",), {"id": "H1"}),
        "hypotheses must be a list, not an object",
    ),
    (
        "evidence entry not an object",
        _set(("evidence", 2), "E3"),
        'evidence[2] must be an object, not text ("E3")',
    ),
    (
        "rating entry not an object",
        _set(("ratings", 1), None),
        "ratings[1] must be an object, not null",
    ),
    (
        "missing hypotheses",
        _delete(("hypotheses",)),
        "hypotheses is missing (the list may be empty, but it must be there)",
    ),
    (
        "missing evidence",
        _delete(("evidence",)),
        "evidence is missing (the list may be empty, but it must be there)",
    ),
    ("missing id", _delete(("evidence", 1, "id")), "evidence[1].id is missing"),
    (
        "empty id",
        _set(("hypotheses", 0, "id"), ""),
        "hypotheses[0].id is empty; every item needs an id",
    ),
    (
        "id a number",
        _set(("evidence", 0, "id"), 1),
        "evidence[0].id must be text, not a number (1)",
    ),
    ("missing title", _delete(("evidence", 2, "title")), "evidence[2].title is missing"),
    (
        "null title",
        _set(("hypotheses", 0, "title"), None),
        "hypotheses[0].title must be text, not null",
    ),
    (
        "duplicate evidence id",
        _set(("evidence", 3, "id"), "E2"),
        'evidence[3].id: "E2" is already the id of evidence[1]',
    ),
    (
        "duplicate hypothesis id",
        _set(("hypotheses", 1, "id"), "H1"),
        'hypotheses[1].id: "H1" is already the id of hypotheses[0]',
    ),
    (
        "duplicate milestone id",
        lambda doc: doc["milestones"].extend([{"id": "M", "text": "a"}, {"id": "M", "text": "b"}]),
        'milestones[2].id: "M" is already the id of milestones[1]',
    ),
    (
        "rating of unknown evidence",
        _set(("ratings", 1, "evidence"), "E9"),
        'ratings[1].evidence: "E9" is not the id of an evidence item',
    ),
    (
        "rating of unknown hypothesis",
        _set(("ratings", 0, "hypothesis"), "H7"),
        'ratings[0].hypothesis: "H7" is not the id of a hypothesis',
    ),
    (
        "rating naming a hypothesis as evidence",
        _set(("ratings", 0, "evidence"), "H1"),
        'ratings[0].evidence: "H1" is not the id of an evidence item',
    ),
    (
        "rating without evidence",
        _delete(("ratings", 0, "evidence")),
        "ratings[0].evidence is missing",
    ),
    (
        "rating with evidence of wrong type",
        _set(("ratings", 0, "hypothesis"), ["H1"]),
        "ratings[0].hypothesis must be text, not a list",
    ),
    (
        "milestone of unknown hypothesis",
        _set(("milestones", 0, "hypothesis"), "H3"),
        'milestones[0].hypothesis: "H3" is not the id of a hypothesis',
    ),
    (
        "duplicate cell",
        _append("ratings", {"evidence": "E1", "hypothesis": "H2", "rating": "C"}),
        'ratings[2] rates evidence "E1" against hypothesis "H2" a second time '
        "(ratings[1] already does)",
    ),
    (
        "duplicate blank cell",
        lambda doc: doc["ratings"].extend(
            [{"evidence": "E3", "hypothesis": "H1"}, {"evidence": "E3", "hypothesis": "H1"}]
        ),
        'ratings[3] rates evidence "E3" against hypothesis "H1" a second time '
        "(ratings[2] already does)",
    ),
    (
        "impossible date",
        _set(("evidence", 1, "date"), "2023-13-40"),
        'evidence[1].date: "2023-13-40" is not a date (YYYY-MM-DD)',
    ),
    (
        "30 February",
        _set(("evidence", 1, "date"), "2023-02-30"),
        'evidence[1].date: "2023-02-30" is not a date (YYYY-MM-DD)',
    ),
    (
        "date with time",
        _set(("evidence", 1, "date"), "2023-11-09T10:00"),
        'evidence[1].date: "2023-11-09T10:00" is not a date (YYYY-MM-DD)',
    ),
    (
        "date in another order",
        _set(("evidence", 1, "date"), "09/11/2023"),
        'evidence[1].date: "09/11/2023" is not a date (YYYY-MM-DD)',
    ),
    (
        "date with non-ASCII digits",
        _set(("evidence", 1, "date"), "٢٠٢٣-11-09"),
        'evidence[1].date: "٢٠٢٣-11-09" is not a date (YYYY-MM-DD)',
    ),
    (
        "date as a number",
        _set(("evidence", 1, "date"), 20231109),
        "evidence[1].date must be text, not a number (20231109)",
    ),
    (
        "oversize title",
        _set(("evidence", 0, "title"), LONG_TITLE),
        f"evidence[0].title is {limits.MAX_TITLE + 1:,} characters long; "
        f"the limit is {limits.MAX_TITLE:,}",
    ),
    (
        "oversize worksheet title",
        _set(("title",), LONG_TITLE),
        f"title is {limits.MAX_TITLE + 1:,} characters long; the limit is {limits.MAX_TITLE:,}",
    ),
    (
        "oversize description",
        _set(("hypotheses", 1, "description"), LONG_TEXT),
        "hypotheses[1].description is 20,001 characters long; the limit is 20,000",
    ),
    (
        "oversize note",
        _set(("ratings", 1, "note"), LONG_TEXT),
        "ratings[1].note is 20,001 characters long; the limit is 20,000",
    ),
    (
        "oversize id",
        _set(("evidence", 0, "id"), "i" * (limits.MAX_ID + 1)),
        "evidence[0].id is 201 characters long; the limit is 200",
    ),
    (
        "control character",
        _set(("evidence", 0, "source"), "a\x1b[31mred"),
        "evidence[0].source contains the control character U+001B, which is not text",
    ),
    (
        "NUL character",
        _set(("question",), "a\x00b"),
        "question contains the control character U+0000, which is not text",
    ),
    (
        "format missing",
        _delete(("format",)),
        'format is missing, so this is not an ACH worksheet ("format": "ach-worksheet")',
    ),
    ("wrong format", _set(("format",), "ach"), 'format: "ach" is not "ach-worksheet"'),
    (
        "newer version",
        _set(("version",), 2),
        "version: 2 is newer than this program reads (version 1); "
        "the file was written by a newer ACH Workbench",
    ),
    ("version zero", _set(("version",), 0), "version: 0 is not a version of this form (1 is)"),
    ("version as text", _set(("version",), "1"), 'version must be a whole number, not text ("1")'),
    (
        "version as float",
        _set(("version",), 1.0),
        "version must be a whole number, not a number (1.0)",
    ),
    (
        "version as bool",
        _set(("version",), True),
        "version must be a whole number, not true or false",
    ),
    (
        "version missing",
        _delete(("version",)),
        "version is missing (this program reads version 1)",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "message"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS]
)
def test_refusal_names_the_place(mutate: Callable[[dict[str, Any]], None], message: str) -> None:
    doc = copy.deepcopy(base())
    mutate(doc)
    assert refusal(doc) == f"{SRC}: {message}"


def test_error_carries_source_place_and_problem() -> None:
    doc = base()
    doc["evidence"][3]["credibility"] = "hgih"
    with pytest.raises(InterchangeError) as info:
        read(doc)
    assert (info.value.source, info.value.place, info.value.problem) == (
        SRC,
        "evidence[3].credibility",
        '"hgih" is not low, medium or high',
    )


def test_lone_surrogate_is_refused() -> None:
    text = json.dumps(base()).replace('"first"', '"a\\ud800b"')
    assert refusal(text) == (
        f"{SRC}: evidence[0].title contains U+D800, half of a surrogate pair, "
        "which is not a character"
    )


def test_malformed_json_names_line_and_column() -> None:
    text = '{\n  "format": "ach-worksheet",\n  "version": 1\n  "hypotheses": []\n}'
    assert refusal(text) == f"{SRC}: line 4, column 3: not valid JSON (expecting ',' delimiter)"


def test_truncated_json() -> None:
    text = json.dumps(base(), indent=1)[:-40]
    assert refusal(text).startswith(f"{SRC}: line ")
    assert "not valid JSON" in refusal(text)


def test_empty_input() -> None:
    assert refusal("") == f"{SRC}: line 1, column 1: not valid JSON (expecting value)"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("[]", "a list"), ('"x"', 'text ("x")'), ("3", "a number (3)"), ("null", "null")],
)
def test_top_level_must_be_an_object(text: str, kind: str) -> None:
    assert refusal(text) == (
        f"{SRC} is not an ACH worksheet: its top level is {kind}, not an object"
    )


def test_duplicate_key_is_refused() -> None:
    text = '{"format": "ach-worksheet", "version": 1, "hypotheses": [], "evidence": [{"id": "a", "title": "x", "title": "y"}]}'  # noqa: E501
    assert refusal(text) == f'{SRC}: evidence[0]: the key "title" appears twice'


def test_duplicate_key_at_top_level() -> None:
    text = (
        '{"format": "ach-worksheet", "version": 1, "version": 2, "hypotheses": [], "evidence": []}'
    )
    assert refusal(text) == f'{SRC}: the top level: the key "version" appears twice'


def test_duplicate_key_in_a_rating() -> None:
    doc = base()
    text = json.dumps(doc).replace('"rating": "C"', '"rating": "C", "rating": "I"')
    assert refusal(text) == f'{SRC}: ratings[0]: the key "rating" appears twice'


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_numbers_are_refused(constant: str) -> None:
    text = json.dumps(base()).replace('"version": 1', f'"version": {constant}')
    assert refusal(text) == f"{SRC} holds {constant}, which is not a value this form uses"


def test_not_utf8() -> None:
    data = json.dumps(base(), indent=1).encode("utf-8").replace(b"first", b"f\xe9rst")
    assert refusal(data).startswith(f"{SRC}: line ")
    assert refusal(data).endswith(": byte 0xe9 is not UTF-8 text; save the file as UTF-8")


def test_deep_nesting_is_refused() -> None:
    text = "[" * 100_000 + "]" * 100_000
    assert refusal(text) == f"{SRC} is nested too deeply to be a worksheet"


def test_oversize_file_is_refused_before_parsing() -> None:
    data = b" " * (limits.MAX_FILE_BYTES + 1)
    mb = limits.MAX_FILE_BYTES // 1_000_000
    assert refusal(data) == f"{SRC} is {mb:,}.0 MB; the limit for an imported file is {mb} MB"


def test_too_many_hypotheses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_HYPOTHESES", 1)
    assert refusal(base()) == f"{SRC}: hypotheses has 2 entries; the limit is 1"


def test_too_many_evidence_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_EVIDENCE", 3)
    assert refusal(base()) == f"{SRC}: evidence has 4 entries; the limit is 3"
    monkeypatch.setattr(limits, "MAX_EVIDENCE", 0)
    doc = base()
    doc["evidence"] = doc["evidence"][:1]
    doc["ratings"] = []
    assert refusal(doc) == f"{SRC}: evidence has 1 entry; the limit is 0"


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    text = json.dumps(base(), ensure_ascii=False)
    assert worksheet_from_json(text.encode("utf-16"), source=SRC) == read(base())


def test_messages_read_as_sentences() -> None:
    # What the place is or must be reads on from it; a value is set off by a colon,
    # as in interchange.md (`evidence[3].credibility: "hgih" is not low, medium or high`).
    doc = base()
    doc["evidence"][0]["title"] = "t" * 501
    with pytest.raises(InterchangeError) as info:
        read(doc)
    assert str(info.value) == (
        f"{SRC}: evidence[0].title is 501 characters long; the limit is 500."
    )
    doc = base()
    doc["evidence"][3]["credibility"] = "hgih"
    with pytest.raises(InterchangeError) as info:
        read(doc)
    assert str(info.value) == f'{SRC}: evidence[3].credibility: "hgih" is not low, medium or high.'
    with pytest.raises(InterchangeError) as info:
        worksheet_from_json(b"", source="empty.json")
    assert str(info.value) == "empty.json: line 1, column 1: not valid JSON (expecting value)."


def test_first_problem_wins_in_document_order() -> None:
    doc = base()
    doc["evidence"][1]["date"] = "bad"
    doc["evidence"][3]["credibility"] = "bad"
    assert refusal(doc) == f'{SRC}: evidence[1].date: "bad" is not a date (YYYY-MM-DD)'


def test_long_values_are_shortened_in_messages() -> None:
    doc = base()
    doc["evidence"][0]["credibility"] = "h" * 300
    message = refusal(doc)
    assert len(message) < 150 and "…" in message


def test_number_too_long_to_read() -> None:
    text = json.dumps(base()).replace('"version": 1', '"version": ' + "9" * 5000)
    assert refusal(text) == (
        f"{SRC} holds a number too long to read, which is not a value this form uses"
    )


def test_huge_version_is_shown_short() -> None:
    doc = base()
    doc["version"] = 10**100
    assert refusal(doc) == (
        f"{SRC}: version: {'1' + '0' * 39}… is newer than this program reads (version 1); "
        "the file was written by a newer ACH Workbench"
    )
