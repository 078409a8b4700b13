"""The main window: file prompts, recovery, recent files, drag and drop, panels."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox

from app.domain.model import Rating
from app.storage.address import FileAddress
from app.ui.dialogs.file_prompts import Choice, Prompts
from app.ui.document.document import Document
from app.ui.window.actions import ActionId
from app.ui.window.settings import RECENT_FILES, Settings
from app.ui.window.workbench import Workbench
from tests.ui.worksheets import realistic_worksheet


class ScriptedPrompts(Prompts):
    """Answers the window's questions from a script and records what was asked."""

    def __init__(self, **answers):
        self.answers = answers
        self.asked: list[str] = []
        self.errors: list[str] = []

    def _answer(self, name):
        self.asked.append(name)
        answer = self.answers[name]
        return answer.pop(0) if isinstance(answer, list) else answer

    def unsaved_changes(self, parent, name):
        if not self.answers.get("unsaved"):  # the test is over: qtbot closes the windows
            return Choice.DISCARD
        return self._answer("unsaved")

    def unkept_text(self, parent, sentences, *, closing):
        self.unkept = (sentences, closing)
        if not self.answers.get("unkept"):  # unscripted (qtbot closing the windows): go on
            return Choice.DISCARD if closing else Choice.SAVE
        return self._answer("unkept")

    def locked(self, parent, name, owner, since, *, here=False):
        self.lock_shown = (owner, since, here)
        return self._answer("locked")

    def changed_on_disk(self, parent, name, details):
        return self._answer("changed")

    def recover_locked(self, parent, name, owner, since):
        return self._answer("recover_locked")

    def show_differences(self, parent, name, found):
        self.asked.append("compare")
        self.compared = (name, found)

    def recover(self, parent, title, modified, where):
        self.recovering = where
        return self._answer("recover")

    def offer_open(self, parent, path):
        return Choice.CANCEL

    def error(self, parent, text):
        self.errors.append(text)

    def open_path(self, parent, folder):
        return self._answer("open_path")

    def import_path(self, parent, folder):
        return self._answer("import_path")

    def list_path(self, parent, folder):
        return self._answer("list_path")

    def choose_part(self, parent, source, parts):
        self.parts_offered = (source, parts)
        return self._answer("part")

    def import_into(self, parent, source, count, name):
        self.import_offer = (source, count, name)
        return self._answer("import_into")

    def copies_paths(self, parent, folder):
        self.asked.append("copies")
        return self.answers["copies"]  # a list of paths is one answer here

    def source_path(self, parent, folder):
        return self._answer("source_path")

    def pasted_text(self, parent):
        return self._answer("pasted_text")

    def remove_source(self, parent, title, items):
        self.removing = (title, items)
        return self._answer("remove_source")

    def save_path(self, parent, suggested, *, pdf=False, kind="achw"):
        self.saving = "pdf" if pdf else kind
        self.suggested = Path(suggested)
        return self._answer("save_path")


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def make_workbench(settings, **answers):
    return Workbench(settings, ScriptedPrompts(**answers))


def open_window(qtbot, workbench, worksheet=None):
    from app.storage.achw.worksheet_file import WorksheetFile

    doc = workbench.make_document(WorksheetFile.create(worksheet or realistic_worksheet()))
    window = workbench.show_document(doc)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window


def rate_something(window):
    ws = window.document.worksheet
    window.document.set_ratings([(ws.evidence[0].id, ws.hypotheses[1].id)], Rating.II)


def saved_worksheet(path: Path):
    from app.storage.achw.worksheet_file import WorksheetFile

    f = WorksheetFile.create(realistic_worksheet())
    f.save(path)
    f.close()
    return path


def test_title_shows_unsaved_changes(qtbot, settings, tmp_path):
    untitled = open_window(qtbot, make_workbench(settings, unsaved=Choice.DISCARD))
    assert untitled.isWindowModified()  # never saved: closing it would lose it
    path = saved_worksheet(tmp_path / "w.achw")
    window = make_workbench(settings).open_path(path)
    qtbot.addWidget(window)
    assert "w.achw[*]" in window.windowTitle()
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    rate_something(window)
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


