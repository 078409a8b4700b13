"""Several analysts' ratings of one worksheet: the consensus per cell, and where they part.

Analysts rate copies of one worksheet separately (the file mailed round);
copies share the identities of hypotheses and items, so their ratings can
be merged cell by cell as ach-method.md defines ("Several analysts' copies
of one worksheet", after Open Synthesis).  The window is read-only: it
shows each cell's consensus rating in the matrix's colours with how far
apart the analysts are ("mild", "large", "extreme" written in the cell, not
only coloured), every analyst's rating in the cell's tooltip, and the cells
to talk about first.  It works on a snapshot taken when it opened.
"""

from __future__ import annotations

import copy
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.consensus import CellConsensus, merge_copies, most_disagreed
from app.domain.model import Worksheet, display_labels
from app.storage.names import shown
from app.ui.matrix.rating_style import rating_background, rating_foreground

DISCUSS_FIRST = 12
"""How many of the most disputed cells the list names."""

Copy = tuple[str, Worksheet]  # (who: "Yours", "anna.achw (Anna Ivanova)"), their worksheet


def cell_text(consensus: CellConsensus) -> str:
    """What a cell shows: the consensus code, and the spread when there is one."""
    if consensus.rating is None:
        return ""
    code = consensus.rating.value
    return code if consensus.label == "consensus" else f"{code}\n{consensus.label}"


def header_text(label: str, title: str) -> str:
    """A hypothesis column's heading: its label, then its title on up to three short lines."""
    lines = textwrap.wrap(title, 22, max_lines=3, placeholder=" …")
    return "\n".join([label, *lines])


def who_rated(copies: list[Copy], key: tuple[str, str]) -> str:
    """Every analyst's rating of one cell: "Yours C · anna.achw II · ben.achw blank"."""
    parts = []
    for who, ws in copies:
        rating = ws.rating(*key)
        parts.append(f"{who} {rating.value if rating is not None else 'blank'}")
    return " · ".join(parts)


class ConsensusWindow(QDialog):
    def __init__(self, parent: QWidget | None, copies: list[Copy]):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.copies = [(who, copy.deepcopy(ws)) for who, ws in copies]
        base = self.copies[0][1]
        self.merged = merge_copies([ws for _who, ws in self.copies])
        labels = display_labels(base)
        self.setWindowTitle(f"Analysts' ratings — {shown(base.title) or 'Untitled worksheet'}")
        self.resize(1100, 720)

        heading = QLabel(
            f"The ratings of {len(self.copies)} analysts, cell by cell: the consensus rating, "
            "and how far apart they are where they differ (mild, large, extreme). "
            "Point at a cell for everyone's rating.\nCopies: "
            + "; ".join(who for who, _ws in self.copies)
        )
        heading.setWordWrap(True)

        self.table = QTableWidget(len(base.evidence), len(base.hypotheses))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for col, h in enumerate(base.hypotheses):
            head = QTableWidgetItem(header_text(labels[h.id], h.title))
            head.setToolTip(h.title)
            self.table.setHorizontalHeaderItem(col, head)
        for row, e in enumerate(base.evidence):
            side = QTableWidgetItem(f"{labels[e.id]} {e.title}")
            side.setToolTip(e.title)
            self.table.setVerticalHeaderItem(row, side)
        self.table.verticalHeader().setMaximumWidth(360)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Every row two lines high: the code, and the spread under it where there is one.
        self.table.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 8)
        self.table.setWordWrap(True)
        self._cells: dict[tuple[str, str], tuple[int, int]] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for row, e in enumerate(base.evidence):
            for col, h in enumerate(base.hypotheses):
                key = (e.id, h.id)
                found = self.merged[key]
                item = QTableWidgetItem(cell_text(found))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if found.rating is not None:
                    item.setBackground(rating_background(found.rating))
                    item.setForeground(rating_foreground(found.rating))
                if found.label in ("large", "extreme"):
                    item.setFont(bold)
                spread = "" if found.label == "consensus" else f" ({found.disagreement:.2f})"
                item.setToolTip(f"{who_rated(self.copies, key)}\n{found.label}{spread}")
                self.table.setItem(row, col, item)
                self._cells[key] = (row, col)

        self.discuss = QListWidget()
        disputed = most_disagreed(base, self.merged, limit=DISCUSS_FIRST)
        for key, found in disputed:
            text = (
                f"{labels[key[0]]} × {labels[key[1]]} — {found.label}: "
                f"{who_rated(self.copies, key)}"
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, key)
            self.discuss.addItem(entry)
        if not disputed:
            self.discuss.addItem("The analysts agree on every cell.")
        self.discuss.currentItemChanged.connect(self._show_cell)
        discuss_label = QLabel("<b>Talk about these first</b> (widest spread first):")

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(discuss_label)
        lower_layout.addWidget(self.discuss)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

    def _show_cell(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        key = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        if key is not None:
            row, col = self._cells[tuple(key)]
            self.table.setCurrentCell(row, col)
            item = self.table.item(row, col)  # set with its _cells entry; Qt may say None
            if item is not None:
                self.table.scrollToItem(item)
