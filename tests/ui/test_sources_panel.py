"""The Sources panel in the window: adding, reading, citing and removing sources, with
real key events on the real widgets (offscreen)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.dialogs.file_prompts import Choice
from app.ui.document import drafts, passages
from app.ui.panels.sources import SourcesPanel, source_line
from app.ui.window.actions import ActionId as A
from tests.ui.test_main_window import make_workbench, open_window, settings
from tests.ui.worksheets import MIXED_TEXT, sourced_worksheet

__all__ = ["settings"]  # the fixture, for pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def _no_pause_stores(monkeypatch):
    """Typed text is stored by the commands here, never by a pause."""
    monkeypatch.setattr(drafts, "IDLE_MS", 3_600_000)
    monkeypatch.setattr(drafts, "MAX_WAIT_MS", 3_600_000)


def window_with(qtbot, settings, worksheet=None, **answers):
    window = open_window(
        qtbot, make_workbench(settings, **answers), worksheet or sourced_worksheet()
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the keyboard goes where the tests put it
    window.sources_dock.show()
    window.sources_dock.raise_()
    qtbot.waitUntil(window.sources.isVisible)
    return window


def select_in_text(qtbot, panel: SourcesPanel, start: int, length: int) -> None:
    """Click into the text, go to ``start`` and select ``length`` characters with Shift+Right."""
    view = panel.text_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(length):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)


def test_the_panel_is_docked_and_in_the_view_menu(qtbot, settings):
    window = window_with(qtbot, settings)
    assert window.findChild(type(window.sources_dock), "sources_dock") is window.sources_dock
    view_texts = [a.text() for a in window.menus["View"].actions()]
    assert "S&ources Panel" in view_texts
    rows = [window.sources.list.item(r).text() for r in range(window.sources.list.count())]
    assert rows == [
        "S1  Port watchers' report — Harbour Courier, 2023-09-15  [B]",
        "S2  Anonymous forum post  [E] ⚠",
    ]


def test_a_source_shows_its_text_with_its_cited_passages_marked(qtbot, settings):
    window = window_with(qtbot, settings)
    panel = window.sources
    assert panel.text_view.toPlainText() == MIXED_TEXT
    marked = sorted(m.cursor.selectedText() for m in panel.text_view.extraSelections())
    assert marked == sorted(
        ["Rail cars loaded at Najin 🚂 at night.", "목격자는 야간에 열차 30량을 보았다고 말했다.",
         "Свидетель видел тридцать вагонов 😀 ночью."]
    )  # fmt: skip
    assert panel.link.text() == "https://example.org/report"
    assert "cited by 2 items" in panel.about.text()


def test_add_source_from_a_saved_web_page(qtbot, settings):
    page = FIXTURES / "article-en.html"
    window = window_with(qtbot, settings, source_path=page)
    window.actions_by_id[A.ADD_SOURCE_FILE].trigger()
    ws = window.document.worksheet
    assert len(ws.sources) == 3
    s = ws.sources[-1]
    assert (s.title, s.author, s.published, s.kind) == (
        "Port authority finds cargo records do not match",
        "Jane Marlow",
        "2024-03-14",
        "html",
    )
    panel = window.sources
    assert panel.source_id == s.id and panel.text_view.toPlainText() == s.text
    assert QApplication.focusWidget() is panel.text_view  # ready to select a passage
    assert panel.list.currentItem().text().startswith("S3  Port authority finds")
    assert window.statusBar().currentMessage() == "Added the source article-en.html."
    window.document.undo()
    assert len(ws.sources) == 2 and panel.list.count() == 2


def test_the_panel_button_adds_pasted_text(qtbot, settings):
    window = window_with(qtbot, settings, pasted_text="A note from a call\n\nShells by rail.")
    qtbot.mouseClick(window.sources.add_pasted_button, Qt.MouseButton.LeftButton)
    s = window.document.worksheet.sources[-1]
    assert (s.title, s.kind, s.text) == (
        "A note from a call",
        "pasted",
        "A note from a call\n\nShells by rail.",
    )


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("fake.pdf", b"<html><body>Sign in</body></html>", "is not a PDF"),
        ("empty.txt", b"", "is empty"),
        ("huge.txt", None, "larger than 20 MB"),
    ],
)
def test_a_document_refused_is_one_sentence_naming_the_file(
    qtbot, settings, tmp_path, name, content, says
):
    path = tmp_path / name
    if content is None:
        with path.open("wb") as f:  # sparse: nothing is written but its size
            f.truncate(21 * 1024 * 1024)
    else:
        path.write_bytes(content)
    window = window_with(qtbot, settings, source_path=path)
    window.actions_by_id[A.ADD_SOURCE_FILE].trigger()
    (error,) = window.prompts.errors
    assert name in error and says in error and "Traceback" not in error and "\n" not in error
    assert len(window.document.worksheet.sources) == 2
    assert window.document.undo_stack.count() == 0


def test_a_named_pipe_is_refused_without_waiting(qtbot, settings, tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    window = window_with(qtbot, settings, source_path=pipe)
    window.actions_by_id[A.ADD_SOURCE_FILE].trigger()
    (error,) = window.prompts.errors
    assert error == "“pipe.html” is a named pipe (FIFO), not a regular file."


def test_new_evidence_from_a_selection_by_its_keys(qtbot, settings):
    window = window_with(qtbot, settings)
    panel, doc = window.sources, window.document
    start = MIXED_TEXT.index("Свидетель")
    assert not panel.new_item_action.isEnabled()  # nothing selected yet
    select_in_text(qtbot, panel, start, len("Свидетель видел"))
    assert panel.new_item_action.isEnabled()
    n = len(doc.worksheet.evidence)
    qtbot.keyClick(panel.text_view, Qt.Key.Key_N, CTRL_SHIFT)
    item = doc.worksheet.evidence[n]
    s1 = doc.worksheet.sources[0]
    assert (item.title, item.description, item.reported_date) == (
        "Свидетель видел",
        "Свидетель видел",
        s1.published,
    )
    assert [(c.start, c.end) for c in item.citations] == [(start, start + 15)]
    # Selected in the matrix, its title in the Details panel ready to be typed over.
    assert window.selection.items() == [item.id]
    assert window.details.evidence_id == item.id
    title = window.details.item_title
    assert QApplication.focusWidget() is title and title.selectedText() == "Свидетель видел"
    qtbot.keyClicks(title, "Thirty wagons at night")
    doc.flush_drafts()  # what any command does first
    assert doc.item(item.id).title == "Thirty wagons at night"
    doc.undo()  # the title typed
    doc.undo()  # the new item
    assert len(doc.worksheet.evidence) == n


def test_cite_selection_in_the_current_item(qtbot, settings):
    window = window_with(qtbot, settings)
    panel, doc = window.sources, window.document
    e5 = doc.worksheet.evidence[4]
    window.pane.select_item(e5.id)
    assert window.details.evidence_id == e5.id and panel.current_item == e5.id
    window.sources_dock.raise_()
    korean = MIXED_TEXT.index("열차")
    select_in_text(qtbot, panel, korean, 2)
    qtbot.keyClick(panel.text_view, Qt.Key.Key_K, CTRL_SHIFT)
    assert [c.quote for c in doc.item(e5.id).citations] == ["열차"]
    assert window.statusBar().currentMessage() == "Evidence E5 now cites this passage too."
    qtbot.waitUntil(
        lambda: "열차" in [m.cursor.selectedText() for m in panel.text_view.extraSelections()]
    )
    doc.undo()
    assert doc.item(e5.id).citations == ()


def test_a_limit_is_one_sentence_on_the_status_bar(qtbot, settings, monkeypatch):
    window = window_with(qtbot, settings)
    monkeypatch.setattr(passages, "MAX_EVIDENCE", len(window.document.worksheet.evidence))
    select_in_text(qtbot, window.sources, 0, 4)
    qtbot.keyClick(window.sources.text_view, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.statusBar().currentMessage() == (
        "The worksheet already holds 12 evidence items, the most it may."
    )
    assert window.prompts.errors == [] and window.document.undo_stack.count() == 0


def test_removing_a_cited_source_asks_naming_how_many_items_cite_it(qtbot, settings):
    window = window_with(qtbot, settings, remove_source=[Choice.CANCEL, Choice.REMOVE])
    doc, panel = window.document, window.sources
    s1 = doc.worksheet.sources[0]
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert window.prompts.removing == ("Port watchers' report", 2)
    assert doc.has_source(s1.id)  # cancelled
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert not doc.has_source(s1.id)
    assert [c.source_id for e in doc.worksheet.evidence for c in e.citations] == [
        doc.worksheet.sources[0].id
    ]
    assert panel.list.count() == 1 and panel.list.item(0).text().startswith("S1  Anonymous")
    doc.undo()
    assert doc.has_source(s1.id) and len(doc.worksheet.evidence[1].citations) == 3
    assert panel.list.count() == 2


def test_a_source_no_item_cites_goes_without_asking(qtbot, settings):
    ws = sourced_worksheet()
    ws.evidence[1].citations = ws.evidence[1].citations[:2]  # S2 no longer cited
    window = window_with(qtbot, settings, ws)
    window.sources.list.setCurrentRow(1)
    qtbot.mouseClick(window.sources.remove_button, Qt.MouseButton.LeftButton)
    assert "remove_source" not in window.prompts.asked
    assert len(window.document.worksheet.sources) == 1


def test_typed_fields_are_stored_as_typed_and_by_save(qtbot, settings, tmp_path):
    window = window_with(qtbot, settings, save_path=tmp_path / "w.achw")
    panel, doc = window.sources, window.document
    sid = doc.worksheet.sources[0].id
    panel.author.setFocus()
    qtbot.waitUntil(panel.author.hasFocus)
    qtbot.keyClick(panel.author, Qt.Key.Key_End)
    qtbot.keyClicks(panel.author, " (night desk)")
    assert window.isWindowModified()  # unsaved from the first key
    window.actions_by_id[A.SAVE].trigger()  # Ctrl+S does not take the keyboard
    from app.storage.achw.worksheet_file import read_worksheet

    assert read_worksheet(tmp_path / "w.achw").source(sid).author == "Harbour Courier (night desk)"
    assert doc.undo_stack.count() == 1  # the visit to the field, one step
    assert doc.undo_stack.undoText() == "Edit source author"
    assert source_line("S1", doc.worksheet.source(sid)).startswith(
        "S1  Port watchers' report — Harbour Courier (night desk)"
    )
    assert panel.list.item(0).text().startswith("S1  Port watchers' report — Harbour Courier (n")


def test_reliability_is_chosen_from_the_scale(qtbot, settings):
    window = window_with(qtbot, settings)
    panel, doc = window.sources, window.document
    combo = panel.reliability
    assert [combo.itemText(i) for i in range(combo.count())][:3] == [
        "not graded",
        "A — completely reliable",
        "B — usually reliable",
    ]
    assert combo.itemText(6) == "F — reliability cannot be judged ⚠"
    combo.setCurrentIndex(combo.findData("E"))
    assert doc.worksheet.sources[0].reliability == "E"
    assert panel.list.item(0).text().endswith("[E] ⚠")
    doc.undo()
    assert doc.worksheet.sources[0].reliability == "B" and combo.currentData() == "B"


def test_a_published_date_that_is_not_one_is_said_before_saving(qtbot, settings, tmp_path):
    window = window_with(qtbot, settings, save_path=tmp_path / "w.achw", unkept=[Choice.CANCEL])
    panel = window.sources
    panel.published.setFocus()
    panel.published.selectAll()
    qtbot.keyClicks(panel.published, "2023-02-30")
    qtbot.keyClick(panel.published, Qt.Key.Key_Tab)
    window.actions_by_id[A.SAVE].trigger()
    (sentence,), _closing = window.prompts.unkept
    assert sentence == (
        "The date published of source S1 holds “2023-02-30”, which is not a date"
        " (YYYY-MM-DD): the worksheet keeps the stored date, 2023-09-15."
    )
    assert QApplication.focusWidget() is panel.published  # back to correct it


def test_a_read_only_worksheet_is_shown_but_not_edited(qtbot, settings, tmp_path):
    from app.storage.achw.worksheet_file import WorksheetFile

    f = WorksheetFile.create(sourced_worksheet())
    f.save(tmp_path / "w.achw")
    f.close()
    wb = make_workbench(settings)
    window = wb.show_document(
        wb.make_document(WorksheetFile.open(tmp_path / "w.achw", read_only=True))
    )
    qtbot.addWidget(window)
    window.sources_dock.show()
    window.sources_dock.raise_()
    panel = window.sources
    assert panel.text_view.toPlainText() == MIXED_TEXT and panel.text_view.isEnabled()
    fields = (panel.title, panel.author, panel.published, panel.link, panel.reliability)
    buttons = (panel.add_file_button, panel.add_pasted_button, panel.remove_button)
    for w in (*fields, panel.notes, *buttons):
        assert not w.isEnabled()
    assert not window.actions_by_id[A.ADD_SOURCE_FILE].isEnabled()
    select_in_text(qtbot, panel, 0, 4)
    assert panel.text_view.selected_passage() == (0, 4)  # reading and selecting work
    assert not panel.new_item_action.isEnabled() and not panel.cite_action.isEnabled()
    qtbot.keyClick(panel.text_view, Qt.Key.Key_N, CTRL_SHIFT)
    assert len(window.document.worksheet.evidence) == 12