@pytest.mark.parametrize("answer", [Choice.CANCEL, Choice.DISCARD])
def test_close_with_unsaved_changes_cancel_or_discard(qtbot, settings, answer):
    wb = make_workbench(settings, unsaved=answer)
    window = open_window(qtbot, wb)
    rate_something(window)
    closed = window.close()
    assert wb.prompts.asked == ["unsaved"]
    assert closed is (answer is Choice.DISCARD)
    if answer is Choice.CANCEL:
        assert window.isVisible() and window.isWindowModified()


def test_close_with_unsaved_changes_save(qtbot, settings, tmp_path):
    target = tmp_path / "mine.achw"
    wb = make_workbench(settings, unsaved=Choice.SAVE, save_path=target)
    window = open_window(qtbot, wb)
    rate_something(window)
    doc = window.document
    assert window.close()
    assert wb.prompts.asked == ["unsaved", "save_path"]
    assert doc.path == target and target.exists()
    assert settings.recent_files() == [FileAddress.of(target)]


def test_close_save_cancelled_keeps_window(qtbot, settings):
    wb = make_workbench(settings, unsaved=Choice.SAVE, save_path=None)
    window = open_window(qtbot, wb)
    rate_something(window)
    assert not window.close()
    assert window.isVisible()


def test_quit_asks_every_window_and_stops_at_cancel(qtbot, settings):
    wb = make_workbench(settings, unsaved=[Choice.DISCARD, Choice.CANCEL])
    first = open_window(qtbot, wb)
    second = open_window(qtbot, wb)
    rate_something(first)
    rate_something(second)
    assert not wb.quit()
    assert wb.prompts.asked == ["unsaved", "unsaved"]
    assert second.isVisible()


def test_open_replaces_pristine_window_and_remembers_recent(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "a.achw")
    wb = make_workbench(settings, open_path=path)
    window = open_window(qtbot, wb)
    window.files.close_document()  # now an untouched blank worksheet
    window.actions_by_id[ActionId.OPEN].trigger()
    assert window.document.path == path
    assert settings.get(RECENT_FILES) == [str(path.resolve())]
    assert len(wb.windows) == 1
    # the same file again just brings its window forward
    assert wb.open_path(path) is window


def test_open_error_is_one_sentence(qtbot, settings, tmp_path):
    bogus = tmp_path / "notes.achw"
    bogus.write_text("hello")
    wb = make_workbench(settings)
    assert wb.open_path(bogus) is None
    assert len(wb.prompts.errors) == 1
    assert "Traceback" not in wb.prompts.errors[0]


def _locked_then(monkeypatch, path):
    from app.storage.achw import worksheet_file
    from app.storage.errors import WorksheetLockedError

    real_open = worksheet_file.WorksheetFile.open.__func__
    calls = []

    def fake_open(cls, p, *, read_only=False, break_lock=False):
        calls.append(read_only)
        if not read_only:
            raise WorksheetLockedError(
                f"{Path(p).name} is open by someone else.", owner="bea", since="10:02"
            )
        return real_open(cls, p, read_only=read_only)

    monkeypatch.setattr(worksheet_file.WorksheetFile, "open", classmethod(fake_open))
    return calls


def test_locked_file_open_read_only(qtbot, settings, tmp_path, monkeypatch):
    path = saved_worksheet(tmp_path / "shared.achw")
    _locked_then(monkeypatch, path)
    wb = make_workbench(settings, locked=Choice.READ_ONLY)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    assert wb.prompts.asked == ["locked"]
    assert window.document.read_only and "read-only" in window.windowTitle()
    assert not window.actions_by_id[ActionId.ADD_EVIDENCE].isEnabled()
    rate_something(window)  # refused with a sentence, nothing changes
    assert wb.prompts.errors and not window.isWindowModified()


def test_locked_file_open_a_copy(qtbot, settings, tmp_path, monkeypatch):
    path = saved_worksheet(tmp_path / "shared.achw")
    _locked_then(monkeypatch, path)
    wb = make_workbench(settings, locked=Choice.COPY)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    assert window.document.path is None and not window.document.read_only
    assert window.document.worksheet.title.startswith("Copy of")


def test_a_lock_left_by_a_crashed_computer_can_be_taken_over(qtbot, settings, tmp_path):
    import json

    from app.storage.local.lock import lock_path, read_lock

    path = saved_worksheet(tmp_path / "shared.achw")
    lock_path(path).write_text(
        json.dumps({"user": "bo", "host": "bos-laptop", "pid": 7, "since": "2026-05-03T14:02:00"})
    )
    wb = make_workbench(settings, locked=Choice.TAKE_OVER)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    assert wb.prompts.asked == ["locked"]
    assert wb.prompts.lock_shown == ("bo@bos-laptop", "2026-05-03 14:02", False)
    assert not window.document.read_only and Path(window.document.path) == path.resolve()
    info = read_lock(path)
    assert info is not None and info.is_mine()
    rate_something(window)
    assert window.files.save()
    window.close()
    assert not lock_path(path).exists()


