"""Hostile JSON: its memory cost stays within a few times its size; what is exported reads back."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tracemalloc
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet
from app.interchange import json_census
from app.interchange.json_form import worksheet_from_json, worksheet_to_json
from app.interchange.text_input import InterchangeError
from app.storage import limits
from app.storage.achw.worksheet_file import read_worksheet, write_worksheet
from app.storage.errors import CorruptWorksheetError
from app.storage.json_size import exported_size
from tests.cli.helpers import REPO, refused, run
from tests.interchange.peak import PROGRAM, import_peak
from tests.storage.test_hostile_content import at_the_limits
from tests.storage.test_schema import worksheets

HEAD = '{"format": "ach-worksheet", "version": 1, "hypotheses": [], '


def _peak_memory(data: bytes) -> tuple[int, str]:
    """The peak of the memory Python allocates to read ``data`` (tracemalloc: a fact about
    the run, not a time), and the sentence that refused it."""
    tracemalloc.start()
    try:
        with pytest.raises(InterchangeError) as refused_by:
            worksheet_from_json(data, source="hostile.json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, str(refused_by.value)


SIZE = 30_000_000  # big enough that 20 times it (what parsing "{}" costs) would show


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda n: "[" + "{}," * n + "{}]", "JSON objects"),
        (lambda n: HEAD + '"evidence": [' + "{}," * n + "{}]}", "JSON objects"),
        (lambda n: HEAD + '"evidence": [{"id": "E", "flags": [' + "[]," * n + "[]]}]}", "lists"),
    ],
    ids=["top-level", "in-the-evidence", "lists-in-flags"],
)
def test_a_file_of_empty_objects_costs_a_few_times_its_size(tmp_path: Path, build, words) -> None:
    data = build(SIZE // 3).encode("ascii")
    peak, sentence = _peak_memory(data)
    assert sentence.startswith("hostile.json holds ") and words in sentence, sentence
    # The text, decoded; parsing would take 20 times the file's size.
    assert peak < 2 * len(data), f"{peak / 1e6:.0f} MB for a file of {len(data) / 1e6:.0f} MB"
    source = tmp_path / "hostile.json"
    source.write_bytes(data)
    sentence = refused(run("import", source, "-o", tmp_path / "out.achw"))
    assert "hostile.json holds " in sentence and words in sentence
    assert not (tmp_path / "out.achw").exists()


def test_brackets_inside_text_are_only_text() -> None:
    many = limits.MAX_JSON_OBJECTS // 10_000 + 1
    doc = {
        "format": "ach-worksheet",
        "version": 1,
        "hypotheses": [{"id": "H1", "title": "{"}],
        "evidence": [
            {"id": f"E{i}", "title": "[", "description": "{[" * 10_000} for i in range(many)
        ],
    }
    text = json.dumps(doc)
    assert text.count("{") > limits.MAX_JSON_OBJECTS  # the exact count is needed
    assert len(worksheet_from_json(text, source="x.json").evidence) == many


# -- what the program exports it reads back -------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ws=worksheets())
def test_exported_size_bounds_the_export_closely(ws: Worksheet) -> None:
    real = len(worksheet_to_json(ws).encode("utf-8"))
    entries = 1 + len(ws.cells) + len(ws.evidence) + len(ws.hypotheses) + len(ws.milestones)
    assert real <= exported_size(ws) <= real + 32 * entries + 160 * len(ws.evidence)  # flags


def test_exported_size_of_the_worksheet_at_the_text_limits() -> None:
    ws = at_the_limits()
    real = len(worksheet_to_json(ws).encode("utf-8"))
    assert real <= exported_size(ws) <= real + 1000


def test_the_largest_worksheet_the_limits_are_made_for_fits_the_import() -> None:
    """5,000 items by 100 hypotheses, all rated, UUID ids (the comment in limits.py)."""
    ws = Worksheet()
    ws.hypotheses = [Hypothesis(f"Hypothesis {j}", id=str(uuid.UUID(int=j))) for j in range(100)]
    ws.evidence = [
        Evidence(f"Item {i}", "A description. " * 60, id=str(uuid.UUID(int=10**6 + i)))
        for i in range(5000)
    ]
    cell = Cell(Rating.CC)
    ws.cells = {(e.id, h.id): cell for e in ws.evidence for h in ws.hypotheses}
    assert 64e6 < exported_size(ws) < limits.MAX_FILE_BYTES


def _worth(nbytes: int) -> Worksheet:
    """A worksheet whose JSON form is close to ``nbytes``: evidence items at the text limits."""
    ws = at_the_limits()
    one = exported_size(ws.__class__(evidence=[ws.evidence[0]])) - exported_size(Worksheet())
    while exported_size(ws) + one < nbytes:
        e = ws.evidence[0]
        ws.evidence.append(
            Evidence(e.title, e.description, e.source, e.link, id=f"{len(ws.evidence)}")
        )
    return ws


def test_a_worksheet_at_the_size_limit_exports_and_imports_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is 100 MB; the rule is the same at 3 MB and the test takes a second.
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 3_000_000)
    ws = _worth(3_000_000)
    path = tmp_path / "big.achw"
    write_worksheet(ws, path)
    loaded = read_worksheet(path)  # the loader accepts it ...
    text = worksheet_to_json(loaded)
    assert len(text.encode("utf-8")) <= limits.MAX_FILE_BYTES
    assert worksheet_from_json(text.encode("utf-8"), source="big.json") == ws  # ... and back


def test_a_worksheet_over_the_size_limit_is_refused_on_opening_and_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _worth(3_000_000)
    path = tmp_path / "big.achw"
    write_worksheet(ws, path)
    text = worksheet_to_json(ws)
    # Compact JSON, under the file limit, that would export over it (a file of another tool).
    compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    real = len(text.encode())
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", (real + len(compact.encode())) // 2)
    with pytest.raises(CorruptWorksheetError) as opened:
        read_worksheet(path)
    assert str(opened.value).startswith("“big.achw” is too large to exchange: its JSON form")
    with pytest.raises(InterchangeError, match=r"big\.json is too large to exchange"):
        worksheet_from_json(compact, source="big.json")


def test_the_command_line_refuses_a_file_over_the_limit_in_one_sentence(tmp_path: Path) -> None:
    source = tmp_path / "huge.json"
    source.write_bytes(b" " * (limits.MAX_FILE_BYTES + 1))
    sentence = refused(run("import", source, "-o", tmp_path / "out.achw"))
    assert "huge.json" in sentence and "100 MB" in sentence


# -- many small values: refused before parsing, within a few times the file's size ---------

_VALUES = 8_000_000  # some 40 MB of text; parsing it would take 16 times that


@pytest.mark.parametrize(
    "build",
    [
        lambda n: HEAD + '"evidence": [], "x": [' + '"ab",' * n + '"ab"]}',
        lambda n: HEAD + '"evidence": [], "x": [' + "1.5," * n + "1.5]}",
        lambda n: HEAD + '"evidence": [], "x": {' + '"k":"ab",' * (n // 2) + '"k":"ab"}}',
    ],
    ids=["short-strings", "floats", "one-huge-object"],
)
def test_a_file_of_short_values_costs_a_few_times_its_size(tmp_path: Path, build) -> None:
    source = tmp_path / "values.json"
    source.write_text(build(_VALUES), encoding="ascii")
    size = source.stat().st_size
    peak, done = import_peak(source, tmp_path / "out.achw")
    sentence = refused(done)
    budget = max(json_census.PARSE_BUDGET * size, json_census.PARSE_FLOOR) / 1e9
    assert sentence.startswith(f"{source} holds at least "), sentence
    assert sentence.endswith(
        f"JSON values in {size / 1e6:,.1f} MB, more than a worksheet of its size can hold "
        f"(reading them would take more than {budget:,.1f} GB of memory); it was not read"
    ), sentence
    # The bytes, their text, a copy without the strings and the pieces re.sub joins
    # (for millions of strings): some 5 times the size; parsing would take 16 times.
    assert peak < 6 * size + PROGRAM, f"{peak / 1e6:.0f} MB for a file of {size / 1e6:.0f} MB"
    assert not (tmp_path / "out.achw").exists()


def _dense() -> str:
    """Compact JSON, short ids, every cell of 5,000 x 100 rated: the most values per byte."""
    hyps = [{"id": f"H{h}", "title": "h"} for h in range(100)]
    items = [{"id": f"E{e}", "title": "e"} for e in range(5_000)]
    ratings = [
        {"evidence": e["id"], "hypothesis": h["id"], "rating": "C"} for e in items for h in hyps
    ]
    doc = {"format": "ach-worksheet", "version": 1, "hypotheses": hyps, "evidence": items}
    return json.dumps(doc | {"ratings": ratings}, separators=(",", ":"))


def test_the_densest_sound_worksheet_is_within_the_budget() -> None:
    text = _dense()
    assert len(text) * json_census.PARSE_BUDGET > json_census.PARSE_FLOOR  # the budget counts
    assert len(worksheet_from_json(text, source="dense.json").cells) == 500_000


def test_memory_running_out_is_said_of_the_file(tmp_path: Path) -> None:
    # A sound worksheet of 26 MB, read with 300 MB of address space: parsing it runs out.
    source = tmp_path / "big.json"
    source.write_text(_dense(), encoding="utf-8")
    limit = 300 << 20
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(source), "-o", str(tmp_path / "out.achw")],
        cwd=REPO,
        capture_output=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert refused(done) == f"{source} is too large to read in this machine's memory"
    assert not (tmp_path / "out.achw").exists()
