"""Issue 9: odd files and odd surroundings end in one sentence, leave nothing, never hang.

Each case here is one an attack on the program found: a sparse worksheet
file with a sound header, commands killed midway (what they leave is removed
by the next run), lock files with impossible times, standard output closed
or full, a state folder that cannot be used, a worksheet file piped in, a
damaged file whose problems SQLite stopped counting, ``--force`` onto a
link that leads nowhere.  All through the command line, in a subprocess.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage import limits, names
from app.storage.local.lock import lock_path
from tests.cli.helpers import REPO, refused, run_as_user, small_doc, write_json

TIMEOUT = 60
SAMPLE = REPO / "resources" / "sample" / "dprk-munitions.achw"


run = functools.partial(run_as_user, timeout=TIMEOUT)


def sentence(result: subprocess.CompletedProcess[bytes]) -> str:
    """The refusal: exit 1, one line, no escape sequence, no internal error."""
    said = refused(result)
    assert "\x1b" not in said and "internal error" not in said, said
    return said


def sample(folder: Path, name: str = "s.achw") -> Path:
    path = folder / name
    shutil.copyfile(SAMPLE, path)
    return path


def scratch(home: Path) -> Path:
    return home / "state" / "ach-workbench" / "scratch"


def everything(*folders: Path) -> set[str]:
    return {str(p) for folder in folders for p in folder.rglob("*")}


def commands(source: Path, out: Path) -> list[list[str | Path]]:
    return [
        ["check", source],
        ["score", source],
        ["export", source, "--format", "json", "-o", out / "out.json"],
    ]


# -- 1. a worksheet file far larger than its header says ------------------------------


@pytest.mark.parametrize("size", [2 << 30, 8 << 30])
def test_a_sparse_worksheet_with_a_sound_header_is_refused_without_a_copy(
    tmp_path: Path, _private_user_dirs: Path, size: int
) -> None:
    big = sample(tmp_path, "x.achw")
    os.truncate(big, size)
    before = everything(tmp_path, _private_user_dirs)
    for args in commands(big, tmp_path):
        started = time.monotonic()
        said = sentence(run(*args))
        assert time.monotonic() - started < 20, args  # no copy of gigabytes
        gb = f"{round(size / 1_000_000):,}"
        declared = round(SAMPLE.stat().st_size / 1000)  # the sample: its header is right
        assert said == (
            f"\u201cx.achw\u201d is damaged: it is {gb} MB long, far longer than the "
            f"{declared} KB its header declares"
        ), args
    assert everything(tmp_path, _private_user_dirs) == before


def test_a_worksheet_file_above_the_limit_is_refused_by_its_size(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    big = sample(tmp_path, "big.achw")
    size = limits.MAX_WORKSHEET_FILE_BYTES + 4096 * 100
    with open(big, "r+b") as f:  # a header that declares all of it: only the size tells
        f.seek(28)
        f.write(struct.pack(">I", size // 4096))
    os.truncate(big, size)
    before = everything(tmp_path, _private_user_dirs)
    limit = limits.MAX_WORKSHEET_FILE_BYTES // 1_000_000
    for args in commands(big, tmp_path):
        assert sentence(run(*args)) == (
            f"\u201cbig.achw\u201d is {round(size / 1_000_000)} MB long, larger than {limit} MB, "
            "the limit for a worksheet file"
        ), args
    assert everything(tmp_path, _private_user_dirs) == before


def test_a_few_bytes_after_the_last_page_do_not_matter(tmp_path: Path) -> None:
    padded = sample(tmp_path, "p.achw")
    with open(padded, "ab") as f:
        f.write(bytes(4096))  # a whole page more than declared: within the margin
    assert run("check", padded).returncode == 0


# -- 2. the scratch copy of a killed command ------------------------------------------------


def _blocked_import(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``import`` into a named pipe whose reader reads nothing: it waits with its copy
    in the scratch (a worksheet of 1.5 MB does not fit in the pipe)."""
    rows = ["title,description"] + [f"Item {i},{'x' * 150}" for i in range(8000)]
    source = tmp_path / "list.csv"
    source.write_text("\n".join(rows), encoding="utf-8")
    pipe = tmp_path / "out.achw"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # open, never read
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "import", source, "-o", pipe],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    return proc, reader


