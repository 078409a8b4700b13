"""Help › ACH Workbench Help (F1), generated from the real actions and keys; Help › About."""

from __future__ import annotations

import PySide6
import pytest
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from app import __version__
from app.domain.model import Rating
from app.ui.dialogs.help_text import key_texts, menu_shortcuts, plain
from app.ui.dialogs.help_window import AboutDialog, HelpWindow
from app.ui.matrix.rating_keys import (
    CLEAR_KEYS,
    LETTER_SHORTCUTS,
    NOTE_KEYS,
    RATING_SHORTCUTS,
    key_names,
    rating_for_key,
    special_key_names,
)
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

HEUER_STEPS = [
    "Step 1. Hypotheses",
    "Step 2. Evidence",
    "Step 3. Diagnostics",
    "Step 4. Refinement",
    "Step 5. Inconsistency",
    "Step 6. Sensitivity",
    "Step 7. Conclusions",
    "Step 8. Milestones",
]
NATIVE = QKeySequence.SequenceFormat.NativeText


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def help_window(qtbot, window) -> HelpWindow:
    qtbot.keyClick(window.pane.view, Qt.Key.Key_F1)  # the real shortcut
    assert window.help_window is not None
    qtbot.waitUntil(window.help_window.isVisible)
    return window.help_window


def test_f1_opens_the_help_with_the_eight_steps(help_window):
    text = help_window.text()
    for step in HEUER_STEPS:
        assert step in text
    assert "In ACH Workbench" in text
    # what the program offers, by the real names of its commands
    assert "Edit › Add Hypothesis (Ctrl+Shift+H)" in text
    assert "File › Export Brief as PDF… (Ctrl+Shift+P)" in text
    assert "Sensitivity" in text and "Milestones" in text


def test_the_scores_are_explained_as_ach_method_defines_them(help_window):
    text = help_window.text()
    for phrase in (
        "Inconsistency = Σ v(e,h)",
        "Weighted inconsistency = Σ w(e) × v(e,h)",
        "Consistency = Σ w(e) × c(e,h)",
        "PARC ACH 2.x",
        "f(low) = 1/√2",
        "This is ACH Workbench's own measure",
        "between −2 and 0",
        "rounded to 9 decimal places",
        "(1, 1, 3)",
        "the share of the hypothesis's cells left blank, lower first",
        "population standard deviation",
        "score-neutral",
        "linchpin",
        "margin",
        "Removed",
        "Doubted",
        "Reversed",
        "CC↔II, C↔I",
    ):
        assert phrase in text, phrase


def test_keys_of_rare_keyboards_are_not_listed():
    """X11 gives Undo the Sun keyboard's F14 and an Undo key too: "Ctrl+Z or F14 or Undo"."""
    act = QAction("Undo")
    act.setShortcuts([QKeySequence("Ctrl+Z"), QKeySequence("F14"), QKeySequence(Qt.Key.Key_Undo)])
    assert key_texts(act) == (QKeySequence("Ctrl+Z").toString(NATIVE),)
    act.setShortcuts([QKeySequence("F14")])  # nothing else: shown as it is
    assert key_texts(act) == ("F14",)
    act.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    assert len(key_texts(act)) == 2


def test_help_lists_every_action_that_has_a_shortcut(window, help_window):
    text = help_window.text()
    rows = menu_shortcuts(window)
    listed = {row.where for row in rows}
    with_keys = [a for a in window.findChildren(QAction) if a.shortcuts() and a.text()]
    assert with_keys, "the window has actions with shortcuts"
    for act in with_keys:
        name = plain(act.text())
        assert any(where.endswith(name) for where in listed), name
        for key in key_texts(act):
            assert key in text, (name, key)
    for row in rows:
        assert row.where in text
    # every action of the ActionId table with a shortcut is among them
    for aid in ActionId:
        act = window.actions_by_id[aid]
        if act.shortcuts():
            assert f"{aid.value.menu} › {plain(aid.value.text)}" in listed


def test_help_lists_the_rating_keys_from_the_key_map(help_window):
    text = help_window.text()
    for rating in Rating:
        names = key_names(rating)
        assert names
        for name in names:
            assert name in text
            # and each listed key really sets that rating
            shift = name.startswith("Shift+")
            key = QKeySequence(name.removeprefix("Shift+"))[0].key()
            mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
            assert rating_for_key(key, mods) is rating, name
    for name in special_key_names(CLEAR_KEYS) + special_key_names(NOTE_KEYS):
        assert name in text


def test_the_right_click_menu_names_the_same_keys_as_the_map():
    for digit, rating in RATING_SHORTCUTS:
        assert digit in key_names(rating)
        assert LETTER_SHORTCUTS[rating] in key_names(rating)


def test_no_two_commands_share_a_shortcut(window):
    seen: dict[str, str] = {}
    for act in window.findChildren(QAction):
        for key in act.shortcuts():
            text = key.toString(NATIVE)
            assert text not in seen, f"{text}: {seen.get(text)} and {plain(act.text())}"
            seen[text] = plain(act.text())


def test_contents_and_find(qtbot, help_window):
    bar = help_window.browser.verticalScrollBar()
    contents = help_window.contents
    keys_item = contents.topLevelItem(contents.topLevelItemCount() - 1)
    assert keys_item.text(0) == "Keyboard shortcuts"
    contents.setCurrentItem(keys_item)
    assert bar.value() > 0
    help_window.find_field.setFocus()
    qtbot.keyClicks(help_window.find_field, "linchpin")
    qtbot.keyClick(help_window.find_field, Qt.Key.Key_Return)
    assert help_window.browser.textCursor().selectedText().lower() == "linchpin"


def test_keyboard_shortcuts_item_opens_the_help_at_the_keys(qtbot, window):
    window.actions_by_id[ActionId.KEYBOARD].trigger()
    help_window = window.help_window
    qtbot.waitUntil(help_window.isVisible)
    assert help_window.browser.verticalScrollBar().value() > 0
    window.actions_by_id[ActionId.HELP].trigger()  # the same window, brought forward
    assert window.help_window is help_window


def test_about_shows_the_version_the_font_licences_and_qt(qtbot, window):
    window.actions_by_id[ActionId.ABOUT].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AboutDialog))
    about = QApplication.activeModalWidget()
    text = about.text()
    assert f"ACH Workbench {__version__}" in text
    assert qVersion() in text and PySide6.__version__ in text
    assert "DejaVu" in text and "NanumSquare" in text
    assert "SIL OPEN FONT LICENSE" in text.upper() and "Bitstream" in text
    assert "GPL-3.0-or-later" in text
    qtbot.keyClick(about, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
