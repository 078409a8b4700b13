"""The lock when two programs take it at once, and on a file system without hard links.

The lock is made as a temporary file hard-linked to ``.~lock.NAME#`` (the link
fails if the lock exists); where the file system has no hard links (FAT, some
network shares: ``link()`` fails with EPERM) it is made with ``O_EXCL``
instead.  Such a file system cannot be mounted here without root, so there
``os.link`` is made to fail as FAT's does; everything else is real: real lock
files, and real processes racing for them.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.achw.worksheet_file import WorksheetFile
from app.storage.errors import WorksheetLockedError
from app.storage.local import lock as locks
from app.storage.local.lock import lock_path, read_lock
from app.storage.local.process import host_name, user_name

REPO = Path(__file__).resolve().parents[2]

# Reads a worksheet path per line and answers, per line, whether it got its lock.
WORKER = r"""
import errno, os, sys
from pathlib import Path
if sys.argv[1] == "no-links":
    def link(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")
    os.link = link
from app.storage.errors import WorksheetLockedError
from app.storage.local.lock import Lock
print("ready", flush=True)
for line in sys.stdin:
    try:
        got = Lock.acquire(Path(line.strip()))
        answer = "none" if got is None else "won"
    except WorksheetLockedError:
        answer = "locked"
    print(answer, flush=True)
"""

RACERS = 3
ROUNDS = 40


def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    def link(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)


@pytest.fixture
def racers(request: pytest.FixtureRequest) -> Iterator[list[subprocess.Popen[str]]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, request.param],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(RACERS)
    ]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline() == "ready\n"
        yield procs
    finally:
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
        for p in procs:
            assert p.wait(timeout=30) == 0
            assert p.stdout is not None
            p.stdout.close()


def dead_pid() -> int:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    return dead.pid


@pytest.mark.slow
@pytest.mark.parametrize("stale", [False, True], ids=["free", "stale-lock"])
@pytest.mark.parametrize("racers", ["links", "no-links"], indirect=True)
def test_of_programs_taking_the_lock_at_once_exactly_one_gets_it(
    tmp_path: Path, racers: list[subprocess.Popen[str]], stale: bool
) -> None:
    """Free, or held by a program that died: of the programs that race for it, one wins.

    (Taking over a stale lock used to replace it in place, so two programs that
    both found it stale could both think they held it.)
    """
    pid = dead_pid()
    for round_ in range(ROUNDS):
        target = tmp_path / f"w{round_}.achw"
        if stale:
            left = {"user": user_name(), "host": host_name(), "pid": pid, "since": "2026-05-03"}
            lock_path(target).write_text(json.dumps(left), encoding="utf-8")
        for p in racers:  # all asked before any answers
            assert p.stdin is not None
            p.stdin.write(f"{target}\n")
            p.stdin.flush()
        answers = []
        for p in racers:
            assert p.stdout is not None
            answers.append(p.stdout.readline().strip())
        assert sorted(answers) == ["locked"] * (RACERS - 1) + ["won"], (round_, answers)
        winner = racers[answers.index("won")]
        info = read_lock(target)
        assert info is not None and info.pid == winner.pid
        # nothing but the lock itself is left beside the worksheet
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~lock")) == sorted(
            lock_path(tmp_path / f"w{i}.achw").name for i in range(round_ + 1)
        )


def test_without_hard_links_the_lock_is_still_taken_and_refused(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_hard_links(monkeypatch)
    with pytest.raises(PermissionError):
        os.link(saved, saved.with_name("probe"))  # the file system refuses hard links
    with WorksheetFile.open(saved) as wf:
        assert not wf.folder_refuses_files
        data = json.loads(lock_path(saved).read_text(encoding="utf-8"))
        assert (data["user"], data["host"], data["pid"]) == (user_name(), host_name(), os.getpid())
        with pytest.raises(WorksheetLockedError) as caught:
            WorksheetFile.open(saved)
        assert caught.value.owner == f"{user_name()}@{host_name()}"
        assert str(caught.value).startswith("“w.achw” is already open by ")
        assert sorted(p.name for p in saved.parent.iterdir()) == [".~lock.w.achw#", "w.achw"]
    assert sorted(p.name for p in saved.parent.iterdir()) == ["w.achw"]  # released


def test_without_hard_links_a_stale_lock_is_taken_over(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = {"user": user_name(), "host": host_name(), "pid": dead_pid()}
    lock_path(saved).write_text(json.dumps({**stale, "since": "2026-05-03T14:02:00+02:00"}))
    no_hard_links(monkeypatch)
    lock = locks.Lock.acquire(saved)
    assert lock is not None and lock.held()
    info = read_lock(saved)
    assert info is not None and info.pid == os.getpid()
    lock.release()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["w.achw"]


def test_a_breaker_left_by_a_kill_does_not_keep_the_stale_lock_forever(saved: Path) -> None:
    stale = {"user": user_name(), "host": host_name(), "pid": dead_pid()}
    lock_path(saved).write_text(json.dumps(stale), encoding="utf-8")
    breaker = locks.breaker_path(saved)
    breaker.write_bytes(b"")
    os.utime(breaker, (0, os.stat(breaker).st_mtime - 60))  # killed a minute ago
    lock = locks.Lock.acquire(saved)
    assert lock is not None and lock.held()
    lock.release()
    assert sorted(p.name for p in saved.parent.iterdir()) == ["w.achw"]
