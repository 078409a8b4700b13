"""Text and shapes written straight into a page's content stream.

reportlab's canvas formats every coordinate with a pure-Python number
formatter and encodes every string for its font subset again each time it
is drawn; for a thousand-row matrix and a thousand evidence items that was
most of the brief's time.  `Ink` collects PDF operators for one flowable
(numbers formatted by Python's own float formatting, each string encoded
once per document) and appends them to the page in one ``q ... Q`` block,
so nothing it sets (colours, fonts, line widths) leaks to what is drawn
after it.

Text is still encoded by the font itself (``splitString`` and
``getSubsetInternalName``), so subsetting, embedding and the text a reader
extracts are exactly what reportlab's own drawing gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

Runs = tuple[tuple[str, str], ...]  # (reportlab font name, text) pieces of one line

Encoded = tuple[tuple[str, str], ...]  # (PDF font resource name, escaped bytes) pieces

# Where each document keeps its (font name, text) -> Encoded cache: the subset
# codes of a TrueType font are assigned per document, so the cache lives and
# dies with it (and two exports at once never share one).
_CACHE = "_ach_encoded"

# Text state a paragraph may have left behind (word spacing when justified, ...).
_TEXT_RESET = "0 Tc 0 Tw 100 Tz 0 Ts 0 Tr"


@lru_cache(maxsize=256)
def _rgb(hex_string: str) -> str:
    c = colors.HexColor(hex_string)
    return f"{c.red:.4g} {c.green:.4g} {c.blue:.4g}"


def fill_op(hex_string: str) -> str:
    return f"{_rgb(hex_string)} rg"


def stroke_op(hex_string: str) -> str:
    return f"{_rgb(hex_string)} RG"


@lru_cache(maxsize=16384)
def text_width(text: str, font: str, size: float) -> float:
    width: float = pdfmetrics.stringWidth(text, font, size)  # reportlab is untyped
    return width


def runs_width(runs: Runs, size: float) -> float:
    return sum(text_width(chunk, font, size) for font, chunk in runs)


class Ink:
    """PDF operators for one flowable, in page coordinates, flushed in one block."""

    __slots__ = ("_fill", "_font", "_in_text", "_reset", "canvas", "doc", "enc", "ops")

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        enc: dict[tuple[str, str], Encoded] | None = getattr(self.doc, _CACHE, None)
        if enc is None:
            enc = {}
            setattr(self.doc, _CACHE, enc)
        self.enc = enc
        self.ops: list[str] = []
        self._font: tuple[str, float] | None = None
        self._fill: str | None = None
        self._in_text = False
        self._reset = False

    # -- state ------------------------------------------------------------------

    def fill(self, hex_string: str) -> None:
        if hex_string != self._fill:
            self.ops.append(fill_op(hex_string))
            self._fill = hex_string

    def stroke(self, hex_string: str, width: float, dash: str = "[] 0") -> None:
        """Stroke colour, line width and dash pattern for the paths that follow."""
        self._end_text()
        self.ops.append(f"{stroke_op(hex_string)} {width:.2f} w {dash} d 0 J")

    def _end_text(self) -> None:
        if self._in_text:
            self.ops.append("ET")
            self._in_text = False

    # -- shapes -----------------------------------------------------------------

    def rects(self, rects: Iterable[tuple[float, float, float, float]], *, fill: str) -> None:
        """Filled rectangles (x, y, w, h), one path."""
        parts = [f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re" for x, y, w, h in rects]
        if parts:
            self._end_text()
            self.fill(fill)
            parts.append("f")
            self.ops.append("\n".join(parts))

    def path(self, ops: list[str], paint: str) -> None:
        """A path of raw construction operators, painted by ``paint`` ("f", "S")."""
        if ops:
            self._end_text()
            ops.append(paint)
            self.ops.append("\n".join(ops))

    def lines(self, segments: Iterable[tuple[float, float, float, float]]) -> None:
        """Stroked straight lines (x1, y1, x2, y2) in the current stroke style."""
        self.path([f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in segments], "S")

    def form(self, canvas_name: str, x: float, y: float) -> None:
        """Place a form XObject defined on the canvas with its origin at (x, y).

        Through the canvas's own ``doForm``, which also records that the page
        uses the form; what was collected so far is flushed first, in order.
        """
        self.flush()
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(canvas_name)
        canvas.restoreState()

    # -- text -------------------------------------------------------------------

    def encode(self, font_name: str, text: str) -> Encoded:
        key = (font_name, text)
        got = self.enc.get(key)
        if got is None:
            font = pdfmetrics.getFont(font_name)
            doc = self.doc
            got = self.enc[key] = tuple(
                (font.getSubsetInternalName(subset, doc), escapePDF(chunk))
                for subset, chunk in font.splitString(text, doc)
            )
        return got

    def text(self, x: float, y: float, runs: Runs, size: float, colour: str) -> None:
        """One line of runs, its baseline starting at (x, y)."""
        if not runs:
            return
        ops = self.ops
        if not self._in_text:
            ops.append("BT")
            self._in_text = True
            if not self._reset:
                ops.append(_TEXT_RESET)
                self._reset = True
        self.fill(colour)
        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        font = self._font
        for font_name, chunk in runs:
            for name, data in self.encode(font_name, chunk):
                if font is None or font[0] != name or font[1] != size:
                    font = (name, size)
                    ops.append(f"{name} {size:.2f} Tf")
                ops.append(f"({data}) Tj")
        self._font = font

    # -- output -----------------------------------------------------------------

    def flush(self) -> None:
        """Append everything to the canvas's current page (or form) in one block."""
        self._end_text()
        if self.ops:
            self.canvas.addLiteral("q\n" + "\n".join(self.ops) + "\nQ")
            self.ops = []
        self._font = None
        self._fill = None
        self._reset = False


class InkFlowable(Flowable):
    """A flowable that writes itself straight into the page with an :class:`Ink`.

    Subclasses implement ``paint(ink, x, y)`` with (x, y) the bottom left
    corner in page coordinates; placed by a frame (``drawOn``) there is no
    save, translate and restore of the canvas state around it.
    """

    def paint(self, ink: Ink, x: float, y: float) -> None:
        raise NotImplementedError

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        ink = Ink(canvas)
        self.paint(ink, x, y)
        ink.flush()

    def draw(self) -> None:
        ink = Ink(self.canv)
        self.paint(ink, 0.0, 0.0)
        ink.flush()
