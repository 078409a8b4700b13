"""The brief's fonts, and analyst text made safe for reportlab.

reportlab has no font fallback of its own: a character the paragraph's font
lacks prints as an empty box.  So every piece of analyst text goes through
`TextSetter`, which

* escapes it, so that ``<b>``, ``&amp;`` or ``</para>`` typed by the analyst
  print as typed and are never read as markup;
* wraps each run of characters the main font (DejaVu Sans) lacks in a
  ``<font face=...>`` tag for the first shipped font that has them
  (NanumSquare for Hangul), judged by each font's own character map;
* records the characters no shipped font can show, so the caller can say so
  in one sentence instead of printing boxes silently.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path


@dataclass(frozen=True)
class Face:
    """One shipped typeface in two weights."""

    regular: str  # reportlab font name
    bold: str
    regular_file: str  # file name under resources/fonts
    bold_file: str

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular


# Tried in this order for every character; the first is the main font.
FACES: tuple[Face, ...] = (
    Face("ACHSans", "ACHSans-Bold", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    Face("ACHHangul", "ACHHangul-Bold", "NanumSquareR.ttf", "NanumSquareB.ttf"),
)
MAIN = FACES[0]
FALLBACKS = FACES[1:]

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def register_fonts() -> None:
    """Register the shipped fonts with reportlab once per process."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        coverage: dict[str, frozenset[int]] = {}
        for face in FACES:
            for name, file in ((face.regular, face.regular_file), (face.bold, face.bold_file)):
                font = TTFont(name, str(resource_path("fonts", file)))
                pdfmetrics.registerFont(font)
                coverage[name] = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                face.regular,
                normal=face.regular,
                bold=face.bold,
                italic=face.regular,
                boldItalic=face.bold,
            )
        _coverage.update(coverage)


def covers(font_name: str, char: str) -> bool:
    register_fonts()
    return ord(char) in _coverage[font_name]


def _clean(char: str) -> str:
    """What an odd character becomes before it is set: '' to drop it."""
    if char in "\t\r":
        return " "
    category = unicodedata.category(char)
    if category == "Cs":  # a lone surrogate cannot even be encoded
        return "\ufffd"
    if category == "Cc":  # other control characters carry no text
        return ""
    return char


def plain(text: str) -> str:
    """Text fit for PDF metadata: one line, no control characters, no lone surrogates."""
    return " ".join("".join(_clean(c) if c != "\n" else " " for c in text).split())


@lru_cache(maxsize=8192)
def _runs(text: str, bold: bool) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """Split text into (font name, chunk) runs; also the characters no font has.

    Newlines are kept in the chunks; callers decide what a line break is.
    """
    register_fonts()
    main = MAIN.name(bold)
    if text.isascii() and text.isprintable():
        return (((main, text),) if text else ()), frozenset()
    runs: list[tuple[str, str]] = []
    missing: set[str] = set()
    current = main
    chunk: list[str] = []
    for raw in text:
        char = raw if raw == "\n" else _clean(raw)
        if not char:
            continue
        code = ord(char)
        font = main
        if char != "\n" and code not in _coverage[main]:
            for face in FALLBACKS:
                if code in _coverage[face.name(bold)]:
                    font = face.name(bold)
                    break
            else:
                category = unicodedata.category(char)
                if category == "Cf":  # invisible format character: drop it
                    continue
                if category == "Zs":  # an exotic space: an ordinary one will do
                    char = " "
                else:
                    missing.add(char)
        if font != current and chunk:
            runs.append((current, "".join(chunk)))
            chunk = []
        current = font
        chunk.append(char)
    if chunk:
        runs.append((current, "".join(chunk)))
    return tuple(runs), frozenset(missing)


class TextSetter:
    """Turns analyst text into safe Paragraph markup, collecting missing glyphs."""

    def __init__(self) -> None:
        register_fonts()
        self.missing: set[str] = set()

    def runs(self, text: str, *, bold: bool = False) -> tuple[tuple[str, str], ...]:
        """(font name, text) runs for drawing straight onto a canvas (one line)."""
        runs, missing = _runs(text.replace("\n", " "), bold)
        self.missing |= missing
        return runs

    def markup(self, text: str, *, bold: bool = False) -> str:
        """Paragraph markup that prints ``text`` exactly, line breaks included."""
        runs, missing = _runs(text, bold)
        self.missing |= missing
        main = MAIN.name(bold)
        parts = []
        for font, chunk in runs:
            safe = escape(chunk).replace("\n", "<br/>")
            parts.append(safe if font == main else f'<font face="{font}">{safe}</font>')
        body = "".join(parts)
        return f"<b>{body}</b>" if bold and body else body


def string_width(setter: TextSetter, text: str, size: float, *, bold: bool = False) -> float:
    widths: list[float] = [  # reportlab is untyped
        pdfmetrics.stringWidth(chunk, font, size) for font, chunk in setter.runs(text, bold=bold)
    ]
    return sum(widths)
