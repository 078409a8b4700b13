"""Edits survive the death of the program, and are offered back on the next start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.domain.model import Worksheet
from app.storage.achw.worksheet_file import WorksheetFile, read_worksheet
from app.storage.errors import WorksheetLockedError
from app.storage.local import recovery, session
from app.storage.local.lock import lock_path, read_lock
from tests.storage.conftest import session_folders

REPO = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.domain.model import Evidence, Worksheet
    from app.storage.achw.worksheet_file import Change, WorksheetFile

    path = sys.argv[1]
    wf = WorksheetFile.create(Worksheet(title="untitled work")) if path == "-" else (
        WorksheetFile.open(Path(path)))
    wf.worksheet.title = "edited before the crash"
    wf.commit(Change(meta=True))
    print("ready", flush=True)
    for i in range(100000):
        item = Evidence(f"item {i}", description="x" * 500, id=f"K{i}")
        wf.worksheet.evidence.append(item)
        wf.commit(Change(evidence={item.id}))
        print(i, flush=True)
    """
)

IDLE = textwrap.dedent(
    """
    import sys, time
    from app.storage.achw.worksheet_file import WorksheetFile
    wf = WorksheetFile.open(sys.argv[1])
    print("ready", flush=True)
    time.sleep(600)
    """
)


