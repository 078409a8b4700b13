"""Files that are not files: every command refuses them in one line, at once, leaving nothing.

Named pipes, devices, sockets and symbolic-link loops given as inputs; a
sparse 2 GB "worksheet"; a closed standard input; lock files written by
other programs; pipes and devices given as outputs (written into, never
replaced); file names holding control characters.  Every run has a timeout,
so a command that hangs fails the test instead of hanging it.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage import limits
from app.storage.local.lock import LockInfo, lock_path
from tests.cli.helpers import REPO, refused, run_as_user, small_doc, write_json

TIMEOUT = 60  # far more than any of these needs; a hang fails instead of hanging the suite


run = functools.partial(run_as_user, timeout=TIMEOUT)


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The refusal's sentence, checked: exit 1, one line, no escape sequence, no internal error."""
    sentence = refused(result)
    assert "\x1b" not in sentence and "internal error" not in sentence, sentence
    assert result.stdout == b""
    return sentence


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_device(path: Path) -> Path:
    path.symlink_to("/dev/zero")  # reading it never ends
    return path


def make_socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def make_loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (make_fifo, "is a named pipe (FIFO), not a regular file"),
    "device": (make_device, "is a device, not a regular file"),
    "socket": (make_socket, "is a socket, not a regular file"),
    "loop": (make_loop, "is a symbolic link that leads round in a circle"),
}


def listing(*folders: Path) -> set[str]:
    return {str(p) for folder in folders for p in folder.rglob("*")}


def commands(source: Path, out: Path) -> list[list[str | Path]]:
    return [
        ["check", source],
        ["score", source],
        ["score", source, "--json"],
        ["export", source, "--format", "json", "-o", out / "out.json"],
        ["export", source, "--format", "pdf", "-o", out / "out.pdf"],
    ]


@pytest.mark.parametrize("name", ["in.achw", "in.json"])
@pytest.mark.parametrize("what", sorted(SPECIAL))
def test_every_command_refuses_what_is_not_a_file(
    tmp_path: Path, _private_user_dirs: Path, what: str, name: str
) -> None:
    make, problem = SPECIAL[what]
    source = make(tmp_path / name)
    before = listing(tmp_path, _private_user_dirs)
    for args in commands(source, tmp_path):
        assert one_line(run(*args)) == f"\u201c{name}\u201d {problem}", args
    assert listing(tmp_path, _private_user_dirs) == before


@pytest.mark.parametrize("what", sorted(SPECIAL))
def test_import_refuses_what_is_not_a_file(tmp_path: Path, what: str) -> None:
    make, problem = SPECIAL[what]
    for name in ("evidence.csv", "worksheet.json", "anything"):
        source = make(tmp_path / name)
        result = run("import", source, "-o", tmp_path / "out.achw")
        assert one_line(result) == f"\u201c{name}\u201d {problem}"
        source.unlink()
    assert list(tmp_path.iterdir()) == []


def test_a_sparse_2_gb_file_is_refused_by_its_header_without_a_copy(
    tmp_path: Path, _private_user_dirs: Path
) -> None:
    sparse = tmp_path / "huge.achw"
    with open(sparse, "wb") as f:
        f.write(os.urandom(100))  # a header of noise
        f.truncate(2 << 30)
    before = listing(tmp_path, _private_user_dirs)
    for args in commands(sparse, tmp_path):
        sentence = one_line(run(*args))
        assert (
            sentence
            == "\u201chuge.achw\u201d is not an ACH Workbench worksheet (it is not a database file)"
        )
    assert listing(tmp_path, _private_user_dirs) == before
    # Nothing the size of it was ever made (a copy would be in the state folder's scratch).
    assert all(p.stat().st_size < 1 << 20 for p in _private_user_dirs.rglob("*") if p.is_file())


