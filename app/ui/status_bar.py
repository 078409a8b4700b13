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
    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(shown(text, limit=MESSAGE_CHARS), timeout)
