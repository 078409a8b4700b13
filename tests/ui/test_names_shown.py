"""Names from files reach the window's messages, title and lists as one clean line.

A file's name, and the names inside a file (a trigger's, a table's), are
chosen by whoever made the file.  Shown raw, a line break splits a sentence,
an escape sequence or a bidi override disguises it ("txt.exe" read as
"exe.txt").  These tests use the real message boxes (answered by a timer, as
a person would close them) and read what they show.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.dialogs.file_prompts import Prompts
from app.ui.window.settings import Settings
from app.ui.window.workbench import Workbench
from tests.storage.conftest import tamper
from tests.ui.test_main_window import open_window, saved_worksheet

# What a hostile name holds: an escape sequence, a line break, a bidi override.
HOSTILE = "evil\x1b[2J\nline\u202etxt.exe"
NOT_SHOWN = ("\x1b", "\n", "\u202e", "\r")


class BoxReader:
    """Reads and closes each message box the window shows, as a person would."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []  # (title, text, informative text)
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            self.seen.append((box.windowTitle(), box.text(), box.informativeText()))
            box.done(0)  # Escape: the cancelling answer

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def boxes():
    reader = BoxReader()
    yield reader
    reader.stop()


@pytest.fixture
def workbench(tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return Workbench(settings, Prompts())


def clean(text: str) -> bool:
    return not any(ch in text for ch in NOT_SHOWN)


@pytest.mark.parametrize(
    "statement",
    [
        f'CREATE TRIGGER "{HOSTILE}" AFTER INSERT ON cells BEGIN DELETE FROM evidence; END',
        f'CREATE TABLE "{HOSTILE}" (x)',
        f'CREATE INDEX "{HOSTILE}" ON evidence (title)',
        f'CREATE VIEW "{HOSTILE}" AS SELECT * FROM evidence',
        # A name far longer than a message: the sentence still ends, in one box.
        f'CREATE TABLE "{"x" * 100_000}" (x)',
    ],
    ids=["trigger", "table", "index", "view", "100k-name"],
)
def test_a_name_inside_a_file_is_shown_clean(qtbot, tmp_path, workbench, boxes, statement):
    path = saved_worksheet(tmp_path / "hostile.achw")
    tamper(path, statement)
    assert workbench.open_path(path) is None
    [(_title, text, _info)] = boxes.seen
    assert text.startswith("“hostile.achw”"), text
    assert "evil" in text or "xxxx" in text  # the name is there, so the analyst can find it
    assert clean(text), repr(text)
    assert len(text) <= 2200  # one message, not 100,000 characters
    assert workbench.windows == []


def test_a_file_name_in_an_import_error_is_shown_clean(qtbot, tmp_path, workbench, boxes):
    window = open_window(qtbot, workbench)
    bad = tmp_path / f"{HOSTILE}.json"
    bad.write_text('{"format": "ach-workbench", "version": 99}', encoding="utf-8")
    window.interchange.import_path(bad)
    [(_title, text, _info)] = boxes.seen
    assert "evil" in text and "txt.exe.json" in text, text
    assert clean(text), repr(text)


def test_a_file_name_in_the_title_and_status_bar_is_shown_clean(qtbot, tmp_path, workbench):
    path = saved_worksheet(tmp_path / f"{HOSTILE}.achw")
    window = workbench.open_path(path)
    qtbot.addWidget(window)
    assert "evil" in window.windowTitle() and clean(window.windowTitle()), window.windowTitle()
    evidence = tmp_path / f"{HOSTILE}.csv"
    evidence.write_text("title\nA new item\n", encoding="utf-8")
    window.statusBar().showMessage(f"Imported {evidence.name}")
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Imported evil") and clean(shown), repr(shown)


def test_a_lock_holder_from_someone_elses_file_is_shown_clean(qtbot, tmp_path, boxes):
    # The question about a locked file names its holder, read from the lock file.
    prompts = Prompts()
    prompts.locked(None, f"{HOSTILE}.achw", f"bea\x1b]0;owned\x07@{HOSTILE}", "\n2026-11-24")
    [(_title, text, info)] = boxes.seen
    assert "bea" in text and clean(text), repr(text)
    assert "\x1b" not in info and "\x07" not in info  # the program's own paragraphs stay
