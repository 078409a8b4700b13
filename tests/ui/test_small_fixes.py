"""The QA tester's small findings: counts, defaults, note lines, Redo keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.model import Rating
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings):
    window = open_window(qtbot, make_workbench(settings))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane.view)
    return window


def test_status_bar_counts_in_good_english(qtbot, window):
    # the realistic worksheet has exactly one blank cell among its included items
    assert window.status.text() == "12 items (1 excluded) · 4 hypotheses · 1 cell to rate"
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Delete)  # clear the first cell
    assert window.status.text().endswith("· 2 cells to rate")


def test_empty_worksheet_shows_the_default_medium_while_disabled(qtbot, settings):
    wb = make_workbench(settings)
    window = wb.new_worksheet()
    qtbot.addWidget(window)
    details = window.details
    for combo in (details.item_credibility, details.item_relevance):
        assert combo.currentText() == "medium" and not combo.isEnabled()


def test_deleting_the_last_item_leaves_no_stale_fields(qtbot, settings):
    from app.domain.model import Worksheet

    window = open_window(qtbot, make_workbench(settings), Worksheet())
    window.document.add_hypothesis()
    eid = window.document.add_item()
    window.pane.select_item(eid)
    window.document.set_item_fields(eid, title="Only item", date="2023-01-02")
    window.document.delete_items([eid])
    details = window.details
    assert details.item_title.text() == "" and details.item_date.text() == ""
    assert details.item_credibility.currentText() == "medium"


def test_a_notes_lines_stay_lines_in_the_details_panel(qtbot, window):
    ws = window.document.worksheet
    e, h = ws.evidence[4], ws.hypotheses[2]
    window.pane.select_cell(e.id, h.id)
    window.pane.view.setFocus()

    def type_two_lines():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        qtbot.keyClicks(dialog.editor, "QA-NOTE")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.editor, "line2")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, type_two_lines)
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Return)
    assert ws.cell(e.id, h.id).note == "QA-NOTE\nline2"
    shown = window.details.item_measures.text()
    assert "QA-NOTE<br>line2" in shown and "QA-NOTE line2" not in shown


def test_ctrl_return_keeps_the_note_and_closes_its_dialog(qtbot, window):
    ws = window.document.worksheet
    e, h = ws.evidence[4], ws.hypotheses[2]
    window.pane.select_cell(e.id, h.id)
    window.pane.view.setFocus()
    seen: list[QDialog] = []

    def type_and_press_ctrl_return():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(dialog)
        dialog.activateWindow()  # a window shortcut acts in the active window only
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClicks(dialog.editor, "kept by Ctrl+Return")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, CTRL)
        if dialog.isVisible():  # the shortcut did nothing: fail, not hang
            dialog.reject()

    QTimer.singleShot(0, type_and_press_ctrl_return)
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Return)
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert ws.cell(e.id, h.id).note == "kept by Ctrl+Return"


@pytest.mark.parametrize("redo", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)])
def test_redo_on_ctrl_y_and_ctrl_shift_z(qtbot, window, redo):
    ws = window.document.worksheet
    view = window.pane.view
    cell = view.cell_key(view.currentIndex())
    before = ws.rating(*cell)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert ws.rating(*cell) is Rating.II
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert ws.rating(*cell) is before
    qtbot.keyClick(view, *redo)
    assert ws.rating(*cell) is Rating.II
