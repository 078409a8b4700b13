"""The Item page of the details panel as the analyst types into it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.domain.model import Rating
from app.ui.panels.date_field import ALERT


def type_date(qtbot, details, text):
    field = details.item_date
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def text_colour(details):
    return details.item_date.palette().color(QPalette.ColorRole.Text)


def normal_text_colour():
    return QApplication.palette().color(QPalette.ColorRole.Text)


def test_an_impossible_date_stays_marked_and_nothing_is_committed(qtbot, details, document):
    ws = document.worksheet
    e = ws.evidence[0]
    details.show_selection(e.id, ws.hypotheses[0].id)
    type_date(qtbot, details, "2023-02-30")
    assert details.item_date.text() == "2023-02-30"  # not dropped
    problem = details.item_date.problem
    assert problem.isVisible() and problem.text() == "2023-02-30 is not a date (YYYY-MM-DD)"
    assert text_colour(details) == ALERT
    assert e.date == "2023-09-14" and document.undo_stack.count() == 0
    # The item changes meanwhile (a rating of one of its cells): the typed text stays.
    document.set_ratings([(e.id, ws.hypotheses[1].id)], Rating.II)
    assert details.item_date.text() == "2023-02-30" and problem.isVisible()
    # Corrected: committed, and the marking goes.
    type_date(qtbot, details, "2023-02-28")
    assert e.date == "2023-02-28"
    assert not problem.isVisible() and text_colour(details) == normal_text_colour()
    assert details.item_date.toolTip() == ""


def test_esc_goes_back_to_the_stored_date(qtbot, details, document):
    e = document.worksheet.evidence[2]
    details.show_selection(e.id, None)
    type_date(qtbot, details, "13/09/2023")
    assert details.item_date.problem.isVisible()
    details.item_date.setFocus()
    qtbot.keyClick(details.item_date, Qt.Key.Key_Escape)
    assert details.item_date.text() == "2023-09-13" == e.date
    assert not details.item_date.problem.isVisible()
    assert text_colour(details) == normal_text_colour()
    qtbot.keyClick(details.item_date, Qt.Key.Key_Tab)
    assert document.undo_stack.count() == 0


def test_another_item_shows_its_own_date_unmarked(qtbot, details, document):
    ws = document.worksheet
    details.show_selection(ws.evidence[0].id, None)
    type_date(qtbot, details, "2023-02-30")
    for item in ws.evidence[1:4]:
        details.show_selection(item.id, None)
        assert details.item_date.text() == item.date
        assert not details.item_date.problem.isVisible()
        assert text_colour(details) == normal_text_colour()
    details.show_selection(ws.evidence[0].id, None)  # back: the stored date, unmarked
    assert details.item_date.text() == "2023-09-14"
    assert not details.item_date.problem.isVisible()
    assert ws.evidence[0].date == "2023-09-14"


def test_clearing_the_date_is_allowed(qtbot, details, document):
    e = document.worksheet.evidence[1]
    details.show_selection(e.id, None)
    details.item_date.setFocus()
    details.item_date.clear()
    qtbot.keyClick(details.item_date, Qt.Key.Key_Tab)
    assert e.date == "" and not details.item_date.problem.isVisible()
