"""The window's status bar: its passing messages as one clean line, and the worksheet's counts.

Its messages name files ("Imported x.csv") and things read from files; a
name holding a line break, an escape or a bidi override must not reach the
bar as such, wherever in the window the message was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStatusBar

from app.storage.names import shown

if TYPE_CHECKING:
    from app.domain.model import Worksheet
    from app.domain.scoring import Scoreboard

MESSAGE_CHARS = 300
"""The most characters of one status message (the bar is one line)."""


class StatusBar(QStatusBar):
    # PySide6's stub types timeout as "int | None", but the binding rejects
    # None (ValueError: "called with wrong argument values"); this override
    # takes what Qt really accepts.
    def showMessage(self, text: str, timeout: int = 0) -> None:  # type: ignore[override]
        super().showMessage(shown(text, limit=MESSAGE_CHARS), timeout)


def worksheet_counts(ws: Worksheet, board: Scoreboard) -> str:
    """``12 items (1 excluded) · 3 hypotheses · 4 cells to rate``, at the bar's right end."""
    # The scoreboard already counts both, edit by edit: O(hypotheses) here.
    excluded = len(ws.evidence) - board.included_count
    blank = sum(s.blank for s in board.ranking())
    text = (
        f"{_count(len(ws.evidence), 'item')} ({excluded} excluded) · "
        f"{_count(len(ws.hypotheses), 'hypothesis', 'hypotheses')}"
    )
    if ws.evidence and ws.hypotheses:
        text += f" · {_count(blank, 'cell')} to rate" if blank else " · every cell rated"
    return text


def _count(n: int, one: str, many: str = "") -> str:
    """ "1 cell", "3 cells"."""
    return f"{n} {one if n == 1 else many or one + 's'}"
