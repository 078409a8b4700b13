"""Excel workbooks: importing a 5,000-item list and a 5,000 x 30 matrix, exporting
5,000 x 30, and refusing hostile workbooks.

Each run is ``ach-workbench`` in a process of its own (see bench_import_hostile.py:
the peak is the child's).  Prints, per run, the file's size, the seconds, the
peak memory and the exit status, then each hostile workbook's time as a ratio
of the ordinary matrix's import.
Run: .venv/bin/python bench/bench_excel.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import_hostile import MB, measure_command
from make_worksheet import worksheet_json

from app.interchange.xlsx_archive import MAX_CELLS
from tests.interchange.xlsx_files import MAIN, one_sheet, streamed_sheet, with_sheet_xml

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'.encode()
        for a, b in zip("abcdefg", "bcdefgh", strict=True)
    )
    + b"]>"
    + MAIN.split(b"?>", 1)[1]
    + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&h;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def evidence_list(items: int = 5_000) -> bytes:
    """A list as an analyst keeps one in Excel: a date cell, a paragraph of description."""
    text = "What the source said, and why it matters to the question. " * 4
    rows: list[list[object]] = [
        ["Title", "Description", "Source", "Date", "Type", "Credibility", "Relevance"]
    ]
    start = dt.datetime(2023, 1, 1)
    rows += [
        [f"Evidence item {i}", text, f"SRC-{i}", start + dt.timedelta(days=i % 900), "HUMINT",
         ("High", "Medium", "Low")[i % 3], ("Low", "Medium", "High")[i % 3]]
        for i in range(items)
    ]  # fmt: skip
    return one_sheet(rows, "Evidence list")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "ordinary.json"
        source.write_text(worksheet_json(5_000, 30), encoding="utf-8")
        matrix, out = folder / "matrix-5000x30.xlsx", folder / "out.achw"
        files = {
            "list-5000.xlsx": evidence_list(),
            "bomb-300MB.xlsx": streamed_sheet(
                MAIN + b"<sheetData>", b" " * 10_000, 30_000, b"</sheetData></worksheet>"
            ),
            # a million cells, in rows of ten
            "cells-1M.xlsx": streamed_sheet(
                MAIN + b'<sheetData><row r="1">',
                b'</row><row><c r="A1"/><c r="B1"/><c r="C1"/><c r="D1"/><c r="E1"/>'
                b'<c r="F1"/><c r="G1"/><c r="H1"/><c r="I1"/><c r="J1"/>',
                MAX_CELLS // 10 + 1,
                b"</row></sheetData></worksheet>",
            ),
            "laughs.xlsx": with_sheet_xml(LAUGHS),
        }
        runs: dict[str, tuple[int, float, int, int]] = {}
        seconds, peak, status = measure_command(
            "export", str(source), "--format", "xlsx", "-o", str(matrix)
        )
        runs["export 5000x30 to .xlsx"] = (matrix.stat().st_size, seconds, peak, status)
        seconds, peak, status = measure_command("import", str(matrix), "-o", str(out), "--force")
        runs["import matrix-5000x30.xlsx"] = (matrix.stat().st_size, seconds, peak, status)
        for name, data in files.items():
            path = folder / name
            path.write_bytes(data)
            seconds, peak, status = measure_command("import", str(path), "-o", str(out), "--force")
            runs[f"import {name}"] = (len(data), seconds, peak, status)
        print(f"{'run':<30}{'MB':>8}{'seconds':>9}{'peak MB':>9}{'exit':>6}")
        for name, (size, seconds, peak, status) in runs.items():
            print(f"{name:<30}{size / MB:>8.2f}{seconds:>9.2f}{peak / MB:>9.0f}{status:>6}")
        base = runs["import matrix-5000x30.xlsx"][1]
        for name in ("bomb-300MB.xlsx", "cells-1M.xlsx", "laughs.xlsx"):
            print(f"import {name:<23} time / matrix import: {runs[f'import {name}'][1] / base:.2f}")


if __name__ == "__main__":
    main()
