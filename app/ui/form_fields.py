"""Small form fields of the details panel: a text box that commits on leaving, helpers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Level


class TextBox(QPlainTextEdit):
    """A multi-line field that reports each change the analyst makes, and leaving it."""

    edited = Signal()  # the analyst changed the text (typing, pasting, the field's own undo)
    committed = Signal()  # the analyst left the field

    def __init__(self, placeholder: str = "", lines: int = 3):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self._setting = False
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if not self._setting:
            self.edited.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def set_text(self, text: str) -> None:
        if _being_typed(self, self.toPlainText(), text):
            return
        if self.toPlainText() != text:
            self._setting = True
            try:
                self.setPlainText(text)
            finally:
                self._setting = False


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
