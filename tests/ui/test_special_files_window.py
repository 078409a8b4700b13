"""The window refuses what is not a file in one sentence, without hanging or opening a window.

A hang would stop the whole test run, so each test arms faulthandler to end
the process (and fail) if it takes more than a minute.
"""

from __future__ import annotations

import faulthandler
import json
import os
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.storage.local.lock import LockInfo, lock_path
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, saved_worksheet


@pytest.fixture(autouse=True)
def _no_hang():
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def _sparse(path: Path) -> None:
    with open(path, "wb") as f:
        f.truncate(2 << 30)


MAKERS = {
    "fifo": (os.mkfifo, "“in.achw” is a named pipe (FIFO), not a regular file."),
    # Opening resolves links: the message names what the link leads to.
    "device": (lambda p: p.symlink_to("/dev/zero"), "“zero” is a device, not a regular file."),
    "socket": (_socket, "“in.achw” is a socket, not a regular file."),
    "loop": (
        lambda p: p.symlink_to(p.name),
        "“in.achw” is a symbolic link that leads round in a circle.",
    ),
    "sparse": (
        _sparse,
        "“in.achw” is not an ACH Workbench worksheet (it is not a database file).",
    ),
}


@pytest.mark.parametrize("what", sorted(MAKERS))
def test_opening_what_is_not_a_worksheet_says_one_sentence(
    settings, tmp_path, _private_user_dirs, what
):
    make, sentence = MAKERS[what]
    path = tmp_path / "in.achw"
    make(path)
    before = sorted(_private_user_dirs.rglob("*"))
    wb = make_workbench(settings)
    assert wb.open_path(path) is None
    assert wb.prompts.errors == [sentence]
    assert wb.windows == []
    assert sorted(_private_user_dirs.rglob("*")) == before  # no working copy, no lock left
    assert {p.name for p in tmp_path.iterdir()} <= {"in.achw", "settings.ini"}


@pytest.mark.parametrize("name", ["list.csv", "doc.json"])
def test_importing_a_named_pipe_says_one_sentence(qtbot, settings, tmp_path, name):
    wb = make_workbench(settings)
    window = wb.new_worksheet()
    qtbot.addWidget(window)
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert window.interchange.import_path(fifo) is None
    assert wb.prompts.errors == [f"“{name}” is a named pipe (FIFO), not a regular file."]
    assert wb.windows == [window]


def test_the_in_use_question_shows_the_lock_names_clean(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "shared.achw")
    info = json.loads(LockInfo("x", "y", 4242, None, LockInfo.mine().since).to_json())
    info |= {"user": "bea\x1b[31m\u202e", "host": "ws\n12" + "z" * 1000}
    lock_path(path).write_text(json.dumps(info))
    wb = make_workbench(settings, locked=Choice.CANCEL)
    assert wb.open_path(path) is None
    owner, _since, _here = wb.prompts.lock_shown
    assert owner.startswith("bea\ufffd[31m\ufffd@ws\ufffd12zzz")
    assert owner.endswith("\u2026") and len(owner) < 140


@pytest.mark.parametrize("name", ["list.csv", "doc.json"])
def test_importing_a_2_gb_file_is_refused_before_it_is_read(qtbot, settings, tmp_path, name):
    import tracemalloc

    from app.storage import limits

    wb = make_workbench(settings)
    window = wb.new_worksheet()
    qtbot.addWidget(window)
    sparse = tmp_path / name
    _sparse(sparse)
    tracemalloc.start()
    try:
        assert window.interchange.import_path(sparse) is None
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    limit = limits.MAX_FILE_BYTES // 1_000_000
    assert wb.prompts.errors == [
        f"“{name}” is larger than {limit} MB, the limit for an imported file."
    ]
    assert peak < 10_000_000  # refused by its size: none of its 2 GB was read
    assert wb.windows == [window]