def test_locked_file_cancel(qtbot, settings, tmp_path, monkeypatch):
    path = saved_worksheet(tmp_path / "shared.achw")
    _locked_then(monkeypatch, path)
    wb = make_workbench(settings, locked=Choice.CANCEL)
    assert wb.open_path(path) is None and wb.windows == []


@pytest.mark.parametrize("answer", [Choice.OVERWRITE, Choice.COPY, Choice.CANCEL])
def test_changed_on_disk_choices(qtbot, settings, tmp_path, monkeypatch, answer):
    from app.storage.errors import ChangedOnDiskError

    path = saved_worksheet(tmp_path / "w.achw")
    copy_path = tmp_path / "w-mine.achw"
    wb = make_workbench(settings, changed=answer, save_path=copy_path)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    rate_something(window)
    file = window.document.file
    real_save = file.save
    saves = []

    def save(p=None, *, overwrite=False):
        saves.append((p, overwrite))
        if p is None and not overwrite:
            raise ChangedOnDiskError(f"{path.name} was changed on disk.")
        real_save(p, overwrite=overwrite)

    monkeypatch.setattr(file, "save", save)
    ok = window.files.save()
    assert wb.prompts.asked[0] == "changed"
    if answer is Choice.OVERWRITE:
        assert ok and saves[-1] == (None, True) and not window.isWindowModified()
    elif answer is Choice.COPY:
        assert ok and saves[-1][0] == copy_path and window.document.path == copy_path
    else:
        assert not ok and window.isWindowModified()


def test_save_as_onto_the_open_file_still_notices_a_colleagues_save(qtbot, settings, tmp_path):
    import shutil

    path = saved_worksheet(tmp_path / "w.achw")
    theirs = saved_worksheet(tmp_path / "theirs.achw")
    wb = make_workbench(settings, changed=Choice.CANCEL, save_path=path)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    rate_something(window)
    shutil.copy(theirs, path)  # a colleague saved their version meanwhile
    their_bytes = path.read_bytes()
    assert not window.files.save_as()
    assert wb.prompts.asked == ["save_path", "changed"]
    assert path.read_bytes() == their_bytes


def test_recovery_offered_and_recovered(qtbot, settings, monkeypatch):
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.storage.local import recovery

    class Session:
        original = None
        title = "Lost work"
        modified = "2026-01-01 10:00"
        working_copy = None

    kept, dropped = Session(), Session()
    monkeypatch.setattr(recovery, "recoverable_sessions", lambda: [kept, dropped], raising=False)
    monkeypatch.setattr(
        recovery, "recover", lambda s: WorksheetFile.create(realistic_worksheet()), raising=False
    )
    discarded = []
    monkeypatch.setattr(recovery, "discard", discarded.append, raising=False)
    wb = make_workbench(settings, recover=[Choice.RECOVER, Choice.DISCARD])
    window = open_window(qtbot, wb, realistic_worksheet())
    window.files.close_document()
    assert wb.offer_recovery(window) == 1
    assert discarded == [dropped]
    assert window.document.worksheet.title == "DPRK munitions to Russia"


def test_drop_a_worksheet_opens_it(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "dropped.achw")
    wb = make_workbench(settings)
    window = open_window(qtbot, wb)
    window.files.close_document()
    drop(window, path, tmp_path / "x.txt")
    assert window.document.path == path


