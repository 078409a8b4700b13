"""A worksheet someone else has open, opened read-only: said once, above the matrix."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from app.ui.dialogs.file_prompts import Choice
from app.ui.matrix.model import FIRST_HYPOTHESIS
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, saved_worksheet


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def locked_by_bea(path):
    """The lock file another analyst's program leaves beside the worksheet."""
    from app.storage.local.lock import LockInfo, lock_path

    since = datetime(2026, 11, 24, 10, 2).astimezone()
    info = LockInfo("bea", "ws12", 4242, None, since)
    lock_path(path).write_text(info.to_json())
    return path


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = locked_by_bea(saved_worksheet(tmp_path / "shared.achw"))
    wb = make_workbench(settings, locked=Choice.READ_ONLY, save_path=tmp_path / "mine.achw")
    window = wb.open_path(path)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane.view)
    return window


def test_the_window_body_says_read_only_and_whose_it_is(window):
    bar = window.pane.read_only_bar
    assert bar.isVisible()
    assert bar.label.text() == (
        "Read-only: bea@ws12 has it open since 2026-11-24 10:02 — Save As to make your own copy."
    )
    view = window.pane.view
    assert (
        bar.mapTo(window, bar.rect().bottomLeft()).y()
        < view.mapTo(window, view.rect().topLeft()).y()
    )
    assert window.workbench.prompts.asked == ["locked"]


def test_rating_keys_only_explain_and_the_cursor_stays(qtbot, window):
    view = window.pane.view
    ws = window.document.worksheet
    before = {k: c for k, c in ws.cells.items()}
    start = view.currentIndex()
    assert start.column() == FIRST_HYPOTHESIS
    for key in (Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_C, Qt.Key.Key_Delete):
        qtbot.keyClick(view, key)
        assert QApplication.activeModalWidget() is None  # no dialog per key
        assert view.currentIndex() == start
    assert ws.cells == before
    assert window.workbench.prompts.errors == []
    assert "Read-only" in window.statusBar().currentMessage()
    assert "Save As" in window.statusBar().currentMessage()
    assert not window.isWindowModified()


def test_enter_shows_the_note_without_letting_it_change(qtbot, window):
    view = window.pane.view
    ws = window.document.worksheet
    window.pane.select_cell(ws.evidence[0].id, ws.hypotheses[0].id)
    seen = {}

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen["read_only"] = dialog.editor.isReadOnly()
        seen["note"] = dialog.editor.toPlainText()
        seen["buttons"] = [b.text() for b in dialog.buttons.buttons()]
        dialog.buttons.button(QDialogButtonBox.StandardButton.Close).click()

    QTimer.singleShot(0, look_and_close)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert seen["read_only"] and seen["note"] == "Three times the 2022 average."
    assert [t.replace("&", "") for t in seen["buttons"]] == ["Close"]


def test_save_as_from_the_bar_makes_it_the_analysts_own(qtbot, window, tmp_path):
    bar = window.pane.read_only_bar
    qtbot.mouseClick(bar.save_as, Qt.MouseButton.LeftButton)
    assert window.document.path == tmp_path / "mine.achw" and not window.document.read_only
    assert not bar.isVisible()
    assert "read-only" not in window.windowTitle()
    assert window.actions_by_id[ActionId.ADD_EVIDENCE].isEnabled()
    assert window.details.item_title.isEnabled()
    view = window.pane.view
    ws = window.document.worksheet
    window.pane.select_cell(ws.evidence[1].id, ws.hypotheses[2].id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert ws.rating(ws.evidence[1].id, ws.hypotheses[2].id).value == "II"
    assert view.cell_key(view.currentIndex()) == (ws.evidence[1].id, ws.hypotheses[3].id)


def test_a_worksheet_in_a_folder_that_takes_no_files_says_so_before_any_work(
    qtbot, settings, tmp_path, monkeypatch
):
    from app.storage.local import lock

    (tmp_path / "cd").mkdir()
    path = saved_worksheet(tmp_path / "cd" / "report.achw")
    # What Lock.acquire meets on a CD or a folder without permission (as root,
    # chmod would not stop it): no file can be made beside the worksheet.
    real_acquire = lock.Lock.acquire.__func__
    monkeypatch.setattr(
        lock.Lock,
        "acquire",
        classmethod(lambda cls, target, **kw: None if target.parent.name == "cd" else
                    real_acquire(cls, target, **kw)),
    )  # fmt: skip
    mine = tmp_path / "mine" / "report.achw"
    mine.parent.mkdir()
    wb = make_workbench(settings, save_path=mine)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    bar = window.pane.read_only_bar
    assert bar.isVisible() and not window.document.read_only
    assert bar.label.text() == (
        "No new file can be made beside “report.achw” (a read-only folder, or a full disk): "
        "you can work on it, but to keep your changes Save As to another place."
    )
    bar.save_as.click()
    assert wb.prompts.suggested.parent != path.parent  # not back into the folder that refuses
    assert window.document.path == mine
    assert not bar.isVisible()
