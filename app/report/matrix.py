"""The matrix of the brief: hypotheses across, evidence down, every cell coloured and coded.

Many hypotheses do not fit across one page, so they are split into bands
of at most `max_columns` hypotheses; each band repeats the evidence titles
down the side and its two header rows (the hypotheses and their scores) on
every page it runs over.  Evidence titles in the matrix are shortened and
hypothesis titles wrap to at most HEADER_TITLE_LINES lines (the full text is
in the hypotheses and evidence sections), so that no row can grow taller
than a page.

A band is one `MatrixBand` flowable that lays out its rows once and draws
them straight into the page (see `ink`), not a reportlab Table: a Table of
a thousand rows with per-cell styles cost more than the rest of the brief
together.  It splits between rows, and every part draws the header again.
How a rating cell looks and is painted is in :mod:`~app.report.cells`; the
legend under the matrix in :mod:`~app.report.legend`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable

from app.domain import palette
from app.domain.lead import TIE_BREAK, tie_broken
from app.domain.model import Rating
from app.domain.text import shorten
from app.report.brief import Brief, MatrixRow, format_score
from app.report.cells import Cell, Swatch, paint_cells, paint_codes, swatch
from app.report.fonts import MAIN, TextSetter
from app.report.ink import Ink, InkFlowable, Runs, runs_width
from app.report.textblock import break_lines

# Widths in points of the fixed columns: label, credibility, relevance, diagnosticity.
LABEL_W = 24.0
LEVEL_W = 30.0
DIAG_W = 30.0
FIXED_W = LABEL_W + 2 * LEVEL_W + DIAG_W
MIN_TITLE_W = 150.0
PREFERRED_TITLE_W = 220.0  # hypothesis columns give way to this before shrinking
MIN_COLUMN_W = 42.0
MAX_COLUMN_W = 58.0
FIRST_H = 5  # index of the first hypothesis column

TITLE_LIMIT = 160  # characters of an evidence title shown in the matrix
MIN_HEADER_TITLE_SIZE = 5.0  # a long word makes a band's titles smaller, down to this
HEADER_TITLE_LINES = 8  # lines of a hypothesis title in a column head; an ellipsis beyond
DECEPTION_SIGN = "\u26a0"  # by the label of an item flagged "possible deception"

LEVEL_SHORT = {"low": "low", "medium": "med", "high": "high"}

# Type sizes and leadings.
PLAIN_SIZE = 7.0  # label, credibility, relevance, diagnosticity
TITLE_SIZE, TITLE_LEADING = 7.5, 9.2
TAG_SIZE, TAG_LEADING = 6.2, 7.5
HEAD_SIZE, HEAD_LEADING = 6.8, 8.2

PAD_X = 3.0  # left and right padding of a cell
PAD_HEAD_X = 1.5  # ... of a hypothesis's column head
PAD_Y = 2.5  # top and bottom padding
MIN_ROW_H = 14.0  # a row of one-line cells

HAIRLINE = 0.25
RULE = 0.8


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


def _diagnosticity_text(row: MatrixRow) -> str:
    """A dash for an excluded item (it counts nowhere), nothing for one not rated yet
    (as in the window: 0.00 would read as "rated, and of no diagnostic value")."""
    if row.excluded:
        return "\u2014"
    return "" if row.diagnosticity is None else f"{row.diagnosticity:.2f}"


# -- a band of hypotheses ----------------------------------------------------------

# A line of text placed in a row: x and baseline from the row's bottom left corner.
Placed = tuple[float, float, Runs, float, str]


@dataclass
class _Row:
    height: float
    texts: list[Placed]
    swatches: list[Swatch]  # one per hypothesis column of the band


@dataclass
class _Header:
    height: float
    row0: float  # height of the first header row (the hypotheses)
    texts: list[Placed]  # from the header's bottom left corner
    leader_columns: list[int]  # columns (of the band) of the least inconsistent hypotheses


def _centre(top: float, height: float, block_h: float) -> float:
    """The top of a block of ``block_h`` centred in a cell from ``top`` down ``height``."""
    return top - (height - block_h) / 2


def _lines_at(
    lines: list[Runs],
    left: float,
    width: float,
    top: float,
    size: float,
    leading: float,
    colour: str,
    *,
    align: str = "left",
) -> list[Placed]:
    """Lines set from ``top`` down, as TextBlock sets them."""
    out: list[Placed] = []
    baseline = top - leading + size * 0.22
    for runs in lines:
        if runs:
            x = left
            if align == "center":
                x += (width - runs_width(runs, size)) / 2
            out.append((x, baseline, runs, size, colour))
        baseline -= leading
    return out


def _one_line(
    runs: Runs, left: float, width: float, h: float, size: float, colour: str, align: str
) -> Placed:
    """A single line centred vertically in a cell of height ``h``."""
    if align == "center":
        x = left + (width - runs_width(runs, size)) / 2
    elif align == "right":
        x = left + width - PAD_X - runs_width(runs, size)
    else:
        x = left + PAD_X
    return (x, h / 2 - size * 0.36, runs, size, colour)


class MatrixBand(InkFlowable):
    """One band of hypotheses: two header rows, then a row per evidence item.

    Rows are laid out when the band is made (their widths are fixed);
    `split` cuts between rows and each part draws the header again.
    """

    def __init__(
        self, columns: list[float], header: _Header, rows: list[_Row], *, empty: bool = False
    ) -> None:
        super().__init__()
        self.columns = columns  # left edge of every column, and the right edge of the last
        self.header = header
        self.rows = rows
        self.empty = empty  # the one row says there is no evidence
        self.width = columns[-1] - columns[0]
        self.height = header.height + sum(r.height for r in rows)

    @property
    def body_rows(self) -> int:
        """Rows of evidence in this part, for progress."""
        return 0 if self.empty else len(self.rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self.header.height
        fit = 0
        for row in self.rows:
            room -= row.height
            if room < -1e-6:
                break
            fit += 1
        if fit == 0 or fit == len(self.rows):
            return []
        return [
            MatrixBand(self.columns, self.header, self.rows[:fit]),
            MatrixBand(self.columns, self.header, self.rows[fit:]),
        ]

    def paint(self, ink: Ink, x: float, y: float) -> None:
        cols = [x + c - self.columns[0] for c in self.columns]
        left, right = cols[0], cols[-1]
        top = y + self.height
        head = self.header
        head_bottom = top - head.height

        # Backgrounds: the header, and the column heads of the leader.
        ink.rects([(left, head_bottom, right - left, head.height)], fill=palette.HEADER_FILL)
        ink.rects(
            [
                (cols[j], head_bottom, cols[j + 1] - cols[j], head.height)
                for j in head.leader_columns
            ],
            fill=palette.LEADER_FILL,
        )

        # Rating cells, row by row from the top.
        cells: list[Cell] = []
        bottoms: list[float] = []
        hyp_cols = [(cols[j], cols[j + 1] - cols[j]) for j in range(FIRST_H, len(cols) - 1)]
        row_top = head_bottom
        for row in self.rows:
            row_bottom = row_top - row.height
            bottoms.append(row_bottom)
            for (cx, cw), s in zip(hyp_cols, row.swatches, strict=False):
                cells.append((cx, row_bottom, cw, row.height, s))
            row_top = row_bottom
        paint_cells(ink, cells)

        # The grid: hairlines under every row and between the hypotheses, then the rules.
        bottom = bottoms[-1] if bottoms else head_bottom
        ink.stroke(palette.GRID, HAIRLINE)
        ink.lines(
            [(left, b, right, b) for b in bottoms]
            + [(cx, top, cx, bottom) for cx, _ in hyp_cols[1:]]
        )
        ink.stroke(palette.ACCENT, RULE)
        rules = [(left, head_bottom, right, head_bottom)]
        if hyp_cols:
            rules.append((hyp_cols[0][0], top, hyp_cols[0][0], bottom))
        ink.lines(rules)

        # Text, above the grid: the header, then each row's text and codes, so that
        # text copied from the matrix (or read aloud) comes row by row.
        for tx, ty, runs, size, colour in head.texts:
            ink.text(left + tx, head_bottom + ty, runs, size, colour)
        k = len(hyp_cols)
        for i, (row, row_bottom) in enumerate(zip(self.rows, bottoms, strict=True)):
            for tx, ty, runs, size, colour in row.texts:
                ink.text(left + tx, row_bottom + ty, runs, size, colour)
            paint_codes(ink, cells[i * k : (i + 1) * k])


def matrix_tables(
    brief: Brief,
    setter: TextSetter,
    frame_width: float,
    heading: Callable[[str], list[Flowable]],
) -> list[Flowable]:
    """A heading and a band per group of hypotheses that fits across the page."""
    n = len(brief.hypotheses)
    frame_width -= 1.0  # a hair narrower than the frame
    out: list[Flowable] = []
    groups = bands(n, max_columns(frame_width))
    for group in groups:
        if len(groups) > 1:
            first, last = brief.hypotheses[group[0]], brief.hypotheses[group[-1]]
            out += heading(f"Hypotheses {first.label}\u2013{last.label} of {n}")
        out.append(band(brief, setter, frame_width, group))
    return out


def _columns(frame_width: float, k: int) -> list[float]:
    spare = frame_width - FIXED_W - PREFERRED_TITLE_W
    column_w = max(MIN_COLUMN_W, min(MAX_COLUMN_W, spare / k)) if k else MAX_COLUMN_W
    title_w = frame_width - FIXED_W - k * column_w
    widths = [LABEL_W, title_w, LEVEL_W, LEVEL_W, DIAG_W] + [column_w] * k
    edges = [0.0]
    for w in widths:
        edges.append(edges[-1] + w)
    return edges


def header_title_size(setter: TextSetter, titles: list[str], width: float, size: float) -> float:
    """The type size for a band's hypothesis titles: ``size``, or smaller so every word fits.

    One size for the whole band, so the heads look alike; never below
    MIN_HEADER_TITLE_SIZE, where a word still too long is split after all.
    """
    widest = max((_width(setter, w, 1.0) for t in titles for w in t.split()), default=0.0)
    while size > MIN_HEADER_TITLE_SIZE and widest * size > width:
        size = round(size - 0.25, 2)
    return size


def header_title(setter: TextSetter, title: str, width: float, size: float) -> list[Runs]:
    """A hypothesis title in its column head: whole words per line, at most HEADER_TITLE_LINES.

    A word is split only when it is wider than the column: first after a
    hyphen or slash of its own ("Sanctions-" / "Driven"), else between
    characters.  Past the last line the title ends in an ellipsis that fits.
    """
    words = []
    for word in title.split():
        if _width(setter, word, size) > width:
            words += _at_own_breaks(setter, word, width, size)
        else:
            words.append(word)
    lines = break_lines(setter, " ".join(words), width, size)
    if len(lines) <= HEADER_TITLE_LINES:
        return lines
    last = "".join(text for _, text in lines[HEADER_TITLE_LINES - 1]).split(" ")
    while len(last) > 1 and _width(setter, " ".join(last) + "\u2026", size) > width:
        last.pop()
    cut = " ".join(last).rstrip(" ,;:.-/")
    return [*lines[: HEADER_TITLE_LINES - 1], setter.runs(cut + "\u2026")]


def _width(setter: TextSetter, text: str, size: float) -> float:
    return runs_width(setter.runs(text), size)


def _at_own_breaks(setter: TextSetter, word: str, width: float, size: float) -> list[str]:
    """``word`` cut after its hyphens and slashes into pieces that fit, where it has them."""
    pieces = re.findall(r"[^-/]+[-/]*|[-/]+", word)
    out: list[str] = []
    for piece in pieces:
        if out and _width(setter, out[-1] + piece, size) <= width:
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _header(brief: Brief, setter: TextSetter, cols: list[float], group: range) -> _Header:
    column_w = cols[FIRST_H + 1] - cols[FIRST_H] if len(group) else MAX_COLUMN_W
    inner = column_w - 2 * PAD_HEAD_X
    title_size = header_title_size(
        setter, [brief.hypotheses[i].title for i in group], inner, 6.5 if column_w >= 50 else 6.0
    )
    title_leading = title_size * 1.2
    heads = []
    for i in group:
        h = brief.hypotheses[i]
        label = break_lines(setter, h.label, inner, HEAD_SIZE, bold=True)
        title = header_title(setter, h.title, inner, title_size)
        heads.append((label, title, len(label) * HEAD_LEADING + len(title) * title_leading))
    row0 = max([MIN_ROW_H] + [2 * PAD_Y + block_h for _, _, block_h in heads])

    measure = "inconsistency" if brief.unweighted else "weighted inconsistency"
    title_w = cols[2] - cols[1]
    score_label = break_lines(setter, f"Score: {measure}, rank", title_w - 2 * PAD_X, HEAD_SIZE)
    scores = []
    broken = tie_broken(brief.hypotheses, unweighted=brief.unweighted)
    for i in group:
        h = brief.hypotheses[i]
        value = h.inconsistency if brief.unweighted else h.weighted_inconsistency
        text = f"{format_score(value, unweighted=brief.unweighted)}\nrank {h.rank}"
        if h in broken:  # level on the score shown: the rank is the tie-break's
            text += f"\n{TIE_BREAK}"
        scores.append(break_lines(setter, text, inner, HEAD_SIZE, bold=True))
    row1 = max(
        [MIN_ROW_H, 2 * PAD_Y + len(score_label) * HEAD_LEADING]
        + [2 * PAD_Y + len(lines) * HEAD_LEADING for lines in scores]
    )

    height = row0 + row1
    texts: list[Placed] = []
    # First row, from the header's bottom: it starts at row1.
    bold = MAIN.bold
    for j, word, align in (
        (1, "Evidence", "left"),
        (2, "Cred.", "center"),
        (3, "Rel.", "center"),
        (4, "Diag.", "center"),
    ):
        x, y, runs, size, colour = _one_line(
            ((bold, word),),
            cols[j],
            cols[j + 1] - cols[j],
            row0,
            HEAD_SIZE,
            palette.MATRIX_TEXT,
            align,
        )
        texts.append((x, y + row1, runs, size, colour))
    for j, (label, title, block_h) in enumerate(heads, start=FIRST_H):
        top = _centre(height, row0, block_h)
        texts += _lines_at(
            label,
            cols[j] + PAD_HEAD_X,
            inner,
            top,
            HEAD_SIZE,
            HEAD_LEADING,
            palette.MATRIX_TEXT,
            align="center",
        )
        top -= len(label) * HEAD_LEADING
        texts += _lines_at(
            title,
            cols[j] + PAD_HEAD_X,
            inner,
            top,
            title_size,
            title_leading,
            palette.MATRIX_TEXT,
            align="center",
        )
    # Second row: the scores.
    top = _centre(row1, row1, len(score_label) * HEAD_LEADING)
    texts += _lines_at(
        score_label, cols[1] + PAD_X, title_w, top, HEAD_SIZE, HEAD_LEADING, palette.MATRIX_TEXT
    )
    for j, lines in enumerate(scores, start=FIRST_H):
        top = _centre(row1, row1, len(lines) * HEAD_LEADING)
        texts += _lines_at(
            lines,
            cols[j] + PAD_HEAD_X,
            inner,
            top,
            HEAD_SIZE,
            HEAD_LEADING,
            palette.MATRIX_TEXT,
            align="center",
        )
    leaders = [j for j, i in enumerate(group, start=FIRST_H) if brief.hypotheses[i].rank == 1]
    return _Header(height, row0, texts, leaders)


def _row(row: MatrixRow, setter: TextSetter, cols: list[float], group: range) -> _Row:
    ink = palette.EXCLUDED_TEXT if row.excluded else palette.MATRIX_TEXT
    title_w = cols[2] - cols[1]
    title = break_lines(setter, shorten(row.title, TITLE_LIMIT), title_w - 2 * PAD_X, TITLE_SIZE)
    tags = [
        tag for tag, on in (("excluded", row.excluded), ("score-neutral", row.score_neutral)) if on
    ]
    tag_lines = (
        break_lines(setter, " \u00b7 ".join(tags), title_w - 2 * PAD_X, TAG_SIZE) if tags else []
    )
    block_h = len(title) * TITLE_LEADING + len(tag_lines) * TAG_LEADING
    h = max(MIN_ROW_H, 2 * PAD_Y + block_h)

    # In reading order: label, title, tags, levels, diagnosticity (the codes follow).
    top = h - PAD_Y
    first_baseline = top - TITLE_LEADING + TITLE_SIZE * 0.22  # the label sits on it too
    label = setter.runs(row.label)
    texts: list[Placed] = [(cols[0] + PAD_X, first_baseline, label, PLAIN_SIZE, ink)]
    if row.deception:  # right after the label, as the legend says
        x = cols[0] + PAD_X + runs_width(label, PLAIN_SIZE) + 1.5
        sign = setter.runs(DECEPTION_SIGN, bold=True)
        texts.append((x, first_baseline, sign, PLAIN_SIZE, palette.DECEPTION_MARK))
    texts += _lines_at(title, cols[1] + PAD_X, title_w, top, TITLE_SIZE, TITLE_LEADING, ink)
    texts += _lines_at(
        tag_lines,
        cols[1] + PAD_X,
        title_w,
        top - len(title) * TITLE_LEADING,
        TAG_SIZE,
        TAG_LEADING,
        palette.EXCLUDED_TEXT,
    )
    diag = _diagnosticity_text(row)
    for j, text, align in (
        (2, LEVEL_SHORT[row.credibility], "center"),
        (3, LEVEL_SHORT[row.relevance], "center"),
        (4, diag, "right"),
    ):
        runs = setter.runs(text)
        texts.append(_one_line(runs, cols[j], cols[j + 1] - cols[j], h, PLAIN_SIZE, ink, align))
    swatches = []
    for i in group:
        code = row.codes[i]
        rating = Rating(code) if code else None
        swatches.append(swatch(rating, noted=row.noted[i], excluded=row.excluded))
    return _Row(h, texts, swatches)


def band(brief: Brief, setter: TextSetter, frame_width: float, group: range) -> MatrixBand:
    """The matrix for the hypotheses in ``group``, every evidence item a row."""
    cols = _columns(frame_width, len(group))
    header = _header(brief, setter, cols, group)
    rows = [_row(row, setter, cols, group) for row in brief.matrix]
    if rows:
        return MatrixBand(cols, header, rows)
    title_w = cols[2] - cols[1]
    lines = break_lines(setter, "No evidence yet.", title_w - 2 * PAD_X, TITLE_SIZE)
    texts = _lines_at(
        lines,
        cols[1] + PAD_X,
        title_w,
        MIN_ROW_H - PAD_Y,
        TITLE_SIZE,
        TITLE_LEADING,
        palette.MATRIX_TEXT,
    )
    return MatrixBand(cols, header, [_Row(MIN_ROW_H, texts, [])], empty=True)
