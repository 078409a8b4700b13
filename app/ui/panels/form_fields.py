"""Small form fields of the details panel: a text box that commits on leaving, helpers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Level
from app.storage.limits import without_not_text

# A one-line field takes pasted lines as one line.
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})


def clean_line(edit: QLineEdit) -> None:
    """What was typed or pasted into ``edit``, as text a worksheet keeps: control
    characters out, line breaks as spaces (the cursor stays where it was)."""
    text = edit.text()
    cleaned = without_not_text(text).translate(_LINE_BREAKS)
    if cleaned != text:
        position = edit.cursorPosition() - (len(text) - len(cleaned))
        edit.setText(cleaned)
        edit.setCursorPosition(max(0, position))


class TextBox(QPlainTextEdit):
    """A multi-line field that reports each change the analyst makes, and leaving it.

    It holds at most ``limit`` characters, as a line edit's maxLength does: what
    is typed or pasted beyond it is cut off at once (and ``rejected`` says so),
    so the field never shows text that the worksheet would refuse to keep.
    """

    edited = Signal()  # the analyst changed the text (typing, pasting, the field's own undo)
    committed = Signal()  # the analyst left the field
    rejected = Signal()  # what was typed or pasted did not fit in the limit

    def __init__(self, placeholder: str = "", lines: int = 3):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self._setting = False
        self.limit: int | None = None
        self._fitting = ""  # the text as it was last within the limit
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if self._setting:
            return
        self._drop_not_text()
        if self.limit is not None and self._cut_to_limit():
            self.rejected.emit()
        self.edited.emit()

    def _drop_not_text(self) -> None:
        """Control characters pasted in are taken out (a worksheet keeps no such text)."""
        text = self.toPlainText()
        cleaned = without_not_text(text)
        if cleaned != text:
            position = self.textCursor().position() - (_utf16(text) - _utf16(cleaned))
            self._set_plain(cleaned)
            cursor = self.textCursor()
            cursor.setPosition(max(0, min(position, _utf16(cleaned))))
            self.setTextCursor(cursor)

    def _cut_to_limit(self) -> bool:
        """Cut what was just inserted to what fits; True if anything was cut."""
        assert self.limit is not None
        text = self.toPlainText()
        if len(text) <= self.limit:
            self._fitting = text
            return False
        old = self._fitting
        start = _common_prefix(old, text)
        end = len(text) - _common_prefix(old[start:][::-1], text[start:][::-1])
        inserted = text[start:end]
        keep = inserted[: max(0, self.limit - (len(text) - len(inserted)))]
        cursor = QTextCursor(self.document())
        cursor.setPosition(_utf16(text[:start] + keep))
        cursor.setPosition(_utf16(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        self._setting = True
        try:
            cursor.removeSelectedText()
        finally:
            self._setting = False
        self.setTextCursor(cursor)
        text = self.toPlainText()
        if len(text) > self.limit:  # not one insertion (cannot happen by typing): the end goes
            self._set_plain(text[: self.limit])
        self._fitting = self.toPlainText()
        return True

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def set_text(self, text: str) -> None:
        if _being_typed(self, self.toPlainText(), text):
            return
        if self.toPlainText() != text:
            self._set_plain(text)
        self._fitting = self.toPlainText()

    def _set_plain(self, text: str) -> None:
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _utf16(text: str) -> int:
    """The length of ``text`` as Qt counts positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _being_typed(widget: QWidget, shown: str, stored: str) -> bool:
    """The field has the keyboard and holds what was stored (give or take the spaces
    that are stripped when storing): rewriting it would move the cursor, or eat
    the space just typed between two words."""
    return widget.hasFocus() and shown.strip() == stored.strip()


def line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def set_line(edit: QLineEdit, text: str) -> None:
    if _being_typed(edit, edit.text(), text):
        return
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def stripped(edit: QLineEdit) -> Callable[[], str]:
    """What ``edit`` holds, stripped, read when called."""
    return lambda: edit.text().strip()


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """``buttons`` side by side from the left, as under a list or a table."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    return row


def levels() -> QComboBox:
    combo = QComboBox()
    for level in Level:
        combo.addItem(level.value, level)
    return combo


def form_page() -> tuple[QWidget, QFormLayout]:
    """A page whose form keeps to the top instead of spreading over the height."""
    page = QWidget()
    outer = QVBoxLayout(page)
    form = QFormLayout()
    outer.addLayout(form)
    outer.addStretch(1)
    return page, form


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area