def _wait_for_scratch(home: Path, proc: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        found = list(scratch(home).glob(f"{proc.pid}-*/new.achw"))
        if found and found[0].stat().st_size > 1 << 20:
            time.sleep(0.5)  # writing into the pipe now
            return found[0].parent
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    pytest.fail("the import never made its copy")


def test_a_command_stopped_by_sigterm_removes_its_scratch_copy(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    proc, reader = _blocked_import(tmp_path)
    try:
        folder = _wait_for_scratch(_private_user_dirs, proc)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=TIMEOUT)
        os.close(reader)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert not folder.exists()
    assert list(scratch(_private_user_dirs).iterdir()) == []


def test_what_a_killed_command_left_in_the_scratch_is_removed_by_the_next_run(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    proc, reader = _blocked_import(tmp_path)
    try:
        folder = _wait_for_scratch(_private_user_dirs, proc)
        proc.kill()
        proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=TIMEOUT)
        os.close(reader)
    assert folder.is_dir()  # what kill -9 leaves
    assert run("check", sample(tmp_path)).returncode == 0
    assert not folder.exists()


def test_a_scratch_folder_older_than_the_process_that_now_has_its_pid_is_removed(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    # This test's own process stands for one that reused the pid of a dead command.
    root = scratch(_private_user_dirs)
    old = root / f"{os.getpid()}-oldcopy"
    mine = root / f"{os.getpid()}-livecopy"
    for folder in (old, mine):
        folder.mkdir(parents=True)
        (folder / "copy.achw").write_bytes(b"x")
    with open(f"/proc/{os.getpid()}/stat") as f:
        assert f.read()  # Linux: the start time of a process can be told
    then = time.time() - 30 * 24 * 3600  # long before this process started
    os.utime(old, (then, then))
    assert run("check", sample(tmp_path)).returncode == 0
    assert not old.exists()
    assert (mine / "copy.achw").exists()  # changed since it started: it may be its own


# -- 3. what a killed import left beside its target ------------------------------------------


def _killed_import(tmp_path: Path) -> Path:
    rows = ["title,description"] + [f"Item {i},{'x' * 150}" for i in range(90_000)]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(rows), encoding="utf-8")
    target = tmp_path / "report.achw"
    tag = re.escape(f".{names.tag(target.name)}.")
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", source, "-o", target], cwd=REPO)
    try:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pattern = tag + r".{8}\.ach-write\.tmp"
            found = [p for p in tmp_path.iterdir() if re.fullmatch(pattern, p.name)]
            if found:
                break
            assert proc.poll() is None, "the import ended before it was caught"
            time.sleep(0.005)
        else:
            pytest.fail("the import never made its folder")
        proc.kill()
        proc.wait(TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)
    source.unlink()
    then = time.time() - 600  # the grace period for a writer to take its lock is past
    os.utime(found[0], (then, then))
    return found[0]


@pytest.mark.parametrize("command", ["check", "score", "export"])
def test_reading_a_file_in_the_folder_removes_what_a_killed_import_left(
    tmp_path: Path, command: str
) -> None:
    work = _killed_import(tmp_path)
    here = sample(tmp_path)
    args: list[str | Path] = [command, here]
    if command == "export":
        args += ["--format", "json", "-o", "-"]
    assert run(*args).returncode == 0
    assert not work.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.achw"]


def test_reading_a_json_file_in_the_folder_removes_it_too(tmp_path: Path) -> None:
    work = _killed_import(tmp_path)
    doc = write_json(tmp_path / "doc.json", small_doc())
    assert run("score", doc).returncode == 0
    assert not work.exists()


# -- 4. lock files with times out of range --------------------------------------------------


@pytest.mark.parametrize(
    "since", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "yesterday", 17]
)
def test_a_lock_with_an_impossible_time_is_refused_in_one_sentence(
    tmp_path: Path, since: object
) -> None:
    target = sample(tmp_path, "shared.achw")
    lock = lock_path(target)
    info = {"user": "bob", "host": "elsewhere.example", "pid": 5, "process": None, "since": since}
    lock.write_text(json.dumps(info), encoding="utf-8")
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(lock.stat().st_mtime))
    before = target.read_bytes()
    (tmp_path / "list.csv").write_text("title\nNew item\n", encoding="utf-8")
    doc = write_json(tmp_path / "doc.json", small_doc())
    expected = (
        f"\u201cshared.achw\u201d is already open by bob@elsewhere.example since {when}; "
        "you can open it read-only or as a copy"
    )
    assert sentence(run("import", tmp_path / "list.csv", "--into", target)) == expected
    assert sentence(run("import", doc, "-o", target, "--force")) == expected
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["shared.achw", lock.name, "list.csv", "doc.json"]
    )


# -- 5. standard output, the state folder, standard input, capped counts, links ------------


