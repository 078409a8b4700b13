"""The matrix's table model: evidence rows x hypothesis columns (the score row: score_row.py).

Both models (this one and the score row's) keep their own list of the rows
and columns they have announced to views and follow the document's
fine-grained signals with begin/end insert/remove/move calls: an edit never
resets a model, and the cost of one rating is a handful of ``dataChanged``
signals whatever the size of the worksheet.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.domain.model import FLAGS, Evidence, Hypothesis
from app.ui.document.document import Document
from app.ui.matrix.rating_style import (
    deception_icon,
    rating_background,
    rating_foreground,
    rating_tooltip,
)
from app.ui.matrix.score_text import format_number

COL_TITLE = 0
COL_CREDIBILITY = 1
COL_RELEVANCE = 2
COL_DIAGNOSTICITY = 3
FIRST_HYPOTHESIS = 4

LEADING_HEADERS = {
    COL_TITLE: ("Evidence", "The evidence item (excluded items are struck out)"),
    COL_CREDIBILITY: ("Cred.", "Credibility of the item: low, medium or high"),
    COL_RELEVANCE: ("Rel.", "Relevance of the item: low, medium or high"),
    COL_DIAGNOSTICITY: (
        "Diag.",
        "Diagnosticity: spread of the ratings across hypotheses (0 = no diagnostic value).\n"
        "≡ marks a score-neutral item: it adds the same to every score.",
    ),
}

SORT_TIP = (
    "Click to sort by this column; click again to reverse,"
    " a third time for the worksheet's own order."
)

RATING_SORT_TIP = "By rating: most inconsistent (II) first, blank cells last."

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HYPOTHESIS_ID_ROLE = Qt.ItemDataRole.UserRole + 2
RATING_ROLE = Qt.ItemDataRole.UserRole + 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 4
EXCLUDED_ROLE = Qt.ItemDataRole.UserRole + 5

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
SCORE_NEUTRAL_MARK = "≡"
NO_VALUE = "\N{EM DASH}"  # a measure an excluded item does not have
DECEPTION_FLAG = "possible-deception"
DECEPTION_TIP = (
    "Possible deception: this item may have been planted to mislead."
    " Ask which hypothesis a deceiver would want you to believe."
)
NOT_RATED_TIP = "Not rated yet: an item has a diagnosticity once it is rated."

# The direction of a column's first header click: most credible, relevant,
# diagnostic and (for a hypothesis) most inconsistent first; titles A to Z.
_FIRST_CLICK_ASCENDING = frozenset({COL_TITLE})


def natural_sort_order(column: int) -> Qt.SortOrder:
    if column in _FIRST_CLICK_ASCENDING:
        return Qt.SortOrder.AscendingOrder
    return Qt.SortOrder.DescendingOrder


def _muted() -> QColor:
    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def wrap_header(title: str, width: int = 17, lines: int = 3) -> str:
    """A hypothesis title on up to three short lines (headers do not wrap by themselves)."""
    wrapped = textwrap.wrap(title, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


class FollowsDocument(QAbstractTableModel):
    """Shared bookkeeping: the hypotheses announced as columns."""

    def __init__(self, document: Document):
        super().__init__(document)
        self.document = document
        self._cols: list[Hypothesis] = list(document.worksheet.hypotheses)
        self._col_of: dict[str, int] | None = None
        document.hypothesis_inserted.connect(self._on_hypothesis_inserted)
        document.hypothesis_removed.connect(self._on_hypothesis_removed)
        document.hypothesis_moved.connect(self._on_hypothesis_moved)
        document.hypothesis_changed.connect(self._on_hypothesis_changed)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else FIRST_HYPOTHESIS + len(self._cols)

    def hypothesis_at(self, column: int) -> Hypothesis | None:
        i = column - FIRST_HYPOTHESIS
        return self._cols[i] if 0 <= i < len(self._cols) else None

    def column_of(self, hypothesis_id: str) -> int:
        if self._col_of is None:
            self._col_of = {h.id: i for i, h in enumerate(self._cols)}
        return FIRST_HYPOTHESIS + self._col_of[hypothesis_id]

    def _on_hypothesis_inserted(self, index: int, count: int) -> None:
        col = FIRST_HYPOTHESIS + index
        self.beginInsertColumns(NO_PARENT, col, col + count - 1)
        self._cols[index:index] = self.document.worksheet.hypotheses[index : index + count]
        self._col_of = None
        self.endInsertColumns()

    def _on_hypothesis_removed(self, index: int, count: int) -> None:
        col = FIRST_HYPOTHESIS + index
        self.beginRemoveColumns(NO_PARENT, col, col + count - 1)
        del self._cols[index : index + count]
        self._col_of = None
        self.endRemoveColumns()

    def _on_hypothesis_moved(self, start: int, to: int) -> None:
        src = FIRST_HYPOTHESIS + start
        dest = FIRST_HYPOTHESIS + (to + 1 if to > start else to)
        self.beginMoveColumns(NO_PARENT, src, src, NO_PARENT, dest)
        self._cols.insert(to, self._cols.pop(start))
        self._col_of = None
        self.endMoveColumns()

    def _on_hypothesis_changed(self, hypothesis_id: str) -> None:
        col = self.column_of(hypothesis_id)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, col, col)

    def _hypothesis_header(self, column: int, role: int) -> Any:
        h = self.hypothesis_at(column)
        if h is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return wrap_header(h.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{h.title}\n\n{h.description}" if h.description else h.title
        if role == HYPOTHESIS_ID_ROLE:
            return h.id
        return None


class MatrixModel(FollowsDocument):
    """Evidence down the side, hypotheses across the top, leading item measures."""

    def __init__(self, document: Document):
        super().__init__(document)
        self._rows: list[Evidence] = list(document.worksheet.evidence)
        self._row_of: dict[str, int] | None = None
        document.cell_changed.connect(self._on_cell_changed)
        document.item_changed.connect(self._on_item_changed)
        document.item_inserted.connect(self._on_item_inserted)
        document.item_removed.connect(self._on_item_removed)
        document.item_moved.connect(self._on_item_moved)

    # -- lookup ------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def evidence_at(self, row: int) -> Evidence | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, evidence_id: str) -> int:
        if self._row_of is None:
            self._row_of = {e.id: i for i, e in enumerate(self._rows)}
        return self._row_of[evidence_id]

    def cell_index(self, evidence_id: str, hypothesis_id: str) -> QModelIndex:
        return self.index(self.row_of(evidence_id), self.column_of(hypothesis_id))

    def is_rated(self, item: Evidence) -> bool:
        """Whether any cell of the item has a rating (NA included)."""
        ws = self.document.worksheet
        return any(ws.rating(item.id, h.id) is not None for h in ws.hypotheses)

    # -- data --------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == EVIDENCE_ID_ROLE:
            return item.id
        if role == EXCLUDED_ROLE:
            return item.excluded
        if col >= FIRST_HYPOTHESIS:
            return self._cell_data(item, col, role)
        if role == Qt.ItemDataRole.ForegroundRole and item.excluded:
            return _muted()
        if role == Qt.ItemDataRole.FontRole and item.excluded:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if col == COL_TITLE:
            return self._title_data(item, role)
        if col in (COL_CREDIBILITY, COL_RELEVANCE):
            level = item.credibility if col == COL_CREDIBILITY else item.relevance
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return level.value
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if col == COL_DIAGNOSTICITY:
            return self._diagnosticity_data(item, role)
        return None

    def _title_data(self, item: Evidence, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.title
        if role == Qt.ItemDataRole.DecorationRole and DECEPTION_FLAG in item.flags:
            return deception_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.title]
            if DECEPTION_FLAG in item.flags:
                lines.append(f"\N{WARNING SIGN} {DECEPTION_TIP}")
            facts = [x for x in (item.date, item.type, item.source) if x]
            if facts:
                lines.append(" · ".join(facts))
            if item.flags:
                lines.append("Flags: " + ", ".join(FLAGS.get(f, f) for f in sorted(item.flags)))
            if item.description:
                lines.append("")
                lines.append(item.description)
            if item.excluded:
                lines.append("\nExcluded: set aside, counts in no score.")
            return "\n".join(lines)
        return None

    def _diagnosticity_data(self, item: Evidence, role: int) -> Any:
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if item.excluded:  # counts nowhere: no diagnosticity, no score-neutral mark
            if role == Qt.ItemDataRole.DisplayRole:
                return NO_VALUE
            return "Excluded: set aside, it counts in no score and has no diagnosticity."
        if not self.is_rated(item):  # 0.00 would read as "rated, and of no diagnostic value"
            return "" if role == Qt.ItemDataRole.DisplayRole else NOT_RATED_TIP
        m = self.document.measure(item.id)
        if role == Qt.ItemDataRole.DisplayRole:
            text = format_number(m.diagnosticity)
            return f"{SCORE_NEUTRAL_MARK} {text}" if m.score_neutral else text
        tip = f"Diagnosticity {m.diagnosticity:.3f}"
        if m.score_neutral:
            tip += (
                "\n≡ Score-neutral: this item adds the same inconsistency to every"
                " hypothesis, so it cannot change the ranking.\nConsider whether it"
                " belongs in the analysis (Heuer, step 4)."
            )
        return tip

    def _cell_data(self, item: Evidence, col: int, role: int) -> Any:
        h = self.hypothesis_at(col)
        if h is None:
            return None
        if role == HYPOTHESIS_ID_ROLE:
            return h.id
        cell = self.document.worksheet.cell(item.id, h.id)
        rating = cell.rating
        if role == Qt.ItemDataRole.DisplayRole:
            return rating.value if rating is not None else ""
        if role == RATING_ROLE:  # the code as str: Qt hands StrEnums back as str
            return rating.value if rating is not None else None
        if role == NOTE_ROLE:
            return cell.note
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            return rating_background(rating) if rating is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return rating_foreground(rating) if rating is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{item.title}\nagainst {h.title}\n\n{rating_tooltip(rating)}"
            if cell.note:
                tip += f"\n\nNote: {cell.note}"
            return tip
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return natural_sort_order(section).value  # Qt reads it as an int
        if section in LEADING_HEADERS:
            text, tip = LEADING_HEADERS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{tip}\n\n{SORT_TIP}"
            return None
        if role == Qt.ItemDataRole.ToolTipRole and self.hypothesis_at(section) is not None:
            return f"{self._hypothesis_header(section, role)}\n\n{SORT_TIP} {RATING_SORT_TIP}"
        return self._hypothesis_header(section, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_TITLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        item = self.evidence_at(index.row())
        if item is None or index.column() != COL_TITLE:
            return False
        title = str(value).strip()
        if title and title != item.title:
            self.document.set_item_fields(item.id, title=title)
        return True

    # -- following the document -------------------------------------------------

    def _on_cell_changed(self, evidence_id: str, hypothesis_id: str) -> None:
        idx = self.cell_index(evidence_id, hypothesis_id)
        self.dataChanged.emit(idx, idx)

    def _on_item_changed(self, evidence_id: str) -> None:
        row = self.row_of(evidence_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _on_item_inserted(self, index: int, count: int) -> None:
        self.beginInsertRows(NO_PARENT, index, index + count - 1)
        self._rows[index:index] = self.document.worksheet.evidence[index : index + count]
        self._row_of = None
        self.endInsertRows()

    def _on_item_removed(self, index: int, count: int) -> None:
        self.beginRemoveRows(NO_PARENT, index, index + count - 1)
        del self._rows[index : index + count]
        self._row_of = None
        self.endRemoveRows()

    def _on_item_moved(self, start: int, to: int) -> None:
        dest = to + 1 if to > start else to
        self.beginMoveRows(NO_PARENT, start, start, NO_PARENT, dest)
        self._rows.insert(to, self._rows.pop(start))
        self._row_of = None
        self.endMoveRows()
