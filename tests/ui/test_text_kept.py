"""What the analyst types is either kept or said not to be: never cut or dropped silently.

Fields hold no more than the worksheet keeps (the limits every file is checked
against), pasted control characters are taken out, and a date that is not one
makes Save and Close ask before leaving it behind.  (Real key events on the real
window, offscreen; tests/e2e/test_typed_text_kept.py types through X.)
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.storage.achw.worksheet_file import WorksheetFile, read_worksheet
from app.storage.limits import MAX_TEXT, MAX_TITLE
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.actions import ActionId as A
from tests.ui.test_main_window import make_workbench, settings
from tests.ui.worksheets import realistic_worksheet

__all__ = ["settings"]  # the fixture, for pytest

LONG_TITLE = "Rail cars seen at Najin " * 20  # 480 characters
NEAR_LIMIT = LONG_TITLE + "x" * (MAX_TITLE - len(LONG_TITLE) - 5)  # 5 characters of room


def open_saved(qtbot, settings, tmp_path, **answers):
    ws = realistic_worksheet()
    first = dataclasses.replace(
        ws.evidence[0], title=NEAR_LIMIT, date="2023-09-14", description="Seen twice."
    )
    ws = dataclasses.replace(ws, evidence=[first, *ws.evidence[1:]])
    path = tmp_path / "w.achw"
    f = WorksheetFile.create(ws)
    f.save(path)
    f.close()
    window = make_workbench(settings, **answers).open_path(path)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # else it takes the keyboard back from the field
    return window, path


def focus_at_end(qtbot, field):
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_End)


def test_a_title_takes_no_more_than_the_worksheet_keeps(qtbot, settings, tmp_path):
    window, path = open_saved(qtbot, settings, tmp_path)
    title = window.details.item_title
    focus_at_end(qtbot, title)
    qtbot.keyClicks(title, "abcdefghij")  # 10 typed, 5 fit
    assert title.text() == NEAR_LIMIT + "abcde"
    assert "holds at most 500 characters" in window.statusBar().currentMessage()
    window.actions_by_id[A.SAVE].trigger()
    assert window.prompts.errors == []
    assert read_worksheet(path).evidence[0].title == NEAR_LIMIT + "abcde"  # whole, as shown
    assert "not kept" not in window.statusBar().currentMessage()


def test_a_pasted_description_is_cut_at_the_limit_where_it_was_pasted(qtbot, settings, tmp_path):
    window, path = open_saved(qtbot, settings, tmp_path)
    box = window.details.item_description
    focus_at_end(qtbot, box)
    before = box.toPlainText()
    QGuiApplication.clipboard().setText("y" * MAX_TEXT)
    qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert before and box.toPlainText() == before + "y" * (MAX_TEXT - len(before))
    assert "description holds at most 20,000 characters" in window.statusBar().currentMessage()
    window.actions_by_id[A.SAVE].trigger()
    assert window.prompts.errors == []
    assert read_worksheet(path).evidence[0].description == box.toPlainText()


def test_pasted_control_characters_are_taken_out_and_the_rest_is_kept(qtbot, settings, tmp_path):
    window, path = open_saved(qtbot, settings, tmp_path)
    source = window.details.item_source
    focus_at_end(qtbot, source)
    QGuiApplication.clipboard().setText(" (cable\x00 17\x1b[31m,\nannex)")
    qtbot.keyClick(source, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(source, "!")  # the cursor stayed at the end of what was pasted
    assert source.text().endswith(" (cable 17[31m, annex)!")
    window.actions_by_id[A.SAVE].trigger()
    assert window.prompts.errors == []
    assert read_worksheet(path).evidence[0].source == source.text()


def type_impossible_date(qtbot, window):
    date = window.details.item_date
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    date.selectAll()
    qtbot.keyClicks(date, "2024-02-30")


def test_save_asks_before_leaving_an_impossible_date_behind(qtbot, settings, tmp_path):
    window, path = open_saved(qtbot, settings, tmp_path, unkept=[Choice.CANCEL, Choice.SAVE])
    type_impossible_date(qtbot, window)
    window.actions_by_id[A.SAVE].trigger()
    (sentence,), closing = window.prompts.unkept
    assert not closing
    assert sentence == (
        "The Event date of evidence item 1 holds “2024-02-30”, which is not a date (YYYY-MM-DD):"
        " the worksheet keeps the stored date, 2023-09-14."
    )
    date = window.details.item_date
    assert date.hasFocus() and date.text() == "2024-02-30"  # back to correct it
    assert date.selectedText() == "2024-02-30"
    window.actions_by_id[A.SAVE].trigger()  # "Save Anyway"
    assert read_worksheet(path).evidence[0].date == "2023-09-14"
    assert date.text() == "2024-02-30"  # still there, still marked, for the analyst to fix


def test_a_corrected_date_is_saved_without_asking(qtbot, settings, tmp_path):
    window, path = open_saved(qtbot, settings, tmp_path, unkept=[Choice.CANCEL])
    type_impossible_date(qtbot, window)
    window.actions_by_id[A.SAVE].trigger()
    date = window.details.item_date
    qtbot.keyClicks(date, "2024-02-29")  # replaces the selected text
    window.actions_by_id[A.SAVE].trigger()
    assert window.prompts.answers["unkept"] == []  # asked once only
    assert read_worksheet(path).evidence[0].date == "2024-02-29"


@pytest.mark.parametrize("answer", [Choice.CANCEL, Choice.DISCARD])
def test_close_asks_before_dropping_an_impossible_date(qtbot, settings, tmp_path, answer):
    window, path = open_saved(qtbot, settings, tmp_path, unkept=[answer])
    type_impossible_date(qtbot, window)
    window.actions_by_id[A.CLOSE].trigger()
    _sentences, closing = window.prompts.unkept
    assert closing
    if answer is Choice.CANCEL:
        assert window.document.path == path  # still open, the field has the keyboard
        assert window.details.item_date.hasFocus()
    else:
        assert window.welcome_shown()  # nothing else was changed: no other question
        assert "unsaved" not in window.prompts.asked
    assert read_worksheet(path).evidence[0].date == "2023-09-14"


def test_every_label_of_the_item_page_takes_the_keyboard_to_its_field(qtbot, settings, tmp_path):
    """Alt+A used to do nothing: the Date label's buddy was a row that takes no focus."""
    from PySide6.QtWidgets import QApplication, QLabel

    window, _path = open_saved(qtbot, settings, tmp_path)
    labels = [
        label
        for label in window.details.widget(0).findChildren(QLabel)
        if "&" in label.text() and label.buddy() is not None
    ]
    assert len(labels) == 11  # Title, Description, Source, Link, Citations, Event date…
    for label in labels:
        window.pane.view.setFocus()
        qtbot.waitUntil(window.pane.view.hasFocus)
        letter = label.text()[label.text().index("&") + 1]
        qtbot.keyClick(window.pane.view, letter.lower(), Qt.KeyboardModifier.AltModifier)
        focused = QApplication.focusWidget()
        field = label.buddy()
        assert focused is field or focused is field.focusProxy(), label.text()


def test_moving_to_another_item_says_the_impossible_date_was_not_kept(qtbot, settings, tmp_path):
    window, _path = open_saved(qtbot, settings, tmp_path)
    type_impossible_date(qtbot, window)
    ws = window.document.worksheet
    window.pane.select_cell(ws.evidence[1].id, ws.hypotheses[0].id)
    assert window.statusBar().currentMessage() == (
        "The Event date of evidence item 1 holds “2024-02-30”, which is not a date (YYYY-MM-DD):"
        " the worksheet keeps the stored date, 2023-09-14."
    )
    assert ws.evidence[0].date == "2023-09-14"