def drop(window, *paths):
    """Files dropped on the window, as a file manager drops them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_view_toggles_persist(qtbot, settings):
    wb = make_workbench(settings)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.HIDE_SCORES].setChecked(True)
    assert window.pane.score_model.hidden
    window.actions_by_id[ActionId.UNWEIGHTED].setChecked(True)
    assert window.document.scoreboard.unweighted
    window.close()
    again = open_window(qtbot, wb)
    assert again.pane.score_model.hidden and again.document.scoreboard.unweighted


def test_edit_actions(qtbot, settings):
    window = open_window(qtbot, make_workbench(settings))
    doc: Document = window.document
    ws = doc.worksheet
    original = copy.deepcopy(ws)
    n_e, n_h = len(ws.evidence), len(ws.hypotheses)
    window.pane.select_cell(ws.evidence[2].id, ws.hypotheses[1].id)
    acts = window.actions_by_id
    acts[ActionId.TOGGLE_EXCLUDED].trigger()
    assert ws.evidence[2].excluded
    acts[ActionId.DUPLICATE_EVIDENCE].trigger()
    assert len(ws.evidence) == n_e + 1
    window.pane.select_cell(ws.evidence[2].id, ws.hypotheses[1].id)
    acts[ActionId.MOVE_EVIDENCE_DOWN].trigger()
    assert ws.evidence[3].title == "Kim-Putin summit at Vostochny"
    acts[ActionId.DELETE_HYPOTHESIS].trigger()
    assert len(ws.hypotheses) == n_h - 1
    acts[ActionId.ADD_HYPOTHESIS].trigger()
    assert len(ws.hypotheses) == n_h
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert ws == original


def test_real_message_box_buttons(qtbot):
    """The real prompt: the analyst presses "Don't Save"."""

    def press():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        button = next(b for b in box.buttons() if "Don" in b.text())
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)
    assert Prompts().unsaved_changes(None, "w.achw") is Choice.DISCARD


def test_real_message_box_escape_cancels(qtbot):
    def escape():
        box = QApplication.activeModalWidget()
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, escape)
    assert Prompts().unsaved_changes(None, "w.achw") is Choice.CANCEL


def test_new_from_sample(qtbot, settings):
    wb = make_workbench(settings)
    window = open_window(qtbot, wb)
    window.files.close_document()
    window.actions_by_id[ActionId.NEW_FROM_SAMPLE].trigger()
    assert not wb.prompts.errors
    ws = window.document.worksheet
    assert ws.hypotheses and ws.evidence and window.document.path is None
    assert window.pane.model.rowCount() == len(ws.evidence)


def test_changed_on_disk_is_noticed_when_the_window_is_activated(qtbot, settings, tmp_path):
    import subprocess
    import sys

    from PySide6.QtWidgets import QWidget

    path = saved_worksheet(tmp_path / "w.achw")
    wb = make_workbench(settings)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    elsewhere = QWidget()  # the analyst works in another window meanwhile
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: elsewhere.isActiveWindow() and not window.isActiveWindow())
    assert "changed on disk" not in window.statusBar().currentMessage()
    # a colleague's program changes the file, as sqlite3 from another process
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute(\"UPDATE worksheet SET title = 'Theirs'\"); c.commit(); c.close()",
            str(path),
        ],
        check=True,
    )
    window.activateWindow()  # the analyst comes back to the worksheet
    qtbot.waitUntil(lambda: "changed on disk" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "w.achw was changed on disk by someone else; "
        "saving will ask whether to overwrite it or save a copy."
    )


def test_start_gui_opens_the_file_given(qtbot, tmp_path, monkeypatch):
    from app.ui import main
    from app.ui.window import workbench

    path = saved_worksheet(tmp_path / "given.achw")
    seen = []
    real_show = workbench.Workbench.show_document

    def spy(self, document, window=None):
        w = real_show(self, document, window)
        seen.append(w)
        qtbot.addWidget(w)
        return w

    monkeypatch.setattr(workbench.Workbench, "show_document", spy)
    wb = main.start_gui(str(path))
    assert seen and seen[0].document.path == path
    assert wb.windows == seen
    assert QApplication.applicationName() == "ACH Workbench"


def test_blank_worksheet_guides_the_analyst(qtbot, settings):
    wb = make_workbench(settings)
    window = wb.new_worksheet()
    qtbot.addWidget(window)
    hint = window.pane.hint
    assert hint.isVisible() and "Add Hypothesis" in hint.text()
    window.actions_by_id[ActionId.ADD_HYPOTHESIS].trigger()
    assert "Add Hypothesis" not in hint.text() and "Add Evidence" in hint.text()
    assert window.details.hyp_title.hasFocus() or window.details.currentIndex() == 1
    window.actions_by_id[ActionId.ADD_EVIDENCE].trigger()
    assert not hint.isVisible()
    window.question.linkActivated.emit("#meta")
    assert window.details.currentIndex() == 2


def test_recent_files_menu_reopens(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "recent.achw")
    settings.add_recent(FileAddress.of(path))
    wb = make_workbench(settings)
    window = wb.new_worksheet()
    qtbot.addWidget(window)
    window.recent_menu.aboutToShow.emit()
    [act] = window.recent_menu.actions()
    assert act.text() == "recent.achw"
    act.trigger()
    assert window.document.path == path


def test_export_pdf(qtbot, settings, tmp_path):
    target = tmp_path / "brief.pdf"
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.EXPORT_PDF].trigger()
    assert not wb.prompts.errors
    assert target.read_bytes().startswith(b"%PDF")


def test_window_paints_the_matrix_in_light_and_dark(qtbot, settings):
    """What the grabbed window shows: every hypothesis heads a column, every rated
    cell seen is painted in its rating's colour, and the palette is the one chosen."""
    from app.ui.matrix.model import FIRST_HYPOTHESIS, RATING_ROLE, wrap_header
    from app.ui.matrix.rating_style import rating_background
    from tests.ui.screenshots import dark_palette

    window = open_window(qtbot, make_workbench(settings))
    window.resize(1500, 860)
    app = QApplication.instance()
    light = app.palette()
    view, proxy = window.pane.view, window.pane.proxy
    ws = window.document.worksheet
    brightness: list[float] = []
    try:
        for palette in (light, dark_palette()):
            app.setPalette(palette)
            view.selectionModel().clearSelection()
            view.clearFocus()
            QApplication.processEvents()
            image = window.grab().toImage()
            header = view.horizontalHeader()
            titles = [
                proxy.headerData(c, Qt.Orientation.Horizontal)
                for c in sorted(
                    range(FIRST_HYPOTHESIS, proxy.columnCount()), key=header.visualIndex
                )
            ]
            assert titles == [wrap_header(h.title) for h in ws.hypotheses]
            seen = 0
            for row in range(proxy.rowCount()):
                for col in range(FIRST_HYPOTHESIS, proxy.columnCount()):
                    index = proxy.index(row, col)
                    rating = index.data(RATING_ROLE)
                    rect = view.visualRect(index)
                    if rating is None or proxy.evidence_at(row).excluded:
                        continue
                    if rect.left() < view.frozen_edge() or not view.viewport().rect().contains(
                        rect
                    ):
                        continue  # under the frozen columns, or scrolled out of sight
                    at = view.viewport().mapTo(window, rect.topLeft())
                    # inside the cursor's frame, away from the code in the middle
                    pixel = image.pixelColor(at.x() + 12, at.y() + rect.height() // 2)
                    assert pixel == rating_background(Rating(rating)), (row, col, rating)
                    seen += 1
            assert seen >= 3 * len(ws.hypotheses)  # most of the matrix is in sight
            grid = [
                image.pixelColor(x, y).lightness()
                for x in range(0, image.width(), 25)
                for y in range(0, image.height(), 25)
            ]
            brightness.append(sum(grid) / len(grid))
    finally:
        app.setPalette(light)
    assert brightness[1] < brightness[0] - 60  # the dark palette is the one painted


def test_each_menu_item_has_its_own_access_key(qtbot, settings):
    """Alt+F, then one letter, reaches exactly one item: no two items of a menu share a key."""
    window = open_window(qtbot, make_workbench(settings))
    menus = {"": [m.menuAction() for m in window.menus.values()]}
    menus.update({name: menu.actions() for name, menu in window.menus.items()})
    for name, actions in menus.items():
        keys = []
        for act in actions:
            text = act.text().replace("&&", "")
            if "&" in text:
                keys.append(text[text.index("&") + 1].lower())
        assert len(keys) == len(set(keys)), f"menu {name!r} repeats an access key: {sorted(keys)}"
        assert len(keys) == len([a for a in actions if a.text()]), name  # every one has one


def test_a_new_worksheet_is_rated_from_the_keyboard_right_after_adding_items(qtbot, settings):
    """New, add hypotheses and items, Ctrl+M, type ratings: they land along the row."""
    from PySide6.QtTest import QTest

    from app.domain.model import Worksheet

    window = open_window(qtbot, make_workbench(settings), Worksheet())
    acts = window.actions_by_id
    window.findChild(QDockWidget, "sensitivity_dock").raise_()  # the details tab behind it
    for _ in range(3):
        acts[ActionId.ADD_HYPOTHESIS].trigger()
        assert window.details_dock.isVisible() and not window.details_dock.visibleRegion().isEmpty()
        assert window.details.hyp_title.hasFocus() or not window.isActiveWindow()
    for _ in range(4):
        acts[ActionId.ADD_EVIDENCE].trigger()
    acts[ActionId.FOCUS_MATRIX].trigger()
    view = window.pane.view
    row_item = view.cell_key(view.currentIndex())[0]
    QTest.keyClicks(view, "234")
    ws = window.document.worksheet
    assert [ws.rating(row_item, h.id) for h in ws.hypotheses] == [Rating.C, Rating.N, Rating.I]


def test_a_rating_key_with_no_hypothesis_says_what_is_missing(qtbot, settings):
    from PySide6.QtTest import QTest

    from app.domain.model import Worksheet

    window = open_window(qtbot, make_workbench(settings), Worksheet())
    window.actions_by_id[ActionId.ADD_EVIDENCE].trigger()
    window.actions_by_id[ActionId.FOCUS_MATRIX].trigger()
    QTest.keyClicks(window.pane.view, "2")
    assert window.statusBar().currentMessage().startswith("No hypothesis to rate against yet")
    assert window.document.worksheet.cells == {}


def test_compare_with_the_version_someone_saved_meanwhile_then_decide(qtbot, settings, tmp_path):
    """worksheet-file.md: if the file changed on disk, ask: copy, overwrite, or compare the two."""
    import os

    from app.domain.compare import Difference
    from app.storage.achw.worksheet_file import read_worksheet, write_worksheet

    path = saved_worksheet(tmp_path / "w.achw")
    wb = make_workbench(settings, changed=[Choice.COMPARE, Choice.OVERWRITE])
    window = wb.open_path(path)
    qtbot.addWidget(window)
    rate_something(window)  # E1 x H2: II
    theirs = read_worksheet(path)
    theirs.question = "Asked differently by a colleague"
    write_worksheet(theirs, tmp_path / "colleague.achw")
    os.replace(tmp_path / "colleague.achw", path)  # their save lands while we work

    assert window.files.save()
    assert wb.prompts.asked == ["changed", "compare", "changed"]
    name, found = wb.prompts.compared
    mine = window.document.worksheet
    assert name == "w.achw"
    assert Difference("Question", mine.question, "Asked differently by a colleague") in found
    assert [d.place for d in found if d.place.endswith("rating")] == ["E1 × H2 rating"]
    assert read_worksheet(path).question == mine.question  # then overwritten, as chosen


def test_the_compare_dialog_lists_each_difference(qtbot):
    from app.domain.compare import Difference
    from app.ui.dialogs.compare import ABSENT, CompareDialog

    found = [Difference("Question", "Why?", "Why now?"), Difference("H3 Exercise", None, "present")]
    dialog = CompareDialog(None, "w.achw", found)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["Question", "Why?", "Why now?"], ["H3 Exercise", ABSENT, "present"]]
    assert table.horizontalHeaderItem(1).text() == "Your version"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("DPRK shells / Russia (late 2023) [draft]?", "DPRK shells Russia (late 2023) [draft]"),
        ("Заявление министерства: «нет»", "Заявление министерства «нет»"),
        ("", "worksheet"),
        ("...", "worksheet"),
    ],
)
def test_save_as_suggests_a_name_from_the_title(qtbot, settings, title, name):
    from app.domain.model import Worksheet

    wb = make_workbench(settings, save_path=None)
    window = open_window(qtbot, wb, Worksheet(title=title))
    window.files.save_as()
    assert wb.prompts.suggested.name == f"{name}.achw"


