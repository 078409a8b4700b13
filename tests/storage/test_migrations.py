"""Schema versions: the released fixture opens, and the step runner upgrades working copies only."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection

from app.storage.achw import migrations
from app.storage.achw.migrations import MigrationError, Registry, read_master
from app.storage.achw.validate import validate_copy
from app.storage.achw.worksheet_file import WorksheetFile, read_worksheet, write_worksheet
from tests.fixtures.make_fixtures import fixture_worksheet
from tests.storage.conftest import FIXTURES

# The step runner is tested with two made-up versions after the current one (C):
# C + 1 adds a table, C + 2 an index; the tests start from the current fixture.
REAL = migrations.REGISTRY
C = REAL.current
CURRENT = REAL.schemas[C]
LATEST = FIXTURES / f"worksheet-v{C}.achw"
NEXT_EXTRA = "CREATE TABLE tags (evidence_id TEXT NOT NULL, tag TEXT NOT NULL)"
AFTER_EXTRA = "CREATE INDEX tags_by_tag ON tags (tag)"


def _to_next(conn: Connection) -> None:
    conn.exec_driver_sql(NEXT_EXTRA)
    conn.exec_driver_sql("INSERT INTO tags SELECT id, 'migrated' FROM evidence")


def _to_after(conn: Connection) -> None:
    conn.exec_driver_sql(AFTER_EXTRA)


def _next_only() -> Registry:
    return Registry(
        schemas={**REAL.schemas, C + 1: (*CURRENT, NEXT_EXTRA)},
        steps={**REAL.steps, C: _to_next},
    )


def _registry(**steps) -> Registry:  # type: ignore[no-untyped-def]
    return Registry(
        schemas={
            **REAL.schemas,
            C + 1: (*CURRENT, NEXT_EXTRA),
            C + 2: (*CURRENT, NEXT_EXTRA, AFTER_EXTRA),
        },
        steps={**REAL.steps, C: steps.get("one", _to_next), C + 1: steps.get("two", _to_after)},
    )


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("version", sorted(migrations.REGISTRY.schemas))
def test_released_fixture_opens_and_equals_a_fresh_file(version: int, tmp_path: Path) -> None:
    fixture = FIXTURES / f"worksheet-v{version}.achw"
    assert fixture.is_file(), "every released schema version keeps its fixture file"
    fresh = tmp_path / "fresh.achw"
    write_worksheet(fixture_worksheet(version), fresh)
    with WorksheetFile.open(fixture, read_only=True) as wf:
        assert wf.worksheet == fixture_worksheet(version)
        assert wf.worksheet == read_worksheet(fresh)
        conn = sqlite3.connect(wf.working_copy)
        migrated = set(read_master(conn))
        conn.close()
    conn = sqlite3.connect(fresh)
    assert migrated == set(read_master(conn))
    conn.close()


def test_fixture_is_exactly_schema_v1() -> None:
    conn = sqlite3.connect(FIXTURES / "worksheet-v1.achw")
    try:
        assert set(read_master(conn)) == migrations.REGISTRY.expected_master(1)
    finally:
        conn.close()


def test_steps_run_in_order_each_with_its_version(tmp_path: Path) -> None:
    copy = tmp_path / "copy.achw"
    shutil.copyfile(FIXTURES / "worksheet-v1.achw", copy)
    registry = _registry()
    db, version = validate_copy(copy, shown=copy, registry=registry)
    try:
        assert version == 1
        assert migrations.upgrade(db, version, registry) == C + 2
        assert set(read_master(db.raw)) == registry.expected_master(C + 2)
        tags = db.raw.execute("SELECT count(*) FROM tags WHERE tag = 'migrated'").fetchone()
        assert tags == (3,)
    finally:
        db.close()
    assert _user_version(copy) == C + 2


def test_a_failing_step_leaves_the_previous_version_intact(tmp_path: Path) -> None:
    def broken(conn: Connection) -> None:
        conn.exec_driver_sql(AFTER_EXTRA)
        conn.exec_driver_sql("DELETE FROM evidence")
        raise RuntimeError("step bug")

    copy = tmp_path / "copy.achw"
    shutil.copyfile(LATEST, copy)
    registry = _registry(two=broken)
    db, version = validate_copy(copy, shown=copy, registry=registry)
    try:
        with pytest.raises(RuntimeError, match="step bug"):
            migrations.upgrade(db, version, registry)
        # step C -> C+1 committed with its bump; step C+1 -> C+2 rolled back entirely
        assert set(read_master(db.raw)) == registry.expected_master(C + 1)
        assert db.raw.execute("SELECT count(*) FROM evidence").fetchone() == (3,)
        assert db.raw.execute("PRAGMA foreign_keys").fetchone() == (1,)
    finally:
        db.close()
    assert _user_version(copy) == C + 1


def test_a_step_that_breaks_references_is_refused(tmp_path: Path) -> None:
    def dangling(conn: Connection) -> None:
        conn.exec_driver_sql(NEXT_EXTRA)
        conn.exec_driver_sql("DELETE FROM hypotheses WHERE id = 'H1'")  # cells now dangle

    copy = tmp_path / "copy.achw"
    shutil.copyfile(LATEST, copy)
    registry = _registry(one=dangling)
    db, version = validate_copy(copy, shown=copy, registry=registry)
    try:
        with pytest.raises(MigrationError, match="broke references"):
            migrations.upgrade(db, version, registry)
    finally:
        db.close()
    assert _user_version(copy) == C


def test_missing_step_is_a_bug(tmp_path: Path) -> None:
    copy = tmp_path / "copy.achw"
    shutil.copyfile(FIXTURES / "worksheet-v1.achw", copy)
    registry = Registry(schemas=_next_only().schemas, steps={})
    db, version = validate_copy(copy, shown=copy, registry=registry)
    try:
        with pytest.raises(MigrationError, match="no step from schema version 1"):
            migrations.upgrade(db, version, registry)
    finally:
        db.close()


def test_open_upgrades_the_working_copy_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = tmp_path / "old.achw"
    shutil.copyfile(FIXTURES / "worksheet-v1.achw", original)
    before = original.read_bytes()
    registry = _registry()
    monkeypatch.setattr(migrations, "REGISTRY", registry)
    with WorksheetFile.open(original) as wf:
        assert wf.worksheet == fixture_worksheet(1)
        assert _user_version(wf.working_copy) == C + 2
        assert original.read_bytes() == before  # untouched until saved
        assert not wf.is_modified
        wf.save()
    assert _user_version(original) == C + 2
    conn = sqlite3.connect(original)
    assert set(read_master(conn)) == registry.expected_master(C + 2)
    conn.close()
    assert read_worksheet(original) == fixture_worksheet(1)


def test_a_file_newer_than_the_registry_is_refused_by_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of version C + 2, opened by a program that knows only up to C + 1."""
    original = tmp_path / "new.achw"
    shutil.copyfile(FIXTURES / "worksheet-v1.achw", original)
    monkeypatch.setattr(migrations, "REGISTRY", _registry())
    with WorksheetFile.open(original) as wf:
        wf.save()
    monkeypatch.setattr(
        migrations,
        "REGISTRY",
        _next_only(),
    )
    from app.storage.errors import NewerVersionError

    with pytest.raises(NewerVersionError, match=f"format {C + 2}"):
        read_worksheet(original)
