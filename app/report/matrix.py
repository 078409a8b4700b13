"""The matrix of the brief: hypotheses across, evidence down, every cell coloured and coded.

Many hypotheses do not fit across one page, so they are split into bands
of at most `max_columns` hypotheses; each band is its own table that
repeats the evidence titles down the side and its two header rows (the
hypotheses and their scores) on every page it runs over.  Titles in the
matrix are shortened (the full text is in the hypotheses and evidence
sections), so that no row can grow taller than a page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from app.domain.model import RATING_LABELS, Rating
from app.report import palette
from app.report.brief import Brief, format_score
from app.report.fonts import MAIN, TextSetter, shorten
from app.report.textblock import TextBlock

# Widths in points of the fixed columns: label, credibility, relevance, diagnosticity.
LABEL_W = 24.0
LEVEL_W = 30.0
DIAG_W = 30.0
FIXED_W = LABEL_W + 2 * LEVEL_W + DIAG_W
MIN_TITLE_W = 150.0
PREFERRED_TITLE_W = 220.0  # hypothesis columns give way to this before shrinking
MIN_COLUMN_W = 42.0
MAX_COLUMN_W = 58.0
HEADER_ROWS = 2

TITLE_LIMIT = 160  # characters of an evidence title shown in the matrix
HEADER_TITLE_LIMIT = 40  # characters of a hypothesis title in a column head

LEVEL_SHORT = {"low": "low", "medium": "med", "high": "high"}


def max_columns(frame_width: float) -> int:
    return max(1, int((frame_width - FIXED_W - MIN_TITLE_W) // MIN_COLUMN_W))


def bands(count: int, per_band: int) -> list[range]:
    """Split ``count`` hypothesis columns into balanced bands of at most ``per_band``."""
    if count == 0:
        return [range(0)]
    n = math.ceil(count / per_band)
    size, extra = divmod(count, n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(range(start, end))
        start = end
    return out


class Mark(str):
    """Short text in a matrix cell, with everything else the cell draws.

    A rating code carries its fill, hatching (NA), dotted frame (blank) and
    note mark; plain cells (labels, levels, diagnosticity) only text.  The
    table draws all marks of a page in batches (see `MatrixTable`).
    """

    __slots__ = ("align", "blank", "fill", "font", "hatched", "ink", "noted", "size", "top")

    def __new__(
        cls,
        text: str,
        *,
        fill: str | None = None,
        ink: str = "#1a1a1a",
        font: str = MAIN.bold,
        size: float = 8.0,
        align: str = "center",  # "left", "center" or "right"
        top: bool = False,  # at the top of the cell rather than in the middle
        noted: bool = False,
        hatched: bool = False,
        blank: bool = False,
    ) -> Mark:
        self = super().__new__(cls, text)
        self.fill = fill
        self.ink = ink
        self.font = font
        self.size = size
        self.align = align
        self.top = top
        self.noted = noted
        self.hatched = hatched
        self.blank = blank
        return self

    @classmethod
    def for_rating(cls, rating: Rating | None, *, noted: bool, excluded: bool) -> Mark:
        return _rating_mark(rating, noted, excluded)

    @classmethod
    def _for_rating(cls, rating: Rating | None, noted: bool, excluded: bool) -> Mark:
        look = palette.look(rating)
        if excluded:  # set aside: no colour, a grey code
            return cls(look.code, ink=palette.EXCLUDED_TEXT, noted=noted)
        return cls(
            look.code,
            fill=look.fill if rating is not None else None,
            ink=look.text,
            noted=noted,
            hatched=rating is Rating.NA,
            blank=rating is None,
        )

    @classmethod
    def plain(cls, text: str, *, ink: str = "#1a1a1a", **kwargs) -> Mark:
        return cls(text, ink=ink, font=MAIN.regular, size=7.0, **kwargs)


CODE_FONT_SIZE = 8.0


@lru_cache(maxsize=64)
def _rating_mark(rating: Rating | None, noted: bool, excluded: bool) -> Mark:
    """Marks never change once made, so one per kind of cell is shared by all."""
    return Mark._for_rating(rating, noted, excluded)


@lru_cache(maxsize=64)
def _colour(hex_string: str) -> colors.Color:
    return colors.HexColor(hex_string)


@lru_cache(maxsize=1024)
def _text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


PAD = 3.0  # horizontal padding of plain marks


HATCH_STEP = 4.0


def _hatch_form(c, w: float, h: float) -> str:
    """The name of a form XObject hatching a w x h cell, defined on first use."""
    name = f"ach-na-hatch-{w:.2f}x{h:.2f}"
    if not c.hasForm(name):
        c.beginForm(name, 0, 0, w, h)
        c.setStrokeColor(_colour(palette.NA_HATCH))
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


class MatrixTable(Table):
    """A Table whose rating cells (see `Mark`) are drawn in batches.

    The fills, hatching, dotted frames and note marks of all rating cells are
    drawn with the table's background (so the grid lines stay on top), one
    path per colour, and all codes go into one text object after the grid.
    Per-cell style commands and per-cell drawing made a 1,000-row matrix
    several times slower: reportlab re-slices every style command whenever a
    table splits across a page, and every drawString is a text object.
    """

    body_rows = 0  # rows of evidence, for progress

    def _mark_cells(self):
        """(x, y, w, h, mark) of every rating cell, in table coordinates."""
        cols = self._colpositions
        for row, top, height in zip(
            self._cellvalues, self._rowpositions[1:], self._rowHeights, strict=False
        ):
            for j, value in enumerate(row):
                if isinstance(value, Mark):
                    yield cols[j], top, cols[j + 1] - cols[j], height, value

    def _drawBkgrnd(self):
        super()._drawBkgrnd()
        cells = list(self._mark_cells())
        c = self.canv
        c.saveState()
        fills: dict[str, object] = {}
        for x, y, w, h, mark in cells:
            if mark.fill:
                path = fills.get(mark.fill)
                if path is None:
                    path = fills[mark.fill] = c.beginPath()
                path.rect(x, y, w, h)
        for fill, path in fills.items():
            c.setFillColor(_colour(fill))
            c.drawPath(path, stroke=0, fill=1)
        blanks = c.beginPath()
        notes = c.beginPath()
        any_blank = any_note = False
        for x, y, w, h, mark in cells:
            if mark.hatched:
                # One form per cell size, placed per cell: far fewer operators
                # than drawing every hatch line of every NA cell.
                name = _hatch_form(c, w, h)
                c.saveState()
                c.translate(x, y)
                c.doForm(name)
                c.restoreState()
            if mark.blank:
                any_blank = True
                blanks.rect(x + 2.5, y + 2.5, w - 5, h - 5)
            if mark.noted:
                any_note = True
                t = min(5.0, h / 3)
                notes.moveTo(x + w - t, y + h)
                notes.lineTo(x + w, y + h)
                notes.lineTo(x + w, y + h - t)
                notes.close()
        if any_note:
            c.setFillColor(_colour(palette.NOTE_MARK))
            c.drawPath(notes, stroke=0, fill=1)
        if any_blank:
            c.setStrokeColor(_colour(palette.BLANK_BORDER))
            c.setLineWidth(0.6)
            c.setDash(0.8, 1.6)
            c.drawPath(blanks, stroke=1, fill=0)
        c.restoreState()

    def _drawCell(self, cellval, cellstyle, pos, size):
        if not isinstance(cellval, Mark):
            super()._drawCell(cellval, cellstyle, pos, size)
        # Rating codes are drawn together by draw(), above the grid.

    def draw(self):
        super().draw()
        groups: dict[tuple[str, str, float], list[tuple[float, float, str]]] = {}
        for x, y, w, h, mark in self._mark_cells():
            if not mark:
                continue
            text = str(mark)
            if mark.align == "center":
                tx = x + (w - _text_width(text, mark.font, mark.size)) / 2
            elif mark.align == "right":
                tx = x + w - PAD - _text_width(text, mark.font, mark.size)
            else:
                tx = x + PAD
            ty = y + h - PAD - mark.size * 0.8 if mark.top else y + h / 2 - mark.size * 0.36
            groups.setdefault((mark.font, mark.ink, mark.size), []).append((tx, ty, text))
        if not groups:
            return
        text_object = self.canv.beginText()
        for (font, ink, size), items in groups.items():
            text_object.setFont(font, size)
            text_object.setFillColor(_colour(ink))
            for tx, ty, text in items:
                text_object.setTextOrigin(tx, ty)
                text_object.textOut(text)
        self.canv.drawText(text_object)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, MatrixTable):
                part.body_rows = len(part._cellvalues) - HEADER_ROWS
        return parts


@dataclass
class MatrixStyles:
    head: ParagraphStyle
    title: ParagraphStyle
    tag: ParagraphStyle
    small: ParagraphStyle


def matrix_styles(base: ParagraphStyle) -> MatrixStyles:
    head = ParagraphStyle(
        "matrix-head", parent=base, fontSize=6.8, leading=8.2, alignment=TA_CENTER
    )
    title = ParagraphStyle("matrix-title", parent=base, fontSize=7.5, leading=9.2)
    tag = ParagraphStyle(
        "matrix-tag",
        parent=base,
        fontSize=6.2,
        leading=7.5,
        textColor=colors.HexColor(palette.EXCLUDED_TEXT),
    )
    small = ParagraphStyle("matrix-small", parent=base, fontSize=7, leading=9)
    return MatrixStyles(head, title, tag, small)


def legend(styles: MatrixStyles, width: float, *, unweighted: bool) -> Flowable:
    """Swatches explaining the cell codes, then the marks and the columns."""
    style: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), MAIN.bold, 7),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    entries: list[tuple[Rating | None, str]] = [(r, RATING_LABELS[r]) for r in Rating]
    entries.append((None, "blank: not yet rated"))
    per_row = len(entries) if width / len(entries) >= 95 else 4
    label_w = (width - 1) / per_row - 20.0
    rows: list[list[object]] = []
    for i, (rating, meaning) in enumerate(entries):
        if i % per_row == 0:
            rows.append([])
        col, row = 2 * (i % per_row), i // per_row
        rows[-1] += [
            Mark.for_rating(rating, noted=False, excluded=False),
            Paragraph(meaning, styles.small),
        ]
        style.append(("BOX", (col, row), (col, row), 0.4, colors.HexColor(palette.GRID)))
    rows[-1] += [""] * (2 * per_row - len(rows[-1]))
    table = MatrixTable(rows, colWidths=[20.0, label_w] * per_row, hAlign="LEFT")
    table.setStyle(style)
    measure = "inconsistency" if unweighted else "weighted inconsistency"
    note = Paragraph(
        "\u25e5 in a cell's corner: the analyst noted a reason (see Notes on ratings). "
        "Cred. / Rel.: credibility and relevance of the item; Diag.: diagnosticity "
        "(spread of its ratings across the hypotheses; 0 means it does not discriminate). "
        "<b>score-neutral</b>: the item adds the same to every score and cannot change the "
        "ranking. <b>excluded</b>: set aside by the analyst, counts nowhere. "
        f"Score row: {measure} (closer to 0 is better) and rank.",
        styles.small,
    )
    return KeepTogether([table, Spacer(1, 3), note])


def matrix_tables(
    brief: Brief,
    setter: TextSetter,
    styles: MatrixStyles,
    frame_width: float,
    heading: Callable[[str], list[Flowable]],
) -> list[Flowable]:
    """A heading and a table per band of hypotheses."""
    n = len(brief.hypotheses)
    frame_width -= 1.0  # reportlab refuses to split a table even a hair too wide
    out: list[Flowable] = []
    groups = bands(n, max_columns(frame_width))
    for group in groups:
        if len(groups) > 1:
            first, last = brief.hypotheses[group[0]], brief.hypotheses[group[-1]]
            out += heading(f"Hypotheses {first.label}\u2013{last.label} of {n}")
        out.append(_band_table(brief, setter, styles, frame_width, group))
    return out


def _band_table(
    brief: Brief,
    setter: TextSetter,
    styles: MatrixStyles,
    frame_width: float,
    group: range,
) -> MatrixTable:
    k = len(group)
    spare = frame_width - FIXED_W - PREFERRED_TITLE_W
    column_w = max(MIN_COLUMN_W, min(MAX_COLUMN_W, spare / k)) if k else MAX_COLUMN_W
    title_w = frame_width - FIXED_W - k * column_w
    first_h = 5  # index of the first hypothesis column
    grid = colors.HexColor(palette.GRID)

    measure = "inconsistency" if brief.unweighted else "weighted inconsistency"
    bold = {"font": MAIN.bold, "size": 6.8}
    head: list[object] = [
        "",
        Mark("Evidence", align="left", **bold),
        Mark("Cred.", **bold),
        Mark("Rel.", **bold),
        Mark("Diag.", **bold),
    ]
    scores: list[object] = [
        "",
        TextBlock(setter, f"Score: {measure}, rank", size=6.8, leading=8.2),
        "",
        "",
        "",
    ]
    for i in group:
        h = brief.hypotheses[i]
        head.append(
            [
                TextBlock(setter, h.label, size=6.8, leading=8.2, bold=True, align="center"),
                TextBlock(
                    setter,
                    shorten(h.title, HEADER_TITLE_LIMIT),
                    size=6.5 if column_w >= 50 else 6.0,
                    leading=7.8 if column_w >= 50 else 7.2,
                    align="center",
                ),
            ]
        )
        value = h.inconsistency if brief.unweighted else h.weighted_inconsistency
        scores.append(
            TextBlock(
                setter,
                f"{format_score(value, unweighted=brief.unweighted)}\nrank {h.rank}",
                size=6.8,
                leading=8.2,
                bold=True,
                align="center",
            )
        )

    data: list[list[object]] = [head, scores]
    accent = colors.HexColor(palette.ACCENT)
    style: list[tuple] = [
        # Marks draw themselves; this sets the height reportlab reserves for them.
        ("FONT", (0, 0), (-1, -1), MAIN.regular, CODE_FONT_SIZE, CODE_FONT_SIZE + 1),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 2), (1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (first_h, 0), (-1, 1), 1.5),
        ("RIGHTPADDING", (first_h, 0), (-1, 1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor(palette.HEADER_FILL)),
        ("LINEBELOW", (0, 1), (-1, 1), 0.8, accent),
        ("LINEBELOW", (0, 2), (-1, -1), 0.25, grid),
        ("LINEBEFORE", (first_h, 0), (-1, -1), 0.25, grid),
        ("LINEBEFORE", (first_h, 0), (first_h, -1), 0.8, accent),
    ]
    for j, i in enumerate(group, start=first_h):
        if brief.hypotheses[i].rank == 1:  # the least inconsistent: mark its column head
            style.append(("BACKGROUND", (j, 0), (j, 1), colors.HexColor(palette.LEADER_FILL)))
    for row in brief.matrix:
        ink = palette.EXCLUDED_TEXT if row.excluded else "#1a1a1a"
        title_cell: list[Flowable] = [
            TextBlock(setter, shorten(row.title, TITLE_LIMIT), size=7.5, leading=9.2, colour=ink)
        ]
        tags = [
            tag
            for tag, on in (("excluded", row.excluded), ("score-neutral", row.score_neutral))
            if on
        ]
        if tags:
            title_cell.append(
                TextBlock(
                    setter,
                    " \u00b7 ".join(tags),
                    size=6.2,
                    leading=7.5,
                    colour=palette.EXCLUDED_TEXT,
                )
            )
        diag = "\u2014" if row.diagnosticity is None else f"{row.diagnosticity:.2f}"
        cells: list[object] = [
            Mark.plain(row.label, ink=ink, align="left", top=True),
            title_cell,
            Mark.plain(LEVEL_SHORT[row.credibility], ink=ink),
            Mark.plain(LEVEL_SHORT[row.relevance], ink=ink),
            Mark.plain(diag, ink=ink, align="right"),
        ]
        for i in group:
            code = row.codes[i]
            rating = Rating(code) if code else None
            cells.append(Mark.for_rating(rating, noted=row.noted[i], excluded=row.excluded))
        data.append(cells)
    if not brief.matrix:
        data.append(["", TextBlock(setter, "No evidence yet.", size=7.5), "", "", "", *[""] * k])
    table = MatrixTable(
        data,
        colWidths=[LABEL_W, title_w, LEVEL_W, LEVEL_W, DIAG_W] + [column_w] * k,
        repeatRows=HEADER_ROWS,
        hAlign="LEFT",
    )
    table.body_rows = len(data) - HEADER_ROWS
    table.setStyle(style)
    return table
