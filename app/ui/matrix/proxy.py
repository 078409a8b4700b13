"""Sorting and filtering of the evidence rows (the hypothesis columns pass through).

The proxy is not dynamic: a rating that changes an item's diagnosticity
does not make its row jump away under the analyst's cursor.  The order and
the filter are applied when the analyst chooses them (and again by
``refresh``).

The proxy holds the one sort the window shows: the Sort box above the
matrix and the headers' sort indicators both follow ``sort_changed``.  A
header click arrives as Qt's ``sort(column, order)``; the order of each
column's first click is the model's ``InitialSortOrderRole`` (most
diagnostic, most credible, most inconsistent first).  Items without a value
(blank cells, unrated or excluded items, undated items) stay last in both
directions.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from app.domain.model import Evidence, Level, Rating
from app.ui.matrix.model import (
    COL_CREDIBILITY,
    COL_DIAGNOSTICITY,
    COL_RELEVANCE,
    COL_TITLE,
    FIRST_HYPOTHESIS,
    MatrixModel,
    natural_sort_order,
)

_LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
# Most inconsistent first (Heuer: the evidence against a hypothesis is what counts).
_RATING_ORDER = {Rating.II: 0, Rating.I: 1, Rating.N: 2, Rating.C: 3, Rating.CC: 4}

# A row's sort key: (has no value, value, own position).  The value is a number or a
# text, depending on the column; each fills its own place, so keys always compare.
SortValue = tuple[float, str]
RowKey = tuple[bool, SortValue, int]


class SortKey(Enum):
    OWN_ORDER = "Own order"
    DIAGNOSTICITY = "Diagnosticity (most diagnostic first)"
    DATE = "Date (oldest first)"
    CREDIBILITY = "Credibility (highest first)"
    TYPE = "Type"
    TITLE = "Title (A to Z)"
    RELEVANCE = "Relevance (highest first)"
    RATING = "Rating (most inconsistent first)"


# The choices of the Sort box; the others come from a header click.
MENU_KEYS = (
    SortKey.OWN_ORDER,
    SortKey.DIAGNOSTICITY,
    SortKey.DATE,
    SortKey.CREDIBILITY,
    SortKey.TYPE,
)
_REVERSED = {
    SortKey.DIAGNOSTICITY: "Diagnosticity (least diagnostic first)",
    SortKey.DATE: "Date (newest first)",
    SortKey.CREDIBILITY: "Credibility (lowest first)",
    SortKey.TYPE: "Type (Z to A)",
    SortKey.TITLE: "Title (Z to A)",
    SortKey.RELEVANCE: "Relevance (lowest first)",
    SortKey.RATING: "Rating (most consistent first)",
}
_COLUMN_KEYS = {
    COL_TITLE: SortKey.TITLE,
    COL_CREDIBILITY: SortKey.CREDIBILITY,
    COL_RELEVANCE: SortKey.RELEVANCE,
    COL_DIAGNOSTICITY: SortKey.DIAGNOSTICITY,
}
_KEY_COLUMNS = {key: col for col, key in _COLUMN_KEYS.items()}


class EvidenceProxy(QSortFilterProxyModel):
    sort_changed = Signal()
    # A move shows in the worksheet's own order only: the sort that was shown, described.
    sort_dropped = Signal(str)

    def __init__(self, source: MatrixModel):
        super().__init__(source)
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self._matrix = source
        self._sort_key = SortKey.OWN_ORDER
        self._reverse = False
        self._hypothesis_id: str | None = None  # of a RATING sort
        self._text = ""
        self._type: str | None = None
        self._flag: str | None = None
        # Sort keys by source row, computed once per sort (a comparison must not
        # recompute a measure); forgotten whenever rows come, go or move.
        self._keys: dict[int, RowKey] = {}
        for signal in (source.rowsInserted, source.rowsRemoved, source.rowsMoved):
            signal.connect(lambda *_: self._keys.clear())
        source.rowsMoved.connect(self._on_rows_moved)
        source.columnsRemoved.connect(self._on_columns_removed)
        for signal in (source.columnsInserted, source.columnsMoved, source.headerDataChanged):
            signal.connect(lambda *_: self.sort_changed.emit())  # the indicator's column moved

    # -- the sort ------------------------------------------------------------------

    @property
    def sort_key(self) -> SortKey:
        return self._sort_key

    @property
    def reverse(self) -> bool:
        return self._reverse

    @property
    def sort_hypothesis_id(self) -> str | None:
        return self._hypothesis_id if self._sort_key is SortKey.RATING else None

    def set_sort_key(
        self, key: SortKey, *, reverse: bool = False, hypothesis_id: str | None = None
    ) -> None:
        if key is SortKey.RATING and hypothesis_id is None:
            raise ValueError("a rating sort needs its hypothesis")
        self._sort_key = key
        self._reverse = reverse and key is not SortKey.OWN_ORDER
        self._hypothesis_id = hypothesis_id if key is SortKey.RATING else None
        self.refresh()
        self.sort_changed.emit()

    def describe(self) -> str:
        """The sort shown, in the words of the Sort box."""
        key = self._sort_key
        text = _REVERSED[key] if self._reverse else key.value
        if key is SortKey.RATING:
            hypothesis = self._matrix.document.hypothesis(self._hypothesis_id or "")
            text = text.replace("Rating", f"Rating against “{hypothesis.title}”", 1)
        return text

    def sort_column(self) -> int:
        """The column whose header shows the sort indicator, or -1 (none does)."""
        if self._sort_key is SortKey.RATING and self._hypothesis_id is not None:
            return self._matrix.column_of(self._hypothesis_id)
        return _KEY_COLUMNS.get(self._sort_key, -1)

    def indicator_order(self) -> Qt.SortOrder:
        column = self.sort_column()
        natural = natural_sort_order(column)
        if not self._reverse:
            return natural
        ascending = natural is Qt.SortOrder.AscendingOrder
        return Qt.SortOrder.DescendingOrder if ascending else Qt.SortOrder.AscendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click (Qt's entry point): that column's sort, or -1 for the own order."""
        if column < 0:
            self.set_sort_key(SortKey.OWN_ORDER)
            return
        reverse = order != natural_sort_order(column)
        if column >= FIRST_HYPOTHESIS:
            h = self._matrix.hypothesis_at(column)
            if h is not None:
                self.set_sort_key(SortKey.RATING, reverse=reverse, hypothesis_id=h.id)
            return
        self.set_sort_key(_COLUMN_KEYS[column], reverse=reverse)

    def refresh(self) -> None:
        """Apply the current order and filter again."""
        self._keys.clear()
        self.invalidate()
        if self._sort_key is SortKey.OWN_ORDER:
            super().sort(-1)
        else:  # the direction is in lessThan: what has no value stays last either way
            super().sort(COL_TITLE, Qt.SortOrder.AscendingOrder)

    def _on_rows_moved(self, *_: object) -> None:
        """An item moved (Alt+Up, or its undo): the list shows the order it moved in."""
        if self._sort_key is not SortKey.OWN_ORDER:
            shown = self.describe()
            self.set_sort_key(SortKey.OWN_ORDER)
            self.sort_dropped.emit(shown)

    def _on_columns_removed(self, *_: object) -> None:
        """The hypothesis sorted by is gone: nothing is left to claim that sort."""
        hid = self._hypothesis_id
        if hid is not None and all(h.id != hid for h in self._matrix.document.worksheet.hypotheses):
            self.set_sort_key(SortKey.OWN_ORDER)
        else:
            self.sort_changed.emit()

    # -- the filter ------------------------------------------------------------------

    def set_filter(
        self, *, text: str | None = None, type: str | None = "", flag: str | None = ""
    ) -> None:
        """Change any of the filters; ``None`` for type or flag means "any"."""
        if text is not None:
            self._text = text.casefold().strip()
        if type != "":
            self._type = type
        if flag != "":
            self._flag = flag
        self.refresh()

    def evidence_at(self, proxy_row: int) -> Evidence | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self._matrix.evidence_at(source.row()) if source.isValid() else None

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        item = self._matrix.evidence_at(source_row)
        if item is None:
            return False
        if self._type is not None and item.type != self._type:
            return False
        if self._flag is not None and self._flag not in item.flags:
            return False
        if self._text:
            haystack = " ".join((item.title, item.description, item.source, item.type))
            return self._text in haystack.casefold()
        return True

    # -- comparing -------------------------------------------------------------------

    def _key(self, source_row: int) -> RowKey:
        key = self._keys.get(source_row)
        if key is None:
            key = self._keys[source_row] = self._compute_key(source_row)
        return key

    def _compute_key(self, source_row: int) -> RowKey:
        """(has no value, value, own position): the value ordered in the natural direction."""
        item = self._matrix.evidence_at(source_row)
        assert item is not None
        key = self._sort_key
        missing, number, text = False, 0.0, ""
        if key is SortKey.DIAGNOSTICITY:  # excluded and unrated items, which have none, last
            missing = item.excluded or not self._matrix.is_rated(item)
            if not missing:
                number = -self._matrix.document.measure(item.id).diagnosticity
        elif key is SortKey.DATE:
            missing, text = item.date == "", item.date
        elif key is SortKey.CREDIBILITY:
            number = _LEVEL_ORDER[item.credibility]
        elif key is SortKey.RELEVANCE:
            number = _LEVEL_ORDER[item.relevance]
        elif key is SortKey.TYPE:
            missing, text = item.type == "", item.type.casefold()
        elif key is SortKey.TITLE:
            text = item.title.casefold()
        elif key is SortKey.RATING:
            rating = self._matrix.document.worksheet.rating(item.id, self._hypothesis_id or "")
            if rating is None:  # blank cells last
                missing, number = True, 1
            elif rating is Rating.NA:  # "does not apply": after every rating, before blanks
                missing, number = True, 0
            else:
                number = _RATING_ORDER[rating]
        return (missing, (number, text), source_row)

    def lessThan(
        self,
        source_left: QModelIndex | QPersistentModelIndex,
        source_right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        left, right = self._key(source_left.row()), self._key(source_right.row())
        if left[0] != right[0]:
            return left[0] < right[0]
        if left[1] != right[1] and not left[0]:
            return (left[1] < right[1]) != self._reverse
        if left[1] != right[1]:  # NA before blank, in both directions
            return left[1] < right[1]
        return left[2] < right[2]  # ties keep the worksheet's own order
