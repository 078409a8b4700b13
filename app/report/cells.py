"""Rating cells of the brief: how each one looks, and how a page of them is painted.

A cell is filled with its rating's colour and prints its code; NA is also
hatched and a blank cell has a dotted frame, so the matrix reads in
black-and-white print; a noted cell has a dark corner.  The matrix and the
legend paint their cells here, a page's worth in a few paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from app.domain import palette
from app.domain.model import Rating
from app.report.fonts import MAIN
from app.report.ink import Ink, Runs, runs_width

CODE_SIZE = 8.0  # the code in a rating cell (bold)
HATCH_STEP = 4.0  # between the lines over an NA cell


@dataclass(frozen=True)
class Swatch:
    """How one rating cell looks: its fill, its code, and the marks that survive grey print."""

    runs: Runs  # the code, in the bold main font
    ink: str  # colour of the code
    fill: str | None  # None: white
    hatched: bool  # NA: thin diagonal lines
    blank: bool  # not rated yet: a dotted frame
    noted: bool  # the analyst noted a reason: a corner, dark or (on a dark fill) white
    mark: str = palette.NOTE_MARK  # colour of that corner


@lru_cache(maxsize=64)
def swatch(rating: Rating | None, *, noted: bool = False, excluded: bool = False) -> Swatch:
    """The look of a cell; one shared object per kind of cell."""
    look = palette.look(rating)
    runs = ((MAIN.bold, look.code),)
    if excluded:  # set aside: no colour, a grey code
        return Swatch(runs, palette.EXCLUDED_TEXT, None, False, False, noted)
    fill = look.fill if rating is not None else None
    return Swatch(
        runs,
        look.text,
        fill,
        rating is Rating.NA,
        rating is None,
        noted,
        palette.note_mark(fill),
    )


Cell = tuple[float, float, float, float, Swatch]  # x, y, w, h in page coordinates


def _hatch_form(c: Canvas, w: float, h: float) -> str:
    """The canvas name of a form hatching a w x h cell, defined on first use."""
    name = f"ach-na-hatch-{w:.2f}x{h:.2f}"
    if not c.hasForm(name):
        c.beginForm(name, 0, 0, w, h)
        c.setStrokeColor(colors.HexColor(palette.NA_HATCH))
        c.setLineWidth(0.5)
        p = c.beginPath()
        k = -h
        while k < w:
            p.moveTo(max(k, 0.0), max(-k, 0.0))
            p.lineTo(min(k + h, w), min(h, w - k))
            k += HATCH_STEP
        c.drawPath(p, stroke=1, fill=0)
        c.endForm()
    return name


def paint_cells(ink: Ink, cells: list[Cell]) -> None:
    """Fills, hatching, dotted frames and note corners of rating cells (codes: `paint_codes`).

    One path per colour: a page of the matrix has hundreds of cells.
    """
    fills: dict[str, list[tuple[float, float, float, float]]] = {}
    for x, y, w, h, s in cells:
        if s.fill:
            fills.setdefault(s.fill, []).append((x, y, w, h))
    for colour, rects in fills.items():
        ink.rects(rects, fill=colour)
    for x, y, w, h, s in cells:
        if s.hatched:
            # One form per cell size, placed per cell: far fewer operators
            # than drawing every hatch line of every NA cell.
            ink.form(_hatch_form(ink.canvas, w, h), x, y)
    frames = [
        f"{x + 2.5:.2f} {y + 2.5:.2f} {w - 5:.2f} {h - 5:.2f} re"
        for x, y, w, h, s in cells
        if s.blank
    ]
    if frames:
        ink.stroke(palette.BLANK_BORDER, 0.6, "[0.8 1.6] 0")
        ink.path(frames, "S")
    corners: dict[str, list[str]] = {}
    for x, y, w, h, s in cells:
        if s.noted:
            t = min(5.0, h / 3)
            r, top = x + w, y + h
            corners.setdefault(s.mark, []).append(
                f"{r - t:.2f} {top:.2f} m {r:.2f} {top:.2f} l {r:.2f} {top - t:.2f} l h"
            )
    for colour, paths in corners.items():
        ink.fill(colour)
        ink.path(paths, "f")


def paint_codes(ink: Ink, cells: list[Cell]) -> None:
    """The code of each rating cell, centred (drawn after the grid, so above it)."""
    for x, y, w, h, s in cells:
        tx = x + (w - runs_width(s.runs, CODE_SIZE)) / 2
        ink.text(tx, y + h / 2 - CODE_SIZE * 0.36, s.runs, CODE_SIZE, s.ink)
