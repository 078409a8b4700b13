"""An unexpected error in a menu command: one sentence on screen, the traceback in a log."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ui.dialogs import crash


@pytest.fixture
def hook(tmp_path):
    shown: list[str] = []
    hook = crash.install(show=shown.append, folder=lambda: tmp_path / "log")
    hook.shown = shown
    yield hook
    hook.uninstall()


def broken_command(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    act = QAction("&Broken", window)

    def fail():
        raise ZeroDivisionError("division by zero")

    act.triggered.connect(fail)
    act.keep = window  # the window lives as long as the test holds the command
    return act


def test_a_bug_in_a_command_is_one_sentence_and_a_logged_traceback(qtbot, hook, tmp_path):
    broken_command(qtbot).trigger()
    [text] = hook.shown
    log = tmp_path / "log" / "crash.log"
    assert text == (
        "ACH Workbench ran into a bug (ZeroDivisionError: division by zero) and that command "
        f"did not finish; the details are in {log}."
    )
    written = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "in fail" in written and "ZeroDivisionError: division by zero" in written
    assert "ACH Workbench" in written and "PySide6" in written


def test_errors_while_the_box_is_open_are_only_logged(qtbot, tmp_path):
    shown: list[str] = []
    act = None

    def show_and_fail_again(text):
        shown.append(text)
        act.trigger()  # e.g. a repaint that fails again under the box

    hook = crash.install(show=show_and_fail_again, folder=lambda: tmp_path)
    try:
        act = broken_command(qtbot)
        act.trigger()
    finally:
        hook.uninstall()
    assert len(shown) == 1
    assert (tmp_path / "crash.log").read_text().count("=== ") == 2


def test_no_log_folder_still_tells_the_analyst(qtbot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    shown: list[str] = []
    hook = crash.install(show=shown.append, folder=lambda: blocker)
    try:
        broken_command(qtbot).trigger()
    finally:
        hook.uninstall()
    assert shown and shown[0].endswith("the details could not be written down.")


def test_the_real_message_box_says_the_sentence_and_closes_with_ok(qtbot, tmp_path):
    seen = {}

    def press_ok():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    hook = crash.install(folder=lambda: tmp_path)
    try:
        QTimer.singleShot(0, press_ok)
        broken_command(qtbot).trigger()
    finally:
        hook.uninstall()
    assert seen["text"].startswith("ACH Workbench ran into a bug (ZeroDivisionError")


def test_install_and_uninstall_restore_the_previous_hook(tmp_path):
    before = sys.excepthook
    hook = crash.install(show=lambda _t: None, folder=lambda: tmp_path)
    assert sys.excepthook is hook
    hook.uninstall()
    assert sys.excepthook is before


def test_the_log_lives_in_the_per_user_log_folder():
    import platformdirs

    assert crash.log_folder() == crash.Path(platformdirs.user_log_dir("ach-workbench"))
