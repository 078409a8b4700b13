"""The welcome page (first run, File › Close), and the keyboard on the matrix after opening."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget

from app.domain.model import Rating
from app.storage.address import FileAddress
from app.ui.matrix.model import FIRST_HYPOTHESIS
from app.ui.panels.recent_list import DETAIL_ROLE, MISSING_ROLE, describe_recent
from app.ui.window.actions import ActionId
from app.ui.window.settings import RECENT_FILES, WINDOW_STATE, Settings
from tests.ui.test_main_window import make_workbench, saved_worksheet

LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def welcome_window(qtbot, workbench):
    window = workbench.show_start_page()
    qtbot.addWidget(window)
    activate(qtbot, window)
    return window


def docks(window):
    return window.findChildren(QDockWidget)


def assert_ready_to_rate(qtbot, window):
    """The matrix has the keyboard, at the first item's first hypothesis."""
    view = window.pane.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    current = view.currentIndex()
    assert current.row() == 0 and current.column() == FIRST_HYPOTHESIS
    ws = window.document.worksheet
    first = (ws.evidence[0].id, ws.hypotheses[0].id)
    assert view.cell_key(current) == first
    return first


# -- first run -----------------------------------------------------------------------------


def test_starting_without_a_file_shows_the_welcome_page(qtbot, settings, monkeypatch):
    from app.ui import main
    from app.ui.window import workbench as workbench_module

    # QSettings keeps the folder of its first use for the whole process: use a file of our own
    monkeypatch.setattr(workbench_module, "Settings", lambda: settings)
    workbench = main.start_gui(None)
    [window] = workbench.windows
    qtbot.addWidget(window)
    assert window.welcome_shown()
    assert window.pages.stack.currentWidget() is window.pages.welcome
    assert window.windowTitle() == "ACH Workbench"
    assert not any(d.isVisible() for d in docks(window))  # put away while welcoming
    welcome = window.pages.welcome
    assert welcome.no_recent.isVisible() and not welcome.recent.isVisible()
    activate(qtbot, window)
    assert QApplication.focusWidget() is window.pages.welcome.sample_button  # first run
    assert QGuiApplication.desktopFileName() == "ach-workbench"


def test_sample_button_opens_the_sample_ready_to_rate(qtbot, settings):
    window = welcome_window(qtbot, make_workbench(settings))
    qtbot.mouseClick(window.pages.welcome.sample_button, LEFT)
    assert not window.welcome_shown()
    ws = window.document.worksheet
    assert len(ws.hypotheses) >= 2 and len(ws.evidence) >= 2
    assert window.document.path is None  # a copy: the shipped sample is never written to
    assert all(d.isVisible() for d in docks(window))  # the docks are back
    first = assert_ready_to_rate(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5)
    assert ws.rating(*first) is Rating.II


def test_sample_from_json_when_the_achw_is_missing(qtbot, settings, tmp_path, monkeypatch):
    import app.resources

    monkeypatch.setattr(app.resources, "sample_worksheet", lambda: tmp_path / "none.achw")
    window = welcome_window(qtbot, make_workbench(settings))
    qtbot.mouseClick(window.pages.welcome.sample_button, LEFT)
    assert not window.workbench.prompts.errors
    assert "North Korea" in window.document.worksheet.question


def test_blank_button_starts_an_empty_worksheet_with_guidance(qtbot, settings):
    window = welcome_window(qtbot, make_workbench(settings))
    qtbot.keyClick(window.pages.welcome.blank_button, Qt.Key.Key_Space)  # the keyboard presses it
    assert not window.welcome_shown()
    assert window.document.worksheet.hypotheses == []
    assert window.pane.hint.isVisible() and "Add Hypothesis" in window.pane.hint.text()
    assert "Untitled worksheet" in window.windowTitle()


def test_open_button_asks_for_a_file(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "asked.achw")
    wb = make_workbench(settings, open_path=path)
    window = welcome_window(qtbot, wb)
    qtbot.mouseClick(window.pages.welcome.open_button, LEFT)
    assert wb.prompts.asked == ["open_path"]
    assert window.document.path == path and not window.welcome_shown()
    assert len(wb.windows) == 1
    assert_ready_to_rate(qtbot, window)


def test_open_cancelled_stays_on_the_welcome_page(qtbot, settings):
    wb = make_workbench(settings, open_path=None)
    window = welcome_window(qtbot, wb)
    qtbot.mouseClick(window.pages.welcome.open_button, LEFT)
    assert window.welcome_shown()


