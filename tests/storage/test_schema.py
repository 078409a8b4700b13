"""The file format: schema, header numbers, and faithful round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from app.domain.model import META_FIELDS, Cell, Evidence, Hypothesis, Milestone, Rating, Worksheet
from app.storage.achw import loader, migrations, rows
from app.storage.achw.connection import Database, connect_raw
from app.storage.achw.migrations import CURRENT_VERSION, REGISTRY, normalize_sql, read_master
from app.storage.achw.schema import metadata, worksheet_table
from app.storage.achw.worksheet_file import read_worksheet, write_worksheet
from app.storage.errors import TextRefusedError
from app.storage.stored import APPLICATION_ID
from tests.storage.conftest import stray_files


def test_application_id_spells_achw() -> None:
    assert APPLICATION_ID == 0x41434857 == int.from_bytes(b"ACHW", "big")


def test_models_create_current_schema() -> None:
    """The metadata and the frozen SQL of the current version agree exactly."""
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        made = set(read_master(raw))
    engine.dispose()
    assert made == set(REGISTRY.expected_master(CURRENT_VERSION))


def _frozen_create(table: str) -> str:
    """The frozen CREATE statement of ``table`` in the current version."""
    (statement,) = (
        s for s in REGISTRY.schemas[CURRENT_VERSION] if s.startswith(f"CREATE TABLE {table} (")
    )
    return statement


def test_metadata_compiles_for_postgresql() -> None:
    """The team server's tables: the file's own, without SQLite's storage option."""
    assert sorted(metadata.tables) == [
        "cells",
        "citations",
        "evidence",
        "hypotheses",
        "milestones",
        "sources",
        "worksheet",
    ]
    for table in metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
        # A source's compressed text: BLOB in SQLite is BYTEA in PostgreSQL.
        ddl = ddl.replace(" BYTEA ", " BLOB ")
        frozen = _frozen_create(table.name).replace(" WITHOUT ROWID", "")
        assert normalize_sql(ddl) == normalize_sql(frozen), table.name
        # No generated keys (the worksheet row is id 1, items have the domain's ids).
        assert "SERIAL" not in ddl.upper() and "IDENTITY" not in ddl.upper(), table.name
    cells = str(CreateTable(metadata.tables["cells"]).compile(dialect=postgresql.dialect()))
    assert "ROWID" not in cells.upper()
    assert "WITHOUT ROWID" in _frozen_create("cells")


def test_loader_reads_exactly_the_columns_of_the_metadata(saved: Path) -> None:
    """The fast plain-sqlite3 read path reads every column of every table, and nothing else."""
    read: set[tuple[str, str]] = set()

    def record(action: int, table: str | None, column: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ:
            assert table is not None and column is not None
            read.add((table, column))
        return sqlite3.SQLITE_OK

    raw = connect_raw(saved)
    try:
        raw.set_authorizer(record)
        loader.load(raw, saved)
    finally:
        raw.close()
    every = {(t.name, c.name) for t in metadata.tables.values() for c in t.columns}
    # Who wrote the file is no part of the worksheet: only validation reads it, to name
    # the program that made a file of a newer format.
    assert read == every - {("worksheet", "saved_by")}


def test_the_worksheet_fields_are_the_columns_of_its_row() -> None:
    """The one list of the worksheet's own fields (the loader's and the writer's) is the row's."""
    columns = tuple(c.name for c in worksheet_table.columns)
    assert columns == ("id", *META_FIELDS, "saved_by")


def test_writers_give_every_column_of_the_metadata(sample: Worksheet) -> None:
    """A column added to the metadata and forgotten by a writer fails here, not in a file."""
    e, h, m = sample.evidence[0], sample.hypotheses[0], sample.milestones[0]
    given = {
        "worksheet": {"id", "saved_by", *rows.meta_params(sample)},
        "hypotheses": set(rows.hypothesis_params(h, 0)),
        "evidence": set(rows.evidence_params(e, 0)),
        "cells": set(rows.cell_params(e.id, h.id, Cell(Rating.C))),
        "milestones": set(rows.milestone_params(m, 0)),
        "sources": set(rows.source_params(sample.sources[0], 0)),
        "citations": set(rows.citation_params(e)[0]),
    }
    assert given == {name: {c.name for c in t.columns} for name, t in metadata.tables.items()}


def test_normalize_sql_ignores_only_whitespace() -> None:
    a = migrations.normalize_sql("CREATE TABLE t (\n\ta TEXT NOT NULL, \n\tb INTEGER\n)")
    b = migrations.normalize_sql("CREATE TABLE t (a TEXT NOT NULL,b INTEGER)")
    c = migrations.normalize_sql("CREATE TABLE t (a TEXT NOT NULL,b INTEGER,c)")
    assert a == b != c


def test_written_file_header(saved: Path) -> None:
    head = saved.read_bytes()[:100]
    assert head.startswith(b"SQLite format 3\x00")
    assert head[68:72] == b"ACHW"
    assert int.from_bytes(head[60:64], "big") == CURRENT_VERSION
    assert head[18:20] == b"\x01\x01"  # rollback journal, not WAL
    conn = sqlite3.connect(saved)
    try:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
    finally:
        conn.close()


def test_connections_are_defensive(saved: Path) -> None:
    with Database.open(saved) as db:
        pragma = lambda name: db.raw.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("trusted_schema") == 0
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("cell_size_check") == 1
        assert pragma("mmap_size") == 0
        assert pragma("synchronous") == 2  # FULL


def test_round_trip_keeps_every_field(saved: Path, sample: Worksheet) -> None:
    assert read_worksheet(saved) == sample


def test_round_trip_keeps_text_exactly(tmp_path: Path) -> None:
    texts = [
        "Latin ÅçÉñ",
        "Кириллица",
        "한국어 텍스트",
        "العربية",
        "emoji 🧭🏳️‍🌈",
        "e\u0301 combining",
        "  leading and trailing spaces  ",
        "line\nbreaks\r\nand\ttabs",
        "'quotes\" and ; DROP TABLE evidence; --",
        "=1+1",
    ]
    ws = Worksheet(title=texts[0], question=texts[1], analyst=texts[2], conclusions=texts[3])
    ws.hypotheses = [Hypothesis(t, t) for t in texts]
    ws.evidence = [Evidence(t, t, t, t, type=t) for t in texts]
    for e, h in zip(ws.evidence, ws.hypotheses, strict=True):
        ws.set_cell(e.id, h.id, Cell(Rating.C, e.title))
    ws.milestones = [Milestone(t) for t in texts]
    path = tmp_path / "text.achw"
    write_worksheet(ws, path)
    assert read_worksheet(path) == ws


# Any text a worksheet may hold: no control characters but tab and line breaks, no lone
# surrogates (those are refused, see tests/storage/test_hostile_content.py).
_chars = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")
_text = st.text(_chars, max_size=30)
_ids = st.text(_chars, min_size=1, max_size=12)


@st.composite
def worksheets(draw: st.DrawFn) -> Worksheet:
    ws = Worksheet(title=draw(_text), question=draw(_text), conclusions=draw(_text))
    hyp_ids = draw(st.lists(_ids, max_size=4, unique=True))
    ev_ids = draw(st.lists(_ids, max_size=4, unique=True))
    ws.hypotheses = [Hypothesis(draw(_text), draw(_text), id=i) for i in hyp_ids]
    ws.evidence = [
        Evidence(draw(_text), source=draw(_text), excluded=draw(st.booleans()), id=i)
        for i in ev_ids
    ]
    for e in ev_ids:
        for h in hyp_ids:
            cell = Cell(draw(st.none() | st.sampled_from(list(Rating))), draw(_text))
            ws.set_cell(e, h, cell)
    ws.milestones = [Milestone(draw(_text), draw(st.sampled_from([None, *hyp_ids])))]
    return ws


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ws=worksheets())
def test_round_trip_property(tmp_path: Path, ws: Worksheet) -> None:
    path = tmp_path / "prop.achw"
    path.unlink(missing_ok=True)
    write_worksheet(ws, path)
    assert read_worksheet(path) == ws


