"""Hostile CSV: refused in one sentence, in seconds, within a few times the file's memory.

Each file is real and goes through ``ach-workbench import`` in a process of
its own; the memory is that process's peak (``ru_maxrss``), measured by a
small parent process so that no other test's child counts.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.interchange import csv_form
from app.storage import limits
from tests.cli.helpers import refused, run
from tests.interchange.peak import PROGRAM, import_peak


def _refused_quickly(src: Path, out: Path, seconds: float = 60) -> str:
    start = time.monotonic()
    sentence = refused(run("import", src, "-o", out))
    # Generous for a shared machine: the refusal takes well under a second here.
    assert time.monotonic() - start < seconds
    assert not out.exists()
    return sentence


def test_a_file_of_blank_lines_is_refused_by_its_line_count(tmp_path: Path) -> None:
    src = tmp_path / "blank.csv"
    lines = csv_form.MAX_LINES + 10
    src.write_bytes(b"title\n" + b"\n" * lines + b"x\n")
    assert _refused_quickly(src, tmp_path / "out.achw") == (
        f"{src} has {lines + 2:,} lines, more than an evidence list of at most 100,000 items "
        f"can need ({csv_form.MAX_LINES:,}); it was not read"
    )


def test_rows_of_empty_cells_stop_at_the_row_limit(tmp_path: Path) -> None:
    # Within the line limit, but more rows than a spreadsheet holds: refused on the first past it.
    src = tmp_path / "commas.csv"
    src.write_bytes(b"title,source\n" + b",\r\n" * csv_form.MAX_ROWS + b"x,y\r\n")
    line = csv_form.MAX_ROWS + 1
    assert _refused_quickly(src, tmp_path / "out.achw") == (
        f"{src}: line {line} is past the limit of {csv_form.MAX_ROWS:,} rows, blank ones "
        "included (a spreadsheet's most); an evidence list holds at most 100,000 items"
    )


def test_a_header_of_millions_of_columns_costs_little_memory(tmp_path: Path) -> None:
    src = tmp_path / "wide.csv"
    columns = 10_000_000
    src.write_bytes(b"title" + b",ab" * (columns - 1) + b"\nx\n")
    peak, done = import_peak(src, tmp_path / "out.achw")
    assert refused(done) == (
        f"{src}: line 1 has {columns:,} columns in its header, more than a spreadsheet has "
        f"({csv_form.MAX_COLUMNS:,}); it was not read"
    )
    # The bytes and their text, and the program: parsing the header would take gigabytes.
    assert peak < 3 * src.stat().st_size + PROGRAM, f"{peak / 1e6:.0f} MB"


def test_a_row_of_millions_of_cells_costs_little_memory(tmp_path: Path) -> None:
    src = tmp_path / "long.csv"
    src.write_bytes(b"title\r\n" + b"ab," * 10_000_000 + b"\r\n")
    peak, done = import_peak(src, tmp_path / "out.achw")
    assert refused(done) == (
        f"{src}: line 2 is longer than {csv_form.MAX_LINE:,} characters, more than a row of "
        "an evidence list can be; it was not read"
    )
    assert peak < 3 * src.stat().st_size + PROGRAM, f"{peak / 1e6:.0f} MB"


def test_a_header_of_the_limit_and_long_sound_rows_still_read(tmp_path: Path) -> None:
    # What a spreadsheet saves: every column it has, most of them empty; rows at the text limits.
    src = tmp_path / "sheet.csv"
    tail = "," * (csv_form.MAX_COLUMNS - 3)
    description = '"' + 'say ""yes"", ' * (limits.MAX_TEXT // 11) + '"'
    rows = [f"title,description,source{tail}"] + [
        f"item {i},{description},{'s' * limits.MAX_SOURCE}{tail}" for i in range(3)
    ]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.achw"
    done = run("import", src, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.exists()


def test_the_exported_matrix_is_named_for_what_it_is(tmp_path: Path, reference_dir: Path) -> None:
    matrix = tmp_path / "matrix.csv"
    done = run("export", reference_dir / "stirparo-v06.json", "--format", "csv", "-o", matrix)
    assert done.returncode == 0, done.stderr
    assert refused(run("import", matrix, "-o", tmp_path / "out.achw")) == (
        f"{matrix} is a matrix exported for a spreadsheet, not an evidence list; to carry a "
        "worksheet over, export it in JSON form and import that"
    )
    assert not (tmp_path / "out.achw").exists()