def test_help_button_opens_the_help(qtbot, settings):
    window = welcome_window(qtbot, make_workbench(settings))
    qtbot.mouseClick(window.pages.welcome.help_button, LEFT)
    assert window.help_window is not None and window.help_window.isVisible()
    assert window.welcome_shown()


# -- recent files --------------------------------------------------------------------------


def recent_setup(settings, tmp_path):
    gone = tmp_path / "old" / "moved-away.achw"
    (tmp_path / "work").mkdir()
    kept = saved_worksheet(tmp_path / "work" / "kept.achw")
    settings.add_recent(FileAddress.of(gone))
    settings.add_recent(FileAddress.of(kept))  # most recent first
    return kept, gone


def test_recent_files_listed_with_folder_and_date_missing_ones_marked(qtbot, settings, tmp_path):
    kept, gone = recent_setup(settings, tmp_path)
    window = welcome_window(qtbot, make_workbench(settings))
    recent = window.pages.welcome.recent
    assert recent.isVisible() and not window.pages.welcome.no_recent.isVisible()
    assert [recent.item(i).text() for i in range(recent.count())] == [
        "kept.achw",
        "moved-away.achw",
    ]
    first, second = recent.item(0), recent.item(1)
    assert str(kept.parent) in first.data(DETAIL_ROLE) and "changed 20" in first.data(DETAIL_ROLE)
    assert not first.data(MISSING_ROLE)
    assert second.data(MISSING_ROLE) and "Not found" in second.data(DETAIL_ROLE)
    assert str(gone.parent) in second.data(DETAIL_ROLE)
    assert QApplication.focusWidget() is recent  # something to reopen: the list has the keyboard
    image = window.grab().toImage()  # the two-line entries paint
    assert not image.isNull()


def test_recent_entry_opens_with_a_click(qtbot, settings, tmp_path):
    kept, _gone = recent_setup(settings, tmp_path)
    window = welcome_window(qtbot, make_workbench(settings))
    recent = window.pages.welcome.recent
    rect = recent.visualItemRect(recent.item(0))
    qtbot.mouseClick(recent.viewport(), LEFT, pos=rect.center())
    assert window.document.path == kept and not window.welcome_shown()
    assert_ready_to_rate(qtbot, window)


def test_recent_entry_opens_with_enter_and_delete_forgets(qtbot, settings, tmp_path):
    kept, _gone = recent_setup(settings, tmp_path)
    window = welcome_window(qtbot, make_workbench(settings))
    recent = window.pages.welcome.recent
    qtbot.keyClick(recent, Qt.Key.Key_Down)
    qtbot.keyClick(recent, Qt.Key.Key_Delete)  # the missing one goes from the list
    assert settings.recent_files() == [FileAddress.of(kept)]
    assert recent.count() == 1
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    assert window.document.path == kept


def test_missing_recent_file_says_so_and_leaves_the_list(qtbot, settings, tmp_path):
    _kept, gone = recent_setup(settings, tmp_path)
    wb = make_workbench(settings)
    window = welcome_window(qtbot, wb)
    window.pages.welcome.recent_requested.emit(str(gone))
    assert wb.prompts.errors and "no longer exists" in wb.prompts.errors[0]
    assert window.welcome_shown() and window.pages.welcome.recent.count() == 1


def test_a_recent_entry_of_a_kind_this_version_cannot_open_is_left_out(qtbot, settings, tmp_path):
    """A later version may list a team server's worksheet: this one shows the rest, untouched."""
    kept, _gone = recent_setup(settings, tmp_path)
    server = "postgresql://db.example/ach#W1"
    settings.set(RECENT_FILES, [server, *settings.get(RECENT_FILES)])
    window = welcome_window(qtbot, make_workbench(settings))
    recent = window.pages.welcome.recent
    assert [recent.item(i).text() for i in range(recent.count())] == [
        "kept.achw",
        "moved-away.achw",
    ]
    window.workbench.open_path(kept)  # opening one keeps the other's entry where it was
    assert settings.get(RECENT_FILES)[:2] == [str(kept.resolve()), server]


