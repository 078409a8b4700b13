"""A large import is read on a worker thread: the window keeps painting, Cancel works.

Before, File › Import read a 36 MB evidence list on the window's thread: the
window froze for eight seconds (no repaint, no Cancel).  Now the reading and
the making of the new worksheet run behind a dialog naming the file
(app/ui/dialogs/busy.py), and the window's event loop keeps running meanwhile; a
list added to the open worksheet is one transaction, not one per item.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from app.storage.achw.worksheet_file import read_worksheet
from app.storage.local.session import sessions_dir
from app.ui.dialogs import busy
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, saved_worksheet

WORKER = "ach-workbench background work"


def big_list(path, rows: int):
    """An evidence list of ``rows`` items, each with a long description."""
    lines = ["title,description,date,credibility"]
    lines += [
        f"Report {n} of rail traffic at Sinuiju,{'Trains seen at night. ' * 18},"
        f"2023-09-{n % 28 + 1:02d},{('low', 'medium', 'high')[n % 3]}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def large(tmp_path):
    path = big_list(tmp_path / "big.csv", 6000)
    assert path.stat().st_size > busy.IN_BACKGROUND_BYTES  # else it is read at once
    return path


class Watch:
    """Ticks of the window's event loop, and the busy dialogs it showed, while importing."""

    def __init__(self, act_on_dialog=None):
        self.ticks: list[float] = []
        self.dialogs: list[str] = []
        self._act = act_on_dialog
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self):
        self.ticks.append(time.perf_counter())
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                if not self.dialogs or self.dialogs[-1] != widget.labelText():
                    self.dialogs.append(widget.labelText())
                if self._act is not None:
                    self._act(widget)

    def stop(self):
        self._timer.stop()


def press_cancel(dialog: QProgressDialog):
    """As the analyst does: the dialog's Cancel button."""
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    button.click()


def wait_for_workers():
    for thread in threading.enumerate():
        if thread.name == WORKER:
            thread.join(30)


def working_copies() -> set[str]:
    folder = sessions_dir()
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_a_large_list_is_read_while_the_window_keeps_running(qtbot, settings, large):
    wb = make_workbench(settings, import_path=large)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    watch = Watch()
    started = time.perf_counter()
    window.actions_by_id[ActionId.IMPORT].trigger()
    watch.stop()
    assert wb.prompts.errors == []
    # the window's loop ran while the file was read and while the worksheet was made
    assert sum(t > started for t in watch.ticks) >= 5
    assert watch.dialogs == ["Reading “big.csv”…", "Making a worksheet of “big.csv”…"]
    [new] = wb.windows  # the welcome page's window shows it
    titles = [e.title for e in new.document.worksheet.evidence]
    assert len(titles) == 6000 and titles[5999] == "Report 5999 of rail traffic at Sinuiju"
    assert new.pane.model.rowCount() == 6000
    assert new.document.worksheet.evidence[2].credibility.value == "high"
    # the worksheet made on the worker's thread is written to from the window's
    new.document.edit.add_item()
    assert read_worksheet(new.document.file.working_copy).evidence[-1].title == "New evidence"


@pytest.mark.parametrize("stage", ["Reading", "Making a worksheet"])
def test_cancel_stops_the_import_and_leaves_nothing_behind(qtbot, settings, large, stage):
    wb = make_workbench(settings, import_path=large)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    before = working_copies()

    def cancel(dialog: QProgressDialog):
        if dialog.labelText().startswith(stage):
            press_cancel(dialog)

    watch = Watch(cancel)
    window.actions_by_id[ActionId.IMPORT].trigger()
    watch.stop()
    assert wb.windows == [window] and window.welcome_shown() and wb.prompts.errors == []
    assert window.statusBar().currentMessage() == "The import of big.csv was cancelled."
    wait_for_workers()  # the worker ends its step in the background, then throws it away
    assert working_copies() == before


def test_a_large_list_joins_the_open_worksheet_in_one_step(qtbot, settings, tmp_path):
    path = saved_worksheet(tmp_path / "dprk.achw")
    leads = big_list(tmp_path / "leads.csv", 20000)
    wb = make_workbench(settings, import_path=leads, import_into=Choice.ADD, save_path=None)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    doc = window.document
    before = [e.title for e in doc.worksheet.evidence]
    scores = {s.hypothesis_id: s for s in doc.scoreboard.ranking()}
    steps = doc.undo_stack.count()
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.errors == []
    assert len(doc.worksheet.evidence) == len(before) + 20000
    assert window.pane.model.rowCount() == len(before) + 20000
    assert window.statusBar().currentMessage() == ("Added 20000 items from leads.csv to dprk.achw.")
    assert doc.undo_stack.count() == steps + 1
    for after in doc.scoreboard.ranking():  # unrated: no score moves; each has 20000 blanks more
        was = scores[after.hypothesis_id]
        assert after.weighted_inconsistency == was.weighted_inconsistency
        assert after.blank == was.blank + 20000
    doc.undo_stack.undo()
    assert [e.title for e in doc.worksheet.evidence] == before
    assert window.pane.model.rowCount() == len(before)
    assert read_worksheet(doc.file.working_copy).evidence == doc.worksheet.evidence
    doc.undo_stack.redo()
    window.files.save()
    assert len(read_worksheet(path).evidence) == len(before) + 20000


# -- busy.run itself ------------------------------------------------------------------


def test_small_work_is_done_at_once_on_the_windows_thread(qtbot):
    assert busy.run(None, "x", threading.current_thread, size=10) is threading.main_thread()


def test_large_work_runs_elsewhere_and_its_error_arrives_here(qtbot):
    where = busy.run(None, "x", threading.current_thread, size=busy.IN_BACKGROUND_BYTES)
    assert where is not threading.main_thread()
    problem = ValueError("line 7: not a date")

    def fails():
        raise problem

    with pytest.raises(ValueError) as raised:
        busy.run(None, "x", fails, size=busy.IN_BACKGROUND_BYTES)
    assert raised.value is problem


def test_what_cancelled_work_made_is_thrown_away_once_whenever_it_ends(qtbot):
    release = threading.Event()
    discarded: list[str] = []

    def slow():
        release.wait(10)
        return "made"

    watch = Watch(press_cancel)
    with pytest.raises(busy.Cancelled):
        busy.run(None, "Slow", slow, size=busy.IN_BACKGROUND_BYTES, discard=discarded.append)
    watch.stop()
    assert discarded == []  # still working: cancel returned at once
    release.set()
    wait_for_workers()
    assert discarded == ["made"]