def _run_and_kill(script: str, arg: str, *, after: int) -> int:
    """Run ``script``; SIGKILL it once it has confirmed ``after`` commits; return how many."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", script, arg], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO
    )
    assert proc.stdout is not None
    confirmed = -1
    try:
        for line in proc.stdout:
            if line.strip() == "ready":
                if after == 0:
                    break
                continue
            confirmed = int(line)
            if confirmed + 1 >= after:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return confirmed + 1


def test_killed_program_loses_no_committed_edit(saved: Path) -> None:
    original = saved.read_bytes()
    confirmed = _run_and_kill(CHILD, str(saved), after=40)
    assert saved.read_bytes() == original  # nothing reached the file itself

    sessions = recovery.recoverable_sessions()
    assert len(sessions) == 1
    found = sessions[0]
    assert found.original == saved.resolve()
    assert found.title == "edited before the crash"

    with recovery.recover(found) as wf:
        assert wf.path == saved.resolve()
        assert wf.is_modified
        ids = [e.id for e in wf.worksheet.evidence if e.id.startswith("K")]
        # every confirmed commit is there, and at most the one in flight besides
        assert ids[:confirmed] == [f"K{i}" for i in range(confirmed)]
        assert len(ids) in (confirmed, confirmed + 1)
        info = read_lock(saved)
        assert info is not None and info.is_mine()  # the dead program's lock was taken over
        assert recovery.recoverable_sessions() == []  # ours now, and we are alive
        wf.save()
    assert read_worksheet(saved).title == "edited before the crash"
    assert recovery.recoverable_sessions() == []
    assert session_folders() == []
    assert not lock_path(saved).exists()


def test_untitled_work_is_recoverable_too() -> None:
    _run_and_kill(CHILD, "-", after=3)
    [found] = recovery.recoverable_sessions()
    assert found.original is None
    with recovery.recover(found) as wf:
        assert wf.path is None and wf.is_modified
        assert wf.worksheet.title == "edited before the crash"
        assert len(wf.worksheet.evidence) >= 3


def test_a_dead_session_without_edits_is_cleaned_up_quietly(saved: Path) -> None:
    _run_and_kill(IDLE, str(saved), after=0)
    assert len(session_folders()) == 1
    assert lock_path(saved).exists()
    assert recovery.recoverable_sessions() == []
    assert session_folders() == []
    assert not lock_path(saved).exists()  # its stale lock went with it


def test_sessions_of_running_programs_are_not_offered(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "busy"
        from app.storage.achw.worksheet_file import Change

        wf.commit(Change(meta=True))
        assert recovery.recoverable_sessions() == []
        with WorksheetFile.create(Worksheet(title="also busy")):
            assert recovery.recoverable_sessions() == []


def test_discard(saved: Path) -> None:
    _run_and_kill(CHILD, str(saved), after=2)
    [found] = recovery.recoverable_sessions()
    recovery.discard(found)
    assert recovery.recoverable_sessions() == []
    assert session_folders() == []
    assert not lock_path(saved).exists()
    recovery.discard(found)  # twice is harmless


def test_recover_when_someone_else_opened_the_original_meanwhile(saved: Path) -> None:
    _run_and_kill(CHILD, str(saved), after=2)
    lock_path(saved).write_text(
        json.dumps({"user": "bo", "host": "elsewhere", "pid": 7, "since": "2026-05-03T14:02:00"})
    )
    [found] = recovery.recoverable_sessions()
    with pytest.raises(WorksheetLockedError):
        recovery.recover(found)
    [still] = recovery.recoverable_sessions()  # not lost by the refusal
    with recovery.recover(still, break_lock=True) as wf:
        assert wf.worksheet.title == "edited before the crash"


def test_leftover_scratch_folders_of_dead_programs_are_removed() -> None:
    root = session.scratch_dir()
    root.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    (root / f"{proc.pid}-leftover").mkdir()
    (root / f"{os.getpid()}-mine").mkdir()
    recovery.recoverable_sessions()
    assert sorted(p.name for p in root.iterdir()) == [f"{os.getpid()}-mine"]


def test_a_damaged_working_copy_can_still_be_discarded(saved: Path) -> None:
    from app.storage.errors import CorruptWorksheetError

    _run_and_kill(CHILD, str(saved), after=2)
    [found] = recovery.recoverable_sessions()
    found.working_copy.write_bytes(b"scrambled")
    with pytest.raises(CorruptWorksheetError) as caught:
        recovery.recover(found)
    assert str(caught.value) == (
        "The unsaved changes to \u201cw.achw\u201d cannot be recovered: "
        "the working copy that held them is damaged."
    )
    [still] = recovery.recoverable_sessions()  # still offered, still the dead program's
    recovery.discard(still)
    assert session_folders() == []
    assert not lock_path(saved).exists()


def test_recover_as_a_copy_when_the_original_is_taken(saved: Path) -> None:
    _run_and_kill(CHILD, str(saved), after=2)
    lock_path(saved).write_text(
        json.dumps({"user": "bo", "host": "elsewhere", "pid": 7, "since": "2026-05-03T14:02:00"})
    )
    [found] = recovery.recoverable_sessions()
    with recovery.recover_as_copy(found) as wf:
        assert wf.path is None and wf.is_modified  # untitled: saved under a new name
        assert wf.worksheet.title == "edited before the crash"
        assert len([e for e in wf.worksheet.evidence if e.id.startswith("K")]) >= 2
        assert recovery.recoverable_sessions() == []  # the dead program's copy is gone
        info = read_lock(saved)
        assert info is not None and info.user == "bo"  # bo's lock untouched


@pytest.mark.parametrize("journal", [b"", b"\0" * 512], ids=["empty", "header-not-written"])
def test_recover_as_a_copy_after_a_kill_before_the_journal_was_written(
    saved: Path, journal: bytes
) -> None:
    # Killed between creating its journal and writing the journal's header, a program
    # leaves a journal SQLite does not roll back and does not remove either.
    _run_and_kill(CHILD, str(saved), after=2)
    lock_path(saved).write_text(
        json.dumps({"user": "bo", "host": "elsewhere", "pid": 7, "since": "2026-05-03T14:02:00"})
    )
    [found] = recovery.recoverable_sessions()
    cold = found.working_copy.with_name(found.working_copy.name + "-journal")
    cold.write_bytes(journal)
    with recovery.recover_as_copy(found) as wf:
        assert wf.worksheet.title == "edited before the crash"
        assert len([e for e in wf.worksheet.evidence if e.id.startswith("K")]) >= 2
    assert recovery.recoverable_sessions() == []
