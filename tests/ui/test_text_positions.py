"""Positions in a source's text: Python counts code points, Qt counts UTF-16 code units.

A citation selected in the view must be the passage stored, and a citation shown
must select the words it quotes, in Korean, Russian and with emoji (two code units
each in Qt) alike."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from app.ui.panels.source_text_view import SourceTextView, Utf16Positions
from tests.ui.worksheets import MIXED_TEXT

SHIFT = Qt.KeyboardModifier.ShiftModifier


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII",
        "목격자는 야간에 열차를 보았다",
        "Свидетель видел вагоны",
        "😀",
        "a😀b🚂🚂c",
        MIXED_TEXT,
        "𝒳" * 5 + "end",
    ],
)
def test_every_python_index_goes_to_qt_and_back(text):
    positions = Utf16Positions(text)
    for i in range(len(text) + 1):
        q = positions.to_qt(i)
        assert q == utf16_length(text[:i])
        assert positions.from_qt(q) == i
        assert positions.from_qt(q, round_up=True) == i


def test_a_position_inside_a_surrogate_pair_keeps_the_character_whole():
    positions = Utf16Positions("a😀b")  # Qt: a=0, 😀=1..2, b=3
    assert positions.from_qt(2) == 1  # a selection's start: before the emoji
    assert positions.from_qt(2, round_up=True) == 2  # its end: after it
    assert positions.to_qt(99) == 4 and positions.from_qt(99) == 3  # clipped to the text


@pytest.fixture
def view(qtbot):
    view = SourceTextView()
    qtbot.addWidget(view)
    view.show_text(MIXED_TEXT)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("words", ["Najin 🚂 at", "열차 30량", "вагонов 😀 ночью", "𝒳 left"])
def test_a_passage_shown_selects_exactly_its_words(view, words):
    start = MIXED_TEXT.index(words)
    view.show_passage(start, start + len(words))
    assert view.textCursor().selectedText() == words
    assert view.selected_passage() == (start, start + len(words))


def test_a_selection_made_with_the_keyboard_is_the_passage_in_python_positions(qtbot, view):
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    start = MIXED_TEXT.index("Свидетель")
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(start))
    view.setTextCursor(cursor)
    # "Свидетель видел тридцать вагонов 😀" is 34 characters and 35 code units; one key
    # press moves over the emoji's two, as over any character.
    for _ in range(34):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert view.selected_passage() == (start, start + 34)
    assert MIXED_TEXT[start : start + 34].endswith("вагонов 😀")


def test_the_cited_passages_are_marked_and_the_text_stays_plain(view):
    korean = MIXED_TEXT.index("목격자")
    view.mark_passages([(0, 5), (korean, korean + 3)])
    marks = view.extraSelections()
    assert [m.cursor.selectedText() for m in marks] == ["Rail ", "목격자"]
    assert all(m.format.background().color().isValid() for m in marks)
    assert view.isReadOnly() and view.toPlainText() == MIXED_TEXT
    cursor = QTextCursor(view.document())
    assert not cursor.charFormat().isAnchor()  # no link, however the text looks