def test_a_long_title_suggests_a_name_every_file_system_takes(qtbot, settings):
    from app.domain.model import Worksheet

    wb = make_workbench(settings, save_path=None)
    window = open_window(qtbot, wb, Worksheet(title="조선 군수공장 " * 40))
    window.files.save_as()
    name = wb.prompts.suggested.name
    assert name.startswith("조선 군수공장 조선") and name.endswith(".achw")
    assert len(name.encode("utf-8")) <= 110


def test_save_as_from_a_read_only_worksheet_suggests_a_name_of_ones_own(
    qtbot, settings, tmp_path, monkeypatch
):
    path = saved_worksheet(tmp_path / "shared.achw")
    _locked_then(monkeypatch, path)
    wb = make_workbench(settings, locked=Choice.READ_ONLY, save_path=None)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    window.files.save_as()
    assert wb.prompts.suggested.name == "shared (my copy).achw"


def test_opening_a_file_that_is_not_there_says_so_plainly(qtbot, settings, tmp_path):
    wb = make_workbench(settings)
    assert wb.open_path(tmp_path / "never.achw") is None
    assert wb.prompts.errors == [f"“never.achw” does not exist (in {tmp_path.resolve()})."]


def test_save_with_nothing_changed_leaves_the_file_alone(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    wb = make_workbench(settings)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    assert window.files.save()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert window.statusBar().currentMessage() == "No changes to save."


@pytest.mark.parametrize("items", [4, 12])
def test_the_score_row_stays_under_its_hypotheses_as_a_new_worksheet_grows(qtbot, settings, items):
    from PySide6.QtCore import QPoint

    from app.domain.model import Worksheet
    from app.ui.matrix.model import FIRST_HYPOTHESIS

    window = open_window(qtbot, make_workbench(settings), Worksheet())
    app = QApplication.instance()
    for aid, count in ((ActionId.ADD_HYPOTHESIS, 3), (ActionId.ADD_EVIDENCE, items)):
        for _ in range(count):
            window.actions_by_id[aid].trigger()
            app.processEvents()
    pane = window.pane

    def left_of_first_hypothesis(view):
        x = view.columnViewportPosition(FIRST_HYPOTHESIS)
        return view.viewport().mapTo(pane, QPoint(x, 0)).x()

    qtbot.waitUntil(lambda: not pane.footer._sync_timer.isActive())
    assert left_of_first_hypothesis(pane.footer) == left_of_first_hypothesis(pane.view)


def test_go_to_matrix_with_ctrl_held_selects_only_its_cell(qtbot, settings):
    """Ctrl+M after adding an item: the next rating must not also rate the old cell."""
    from PySide6.QtTest import QTest

    from app.domain.model import Worksheet

    window = open_window(qtbot, make_workbench(settings), Worksheet())
    acts = window.actions_by_id
    for _ in range(3):
        acts[ActionId.ADD_HYPOTHESIS].trigger()
    acts[ActionId.ADD_EVIDENCE].trigger()
    acts[ActionId.FOCUS_MATRIX].trigger()
    view = window.pane.view
    QTest.keyClicks(view, "123")  # E1: CC C N, the cursor now on E1's last cell
    first = window.document.worksheet.evidence[0].id
    handle = window.windowHandle()
    # Ctrl is down while the shortcuts run (Ctrl+Shift+E, then Ctrl+M), as for real.
    QTest.keyPress(handle, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    try:
        acts[ActionId.ADD_EVIDENCE].trigger()
        acts[ActionId.FOCUS_MATRIX].trigger()
    finally:
        QTest.keyRelease(handle, Qt.Key.Key_Control)
    assert len(view.selectionModel().selectedIndexes()) == 1
    QTest.keyClicks(view, "5")
    ws = window.document.worksheet
    second = ws.evidence[1].id
    assert [ws.rating(first, h.id) for h in ws.hypotheses] == [Rating.CC, Rating.C, Rating.N]
    assert ws.rating(second, ws.hypotheses[0].id) is Rating.II


def test_save_with_nothing_changed_writes_the_file_again_if_it_was_moved_away(
    qtbot, settings, tmp_path
):
    path = saved_worksheet(tmp_path / "w.achw")
    wb = make_workbench(settings)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    path.rename(tmp_path / "moved-by-a-colleague.achw")
    assert window.files.save()
    assert path.exists()  # the only other copy was the working copy, dropped on close
    assert window.statusBar().currentMessage() != "No changes to save."


def test_a_worksheet_open_in_another_of_ones_own_programs_is_said_so(qtbot, settings, tmp_path):
    import json
    import os
    from datetime import datetime

    from app.storage.local.lock import lock_path
    from app.storage.local.process import host_name, user_name

    path = saved_worksheet(tmp_path / "shared.achw")
    since = "2026-05-03T14:02:00+01:00"  # the lock keeps its writer's clock
    lock_path(path).write_text(
        json.dumps({"user": user_name(), "host": host_name(), "pid": os.getppid(), "since": since})
    )
    wb = make_workbench(settings, locked=Choice.CANCEL)
    assert wb.open_path(path) is None
    local = datetime.fromisoformat(since).astimezone().strftime("%Y-%m-%d %H:%M")
    assert wb.prompts.lock_shown == (f"{user_name()}@{host_name()}", local, True)


def test_save_as_a_copy_after_a_change_on_disk_suggests_a_name_of_ones_own(
    qtbot, settings, tmp_path
):
    import os

    from app.storage.achw.worksheet_file import read_worksheet, write_worksheet

    path = saved_worksheet(tmp_path / ("ш" * 120 + ".achw"))  # 245 bytes: a copy's name must fit
    wb = make_workbench(settings, changed=Choice.COPY, save_path=None)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    rate_something(window)
    theirs = read_worksheet(path)
    theirs.question = "Asked differently"
    write_worksheet(theirs, tmp_path / "colleague.achw")
    os.replace(tmp_path / "colleague.achw", path)
    assert not window.files.save()  # the analyst cancelled the file dialog
    name = wb.prompts.suggested.name
    assert name.endswith(" (my copy).achw") and len(name.encode()) <= 120


@pytest.mark.parametrize(
    ("ask", "buttons", "press", "answer"),
    [
        (
            lambda p: p.locked(None, "w.achw", "bo@laptop", "2026-05-03 14:02"),
            ["Open &Read-Only", "Open a &Copy", "&Take Over", "Cancel"],
            "&Take Over",
            Choice.TAKE_OVER,
        ),
        (
            lambda p: p.locked(None, "w.achw", "me@here", "2026-05-03 14:02", here=True),
            ["Open &Read-Only", "Open a &Copy", "Cancel"],  # alive and ours: nothing to take
            "Open &Read-Only",
            Choice.READ_ONLY,
        ),
        (
            lambda p: p.recover(None, "Shells", "2026-05-03 14:02", "w.achw in /home/bea"),
            ["&Recover", "&Discard", "Ask &Later"],
            "&Recover",
            Choice.RECOVER,
        ),
        (
            lambda p: p.recover_locked(None, "w.achw", "bo@laptop", "2026-05-03 14:02"),
            ["Recover as a &Copy", "Ask &Later"],
            "Recover as a &Copy",
            Choice.COPY,
        ),
        (
            lambda p: p.changed_on_disk(None, "w.achw", ""),
            ["Save as a &Copy…", "Co&mpare…", "&Overwrite", "Cancel"],
            "Co&mpare…",
            Choice.COMPARE,
        ),
    ],
)
def test_real_questions_offer_their_choices(qtbot, ask, buttons, press, answer):
    seen = []

    def click():
        box = QApplication.activeModalWidget()
        seen.extend(b.text() for b in box.buttons())
        seen.append(box.text() + " " + box.informativeText())
        button = next(b for b in box.buttons() if b.text() == press)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    assert ask(Prompts()) is answer
    assert sorted(seen[:-1]) == sorted(buttons)
    assert "w.achw" in seen[-1]


def test_a_very_long_file_name_wraps_in_a_message_instead_of_running_off_it(qtbot):
    from app.ui.dialogs.file_prompts import wrappable

    name = "조선군수공장" * 30 + ".achw"
    shown = []

    def look():
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(0, look)
    Prompts().error(None, f"“{name}” could not be saved (the disk is full).")
    [text] = shown
    assert text.replace("\u200b", "") == f"“{name}” could not be saved (the disk is full)."
    # The box wraps only where it may break a line: no run it cannot break is long.
    assert max(len(run) for run in re.split(r"[\s\u200b]+", text)) <= 40
    assert wrappable("short words stay as they are") == "short words stay as they are"


def test_two_files_of_one_name_say_their_folders_in_the_window_titles(qtbot, settings, tmp_path):
    (tmp_path / "team-a").mkdir()
    (tmp_path / "team-b").mkdir()
    a = saved_worksheet(tmp_path / "team-a" / "alpha.achw")
    b = saved_worksheet(tmp_path / "team-b" / "alpha.achw")
    wb = make_workbench(settings)
    first = wb.open_path(a)
    qtbot.addWidget(first)
    assert first.windowTitle().startswith("alpha.achw[*] — ")
    second = wb.open_path(b)
    qtbot.addWidget(second)
    assert first.windowTitle().startswith("alpha.achw (team-a)[*]")
    assert second.windowTitle().startswith("alpha.achw (team-b)[*]")
    second.close()
    assert first.windowTitle().startswith("alpha.achw[*] — ")
