"""Right-click on a hypothesis's header: its menu, and each item acts on that hypothesis."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

ITEMS = [
    "Add Hypothesis",
    "Duplicate Hypothesis",
    "Delete Hypothesis",
    "",
    "Move Hypothesis Left",
    "Move Hypothesis Right",
]


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings))
    window.resize(1500, 860)
    return window


def right_click_header(qtbot, window, hypothesis_id) -> QMenu:
    """Right-click the header of ``hypothesis_id`` as the analyst would; the menu that opens."""
    view = window.pane.view
    header = view.horizontalHeader()
    section = window.pane.model.column_of(hypothesis_id)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    at = QPoint(x, header.height() // 2)
    assert header.logicalIndexAt(at) == section
    # The right button's press and the context-menu event the platform sends with it
    # (QTest's clicks go round the platform, so they bring no context-menu event).
    qtbot.mousePress(header.viewport(), Qt.MouseButton.RightButton, pos=at)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, header.viewport().mapToGlobal(at))
    QApplication.sendEvent(header.viewport(), event)
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.RightButton, pos=at)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def choose(qtbot, menu: QMenu, text: str) -> None:
    [action] = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert action.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def titles(window) -> list[str]:
    return [h.title for h in window.document.worksheet.hypotheses]


def test_the_menu_offers_the_hypothesis_edits(qtbot, window):
    h2 = window.document.worksheet.hypotheses[1]
    menu = right_click_header(qtbot, window, h2.id)
    assert [a.text().replace("&", "") for a in menu.actions()] == ITEMS
    assert menu.isVisible()
    menu.close()


@pytest.mark.parametrize(
    ("item", "expect"),
    [
        ("Move Hypothesis Left", lambda t: [t[1], t[0], *t[2:]]),
        ("Move Hypothesis Right", lambda t: [t[0], t[2], t[1], *t[3:]]),
        ("Delete Hypothesis", lambda t: [t[0], *t[2:]]),
        ("Duplicate Hypothesis", lambda t: [t[0], t[1], f"{t[1]} (copy)", *t[2:]]),
        ("Add Hypothesis", lambda t: [*t, f"H{len(t) + 1}"]),
    ],
)
def test_each_item_acts_on_the_hypothesis_right_clicked(qtbot, window, item, expect):
    doc = window.document
    before = titles(window)
    h2 = doc.worksheet.hypotheses[1]  # not the current one: the first cell is current on opening
    menu = right_click_header(qtbot, window, h2.id)
    choose(qtbot, menu, item)
    assert titles(window) == expect(before)
    # the matrix's headers follow, and one undo takes it back
    model = window.pane.model
    shown = [model.hypothesis_at(c).title for c in range(4, model.columnCount())]
    assert shown == titles(window)
    assert not window.prompts.errors
    doc.undo()
    assert titles(window) == before