@pytest.mark.parametrize(
    "spoil",
    [
        lambda ws: setattr(ws.evidence[0], "date", "2023-13-01"),
        lambda ws: setattr(ws.evidence[0], "date", "9 Nov 2023"),
        lambda ws: setattr(ws.evidence[0], "credibility", "hgih"),
        lambda ws: setattr(ws.evidence[0], "flags", frozenset({"nonsense"})),
        lambda ws: setattr(ws.hypotheses[0], "title", None),
        lambda ws: setattr(ws.hypotheses[1], "id", ws.hypotheses[0].id),
        lambda ws: setattr(ws.milestones[0], "hypothesis_id", "no-such-hypothesis"),
        lambda ws: setattr(ws.milestones[0], "status", "done"),
        lambda ws: ws.cells.__setitem__(("E1", "H1"), Cell("X")),  # type: ignore[arg-type]
        lambda ws: ws.cells.__setitem__(("E9", "H1"), Cell(Rating.C)),
        lambda ws: setattr(ws, "title", "lone surrogate \udc80"),
    ],
    ids=[
        "bad-date",
        "not-iso-date",
        "bad-level",
        "unknown-flag",
        "title-not-text",
        "duplicate-id",
        "milestone-dangling",
        "bad-status",
        "bad-rating",
        "cell-dangling",
        "surrogate",
    ],
)
def test_write_refuses_an_inconsistent_model(tmp_path: Path, sample: Worksheet, spoil) -> None:
    spoil(sample)
    path = tmp_path / "bad.achw"
    # A bad model is a bug (ValueError); text the analyst could type is refused in a sentence.
    with pytest.raises((ValueError, TextRefusedError)):
        write_worksheet(sample, path)
    assert list(tmp_path.iterdir()) == []


def test_write_worksheet_failure_leaves_nothing(
    tmp_path: Path, sample: Worksheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage.achw import rows

    real = rows.insert_all

    def half_then_fail(conn, ws, saved_by):  # type: ignore[no-untyped-def]
        real(conn, ws, saved_by)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rows, "insert_all", half_then_fail)
    path = tmp_path / "out.achw"
    from app.storage.errors import WorksheetError

    with pytest.raises(WorksheetError, match=r"could not be written.*disk is full"):
        write_worksheet(sample, path)
    assert list(tmp_path.iterdir()) == []


def test_write_worksheet_replaces_an_existing_file(tmp_path: Path, sample: Worksheet) -> None:
    path = tmp_path / "out.achw"
    write_worksheet(Worksheet(title="old"), path)
    write_worksheet(sample, path)
    assert read_worksheet(path) == sample
    assert stray_files(tmp_path) == []
