"""The Details panel's Item page on where an item comes from: its reported date, its
information's grade, the credibility that suggests, and the passages it cites."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.model import Level
from app.ui.document import drafts
from tests.ui.test_main_window import make_workbench, open_window, settings
from tests.ui.worksheets import MIXED_TEXT, sourced_worksheet

__all__ = ["settings"]  # the fixture, for pytest


@pytest.fixture(autouse=True)
def _no_pause_stores(monkeypatch):
    monkeypatch.setattr(drafts, "IDLE_MS", 3_600_000)
    monkeypatch.setattr(drafts, "MAX_WAIT_MS", 3_600_000)


@pytest.fixture
def worksheet():
    return sourced_worksheet()


@pytest.fixture
def details(qtbot, details):
    """The panel, active: its fields take the keyboard."""
    panel = details
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def citations_shown(details):
    rows = details.citations.list
    return [rows.item(r).text() for r in range(rows.count())]


def test_the_event_date_and_the_reported_date_are_two_fields(qtbot, details, document):
    e = document.worksheet.evidence[0]
    details.show_selection(e.id, None)
    field = details.item_reported
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "2023-09-20")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert (e.date, e.reported_date) == ("2023-09-14", "2023-09-20")
    assert document.undo_stack.undoText() == "Edit evidence reported_date"
    document.undo()
    assert e.reported_date == "" and field.text() == ""


def test_the_information_is_graded_on_the_admiralty_scale(details, document):
    e = document.worksheet.evidence[0]
    details.show_selection(e.id, None)
    combo = details.item_information
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "not graded",
        "1 — confirmed by other sources",
        "2 — probably true",
        "3 — possibly true",
        "4 — doubtful",
        "5 — improbable",
        "6 — truth cannot be judged",
    ]
    combo.setCurrentIndex(combo.findData("2"))
    assert e.info_credibility == "2" and document.undo_stack.count() == 1
    document.undo()
    assert e.info_credibility == "" and combo.currentIndex() == 0


def test_the_grading_line_says_the_code_and_the_suggestion(details, document):
    e = document.worksheet.evidence[0]  # cites S1, graded B
    details.show_selection(e.id, None)
    assert details.item_grading.text() == (
        "Graded B-: grade the information for a suggested credibility."
    )
    document.set_item_fields(e.id, info_credibility="2", credibility=Level.HIGH)
    assert details.item_grading.text() == "Graded B2 — suggests high"
    assert details.use_suggested.isHidden()


def test_the_analysts_own_credibility_stands_and_the_suggestion_is_offered(
    qtbot, details, document
):
    e = document.worksheet.evidence[0]
    document.set_item_fields(e.id, info_credibility="2", credibility=Level.MEDIUM)
    details.show_selection(e.id, None)
    assert details.item_grading.text() == (
        "Credibility set to medium by the analyst; B2 suggests high"
    )
    assert details.use_suggested.isVisible() and details.use_suggested.isEnabled()
    steps = document.undo_stack.count()
    qtbot.mouseClick(details.use_suggested, Qt.MouseButton.LeftButton)
    assert e.credibility is Level.HIGH and document.undo_stack.count() == steps + 1
    assert details.item_credibility.currentData() == Level.HIGH
    assert details.item_grading.text() == "Graded B2 — suggests high"
    document.undo()
    assert e.credibility is Level.MEDIUM and details.use_suggested.isVisible()


def test_a_source_graded_again_changes_the_line(details, document):
    e = document.worksheet.evidence[0]
    document.set_item_fields(e.id, info_credibility="2", credibility=Level.HIGH)
    details.show_selection(e.id, None)
    document.set_source_fields(document.worksheet.sources[0].id, reliability="D")
    assert details.item_grading.text() == (
        "Credibility set to high by the analyst; D2 suggests low"
    )


def test_the_citations_are_listed_by_source_label(details, document):
    ws = document.worksheet
    details.show_selection(ws.evidence[1].id, None)
    assert citations_shown(details) == [
        "S1 “목격자는 야간에 열차 30량을 보았다고 말했다.”",
        "S1 “Свидетель видел тридцать вагонов 😀 ночью.”",
        "S2 ⚠ “Shells went by sea, not rail.”",
    ]
    details.show_selection(ws.evidence[2].id, None)
    assert citations_shown(details) == [] and details.citations.empty.isVisible()


def test_remove_citation_is_one_step(qtbot, details, document):
    e2 = document.worksheet.evidence[1]
    details.show_selection(e2.id, None)
    details.citations.list.setCurrentRow(2)
    qtbot.mouseClick(details.citations.remove_button, Qt.MouseButton.LeftButton)
    assert len(e2.citations) == 2 and len(citations_shown(details)) == 2
    assert document.undo_stack.undoText() == "Remove citation"
    document.undo()
    assert len(citations_shown(details)) == 3


@pytest.mark.parametrize("how", ["enter", "double-click", "button"])
def test_a_citation_opened_asks_for_its_passage(qtbot, details, document, how):
    e2 = document.worksheet.evidence[1]
    details.show_selection(e2.id, None)
    rows = details.citations.list
    rows.setCurrentRow(1)
    c = e2.citations[1]
    with qtbot.waitSignal(details.passage_requested) as asked:
        if how == "enter":
            rows.setFocus()
            qtbot.waitUntil(rows.hasFocus)
            qtbot.keyClick(rows, Qt.Key.Key_Return)
        elif how == "double-click":
            centre = rows.visualItemRect(rows.item(1)).center()
            # As an analyst does: a click on the row, then the double click (QTest's first
            # double click of a test is not taken as one without a click before it).
            qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=centre)
            qtbot.wait(QApplication.doubleClickInterval() + 100)
            qtbot.mouseDClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        else:
            qtbot.mouseClick(details.citations.show_button, Qt.MouseButton.LeftButton)
    assert asked.args == [c.source_id, c.start, c.end]


def test_jumping_from_a_citation_selects_its_passage_in_the_sources_panel(qtbot, settings):
    window = open_window(qtbot, make_workbench(settings), sourced_worksheet())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ws = window.document.worksheet
    e2 = ws.evidence[1]
    window.pane.select_item(e2.id)
    window.details.citations.list.setCurrentRow(2)  # S2's passage: another source
    qtbot.mouseClick(window.details.citations.show_button, Qt.MouseButton.LeftButton)
    panel = window.sources
    qtbot.waitUntil(panel.isVisible)
    assert panel.source_id == ws.sources[1].id
    assert panel.text_view.selected_passage() == (0, len(ws.sources[1].text))
    # Back to S1's Russian passage: selected, highlighted, in view, the keyboard in the text.
    window.details_dock.raise_()
    window.details.citations.list.setCurrentRow(1)
    qtbot.mouseClick(window.details.citations.show_button, Qt.MouseButton.LeftButton)
    c = e2.citations[1]
    view = panel.text_view
    assert panel.source_id == ws.sources[0].id
    assert view.selected_passage() == (c.start, c.end)
    assert view.textCursor().selectedText() == MIXED_TEXT[c.start : c.end]
    assert (c.start, c.end) in view._passages
    assert view.viewport().rect().contains(view.cursorRect())
    assert QApplication.focusWidget() is view


def test_a_read_only_item_shows_its_passages_but_does_not_remove_them(qtbot, settings, tmp_path):
    from app.storage.achw.worksheet_file import WorksheetFile

    f = WorksheetFile.create(sourced_worksheet())
    f.save(tmp_path / "w.achw")
    f.close()
    wb = make_workbench(settings)
    doc = wb.make_document(WorksheetFile.open(tmp_path / "w.achw", read_only=True))
    window = wb.show_document(doc)
    qtbot.addWidget(window)
    window.pane.select_item(doc.worksheet.evidence[1].id)
    citations = window.details.citations
    assert citations.list.isEnabled() and citations.show_button.isEnabled()
    assert not citations.remove_button.isEnabled()
    assert not window.details.item_information.isEnabled()
    assert not window.details.item_reported.isEnabled()
    qtbot.mouseClick(citations.show_button, Qt.MouseButton.LeftButton)
    assert window.sources.text_view.selected_passage() is not None
