"""Saving: atomic replacement, no deleted text, changed-on-disk, save as, untitled."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.domain.model import Cell, Evidence, Rating, Worksheet
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet, write_worksheet
from app.storage.errors import ChangedOnDiskError, ReadOnlyError, WorksheetError
from app.storage.local import files
from app.storage.local.lock import lock_path, read_lock
from tests.storage.conftest import session_folders, stray_files


def test_save_writes_the_edits(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "saved title"
        wf.commit(Change(meta=True))
        assert wf.is_modified
        wf.save()
        assert not wf.is_modified
        assert read_worksheet(saved) == wf.worksheet
        assert not wf.changed_on_disk()
    assert stray_files(saved.parent) == []
    assert session_folders() == []


def test_saved_file_is_fresh_and_compact(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        ws.evidence.extend(Evidence(f"bulk {i}", "x" * 2000, id=f"B{i}") for i in range(200))
        wf.commit(Change(evidence={f"B{i}" for i in range(200)}))
        ws.evidence = [e for e in ws.evidence if not e.id.startswith("B")]
        wf.commit(Change(deleted_evidence={f"B{i}" for i in range(200)}))
        wf.save()
        assert saved.stat().st_size < wf.working_copy.stat().st_size
    conn = sqlite3.connect(saved)
    try:
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


SECRET = "ZEBRA-COBALT-7731 секрет 비밀"


def _contains(path: Path, text: str) -> bool:
    data = path.read_bytes()
    return text.encode("utf-8") in data or text.encode("utf-16-le") in data


def _working_files(wf: WorksheetFile) -> list[Path]:
    return sorted(wf.working_copy.parent.glob("worksheet.achw*"))


@pytest.mark.parametrize("where", ["evidence", "note", "title-edit", "hypothesis"])
def test_deleted_text_is_gone_from_saved_file_and_working_copy(saved: Path, where: str) -> None:
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        if where == "evidence":
            ws.evidence.append(Evidence("to delete", description=SECRET, id="ES"))
            wf.commit(Change(evidence={"ES"}))
        elif where == "note":
            ws.set_cell("E2", "H2", Cell(Rating.C, SECRET))
            wf.commit(Change(cells={("E2", "H2")}))
        elif where == "title-edit":
            ws.title = SECRET
            wf.commit(Change(meta=True))
        else:
            ws.hypotheses[0].description = SECRET
            wf.commit(Change(hypotheses={ws.hypotheses[0].id}))
        wf.save()
        assert _contains(saved, SECRET)  # it was really there

        if where == "evidence":
            ws.evidence.pop()
            wf.commit(Change(deleted_evidence={"ES"}))
        elif where == "note":
            ws.set_cell("E2", "H2", Cell())
            wf.commit(Change(cells={("E2", "H2")}))
        elif where == "title-edit":
            ws.title = "harmless"
            wf.commit(Change(meta=True))
        else:
            ws.hypotheses = ws.hypotheses[1:]
            wf.commit(Change(deleted_hypotheses={"H1"}))
        for path in _working_files(wf):
            assert not _contains(path, SECRET), path.name
        wf.save()
        assert not _contains(saved, SECRET)


STEPS = ["vacuum_into", "fsync_file", "replace"]


@pytest.mark.parametrize("step", STEPS)
def test_interrupted_save_leaves_the_old_file(
    saved: Path, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_bytes = saved.read_bytes()
    old = read_worksheet(saved)
    real = getattr(files, step)

    def fail(*args):  # type: ignore[no-untyped-def]
        if step == "vacuum_into":
            real(*args)  # a whole temporary file exists, then the disk fills up
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, "No space left on device")

    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "new title"
        wf.commit(Change(meta=True))
        monkeypatch.setattr(files, step, fail)
        with pytest.raises(WorksheetError) as caught:
            wf.save()
        assert str(caught.value) == (
            "\u201cw.achw\u201d could not be saved (the disk is full); "
            "the file on disk is unchanged."
        )
        assert saved.read_bytes() == old_bytes
        assert read_worksheet(saved) == old
        assert stray_files(saved.parent) == []
        assert wf.is_modified
        monkeypatch.undo()
        wf.save()  # and it works once there is room again
        assert read_worksheet(saved).title == "new title"
        assert stray_files(saved.parent) == []


def test_failed_directory_flush_still_saves(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(files, "fsync_dir", fail)
    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "flushed"
        wf.commit(Change(meta=True))
        wf.save()
    assert read_worksheet(saved).title == "flushed"


def test_changed_on_disk(saved: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.achw"
    write_worksheet(Worksheet(title="someone else's"), other)
    with WorksheetFile.open(saved) as wf:
        assert not wf.changed_on_disk()
        os.utime(saved, ns=(1, 1))  # touched, not changed
        assert not wf.changed_on_disk()
        shutil.copyfile(other, saved)  # someone saved over it
        assert wf.changed_on_disk()
        wf.worksheet.title = "mine"
        wf.commit(Change(meta=True))
        with pytest.raises(ChangedOnDiskError) as caught:
            wf.save()
        assert "changed on disk" in str(caught.value)
        assert read_worksheet(saved).title == "someone else's"
        wf.save(overwrite=True)
        assert read_worksheet(saved).title == "mine"
        assert not wf.changed_on_disk()


def test_saving_after_the_file_vanished_recreates_it(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        saved.unlink()
        assert wf.changed_on_disk()
        wf.save()
    assert read_worksheet(saved).title == read_worksheet(saved).title


def test_save_as_moves_path_and_lock(saved: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy" / "renamed.achw"
    target.parent.mkdir()
    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "renamed"
        wf.commit(Change(meta=True))
        wf.save(target)
        assert wf.path == target.resolve()
        assert not wf.is_modified
        assert not lock_path(saved).exists()
        assert read_lock(target) is not None
        assert read_worksheet(saved).title != "renamed"  # the old file is as it was
        wf.worksheet.title = "again"
        wf.commit(Change(meta=True))
        wf.save()
        assert read_worksheet(target).title == "again"
    assert not lock_path(target).exists()


def test_save_as_onto_a_file_someone_has_open(saved: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.achw"
    write_worksheet(Worksheet(title="theirs"), theirs)
    lock_path(theirs).write_text(
        '{"user": "bo", "host": "elsewhere", "pid": 1, "since": "2026-05-03T14:02:00+00:00"}'
    )
    from app.storage.errors import WorksheetLockedError

    with WorksheetFile.open(saved) as wf, pytest.raises(WorksheetLockedError):
        wf.save(theirs)
    assert read_worksheet(theirs).title == "theirs"


def test_untitled(tmp_path: Path) -> None:
    with WorksheetFile.create() as wf:
        assert wf.path is None and not wf.is_modified and wf.name == "Untitled"
        assert not wf.changed_on_disk()
    ws = Worksheet(title="fresh")
    with WorksheetFile.create(ws) as wf:
        assert wf.worksheet is ws
        assert wf.is_modified
        with pytest.raises(WorksheetError, match="untitled worksheet has no file yet"):
            wf.save()
        target = tmp_path / "first.achw"
        wf.save(target)
        assert wf.path == target.resolve() and not wf.is_modified
        assert read_lock(target) is not None
        assert read_worksheet(target) == ws
    assert not lock_path(target).exists()
    assert session_folders() == []


def test_read_only_can_only_save_as(saved: Path, tmp_path: Path) -> None:
    with WorksheetFile.open(saved, read_only=True) as wf:
        with pytest.raises(ReadOnlyError, match="opened read-only"):
            wf.save()
        copy = tmp_path / "mine.achw"
        wf.save(copy)
        assert wf.path == copy.resolve() and not wf.read_only
        wf.worksheet.title = "now editable"
        wf.commit(Change(meta=True))
        wf.save()
    assert read_worksheet(copy).title == "now editable"


def test_save_into_a_missing_folder_is_explained(saved: Path, tmp_path: Path) -> None:
    with WorksheetFile.open(saved) as wf, pytest.raises(WorksheetError) as caught:
        wf.save(tmp_path / "no" / "such" / "folder.achw")
    assert (
        str(caught.value)
        == "\u201cfolder.achw\u201d could not be saved (the folder does not exist)."
    )
    assert wf.path == saved.resolve()
