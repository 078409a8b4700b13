"""The bar above the matrix of a worksheet that cannot be saved where it is, and what to do.

Open read-only (whose it is), or in a folder that takes no new file.  A
message bar in the window body (as office suites show one), not a dialog
per refused key: it says once, where the analyst is looking, why, and
offers Save As.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.storage.names import shown
from app.ui.document.document import Document

_BACKGROUND = QColor("#fff1c2")  # fixed light colours: the same bar in light and dark palettes
_TEXT = QColor("#3a2e00")


def read_only_text(document: Document) -> str:
    """One line: "Read-only: bea@ws12 has it open since 2026-11-24 10:02 — Save As …"."""
    reason = document.read_only_reason or "this worksheet was opened read-only"
    return f"Read-only: {reason} — Save As to make your own copy."


def folder_text(document: Document) -> str:
    """One line for a worksheet whose folder takes no new file (read-only, full, no permission)."""
    return (
        f"No new file can be made beside “{document.display_name()}” (a read-only folder, or a "
        "full disk): you can work on it, but to keep your changes Save As to another place."
    )


def lock_reason(owner: str, since: str) -> str:
    """What the bar says about a worksheet someone else has open."""
    who = owner or "someone else"
    return f"{who} has it open since {since}" if since else f"{who} has it open"


class ReadOnlyBar(QFrame):
    save_as_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("read_only_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, _BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, _TEXT)
        self.setPalette(palette)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.save_as = QPushButton("Save As…")  # no mnemonic: Alt+A is the Date field's
        self.save_as.clicked.connect(self.save_as_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.save_as)
        self.hide()

    def show_for(self, document: Document) -> None:
        if document.read_only:
            self.label.setText(shown(read_only_text(document), limit=None))
        elif document.folder_refuses_files:
            self.label.setText(shown(folder_text(document), limit=None))
        self.setVisible(document.read_only or document.folder_refuses_files)
