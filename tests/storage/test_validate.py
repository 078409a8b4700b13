"""Every kind of file that is not a sound worksheet is refused, each with its own sentence."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage import errors
from app.storage.achw.worksheet_file import WorksheetFile, check_worksheet, read_worksheet
from app.storage.local.lock import lock_path
from tests.storage.conftest import session_folders, tamper

Maker = Callable[[Path], None]


def _write(data: bytes) -> Maker:
    return lambda path: path.write_bytes(data)


def _plain_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


def _other_application(path: Path) -> None:
    _plain_sqlite(path)
    tamper(path, "PRAGMA application_id = 1196444237")  # 'GPKG'


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4096 - 100])


def _truncate_to_a_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:4096])


def _header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])


def _scribble_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    # Page 3 onwards holds table b-trees: overwrite one page's header with garbage.
    data[2 * 4096 : 2 * 4096 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _user_version(n: int) -> Maker:
    return lambda path: tamper(path, f"PRAGMA user_version = {n}")


def _sql(*statements: str) -> Maker:
    return lambda path: tamper(path, *statements)


# (name, how to spoil a valid worksheet, error class, words the message must contain)
CASES: list[tuple[str, Maker, type[errors.WorksheetError], str]] = [
    ("empty", _write(b""), errors.NotAWorksheetError, "is empty"),
    ("text", _write(b"Minutes of the meeting\nnothing here\n"), errors.NotAWorksheetError,
     "a text file"),
    ("png", _write(b"\x89PNG\r\n\x1a\n" + bytes(200)), errors.NotAWorksheetError, "a PNG image"),
    ("json", _write(b'{"format": "ach-worksheet"}'), errors.NotAWorksheetError, "use Import"),
    ("binary", _write(bytes(range(256)) * 4), errors.NotAWorksheetError, "not a database file"),
    ("plain-sqlite", _plain_sqlite, errors.NotAWorksheetError, "an SQLite database, not"),
    ("other-application", _other_application, errors.NotAWorksheetError,
     "made by another program"),
    ("newer-version", _user_version(7), errors.NewerVersionError, "worksheet format 7"),
    ("version-zero", _user_version(0), errors.CorruptWorksheetError, "format 0"),
    ("truncated", _truncate, errors.CorruptWorksheetError, "incomplete"),
    ("truncated-to-a-page", _truncate_to_a_page, errors.CorruptWorksheetError,
     "ends before its last page"),
    ("header-only", _header_only, errors.CorruptWorksheetError, "ends inside its header"),
    ("scribbled", _scribble_page, errors.CorruptWorksheetError, "is damaged"),
    ("trigger", _sql("CREATE TRIGGER t AFTER INSERT ON cells BEGIN DELETE FROM evidence; END"),
     errors.UnsafeWorksheetError, "a trigger (\u201ct\u201d)"),
    ("view", _sql("CREATE VIEW v AS SELECT * FROM evidence"), errors.UnsafeWorksheetError,
     "a view (\u201cv\u201d)"),
    ("extra-table", _sql("CREATE TABLE payload (x)"), errors.UnsafeWorksheetError,
     "a table \u201cpayload\u201d"),
    ("extra-index", _sql("CREATE INDEX by_title ON evidence (title)"),
     errors.UnsafeWorksheetError, "an index \u201cby_title\u201d"),
    ("extra-column", _sql("ALTER TABLE evidence ADD COLUMN secret TEXT"),
     errors.UnsafeWorksheetError, "\u201cevidence\u201d whose columns or rules differ"),
    ("virtual-table", _sql("CREATE VIRTUAL TABLE search USING fts5(x)"),
     errors.UnsafeWorksheetError, "\u201csearch\u201d"),
    ("missing-table", _sql("DROP TABLE milestones"), errors.CorruptWorksheetError,
     "lacks the table \u201cmilestones\u201d"),
    ("no-worksheet-row", _sql("DELETE FROM worksheet"), errors.CorruptWorksheetError,
     "worksheet row"),
    ("bad-rating", _sql("UPDATE cells SET rating = 'X' WHERE evidence_id = 'E1'"),
     errors.CorruptWorksheetError, "rating 'X'"),
    ("bad-level", _sql("UPDATE evidence SET credibility = 'hgih' WHERE id = 'E2'"),
     errors.CorruptWorksheetError, "evidence item 2 has credibility 'hgih'"),
    ("bad-status", _sql("UPDATE milestones SET status = 'done' WHERE id = 'M1'"),
     errors.CorruptWorksheetError, "milestone 1 has status 'done'"),
    ("bad-date", _sql("UPDATE evidence SET date = '2023-13-45' WHERE id = 'E1'"),
     errors.CorruptWorksheetError, "the date '2023-13-45'"),
    ("bad-flag", _sql("UPDATE evidence SET flags = 'retracted,evil' WHERE id = 'E1'"),
     errors.CorruptWorksheetError, "unknown flag 'evil'"),
    ("bad-excluded", _sql("UPDATE evidence SET excluded = 7 WHERE id = 'E1'"),
     errors.CorruptWorksheetError, "'excluded'"),
    ("title-blob", _sql("UPDATE hypotheses SET title = x'00ff' WHERE id = 'H1'"),
     errors.CorruptWorksheetError, "title that is not text"),
    ("position-text", _sql("UPDATE hypotheses SET position = 'first' WHERE id = 'H2'"),
     errors.CorruptWorksheetError, "position that is not a whole number"),
    ("empty-id", _sql("UPDATE hypotheses SET id = '' WHERE id = 'H2'"),
     errors.CorruptWorksheetError, "no valid id"),
    ("dangling-cell", _sql("INSERT INTO cells VALUES ('E404', 'H1', 'C', '')"),
     errors.CorruptWorksheetError, "refers to an item that does not exist"),
    ("dangling-milestone", _sql("UPDATE milestones SET hypothesis_id = 'H404' WHERE id = 'M1'"),
     errors.CorruptWorksheetError, "refers to a hypothesis that does not exist"),
]  # fmt: skip


def _one_sentence(message: str, name: str) -> None:
    assert "\n" not in message
    assert message.endswith(".")
    assert f"\u201c{name}\u201d" in message or name == ""
    assert not re.search(r"[.;] [A-Z]", message.rstrip(".")), message  # no second sentence


@pytest.mark.parametrize(("name", "spoil", "kind", "words"), CASES, ids=[c[0] for c in CASES])
def test_refused(
    saved: Path, name: str, spoil: Maker, kind: type[errors.WorksheetError], words: str
) -> None:
    spoil(saved)
    before = saved.read_bytes()
    with pytest.raises(kind) as caught:
        WorksheetFile.open(saved)
    message = str(caught.value)
    assert words in message
    _one_sentence(message, saved.name)
    assert caught.value.path == saved
    # the same refusal, word for word, from the one-shot functions
    with pytest.raises(kind) as again:
        check_worksheet(saved)
    assert str(again.value) == message
    with pytest.raises(kind):
        read_worksheet(saved)
    # nothing left behind, the file untouched
    assert saved.read_bytes() == before
    assert session_folders() == []
    assert not lock_path(saved).exists()


def test_every_refusal_has_its_own_sentence() -> None:
    words = [c[3] for c in CASES]
    assert len(set(words)) == len(words)


def test_newer_version_names_the_program_that_made_it(saved: Path) -> None:
    tamper(
        saved, "UPDATE worksheet SET saved_by = 'ACH Workbench 3.2.1'", "PRAGMA user_version = 9"
    )
    with pytest.raises(errors.NewerVersionError) as caught:
        WorksheetFile.open(saved)
    assert caught.value.version == 9
    message = str(caught.value)
    assert "was saved by ACH Workbench 3.2.1 in worksheet format 9" in message
    assert "please update ACH Workbench" in message


def test_newer_file_with_a_view_is_not_read_for_its_program_name(saved: Path) -> None:
    # The newer format is not validated, so nothing may be read through its schema.
    tamper(
        saved,
        "UPDATE worksheet SET saved_by = 'ACH Workbench 3.2.1'",
        "CREATE VIEW v AS SELECT 1",
        "PRAGMA user_version = 9",
    )
    with pytest.raises(errors.NewerVersionError) as caught:
        WorksheetFile.open(saved)
    assert "was saved by a newer version of ACH Workbench in worksheet format 9" in str(
        caught.value
    )


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAWorksheetError, match="does not exist"):
        WorksheetFile.open(tmp_path / "nowhere.achw")
    with pytest.raises(errors.NotAWorksheetError, match="is a folder"):
        read_worksheet(tmp_path)
    assert not lock_path(tmp_path / "nowhere.achw").exists()


def test_trigger_never_runs(saved: Path) -> None:
    """A file with a trigger is refused before anything could fire it."""
    tamper(
        saved,
        "CREATE TABLE log (x)",
        "CREATE TRIGGER t BEFORE DELETE ON cells BEGIN INSERT INTO log VALUES (1); END",
    )
    with pytest.raises(errors.UnsafeWorksheetError):
        WorksheetFile.open(saved)
    conn = sqlite3.connect(saved)
    assert conn.execute("SELECT count(*) FROM log").fetchone() == (0,)
    conn.close()


def test_oversized_value_is_refused(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage.achw import connection

    monkeypatch.setattr(connection, "MAX_VALUE_BYTES", 10_000)
    tamper(saved, "UPDATE evidence SET description = zeroblob(20000) || '' WHERE id = 'E1'")
    with pytest.raises(errors.CorruptWorksheetError):
        WorksheetFile.open(saved)


def test_valid_file_opens(saved: Path, sample) -> None:  # type: ignore[no-untyped-def]
    with WorksheetFile.open(saved) as wf:
        assert wf.worksheet == sample
        assert not wf.is_modified
        assert wf.path == saved.resolve()
    assert session_folders() == []


def test_a_worksheet_in_wal_mode_opens_and_is_saved_without_it(saved: Path, sample) -> None:  # type: ignore[no-untyped-def]
    tamper(saved, "PRAGMA journal_mode = WAL")
    assert saved.read_bytes()[18:20] == b"\x02\x02"
    with WorksheetFile.open(saved) as wf:
        assert wf.worksheet == sample
        wf.save()
    assert saved.read_bytes()[18:20] == b"\x01\x01"
    assert read_worksheet(saved) == sample


@pytest.mark.parametrize("suffix", ["-wal", "-journal"])
def test_a_file_another_program_is_writing_is_not_read(saved: Path, suffix: str) -> None:
    journal = saved.with_name(saved.name + suffix)
    journal.write_bytes(b"\x00" * 512)
    with pytest.raises(errors.WorksheetError) as caught:
        WorksheetFile.open(saved, read_only=True)
    assert str(caught.value) == (
        f"\u201cw.achw\u201d is being changed by another program (its journal "
        f"\u201cw.achw{suffix}\u201d is beside it); close that program and try again."
    )
    with pytest.raises(errors.WorksheetError):
        check_worksheet(saved)
    journal.unlink()
    check_worksheet(saved)
