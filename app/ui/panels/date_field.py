"""The Date field of an evidence item: YYYY-MM-DD, or nothing.

A date that is not a real calendar date (``2023-02-30``) is never dropped
silently: it stays as typed, the field is marked, a line under it says
what is wrong, and nothing is committed until the analyst corrects it or
presses Esc to go back to the stored date.  The marking goes with a valid
date and when the panel shows another item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

ALERT = QColor("#c84a00")


def is_date(text: str) -> bool:
    from app.storage.limits import is_date as storage_is_date  # the rule the files keep

    return storage_is_date(text)


class DateEdit(QLineEdit):
    """The line edit itself; ``problem`` is the explanation line placed under it.

    It only marks what it holds; the details panel stores :meth:`valid_text`
    as the analyst types and when the field is left.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.problem = QLabel()
        self.problem.setObjectName("date_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        palette = self.problem.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ALERT)
        self.problem.setPalette(palette)
        self.problem.hide()
        self._stored = ""
        self._invalid = False
        self.editingFinished.connect(self._finish)

    def show_date(self, date: str, *, same_item: bool) -> None:
        """Show the stored date; a date being corrected for this same item stays."""
        self._stored = date
        if same_item and self._invalid:
            return
        self._set_invalid("")
        if self.text() != date:
            self.setText(date)
            self.setCursorPosition(0)

    def valid_text(self) -> str | None:
        """The date as typed if it is one (or "" for none); ``None`` while it is not one yet."""
        text = self.text().strip()
        return text if not text or is_date(text) else None

    def revert(self) -> None:
        """Back to the stored date (Esc)."""
        self._set_invalid("")
        self.setText(self._stored)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self._invalid or self.text() != self._stored):
            self.revert()
            event.accept()
            return
        super().keyPressEvent(event)

    def _finish(self) -> None:
        """Leaving the field: a date that is not one is marked (and not stored)."""
        if self.valid_text() is None:
            self._set_invalid(f"{self.text().strip()} is not a date (YYYY-MM-DD)")
        else:
            self._set_invalid("")

    def _set_invalid(self, problem: str) -> None:
        self._invalid = bool(problem)
        self.problem.setText(problem)
        self.problem.setVisible(self._invalid)
        palette = QPalette()  # the application's
        if self._invalid:
            palette.setColor(QPalette.ColorRole.Text, ALERT)
            back = "the stored date" if self._stored else "no date"
            self.setToolTip(
                f"{problem}. Correct it, or press Esc to go back to {back};"
                " nothing is saved until then."
            )
        else:
            self.setToolTip("")
        self.setPalette(palette)
        self.setAccessibleDescription(problem)


def date_row(edit: DateEdit) -> QWidget:
    """The field with its explanation line under it, for a form.

    The form's label must name ``edit`` itself as its buddy: a label gives
    the keyboard only to a buddy that takes focus, and the row does not (so
    "D&ate" given the row did nothing on Alt+A).
    """
    row = QWidget()
    box = QVBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(edit)
    box.addWidget(edit.problem)
    row.setFocusProxy(edit)  # a click on the row, or focus given to it, lands in the field
    return row
