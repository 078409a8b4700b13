"""The command line chooses formats through the registry: ZIP containers are named, not
called binary data, and outputs go through the storage's one atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.helpers import STIRPARO, refused, run

ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30
EXCEL = "is not an Excel workbook: it is damaged or cut short"
# A ZIP archive named .achz reaches the PARC ACH reader, which knows PARC's container.
PARC = "is not a PARC ACH file: a .achz file is a gzip stream, and this is not one"


@pytest.mark.parametrize(("name", "sentence"), [("leads.xlsx", EXCEL), ("case.achz", PARC)])
def test_a_zip_named_xlsx_or_achz_reaches_its_reader_and_is_named(
    tmp_path: Path, name: str, sentence: str
) -> None:
    src = tmp_path / name
    src.write_bytes(ZIP)
    out = tmp_path / "out.achw"
    assert refused(run("import", src, "-o", out)) == f"{src} {sentence}"
    assert refused(run("score", src)) == f"{src} {sentence}"
    assert refused(run("export", src, "--format", "json", "-o", tmp_path / "o.json")) == (
        f"{src} {sentence}"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written


def test_into_reads_a_damaged_excel_workbook_and_says_so(tmp_path: Path) -> None:
    made = run("import", STIRPARO, "-o", tmp_path / "w.achw")
    assert made.returncode == 0, made.stderr
    src = tmp_path / "leads.xlsx"
    src.write_bytes(ZIP)
    assert refused(run("import", src, "--into", tmp_path / "w.achw")) == f"{src} {EXCEL}"


def test_a_list_named_csv_is_a_csv_list_whatever_it_starts_with(tmp_path: Path) -> None:
    src = tmp_path / "odd.csv"
    src.write_text("{title}\nBridge down\n", encoding="utf-8")
    assert refused(run("import", src, "-o", tmp_path / "o.achw")).startswith(f"{src}: ")
    assert refused(run("score", src)) == (
        f"{src} is neither a worksheet file (.achw), a worksheet in JSON form"
        ", a PARC ACH project (.achz) nor an Excel workbook (.xlsx)"
    )


def test_an_export_over_a_file_keeps_its_mode_and_leaves_nothing_beside_it(
    tmp_path: Path,
) -> None:
    out = tmp_path / "w.json"
    out.write_text("old")
    os.chmod(out, 0o600)
    done = run("export", STIRPARO, "--format", "json", "-o", out, "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["w.json"]
