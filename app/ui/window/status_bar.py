"""The window's status bar, which shows its passing messages as one clean line.

Its messages name files ("Imported x.csv") and things read from files; a
name holding a line break, an escape or a bidi override must not reach the
bar as such, wherever in the window the message was made.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar

from app.storage.names import shown

MESSAGE_CHARS = 300
"""The most characters of one status message (the bar is one line)."""


class StatusBar(QStatusBar):
    # PySide6's stub types timeout as "int | None", but the binding rejects
    # None (ValueError: "called with wrong argument values"); this override
    # takes what Qt really accepts.
    def showMessage(self, text: str, timeout: int = 0) -> None:  # type: ignore[override]
        super().showMessage(shown(text, limit=MESSAGE_CHARS), timeout)
