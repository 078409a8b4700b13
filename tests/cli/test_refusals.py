"""Every refused input: exit 1, one sentence naming the file and the place, nothing written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.storage import limits
from tests.cli.helpers import refused, run, small_doc, write_json


def _mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    doc = copy.deepcopy(small_doc())
    change(doc)
    return doc


def _set_evidence(i: int, key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["evidence"][i].__setitem__(key, value)


JSON_REFUSALS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "wrong type",
        _set_evidence(1, "excluded", "no"),
        'evidence[1].excluded must be true or false, not text ("no")',
    ),
    (
        "unknown rating",
        lambda doc: doc["ratings"][3].__setitem__("rating", "VC"),
        'ratings[3].rating: "VC" is not one of CC, C, N, I, II, NA',
    ),
    (
        "unknown level",
        _set_evidence(2, "credibility", "hgih"),
        'evidence[2].credibility: "hgih" is not low, medium or high',
    ),
    (
        "duplicate id",
        _set_evidence(2, "id", "E1"),
        'evidence[2].id: "E1" is already the id of evidence[0]',
    ),
    (
        "dangling id",
        lambda doc: doc["ratings"][0].__setitem__("hypothesis", "H9"),
        'ratings[0].hypothesis: "H9" is not the id of a hypothesis',
    ),
    (
        "dangling milestone",
        lambda doc: doc["milestones"][0].__setitem__("hypothesis", "H3"),
        'milestones[0].hypothesis: "H3" is not the id of a hypothesis',
    ),
    (
        "bad date",
        _set_evidence(0, "date", "2023-13-40"),
        'evidence[0].date: "2023-13-40" is not a date (YYYY-MM-DD)',
    ),
    (
        "oversize text",
        _set_evidence(1, "description", "д" * 20_001),
        "evidence[1].description is 20,001 characters long; the limit is 20,000",
    ),
    (
        "newer version",
        lambda doc: doc.__setitem__("version", 7),
        "version: 7 is newer than this program reads (version 1); "
        "the file was written by a newer ACH Workbench",
    ),
    (
        "not a worksheet",
        lambda doc: doc.__setitem__("format", "something-else"),
        'format: "something-else" is not "ach-worksheet"',
    ),
]
IDS = [case[0] for case in JSON_REFUSALS]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in JSON_REFUSALS], ids=IDS)
def test_import_refuses_and_writes_nothing(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    src = write_json(tmp_path / "in.json", _mutated(change))
    out = tmp_path / "out.achw"
    assert refused(run("import", src, "-o", out)) == f"{src}: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]  # no output, no leftovers


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in JSON_REFUSALS], ids=IDS)
def test_score_and_export_refuse_the_same(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    src = write_json(tmp_path / "in.json", _mutated(change))
    assert refused(run("score", src, "--json")) == f"{src}: {message}"
    assert refused(run("check", src)) == f"{src}: {message}"
    out = tmp_path / "out.csv"
    assert refused(run("export", src, "--format", "csv", "-o", out)) == f"{src}: {message}"
    assert not out.exists()


def test_malformed_json(tmp_path: Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text('{"format": "ach-worksheet",\n "version": 1,\n "hypotheses": [}\n')
    message = refused(run("import", src, "-o", tmp_path / "out.achw"))
    assert message == f"{src}: line 3, column 17: not valid JSON (expecting value)"
    assert refused(run("score", src)) == message
    assert not (tmp_path / "out.achw").exists()


def test_json_cut_off_in_a_string_names_the_place(tmp_path: Path) -> None:
    src = tmp_path / "cut.json"
    src.write_text('{"format": "ach-worksheet", "title": "DPRK')
    assert refused(run("import", src, "-o", tmp_path / "out.achw")) == (
        f"{src}: line 1, column 38: not valid JSON (unterminated string starting at that place)"
    )


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ""),
        (
            b"PK\x03\x04\x14\x00\x06\x00",
            "; a spreadsheet is read as an Excel workbook (.xlsx) or a CSV file",
        ),
    ],
)
def test_binary_input_to_import_is_named_as_such(tmp_path: Path, content: bytes, hint: str) -> None:
    src = tmp_path / "evidence.dat"
    src.write_bytes(content)
    assert refused(run("import", src, "-o", tmp_path / "out.achw")) == (
        f"{src} is neither a worksheet in JSON form, a CSV evidence list"
        ", a PARC ACH project (.achz) nor an Excel workbook (.xlsx): "
        f"it holds binary data{hint}"
    )
    assert not (tmp_path / "out.achw").exists()


def test_json_that_is_not_a_worksheet(tmp_path: Path) -> None:
    src = write_json(tmp_path / "list.json", [1, 2, 3])
    assert refused(run("score", src)) == (
        f"{src} is not an ACH worksheet: its top level is a list, not an object"
    )


def test_utf16_evidence_list_is_text_not_binary_data(tmp_path: Path) -> None:
    # Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated.
    src = tmp_path / "evidence.txt"
    src.write_bytes("title\tsource\r\nМост рухнул\t연합뉴스\r\n".encode("utf-16"))
    out = tmp_path / "out.achw"
    result = run("import", src, "-o", out)
    assert result.returncode == 0, result.stderr
    exported = run("export", out, "--format", "json", "-o", "-")
    assert json.loads(exported.stdout)["evidence"][0]["source"] == "연합뉴스"
    doc = tmp_path / "worksheet.txt"
    doc.write_bytes(json.dumps(small_doc(), ensure_ascii=False).encode("utf-16"))
    assert run("score", doc).returncode == 0
    bare = tmp_path / "bare.csv"
    bare.write_bytes("title\nBridge down\n".encode("utf-16-le"))
    assert refused(run("import", bare, "-o", tmp_path / "bare.achw")) == (
        f"{bare} is UTF-16 text without a byte order mark, which this program does not read; "
        "save it as UTF-8"
    )


def test_binary_file_named_json(tmp_path: Path) -> None:
    src = tmp_path / "image.json"
    src.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert refused(run("import", src, "-o", tmp_path / "o.achw")) == (
        f"{src} is neither a worksheet in JSON form, a CSV evidence list"
        ", a PARC ACH project (.achz) nor an Excel workbook (.xlsx): it holds binary data"
    )
    assert refused(run("score", src)) == (
        f"{src} is neither a worksheet file (.achw), a worksheet in JSON form"
        ", a PARC ACH project (.achz) nor an Excel workbook (.xlsx): "
        "it holds binary data"
    )


def test_score_of_a_file_that_is_neither(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("just some notes\n")
    assert refused(run("score", src)) == (
        f"{src} is neither a worksheet file (.achw), a worksheet in JSON form"
        ", a PARC ACH project (.achz) nor an Excel workbook (.xlsx)"
    )


def test_missing_input(tmp_path: Path) -> None:
    src = tmp_path / "nowhere.json"
    assert refused(run("score", src)) == f"{src}: there is no such file"
    assert refused(run("import", src, "-o", tmp_path / "o.achw")) == f"{src}: there is no such file"
    assert not (tmp_path / "o.achw").exists()


def test_folder_as_input(tmp_path: Path) -> None:
    assert refused(run("score", tmp_path)) == f"{tmp_path} is a folder, not a file"


def test_output_in_a_missing_folder(tmp_path: Path) -> None:
    src = write_json(tmp_path / "in.json", small_doc())
    out = tmp_path / "no" / "such" / "out.achw"
    assert refused(run("import", src, "-o", out)) == (
        f"cannot write {out}: the folder {out.parent} does not exist"
    )


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    src = write_json(tmp_path / "in.json", small_doc())
    out = tmp_path / "out.achw"
    out.write_bytes(b"precious")
    assert (
        refused(run("import", src, "-o", out)) == f"{out} already exists; add --force to replace it"
    )
    assert out.read_bytes() == b"precious"


def test_failed_import_with_force_keeps_the_old_file(tmp_path: Path) -> None:
    src = write_json(tmp_path / "in.json", _mutated(_set_evidence(0, "date", "yesterday")))
    out = tmp_path / "out.achw"
    out.write_bytes(b"precious")
    refused(run("import", src, "-o", out, "--force"))
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.achw"]


def test_import_of_a_worksheet_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "already.achw"
    src.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert refused(run("import", src, "-o", tmp_path / "o.achw")) == (
        f"{src} is already a worksheet file; open it, or export it to JSON or CSV"
    )


def test_oversize_input_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    src = tmp_path / "huge.json"
    with src.open("wb") as f:
        f.truncate(limits.MAX_FILE_BYTES + 10_000_000)  # sparse: costs no disk
    assert refused(run("import", src, "-o", tmp_path / "o.achw")) == (
        f"{src} is larger than {limits.MAX_FILE_BYTES // 1_000_000} MB, "
        "the limit for an imported file"
    )


# -- CSV evidence lists ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title,date\nok,\nbad,2023-13-40\n",
            'line 3, column "date": "2023-13-40" is not a date (YYYY-MM-DD)',
        ),
        (
            "title,credibility\nx,hgih\n",
            'line 2, column "credibility": "hgih" is not low, medium or high',
        ),
        (
            "id,title\nA,x\nA,y\n",
            'line 3, column "id": "A" is already the id of the item on line 2',
        ),
        ("source,date\nx,\n", 'line 1: the header has no "title" column, which is required'),
        (
            "title\n" + "t" * 501 + "\n",
            'line 2, column "title" is 501 characters long; the limit is 500',
        ),
    ],
)
def test_csv_import_refusals(tmp_path: Path, text: str, message: str) -> None:
    src = tmp_path / "list.csv"
    src.write_text(text, encoding="utf-8")
    assert refused(run("import", src, "-o", tmp_path / "out.achw")) == f"{src}: {message}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_output_may_not_be_the_input(tmp_path: Path) -> None:
    src = write_json(tmp_path / "w.json", small_doc())
    before = src.read_bytes()
    message = refused(run("export", src, "--format", "csv", "-o", src, "--force"))
    assert message == f"{src} is the input itself; write the output to another file"
    assert src.read_bytes() == before
