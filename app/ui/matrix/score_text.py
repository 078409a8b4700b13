"""How scores and measures read in the window: the matrix, its score row, the Sensitivity panel."""

from __future__ import annotations

from app.domain.scoring import provisional_leaders
from app.ui.document.document import Document

MINUS = "\N{MINUS SIGN}"


def format_number(value: float, decimals: int = 2) -> str:
    """Fixed decimals with a real minus sign, and no "-0.00"."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-"):
        return text[1:] if float(text) == 0 else MINUS + text[1:]
    return text


PROVISIONAL_WHY = "may lead only because nothing has been held against it yet"
PROVISIONAL = f"provisional: {PROVISIONAL_WHY}"
PROVISIONAL_MARK = "⚠"  # before the count of a provisional leader's blank cells


def unrated_leader_cells(document: Document, hypothesis_id: str) -> int:
    """Blank cells of a hypothesis of rank 1 (0 otherwise): its lead is provisional.

    Blank shares are only the ranking's third key (ach-method.md), so a
    hypothesis nobody has rated against yet can lead with nothing held
    against it; the window says so instead of hiding it.
    """
    s = document.scoreboard.score(hypothesis_id)
    return s.blank if s in provisional_leaders(document.scoreboard.ranking()) else 0