def test_a_sparse_file_of_zeros_named_json_is_refused_by_its_size(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.json"
    with open(sparse, "wb") as f:
        f.truncate(2 << 30)
    sentence = one_line(run("score", sparse))
    limit = limits.MAX_FILE_BYTES // 1_000_000
    assert sentence == f"{sparse} is larger than {limit} MB, the limit for an imported file"


def test_score_of_an_empty_standard_input(tmp_path: Path) -> None:
    sentence = one_line(run("score", "-", stdin=subprocess.DEVNULL))
    assert sentence == "standard input is empty; give a file name instead of -, or pipe one in"


def test_score_with_standard_input_closed(tmp_path: Path) -> None:
    command = f"exec {sys.executable} -m app score - <&-"
    result = subprocess.run(
        ["bash", "-c", command], cwd=REPO, capture_output=True, timeout=TIMEOUT, check=False
    )
    assert one_line(result) == "standard input is closed; give a file name instead of -"


# -- lock files written by other programs -------------------------------------------------


def _worksheet(tmp_path: Path) -> tuple[Path, Path]:
    doc = write_json(tmp_path / "doc.json", small_doc())
    target = tmp_path / "shared.achw"
    assert run("import", doc, "-o", target).returncode == 0
    return doc, target


def test_a_lock_that_is_a_named_pipe_does_not_hang(tmp_path: Path) -> None:
    doc, target = _worksheet(tmp_path)
    before = target.read_bytes()
    os.mkfifo(lock_path(target))
    sentence = one_line(run("import", doc, "-o", target, "--force"))
    assert sentence.startswith(
        "\u201cshared.achw\u201d is already open by someone@an unknown computer since "
    )
    assert target.read_bytes() == before
    assert stat.S_ISFIFO(os.lstat(lock_path(target)).st_mode)


def test_a_lock_of_this_computer_with_an_impossible_pid_is_stale(tmp_path: Path) -> None:
    doc, target = _worksheet(tmp_path)
    info = json.loads(LockInfo.mine().to_json())
    lock_path(target).write_text(json.dumps(info | {"pid": 99999999999999999999}))
    result = run("import", doc, "-o", target, "--force")
    assert result.returncode == 0, result.stderr
    assert run("check", target).returncode == 0


def test_names_in_a_lock_are_shown_without_control_characters(tmp_path: Path) -> None:
    doc, target = _worksheet(tmp_path)
    info = json.loads(LockInfo.mine().to_json())
    evil = {
        "user": "bea\x1b[2J\x1b]0;pwned\x07\nSECOND LINE\u202e",
        "host": "ws12" + "x" * 1000,
        "pid": 4242,
    }
    lock_path(target).write_text(json.dumps(info | evil))
    sentence = one_line(run("import", doc, "-o", target, "--force"))
    owner = sentence.split(" is already open by ", 1)[1].split(" since ", 1)[0]
    assert owner.startswith("bea\ufffd[2J\ufffd]0;pwned\ufffd\ufffdSECOND LINE\ufffd@ws12xxx")
    assert owner.endswith("\u2026") and len(owner) < 140
    assert "\u202e" not in sentence


# -- outputs that are named pipes or devices: written into, never replaced ------------------


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as f:
            into.append(f.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_into_a_named_pipe_that_a_program_reads(tmp_path: Path, force: list[str]) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    fifo = make_fifo(tmp_path / "pipe.json")
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = run("export", doc, "--format", "json", "-o", fifo, *force)
    reader.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert json.loads(got[0])["title"] == small_doc()["title"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "pipe.json"]


def test_import_into_a_named_pipe_streams_the_worksheet_file(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    fifo = make_fifo(tmp_path / "pipe.achw")
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = run("import", doc, "-o", fifo, "--force")
    reader.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "received.achw"
    copy.write_bytes(got[0])
    assert run("check", copy).returncode == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_named_pipe_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    fifo = make_fifo(tmp_path / "pipe.pdf")
    sentence = one_line(run("export", doc, "--format", "pdf", "-o", fifo, "--force"))
    assert sentence == "\u201cpipe.pdf\u201d is a named pipe that no program is reading from"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "pipe.pdf"]


def _null_device(path: Path) -> Path:
    """A character device like /dev/null in the test's folder (a link to it without root)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        path.symlink_to(os.devnull)
    return path


@pytest.mark.parametrize("fmt", ["json", "csv", "pdf"])
def test_force_onto_a_device_writes_into_it_and_keeps_it(tmp_path: Path, fmt: str) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    null = _null_device(tmp_path / f"null.{fmt}")
    before = os.lstat(null)
    result = run("export", doc, "--format", fmt, "-o", null, "--force")
    assert result.returncode == 0, result.stderr
    after = os.lstat(null)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", null.name]


def test_import_with_force_onto_a_device_keeps_it(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    null = _null_device(tmp_path / "null.achw")
    before = os.lstat(null)
    assert run("import", doc, "-o", null, "--force").returncode == 0
    assert os.lstat(null).st_ino == before.st_ino and stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "null.achw"]


def test_force_onto_a_socket_or_a_loop_is_refused(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    sock = make_socket(tmp_path / "sock.json")
    loop = make_loop(tmp_path / "loop.json")
    assert one_line(run("export", doc, "--format", "json", "-o", sock, "--force")) == (
        f"{sock} is a socket; give the name of a file to write"
    )
    assert one_line(run("export", doc, "--format", "json", "-o", loop, "--force")) == (
        f"{loop} is a symbolic link that leads round in a circle; give the name of a file to write"
    )
    assert stat.S_ISSOCK(os.lstat(sock).st_mode) and loop.is_symlink()


def test_force_through_a_link_replaces_the_file_it_leads_to(tmp_path: Path) -> None:
    doc = write_json(tmp_path / "doc.json", small_doc())
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    assert run("export", doc, "--format", "json", "-o", link, "--force").returncode == 0
    assert link.is_symlink() and json.loads(real.read_text())["version"] == 1


# -- file names that hold control characters --------------------------------------------


def test_a_csv_file_name_with_control_characters_becomes_a_clean_title(tmp_path: Path) -> None:
    name = "list\x1b[31m\u202egpj.exe\x07"
    source = tmp_path / f"{name}.csv"
    source.write_text("title\nFirst item\n", encoding="utf-8")
    out = tmp_path / "out.achw"
    assert run("import", source, "-o", out).returncode == 0
    result = run("export", out, "--format", "json", "-o", "-")
    assert json.loads(result.stdout)["title"] == "list\ufffd[31m\ufffdgpj.exe\ufffd"


def test_a_refusal_naming_such_a_file_is_one_clean_line(tmp_path: Path) -> None:
    source = tmp_path / "bad\n\x1b[2Jname.csv"
    source.write_text("no title column\nx\n", encoding="utf-8")
    sentence = one_line(run("import", source, "-o", tmp_path / "out.achw"))
    assert "bad\ufffd\ufffd[2Jname.csv" in sentence
    assert not (tmp_path / "out.achw").exists()
