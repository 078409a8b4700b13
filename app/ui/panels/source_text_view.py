"""A source's text as the analyst reads it: plain, read-only, its cited passages marked.

Citations hold positions in the source's text as Python counts them (code
points); a ``QTextCursor`` counts UTF-16 code units, in which a character
beyond the Basic Multilingual Plane (an emoji, a rare Han character) is two.
:class:`Utf16Positions` converts both ways, so that a passage selected in the
view is the passage cited, and a citation shown is the passage it names.

The text is set with ``setPlainText``: nothing of the document's markup, no
link is followed and no resource (an image, a style sheet) is ever loaded.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Positions:
    """Positions in one text, as Python counts them and as Qt does (UTF-16 code units)."""

    def __init__(self, text: str):
        self.length = len(text)
        # Where each astral character (a surrogate pair in Qt) is, as Python counts and
        # as Qt does: the k-th, at Python index a, starts at Qt position a + k.  Found
        # once (a regular expression over 20 million characters takes milliseconds), so
        # each conversion is a binary search, not a walk through the text.
        self._indexes = [m.start() for m in _ASTRAL.finditer(text)]
        self._starts = [a + k for k, a in enumerate(self._indexes)]

    def to_qt(self, index: int) -> int:
        """Qt's position of the Python index ``index`` (clipped to the text)."""
        index = max(0, min(index, self.length))
        return index + bisect.bisect_left(self._indexes, index)  # each one before counts 2

    def from_qt(self, position: int, *, round_up: bool = False) -> int:
        """The Python index at Qt's ``position``; one inside a surrogate pair goes to the
        character's start (or, ``round_up``, past it: a selection's end keeps it whole)."""
        position = max(0, position)
        before = bisect.bisect_left(self._starts, position)  # astral characters starting before
        index = position - before
        if before and self._starts[before - 1] + 1 == position:  # between the two halves
            index = position - before + (1 if round_up else 0)
        return max(0, min(index, self.length))


def highlight_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(a cited passage's background, the passage shown's), readable on ``palette``'s base:
    a pale amber on a light one, a dark amber on a dark one (the text keeps its colour)."""
    if palette.color(QPalette.ColorRole.Base).lightness() >= 128:
        return QColor("#ffe9a8"), QColor("#ffc94d")
    return QColor("#5a4710"), QColor("#8a6a00")


class SourceTextView(QPlainTextEdit):
    """The text of one source; the analyst selects passages with the mouse or the keyboard."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        # Read-only, but the keyboard moves and selects (Shift+arrows), as in a reader.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.positions = Utf16Positions("")
        self.text = ""
        self.extra_actions: list[QAction | None] = []  # the context menu's, after the standard
        self._passages: list[tuple[int, int]] = []
        self._shown: tuple[int, int] | None = None

    def show_text(self, text: str) -> None:
        """``text`` (a source's), plain; no passage marked yet."""
        if text != self.text:
            self.text = text
            self.positions = Utf16Positions(text)
            self.setPlainText(text)
        self._passages, self._shown = [], None
        self._paint_passages()

    def mark_passages(self, passages: Iterable[tuple[int, int]]) -> None:
        """Mark these passages (Python positions) as cited."""
        self._passages = sorted(set(passages))
        self._paint_passages()

    def show_passage(self, start: int, end: int) -> None:
        """Select the passage ``start``–``end`` (Python positions), marked and in view."""
        self._shown = (start, end)
        cursor = self._cursor(start, end)
        self.setTextCursor(cursor)
        self.centerCursor()
        self._paint_passages()

    def selected_passage(self) -> tuple[int, int] | None:
        """The selection, in Python positions; ``None`` if nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.positions.from_qt(cursor.selectionStart())
        end = self.positions.from_qt(cursor.selectionEnd(), round_up=True)
        return (start, end) if end > start else None

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(start))
        cursor.setPosition(self.positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _paint_passages(self) -> None:
        cited, shown = highlight_colours(self.palette())
        marks = []
        for span, colour in [*((p, cited) for p in self._passages), (self._shown, shown)]:
            if span is None:
                continue
            mark = QTextEdit.ExtraSelection()
            mark.cursor = self._cursor(*span)
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            mark.format = fmt
            marks.append(mark)
        self.setExtraSelections(marks)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_passages()  # a theme switched to dark: colours that read on it

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        for act in self.extra_actions:
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        menu.exec(event.globalPos())
        menu.deleteLater()
