"""Unsaved work of a program that died, offered back in the window (real working copies)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.storage.achw.worksheet_file import read_worksheet
from app.storage.local.lock import lock_path, read_lock
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, rate_something, saved_worksheet

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")

EDIT_THEN_WAIT = textwrap.dedent(
    """
    import sys, time
    from app.storage.achw.worksheet_file import Change, WorksheetFile
    wf = WorksheetFile.open(sys.argv[1])
    wf.worksheet.title = "edited before the crash"
    wf.commit(Change(meta=True))
    print("ready", flush=True)
    time.sleep(600)
    """
)


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def crash_after_an_edit(path: Path) -> None:
    """A program opens ``path``, retitles the worksheet (committed, not saved) and is killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", EDIT_THEN_WAIT, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        cwd=REPO,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()


def test_work_on_a_file_opened_again_after_the_crash_is_recovered_into_its_window(
    qtbot, settings, tmp_path
):
    path = saved_worksheet(tmp_path / "rec.achw")
    saved_title = read_worksheet(path).title
    crash_after_an_edit(path)
    wb = make_workbench(settings, recover=Choice.RECOVER)
    window = wb.open_path(path)  # the analyst double-clicks the file again
    qtbot.addWidget(window)
    assert window.document.worksheet.title == saved_title  # what is on disk

    assert wb.offer_recovery(window) == 1
    assert wb.prompts.errors == []
    assert wb.prompts.recovering == f"rec.achw in {tmp_path.resolve()}"
    assert wb.windows == [window]  # the same window, now holding the recovered work
    assert window.document.worksheet.title == "edited before the crash"
    assert window.document.is_modified and window.isWindowModified()
    assert Path(window.document.path) == path.resolve()
    info = read_lock(path)
    assert info is not None and info.is_mine()
    window.files.save()
    assert read_worksheet(path).title == "edited before the crash"
    assert wb.offer_recovery(window) is None  # nothing left to offer


def test_a_file_open_here_with_its_own_changes_is_not_replaced(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "rec.achw")
    crash_after_an_edit(path)
    wb = make_workbench(settings, recover=Choice.RECOVER, unsaved=Choice.DISCARD)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    rate_something(window)
    edited = window.document.worksheet.title

    assert wb.offer_recovery(window) == 0
    assert wb.prompts.errors == [
        "“rec.achw” is open here with changes of its own. Save or close it, then choose "
        "File › Recover Unsaved Work… to get the earlier work back."
    ]
    assert window.document.worksheet.title == edited and window.document.is_modified
    window.close()  # discarding its changes
    assert not lock_path(path).exists()

    # Offered again from the menu, it now comes back.
    wb.prompts.answers["unsaved"] = []
    again = wb.show_start_page()
    qtbot.addWidget(again)
    again.actions_by_id[ActionId.RECOVER].trigger()
    assert again.document.worksheet.title == "edited before the crash"


def test_the_menu_says_so_when_there_is_nothing_to_recover(qtbot, settings):
    wb = make_workbench(settings)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.RECOVER].trigger()
    assert window.statusBar().currentMessage() == "There is no unsaved work to recover."
    assert wb.prompts.asked == []


def test_work_whose_file_someone_else_has_open_now_comes_back_as_an_untitled_copy(
    qtbot, settings, tmp_path
):
    import json

    path = saved_worksheet(tmp_path / "rec.achw")
    crash_after_an_edit(path)
    lock_path(path).write_text(
        json.dumps({"user": "bo", "host": "bos-laptop", "pid": 7, "since": "2026-05-03T14:02"})
    )
    wb = make_workbench(settings, recover=Choice.RECOVER, recover_locked=Choice.COPY)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    assert wb.offer_recovery(window) == 1
    assert wb.prompts.asked == ["recover", "recover_locked"] and wb.prompts.errors == []
    assert window.document.path is None and window.document.is_modified
    assert window.document.worksheet.title == "edited before the crash"
    assert read_lock(path).user == "bo"  # their lock, untouched
    assert wb.offer_recovery(window) is None  # the work lives in the copy now
