"""Excel workbooks on the command line: import, score, export --format xlsx, --into."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from tests.cli.helpers import REFERENCE, refused, run
from tests.interchange.test_xlsx_writer import without_milestones
from tests.interchange.xlsx_files import macro_enabled, one_sheet

MATRIX = [["Evidence", "Credibility", "Export", "Stockpile"], ["Denial", "Low", "I", "C"]]
LIST = [["title", "date", "source"], ["Rail surge", dt.datetime(2023, 9, 14), "KCNA"]]


def scores(result) -> dict[str, float]:
    assert result.returncode == 0, result.stderr
    hypotheses = json.loads(result.stdout)["hypotheses"]
    return {h["title"]: h["weighted_inconsistency"] for h in hypotheses}


def test_a_stirparo_template_imports_and_scores_as_the_reference(
    realdata_dir: Path, tmp_path: Path
) -> None:
    template = realdata_dir / "stirparo" / "ACH_template-v0.6.xlsx"
    expected = json.loads((REFERENCE / "stirparo-v06.expected.json").read_text("utf-8"))
    want = {h["title"]: h["weighted_inconsistency"] for h in expected["hypotheses"]}
    assert scores(run("score", template, "--json")) == want
    out = tmp_path / "stirparo.achw"
    done = run("import", template, "-o", out)
    assert done.returncode == 0, done.stderr
    assert scores(run("score", out, "--json")) == want
    assert read_worksheet(out).title == "ACH_template-v0.6"


def test_export_as_excel_and_import_it_again(tmp_path: Path) -> None:
    book = tmp_path / "dprk.xlsx"
    done = run("export", sample_worksheet(), "--format", "xlsx", "-o", book)
    assert done.returncode == 0, done.stderr
    assert book.read_bytes().startswith(b"PK\x03\x04")
    again = tmp_path / "again.achw"
    assert run("import", book, "-o", again).returncode == 0
    before, after = read_worksheet(sample_worksheet()), read_worksheet(again)
    # the workbook has no milestones and no sources (the JSON form has every field)
    assert after == without_milestones(before)


def test_an_excel_evidence_list_joins_a_worksheet(tmp_path: Path) -> None:
    target = tmp_path / "w.achw"
    matrix = tmp_path / "matrix.xlsx"
    matrix.write_bytes(one_sheet(MATRIX))
    assert run("import", matrix, "-o", target).returncode == 0
    leads = tmp_path / "leads.xlsx"
    leads.write_bytes(one_sheet(LIST))
    done = run("import", leads, "--into", target)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"Added 1 item from {leads} to {target}.\n"
    ws = read_worksheet(target)
    assert [(e.title, e.date, e.source) for e in ws.evidence] == [
        ("Denial", "", ""),
        ("Rail surge", "2023-09-14", "KCNA"),
    ]
    assert [h.title for h in ws.hypotheses] == ["Export", "Stockpile"]


def test_a_matrix_is_not_added_into_a_worksheet(tmp_path: Path) -> None:
    target = tmp_path / "w.achw"
    matrix = tmp_path / "matrix.xlsx"
    matrix.write_bytes(one_sheet(MATRIX))
    assert run("import", matrix, "-o", target).returncode == 0
    before = target.read_bytes()
    assert refused(run("import", matrix, "--into", target)) == (
        f"{matrix} holds a matrix of 2 hypotheses, not an evidence list; --into adds only an "
        "evidence list's items (import the matrix as a worksheet of its own with -o)"
    )
    assert target.read_bytes() == before


def test_a_macro_enabled_workbook_is_refused_and_nothing_written(tmp_path: Path) -> None:
    for name, data in (("m.xlsm", one_sheet(LIST)), ("m.xlsx", macro_enabled(one_sheet(LIST)))):
        source = tmp_path / name
        source.write_bytes(data)
        out = tmp_path / "out.achw"
        assert refused(run("import", source, "-o", out)) == (
            f"{source} is a macro-enabled workbook (.xlsm), which this program does not read; "
            "save it as an Excel Workbook (.xlsx) to import it"
        )
        assert not out.exists()


def test_a_workbook_of_100_mb_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as f:
        f.write(one_sheet(LIST))
        f.truncate(100_000_001)  # sparse: a hundred megabytes on paper
    assert os.path.getsize(big) > 100_000_000
    out = tmp_path / "out.achw"
    assert refused(run("import", big, "-o", out)) == (
        f"{big} is larger than 100 MB, the limit for an imported file"
    )
    assert not out.exists()
