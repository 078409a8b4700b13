"""The lock file beside an open worksheet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.storage.achw.worksheet_file import Change, WorksheetFile, write_worksheet
from app.storage.errors import WorksheetLockedError
from app.storage.local.lock import lock_path, read_lock
from app.storage.local.process import host_name, user_name


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _foreign_lock(path: Path, **fields: object) -> None:
    data = {"user": "bo", "host": "ws12.example", "pid": 4242, "since": "2026-05-03T14:02:00+02:00"}
    data.update(fields)  # type: ignore[arg-type]
    lock_path(path).write_text(json.dumps(data), encoding="utf-8")


def test_open_takes_the_lock_and_close_releases_it(saved: Path) -> None:
    path = lock_path(saved)
    assert path.name == ".~lock.w.achw#"
    with WorksheetFile.open(saved):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["user"] == user_name()
        assert data["host"] == host_name()
        assert data["pid"] == os.getpid()
        since = datetime.fromisoformat(data["since"])
        assert abs(datetime.now().astimezone() - since) < timedelta(minutes=1)
    assert not path.exists()


def test_second_open_is_told_who_and_since_when(saved: Path) -> None:
    with WorksheetFile.open(saved):
        with pytest.raises(WorksheetLockedError) as caught:
            WorksheetFile.open(saved)
        err = caught.value
        assert err.owner == f"{user_name()}@{host_name()}"
        assert abs(datetime.now().astimezone() - err.since) < timedelta(minutes=1)
        message = str(err)
        assert message.startswith("\u201cw.achw\u201d is already open by ")
        assert err.owner in message and f"{err.since:%Y-%m-%d %H:%M}" in message
        assert message.endswith("you can open it read-only or as a copy.")
        # read-only is always possible, and takes no lock
        with WorksheetFile.open(saved, read_only=True) as ro:
            assert ro.read_only
        assert lock_path(saved).exists()  # still the first one's


def test_someone_elses_lock(saved: Path) -> None:
    _foreign_lock(saved)
    with pytest.raises(WorksheetLockedError) as caught:
        WorksheetFile.open(saved)
    assert caught.value.owner == "bo@ws12.example"
    assert caught.value.since == datetime.fromisoformat("2026-05-03T14:02:00+02:00")
    with WorksheetFile.open(saved, read_only=True):
        pass
    assert json.loads(lock_path(saved).read_text())["user"] == "bo"  # left alone


def test_break_lock(saved: Path) -> None:
    _foreign_lock(saved)
    with WorksheetFile.open(saved, break_lock=True):
        info = read_lock(saved)
        assert info is not None and info.is_mine()
    assert not lock_path(saved).exists()


def test_stale_lock_of_a_dead_process_here_is_taken_over(saved: Path) -> None:
    _foreign_lock(saved, host=host_name(), user=user_name(), pid=_dead_pid())
    with WorksheetFile.open(saved):
        info = read_lock(saved)
        assert info is not None and info.is_mine()


def test_unreadable_lock_counts_as_someone(saved: Path) -> None:
    lock_path(saved).write_bytes(b"\x00garbage")
    with pytest.raises(WorksheetLockedError) as caught:
        WorksheetFile.open(saved)
    assert caught.value.owner == "someone@an unknown computer"
    with WorksheetFile.open(saved, break_lock=True):
        pass


def test_close_leaves_a_lock_someone_took_over(saved: Path) -> None:
    wf = WorksheetFile.open(saved)
    _foreign_lock(saved)  # someone broke our lock
    wf.close()
    assert json.loads(lock_path(saved).read_text())["user"] == "bo"


def test_write_worksheet_refuses_a_file_someone_has_open(saved: Path, sample) -> None:  # type: ignore[no-untyped-def]
    before = saved.read_bytes()
    with WorksheetFile.open(saved), pytest.raises(WorksheetLockedError):
        write_worksheet(sample, saved)
    assert saved.read_bytes() == before


def test_read_only_folder_opens_without_lock(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A read-only folder, as root (CI) would not see it: creating any file there fails.
    real_open = os.open

    def refuse_in_folder(path, flags, *args):  # type: ignore[no-untyped-def]
        if Path(path).parent == saved.parent and flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse_in_folder)
    with WorksheetFile.open(saved) as wf:
        assert not lock_path(saved).exists()
        assert wf.worksheet.title
        assert wf.folder_refuses_files  # so the window can say so before any work is done
        monkeypatch.setattr(os, "open", real_open)  # space freed, or permission given
        wf.worksheet.title = "saved once the folder takes files again"
        wf.commit(Change(meta=True))
        wf.save()
        assert not wf.folder_refuses_files and lock_path(saved).exists()


def test_an_ordinary_folder_takes_the_lock(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        assert not wf.folder_refuses_files
    with WorksheetFile.open(saved, read_only=True) as wf:
        assert not wf.folder_refuses_files  # read-only takes no lock anyway


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_lock_time_out_of_range_is_unknown_and_the_open_says_who(saved: Path, since: str) -> None:
    # Both parse as ISO times, but neither exists in local time: shown, they overflowed.
    _foreign_lock(saved)
    lock = lock_path(saved)
    lock.write_text(json.dumps({**json.loads(lock.read_text()), "since": since}))
    with pytest.raises(WorksheetLockedError) as caught:
        WorksheetFile.open(saved)
    assert caught.value.owner == "bo@ws12.example"
    assert caught.value.since == datetime.fromtimestamp(lock.stat().st_mtime).astimezone()
    assert str(caught.value).startswith(f"\u201c{saved.name}\u201d is already open by bo@ws12")


def test_a_stale_lock_with_a_time_out_of_range_is_taken_over(saved: Path) -> None:
    _foreign_lock(saved, host=host_name(), user=user_name(), pid=_dead_pid())
    lock = lock_path(saved)
    lock.write_text(json.dumps({**json.loads(lock.read_text()), "since": "0001-01-01T00:00+14:00"}))
    with WorksheetFile.open(saved):
        info = read_lock(saved)
        assert info is not None and info.is_mine()
