"""How a rating looks, as plain hex strings shared by every view of the matrix: the
window, the PDF brief and the exported Excel workbook.

A diverging blue - grey - orange/vermillion scale (after Okabe & Ito and
ColorBrewer's blue-orange families) that readers with red-green colour
blindness can tell apart.  Colour is never the only signal: every cell also
prints its code, so the matrix survives black-and-white printing.

* consistent ratings are blue (CC dark, C light), neutral is grey,
  inconsistent ratings are orange (I light, II dark vermillion);
* NA is pale and muted (the brief hatches it);
* a blank cell is white with a dotted border and a middle dot, because
  blank means "not rated yet", which is unfinished work and not a rating.

Nothing here imports Qt, reportlab or openpyxl; the window wraps these
strings in QColor, the brief in reportlab colours, the workbook in its fills.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.model import Rating


@dataclass(frozen=True)
class CellLook:
    fill: str  # background, "#rrggbb"
    text: str  # colour of the code printed in the cell
    code: str  # what the cell shows


RATING_LOOK: dict[Rating, CellLook] = {
    Rating.CC: CellLook("#1f5fa8", "#ffffff", "CC"),  # strong blue
    Rating.C: CellLook("#9ecae1", "#0b2540", "C"),  # light blue
    Rating.N: CellLook("#c8c8c8", "#202020", "N"),  # mid grey
    Rating.I: CellLook("#f5b460", "#3a1f00", "I"),  # light orange
    Rating.II: CellLook("#c84a00", "#ffffff", "II"),  # vermillion
    Rating.NA: CellLook("#e9e9e9", "#6a6a6a", "NA"),  # pale grey, muted code
}

BLANK_LOOK = CellLook("#ffffff", "#8a8a8a", "\u00b7")  # white, grey middle dot
BLANK_BORDER = "#9a9a9a"  # drawn dotted around a blank cell
NA_HATCH = "#b4b4b4"  # thin diagonal lines over NA cells in the brief

# Other marks of the matrix.
EXCLUDED_TEXT = "#8a8a8a"  # an excluded item's row is greyed out
NOTE_MARK = "#202020"  # the corner triangle of a cell that carries a note
GRID = "#b0b0b0"
MATRIX_TEXT = "#1a1a1a"  # labels, titles and levels in the matrix
HEADER_FILL = "#e8ecf1"
LEADER_FILL = "#cfe0f1"  # the column head of the least inconsistent hypothesis
ACCENT = "#1f3a5f"  # headings and rules of the brief


DECEPTION_MARK = "#c84a00"  # the sign by the label of an item flagged "possible deception"
NOTE_MARK_ON_DARK = "#ffffff"  # the note corner on a dark fill (CC, II)


def luminance(colour: str) -> float:
    """Relative luminance of "#rrggbb" (WCAG 2), 0 black to 1 white."""

    def channel(i: int) -> float:
        c = int(colour[i : i + 2], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def note_mark(fill: str | None) -> str:
    """The note corner's colour on ``fill`` (None: white): the one of two that reads better."""
    background = fill or "#ffffff"
    return max((NOTE_MARK, NOTE_MARK_ON_DARK), key=lambda mark: contrast(mark, background))


def look(rating: Rating | None) -> CellLook:
    """The look of a cell with this rating (None is blank)."""
    return BLANK_LOOK if rating is None else RATING_LOOK[rating]
