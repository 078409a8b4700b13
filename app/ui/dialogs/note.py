"""The note of one cell: the analyst's reason for a rating."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Rating
from app.ui.matrix.rating_style import rating_tooltip


class NoteDialog(QDialog):
    def __init__(
        self,
        evidence_title: str,
        hypothesis_title: str,
        rating: Rating | None,
        note: str,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle("Cell note (read-only)" if read_only else "Cell note")
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<b>{escape(evidence_title)}</b><br>against <b>{escape(hypothesis_title)}</b>"
            f"<br>{escape(rating_tooltip(rating))}"
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.editor = QPlainTextEdit(note)
        self.editor.setPlaceholderText("Why this rating? (sources, reasoning, doubts)")
        self.editor.setTabChangesFocus(True)
        self.editor.setReadOnly(read_only)
        layout.addWidget(self.editor)
        Btn = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(Btn.Close if read_only else Btn.Ok | Btn.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        if not read_only:
            shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
            shortcut.activated.connect(self.accept)
        self.resize(460, 260)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
