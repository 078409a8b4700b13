"""Text typed in a Details field is stored before every command, merged into one undo step,
and counts as unsaved while it is typed.  (Real key events on the real widgets, offscreen;
tests/e2e/test_typed_text_kept.py does the same through the X window system.)

The pause that stores typed text on its own is made very long here, so each
test shows that the command itself stored the text.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt

from app.ui.dialogs.file_prompts import Choice
from app.ui.document import drafts
from app.ui.window.actions import ActionId as A
from tests.ui.test_main_window import make_workbench, saved_worksheet, settings

__all__ = ["settings"]  # the fixture, for pytest

TYPED = " Rail cars seen at Najin."


@pytest.fixture(autouse=True)
def _no_pause_stores(monkeypatch):
    monkeypatch.setattr(drafts, "IDLE_MS", 3_600_000)
    monkeypatch.setattr(drafts, "MAX_WAIT_MS", 3_600_000)


@pytest.fixture
def window(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    wb = make_workbench(settings, unsaved=Choice.CANCEL, save_path=tmp_path / "export.json")
    window = wb.open_path(path)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def type_into(qtbot, field, text):
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # a text box
    qtbot.keyClick(field, Qt.Key.Key_End)  # a line
    qtbot.keyClicks(field, text)


def first_item(window):
    return window.document.worksheet.evidence[0]


def test_typing_marks_the_window_unsaved_at_once(qtbot, window):
    assert not window.isWindowModified()
    type_into(qtbot, window.details.item_description, TYPED)
    assert window.isWindowModified()
    assert window.document.is_modified  # so closing asks, as for any change


def test_save_stores_the_field_being_typed_in(qtbot, window):
    before = first_item(window).description
    type_into(qtbot, window.details.item_description, TYPED)
    window.actions_by_id[A.SAVE].trigger()
    from app.storage.achw.worksheet_file import read_worksheet

    assert read_worksheet(window.document.path).evidence[0].description == before + TYPED
    assert not window.isWindowModified()
    assert window.details.item_description.hasFocus()  # the analyst goes on typing


def test_export_includes_the_field_being_typed_in(qtbot, window, tmp_path):
    type_into(qtbot, window.details.item_source, " (corroborated)")
    window.actions_by_id[A.EXPORT_JSON].trigger()
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert exported["evidence"][0]["source"].endswith(" (corroborated)")


@pytest.mark.parametrize(
    "command",
    [
        A.ADD_EVIDENCE,
        A.DUPLICATE_EVIDENCE,
        A.MOVE_EVIDENCE_DOWN,
        A.ADD_HYPOTHESIS,
        A.TOGGLE_EXCLUDED,
    ],
)
def test_every_edit_command_stores_the_field_first(qtbot, window, command):
    item = first_item(window)
    before = item.description
    type_into(qtbot, window.details.item_description, TYPED)
    window.actions_by_id[command].trigger()
    assert window.document.item(item.id).description == before + TYPED
    # Typed text is its own undo step, before the command's.
    window.document.undo()
    window.document.undo()
    assert window.document.item(item.id).description == before


def test_delete_stores_the_field_first_and_undo_brings_both_back(qtbot, window):
    item = first_item(window)
    before = item.description
    type_into(qtbot, window.details.item_description, TYPED)
    window.actions_by_id[A.DELETE_EVIDENCE].trigger()
    assert not window.document.has_item(item.id)
    window.document.undo()
    assert window.document.item(item.id).description == before + TYPED


def test_edit_undo_takes_back_the_typing_as_one_step(qtbot, window):
    item = first_item(window)
    before = item.description
    type_into(qtbot, window.details.item_description, TYPED)
    edit = window.menus["Edit"]
    edit.popup(window.mapToGlobal(QPoint(10, 10)))  # opening the menu stores the text
    undo = next(a for a in edit.actions() if a.text().startswith("&Undo"))
    assert undo.isEnabled() and undo.text() == "&Undo Edit evidence description"
    undo.trigger()
    edit.close()
    assert window.document.item(item.id).description == before
    assert window.details.item_description.toPlainText() == before
    assert not window.isWindowModified()


def test_each_visit_to_a_field_is_one_undo_step(qtbot, window):
    item = first_item(window)
    details = window.details
    type_into(qtbot, details.item_description, " one")
    details.flush()
    type_into(qtbot, details.item_description, " two")  # still the same visit
    details.flush()
    qtbot.keyClick(details.item_description, Qt.Key.Key_Tab)  # leaves the field
    type_into(qtbot, details.item_description, " three")
    details.flush()
    stack = window.document.undo_stack
    assert stack.count() == 2
    window.document.undo()
    assert window.document.item(item.id).description.endswith(" one two")


def test_switching_items_stores_the_text_for_the_item_it_was_typed_for(qtbot, window):
    ws = window.document.worksheet
    first, second = ws.evidence[0], ws.evidence[1]
    before = first.description
    type_into(qtbot, window.details.item_description, TYPED)
    window.pane.select_item(second.id)  # as a click or an arrow key in the matrix does
    assert window.details.item_description.toPlainText() == second.description
    assert window.document.item(first.id).description == before + TYPED
    assert window.document.item(second.id).description == second.description


def test_close_asks_and_save_keeps_the_typed_text(qtbot, window):
    from app.storage.achw.worksheet_file import read_worksheet

    prompts = window.workbench.prompts
    prompts.answers["unsaved"] = Choice.SAVE
    path = window.document.path
    before = first_item(window).description
    type_into(qtbot, window.details.item_description, TYPED)
    window.actions_by_id[A.CLOSE].trigger()
    assert prompts.asked == ["unsaved"]
    assert read_worksheet(path).evidence[0].description == before + TYPED
    assert window.welcome_shown()


def test_a_space_typed_between_words_stays_while_typing(qtbot, window):
    """The worksheet's title is stored stripped; the field must not lose the space just typed."""
    details = window.details
    details.setCurrentIndex(2)
    field = details.meta_title
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "Shells ")
    details.flush()
    qtbot.keyClicks(field, "for export")
    details.flush()
    assert field.text() == "Shells for export"
    assert window.document.worksheet.title == "Shells for export"


def test_an_emptied_title_is_not_stored_and_comes_back_on_leaving(qtbot, window):
    item = first_item(window)
    title = item.title
    field = window.details.item_title
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    window.actions_by_id[A.SAVE].trigger()
    assert window.document.item(item.id).title == title
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == title


def test_a_title_typed_in_the_matrix_is_stored_by_save(qtbot, window):
    from PySide6.QtWidgets import QApplication, QLineEdit

    from app.storage.achw.worksheet_file import read_worksheet
    from app.ui.matrix.model import COL_TITLE

    pane = window.pane
    title = first_item(window).title
    frozen = pane.view.frozen
    rect = frozen.visualRect(pane.proxy.index(0, COL_TITLE))
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == title
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, " (rail)")
    window.actions_by_id[A.SAVE].trigger()  # the editor is still open
    assert read_worksheet(window.document.path).evidence[0].title == title + " (rail)"