def test_score_with_standard_output_closed(tmp_path: Path) -> None:
    source = sample(tmp_path)
    for command in (f"score {source}", f"export {source} --format json -o -"):
        result = subprocess.run(
            ["bash", "-c", f"exec {sys.executable} -m app {command} >&-"],
            cwd=REPO,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert sentence(result) == (
            "standard output is closed, so there is nowhere to write the result"
        )


@pytest.mark.parametrize(
    "args",
    [["score"], ["score", "--json"], ["check"], ["export", "--format", "csv", "-o", "-"]],
)
def test_a_full_standard_output_is_named(tmp_path: Path, args: list[str]) -> None:
    source = sample(tmp_path)
    with open("/dev/full", "wb") as full:
        result = run(args[0], source, *args[1:], stdout=full)
    assert sentence(result) == "standard output could not be written (the disk is full)"


def test_an_output_in_a_folder_that_takes_no_files_is_named_truthfully(tmp_path: Path) -> None:
    source = sample(tmp_path)
    result = run("export", source, "--format", "json", "-o", "/proc/self/mem", "--force")
    assert sentence(result) == (
        "/proc/self/mem: its folder takes no new files, so it cannot be written there"
    )


def test_a_state_folder_that_is_a_file_is_blamed(tmp_path: Path) -> None:
    source = sample(tmp_path)
    blocker = tmp_path / "state-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "XDG_STATE_HOME": str(blocker)}
    for args in commands(source, tmp_path):
        assert sentence(run(*args, env=env)) == (
            f"ACH Workbench's state folder {blocker}/ach-workbench cannot be used "
            "(part of its path is a file, not a folder)"
        ), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.achw", "state-file"]


_FILE_SIZE_LIMIT = """
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # writes past 20 kB fail (EFBIG)
sys.argv = ["ach-workbench", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__")
"""


def test_a_state_folder_that_takes_no_more_bytes_is_blamed_not_the_file(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    source = sample(tmp_path)  # 45 kB: its copy in the scratch cannot be written
    state = _private_user_dirs / "state" / "ach-workbench"
    for args in commands(source, tmp_path):
        result = subprocess.run(
            [sys.executable, "-c", _FILE_SIZE_LIMIT, *map(str, args)],
            cwd=REPO,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert sentence(result) == (
            f"ACH Workbench's state folder {state} cannot be used (file too large)"
        ), args
    assert list(scratch(_private_user_dirs).iterdir()) == []


def test_a_worksheet_file_on_standard_input_must_be_given_by_name(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    assert sentence(run("import", "-", "--into", sample(tmp_path), input=data)) == (
        "standard input holds a worksheet file, which must be given by its file name; "
        "--into adds an evidence list to a worksheet"
    )
    assert sentence(run("import", "-", "-o", tmp_path / "new.achw", input=data)) == (
        "standard input holds a worksheet file, which must be given by its file name; "
        "import reads a JSON worksheet or a CSV evidence list"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.achw"]


def test_problems_past_what_sqlite_counts_are_at_least_that_many(tmp_path: Path) -> None:
    damaged = sample(tmp_path, "u.achw")
    data = bytearray(damaged.read_bytes())
    pages = struct.unpack(">I", data[28:32])[0]
    data[28:32] = struct.pack(">I", pages + 300)  # 300 pages more, that nothing uses
    damaged.write_bytes(bytes(data) + bytes(4096 * 300))
    assert sentence(run("check", damaged)) == (
        f"\u201cu.achw\u201d is damaged (at least 100 problems found by SQLite's check, "
        f"first: Page {pages + 1} is never used)"
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_force_onto_a_link_to_no_file_writes_where_it_leads(tmp_path: Path, fmt: str) -> None:
    source = sample(tmp_path)
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(f"new.{fmt}")
    assert sentence(run("export", source, "--format", fmt, "-o", link)) == (
        f"{link} already exists; add --force to replace it"
    )
    assert run("export", source, "--format", fmt, "-o", link, "--force").returncode == 0
    assert link.is_symlink() and os.readlink(link) == f"new.{fmt}"
    assert (tmp_path / f"new.{fmt}").stat().st_size > 100


def test_import_with_force_onto_a_link_to_no_file_writes_where_it_leads(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    link = tmp_path / "link.achw"
    link.symlink_to("new.achw")
    assert run("import", doc, "-o", link, "--force").returncode == 0
    assert link.is_symlink()
    assert run("check", tmp_path / "new.achw").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "link.achw", "new.achw"]
