"""What writes killed midway leave is removed later, and nothing that is not theirs.

An import killed with ``kill -9`` leaves its private folder beside the target;
an export killed so leaves its temporary file.  The next write into that
folder removes them, but only once no live process holds them (a writer
stopped with SIGSTOP keeps its files), and never anything else.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import names
from app.storage.local import files, leftovers
from app.storage.local.lock import Lock, lock_path
from tests.cli.helpers import REPO, small_doc, write_json

TIMEOUT = 120


def _app(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "app", *map(str, args)]


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(_app(*args), cwd=REPO, capture_output=True, timeout=TIMEOUT, check=False)


def _age(path: Path, seconds: float = 600) -> None:
    """Make ``path`` look as old as a leftover of a while ago (the grace period is past)."""
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def _big_csv(path: Path) -> Path:
    rows = ["title,description"] + [f"Item {i},{'x' * 150}" for i in range(90_000)]
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def _wait_for(folder: Path, pattern: str, proc: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for p in folder.iterdir():
            if re.fullmatch(pattern, p.name):
                return p
        assert proc.poll() is None, "the writer ended before it was caught"
        time.sleep(0.005)
    pytest.fail("the writer never made its temporary folder")


def _keepers(folder: Path) -> list[Path]:
    """Files that look like ours but are not: the analyst's, another program's, a link."""
    keep = [
        folder / ".notes.ach-write.tmp",
        folder / "report.achw.tmp",
        folder / ".x~0123456789.abc.ach-write.tmp",
    ]
    for p in keep:
        p.write_text("mine")
        _age(p)
    link = files.temp_beside(folder / "report.achw")
    link.symlink_to(keep[0].name)
    _age(link)
    return [*keep, link]


def test_an_import_killed_midway_leaves_what_the_next_run_removes(tmp_path: Path) -> None:
    source = _big_csv(tmp_path / "big.csv")
    target = tmp_path / "report.achw"
    keep = _keepers(tmp_path)
    doc = write_json(tmp_path / "doc.json", small_doc())
    tag = re.escape(f".{names.tag(target.name)}.")
    proc = subprocess.Popen(_app("import", source, "-o", target), cwd=REPO)
    try:
        work = _wait_for(tmp_path, tag + r"[0-9a-z_]{8}\.ach-write\.tmp", proc)
        proc.send_signal(signal.SIGSTOP)
        _age(work)
        # A writer that is stopped, however long ago it started, keeps its folder.
        assert _run("export", doc, "--format", "json", "-o", tmp_path / "a.json").returncode == 0
        assert work.is_dir()
        proc.kill()
        proc.wait(TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)
    assert work.is_dir() and not target.exists()  # what kill -9 leaves
    result = _run("import", doc, "-o", target)
    assert result.returncode == 0, result.stderr
    assert not work.exists()
    assert all(os.path.lexists(p) for p in keep)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [source.name, doc.name, "a.json", target.name, *(p.name for p in keep)]
    )


_WRITER = """
import sys, time
from pathlib import Path
from app.storage.local import files, leftovers
tmp = files.new_temp(Path(sys.argv[1]))
fd = leftovers.hold(tmp)  # as an export holds its temporary file while writing it
print(tmp, flush=True)
time.sleep(600)
"""


def test_an_export_killed_midway_leaves_what_the_next_export_removes(tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target)], cwd=REPO, stdout=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        tmp = Path(proc.stdout.readline().decode().strip())
        _age(tmp)
        doc = write_json(tmp_path / "doc.json", small_doc())
        assert _run("export", doc, "--format", "json", "-o", target).returncode == 0
        assert tmp.exists()  # its writer lives
        proc.kill()
        proc.wait(TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)
        if proc.stdout is not None:
            proc.stdout.close()
    assert _run("export", doc, "--format", "json", "-o", target, "--force").returncode == 0
    assert not tmp.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.json", "doc.json"]


def test_a_fresh_leftover_is_left_for_a_later_run(tmp_path: Path) -> None:
    """The instant between making a temporary file and locking it is covered by the grace."""
    tmp = files.new_temp(tmp_path / "x.json")
    assert leftovers.remove_leftover_writes(tmp_path) == []
    _age(tmp, leftovers.GRACE + 5)
    assert leftovers.remove_leftover_writes(tmp_path) == [tmp.name]


_LOCK_ON_A_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from app.storage.local.lock import Lock
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10))
print(Lock.acquire(Path(sys.argv[1])))
"""


def test_a_lock_that_cannot_be_written_leaves_no_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "w.achw"
    result = subprocess.run(
        [sys.executable, "-c", _LOCK_ON_A_FULL_DISK, str(target)],
        cwd=REPO,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout == b"None\n", result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_killed_lock_attempt_is_removed_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "w.achw"
    left = lock_path(target).with_name(f".~lock.{names.tag(target.name)}.0123456789ab.tmp")
    left.write_bytes(b"")
    other = lock_path(target).with_name(f".~lock.{names.tag('other.achw')}.0123456789ab.tmp")
    other.write_bytes(b"")
    _age(left)
    _age(other)
    lock = Lock.acquire(target)
    assert lock is not None
    lock.release()
    assert not left.exists() and other.exists()
