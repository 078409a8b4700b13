"""Text made short enough for one line: a matrix row, a table cell, a title from a quote."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """One line (white space collapsed) of at most ``limit`` characters, cut at a word
    where possible, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.5:  # a word boundary not too far back
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"