def test_describe_recent_shortens_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "analyses" / "w.achw"
    path.parent.mkdir()
    path.write_bytes(b"")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    entry = describe_recent(FileAddress(path))
    assert entry.exists and entry.detail.startswith("~/analyses")
    assert not describe_recent(FileAddress(tmp_path / "gone.achw")).exists


# -- the keyboard through the page ---------------------------------------------------------


def test_tab_reaches_every_choice(qtbot, settings, tmp_path):
    recent_setup(settings, tmp_path)
    window = welcome_window(qtbot, make_workbench(settings))
    page = window.pages.welcome
    page.sample_button.setFocus()
    order = [page.sample_button]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        page.sample_button,
        page.blank_button,
        page.open_button,
        page.recent,
        page.help_button,
    ]


# -- in and out of the page ------------------------------------------------------------------


def test_file_close_comes_back_to_the_welcome_page(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    wb = make_workbench(settings)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.CLOSE].trigger()
    assert window.welcome_shown()
    assert [window.pages.welcome.recent.item(0).text()] == ["w.achw"]
    window.actions_by_id[ActionId.NEW].trigger()  # File › New from the menu leaves it too
    assert not window.welcome_shown() and window.document.path is None


def test_worksheet_commands_wait_on_the_welcome_page(qtbot, settings):
    wb = make_workbench(settings)
    window = welcome_window(qtbot, wb)
    acts = window.actions_by_id
    waiting = [ActionId.ADD_HYPOTHESIS, ActionId.ADD_EVIDENCE, ActionId.SAVE, ActionId.CLOSE]
    assert not any(acts[a].isEnabled() for a in waiting)
    assert not any(d.toggleViewAction().isEnabled() for d in docks(window))
    for ready in (ActionId.NEW, ActionId.NEW_FROM_SAMPLE, ActionId.OPEN, ActionId.HELP):
        assert acts[ready].isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | SHIFT)
    assert window.welcome_shown() and window.document.worksheet.hypotheses == []
    # nothing is open: an edit that got through anyway is refused with a sentence
    window.document.add_hypothesis()
    assert window.document.worksheet.hypotheses == [] and len(wb.prompts.errors) == 1
    acts[ActionId.NEW_FROM_SAMPLE].trigger()
    assert all(acts[a].isEnabled() for a in waiting)
    assert all(d.toggleViewAction().isEnabled() for d in docks(window))


def test_the_welcome_page_does_not_become_the_saved_layout(qtbot, settings):
    wb = make_workbench(settings)
    window = welcome_window(qtbot, wb)
    assert not window.document.is_modified  # nothing to ask about on closing
    assert not any(d.isVisible() for d in docks(window))
    window.close()
    assert settings.get(WINDOW_STATE).isEmpty()
    again = wb.new_worksheet()
    qtbot.addWidget(again)
    activate(qtbot, again)
    assert all(d.isVisible() for d in docks(again))


# -- task: the keyboard is on the matrix as soon as a worksheet opens ---------------------------


def test_opening_a_file_puts_the_keyboard_on_the_first_cell(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    window = make_workbench(settings).open_path(path)
    qtbot.addWidget(window)
    activate(qtbot, window)
    first = assert_ready_to_rate(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5)  # what the Xvfb test types
    assert window.document.worksheet.rating(*first) is Rating.II


def test_start_gui_with_a_file_is_ready_to_rate(qtbot, tmp_path):
    from app.ui import main

    path = saved_worksheet(tmp_path / "given.achw")
    workbench = main.start_gui(str(path))
    [window] = workbench.windows
    qtbot.addWidget(window)
    assert not window.welcome_shown()
    activate(qtbot, window)
    assert_ready_to_rate(qtbot, window)
    assert window.windowIcon().availableSizes()  # the program's icon, from resources/icons


def test_program_icon_has_every_drawn_size():
    from app.ui.main import ICON_SIZES, program_icon

    sizes = {s.width() for s in program_icon().availableSizes()}
    assert set(ICON_SIZES) <= sizes
    assert Path(__file__).parents[2].joinpath("resources/icons/ach-workbench.svg").exists()


def test_nothing_open_refuses_to_be_written():
    from app.storage.errors import WorksheetError
    from app.ui.panels.welcome import NothingOpen

    nothing = NothingOpen()
    assert nothing.read_only and nothing.address is None and not nothing.is_modified
    for write in (lambda: nothing.commit(object()), lambda: nothing.save("x.achw")):
        with pytest.raises(WorksheetError, match="Nothing is open"):
            write()
