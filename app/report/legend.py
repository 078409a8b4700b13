"""The legend under the brief's matrix: the codes' swatches, then what the marks mean."""

from __future__ import annotations

import math

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from app.domain import palette
from app.domain.lead import TIE_BREAK
from app.domain.model import RATING_LABELS, Rating
from app.report.cells import Cell, paint_cells, paint_codes, swatch
from app.report.fonts import TextSetter
from app.report.ink import Ink, InkFlowable
from app.report.matrix import DECEPTION_SIGN


class Legend(InkFlowable):
    """Swatches explaining the cell codes, in rows of ``per_row``."""

    SWATCH_W = 20.0
    ROW_H = 13.0
    LABEL_PAD = 2.0
    LABEL_SIZE = 7.0

    def __init__(self, setter: TextSetter, width: float) -> None:
        super().__init__()
        entries: list[tuple[Rating | None, str]] = [(r, RATING_LABELS[r]) for r in Rating]
        entries.append((None, "blank: not yet rated"))
        self.entries = [(swatch(r), setter.runs(meaning)) for r, meaning in entries]
        self.per_row = len(entries) if width / len(entries) >= 95 else 4
        self.step = (width - 1) / self.per_row
        self.width = self.step * self.per_row
        self.height = math.ceil(len(entries) / self.per_row) * self.ROW_H

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def paint(self, ink: Ink, x: float, y: float) -> None:
        cells: list[Cell] = []
        labels = []
        for i, (s, runs) in enumerate(self.entries):
            cx = x + (i % self.per_row) * self.step
            cy = y + self.height - (i // self.per_row + 1) * self.ROW_H
            cells.append((cx, cy, self.SWATCH_W, self.ROW_H, s))
            labels.append((cx + self.SWATCH_W + self.LABEL_PAD, cy, runs))
        paint_cells(ink, cells)
        ink.stroke(palette.GRID, 0.4)
        ink.path([f"{cx:.2f} {cy:.2f} {w:.2f} {h:.2f} re" for cx, cy, w, h, _ in cells], "S")
        paint_codes(ink, cells)
        size = self.LABEL_SIZE
        for lx, ly, runs in labels:
            ink.text(lx, ly + self.ROW_H / 2 - size * 0.36, runs, size, palette.MATRIX_TEXT)


def legend(
    setter: TextSetter, small: ParagraphStyle, width: float, *, unweighted: bool, notes: bool
) -> Flowable:
    """The legend of the codes, then what the marks and the columns mean.

    ``notes``: some rating carries a note (else the brief has no Notes on ratings,
    and the legend says there are none).
    """
    measure = "inconsistency" if unweighted else "weighted inconsistency"
    noted = (
        "\u25e5 in a cell's corner: the analyst noted a reason (see Notes on ratings). "
        if notes
        else "No rating carries a note. "
    )
    note = Paragraph(
        noted
        + f"<font color='{palette.DECEPTION_MARK}'>{DECEPTION_SIGN}</font> by an item's label: "
        "flagged as possible deception (see Evidence). "
        "Cred. / Rel.: credibility and relevance of the item; Diag.: diagnosticity "
        "(spread of its ratings across the hypotheses; 0 means it does not discriminate). "
        "<b>score-neutral</b>: the item adds the same to every score and cannot change the "
        "ranking. <b>excluded</b>: set aside by the analyst, counts nowhere. "
        f"Score row: {measure} (closer to 0 is better) and rank; <b>{TIE_BREAK}</b>: level "
        "on that score with another hypothesis, ranked by consistency, then blank cells.",
        small,
    )
    return KeepTogether([Legend(setter, width), Spacer(1, 3), note])


def matrix_note_style(base: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle("matrix-small", parent=base, fontSize=7, leading=9)
