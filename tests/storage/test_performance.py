"""Cost that must not grow with the worksheet: single edits, and loading 150,000 cells."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from app.domain.model import Cell, Rating, Worksheet
from app.storage.achw import validate
from app.storage.achw.connection import connect_raw
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet, write_worksheet
from tests.storage.conftest import big_worksheet

Statement = tuple[str, int]  # SQL, number of parameter sets


@contextmanager
def recording() -> Iterator[list[Statement]]:
    """Every statement SQLAlchemy sends, with how many rows of parameters it carries."""
    seen: list[Statement] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, len(parameters) if executemany else 1))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.achw"
    write_worksheet(big_worksheet(5000, 30), path)
    return path


def _single_edits(wf: WorksheetFile) -> list[Statement]:
    ws = wf.worksheet
    e, h = ws.evidence[-1].id, ws.hypotheses[-1].id
    with recording() as seen:
        ws.set_cell(e, h, Cell(Rating.II, "changed"))
        wf.commit(Change(cells={(e, h)}))
        ws.set_cell(e, h, Cell())
        wf.commit(Change(cells={(e, h)}))
        ws.title = "retitled"
        wf.commit(Change(meta=True))
    return seen


def test_single_cell_commit_costs_the_same_on_any_size(tmp_path: Path, big_file: Path) -> None:
    small = tmp_path / "small.achw"
    write_worksheet(big_worksheet(3, 2), small)
    with WorksheetFile.open(small) as wf:
        on_small = _single_edits(wf)
    with WorksheetFile.open(big_file, read_only=False) as wf:
        on_big = _single_edits(wf)
    assert on_small == on_big
    assert sum(n for _sql, n in on_big) <= 9  # 3 x (BEGIN, one row, COMMIT-side nothing)


def test_editing_one_item_moves_nothing(big_file: Path) -> None:
    with WorksheetFile.open(big_file) as wf:
        item = wf.worksheet.evidence[2500]
        item.title = "edited"
        with recording() as seen:
            wf.commit(Change(evidence={item.id}))
    assert [n for _sql, n in seen if "evidence" in _sql and "citations" not in _sql] == [1]
    # and its citations are written again: one statement for the one item
    assert [n for _sql, n in seen if "citations" in _sql] == [1]


def test_loading_reads_each_table_once(big_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def traced(path: Path) -> sqlite3.Connection:
        raw = connect_raw(path)
        raw.set_trace_callback(seen.append)
        return raw

    monkeypatch.setattr(validate, "connect_raw", traced)
    ws = read_worksheet(big_file)
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    tables = sorted(sql.split(" FROM ")[1].split()[0] for sql in selects if " FROM " in sql)
    # sqlite_master once for the schema check; then each table once, with no query per row
    assert tables == [
        "cells",
        "citations",
        "evidence",
        "hypotheses",
        "milestones",
        "sources",
        "sqlite_master",
        "worksheet",
    ]
    assert len(ws.cells) == 150_000


def test_opening_a_worksheet_does_not_load_sqlalchemy(big_file: Path) -> None:
    """SQLAlchemy is a third of the window's start; it loads with the first edit instead."""
    script = (
        "import sys\n"
        "from app.storage.achw.worksheet_file import WorksheetFile\n"
        f"f = WorksheetFile.open({str(big_file)!r}, read_only=True)\n"
        "print(len(f.worksheet.cells), 'sqlalchemy' in sys.modules)\n"
        "f.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["150000", "False"]


def test_write_worksheet_inserts_in_bulk(tmp_path: Path) -> None:
    ws = big_worksheet(200, 10)
    with recording() as seen:
        write_worksheet(ws, tmp_path / "bulk.achw")
    inserts = [(sql, n) for sql, n in seen if sql.startswith("INSERT")]
    assert len(inserts) == 4  # worksheet, hypotheses, evidence, cells
    assert ("cells", 2000) in [(sql.split()[2], n) for sql, n in inserts]


def test_big_worksheet_round_trips(big_file: Path) -> None:
    ws: Worksheet = read_worksheet(big_file)
    assert ws == big_worksheet(5000, 30)
