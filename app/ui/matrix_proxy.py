"""Sorting and filtering of the evidence rows (the hypothesis columns pass through).

The proxy is not dynamic: a rating that changes an item's diagnosticity
does not make its row jump away under the analyst's cursor.  The order and
the filter are applied when the analyst chooses them (and again by
``refresh``).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.domain.model import Evidence, Level
from app.ui.matrix_model import COL_TITLE, MatrixModel

_LEVEL_ORDER = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}


class SortKey(Enum):
    OWN_ORDER = "Own order"
    DIAGNOSTICITY = "Diagnosticity (most diagnostic first)"
    DATE = "Date (oldest first)"
    CREDIBILITY = "Credibility (highest first)"
    TYPE = "Type"


class EvidenceProxy(QSortFilterProxyModel):
    def __init__(self, source: MatrixModel):
        super().__init__(source)
        self.setDynamicSortFilter(False)
        self.setSourceModel(source)
        self._matrix = source
        self._sort_key = SortKey.OWN_ORDER
        self._text = ""
        self._type: str | None = None
        self._flag: str | None = None
        # Sort keys by source row, computed once per sort (a comparison must not
        # recompute a measure); forgotten whenever rows come, go or move.
        self._keys: dict[int, tuple[Any, ...]] = {}
        for signal in (source.rowsInserted, source.rowsRemoved, source.rowsMoved):
            signal.connect(lambda *_: self._keys.clear())

    @property
    def sort_key(self) -> SortKey:
        return self._sort_key

    def set_sort_key(self, key: SortKey) -> None:
        self._sort_key = key
        self.refresh()

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

    def is_filtered(self) -> bool:
        return bool(self._text or self._type or self._flag)

    def refresh(self) -> None:
        """Apply the current order and filter again."""
        self._keys.clear()
        self.invalidate()
        if self._sort_key is SortKey.OWN_ORDER:
            self.sort(-1)
        else:
            self.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)

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

    def _key(self, source_row: int) -> tuple[Any, ...]:
        key = self._keys.get(source_row)
        if key is None:
            key = self._keys[source_row] = self._compute_key(source_row)
        return key

    def _compute_key(self, source_row: int) -> tuple[Any, ...]:
        item = self._matrix.evidence_at(source_row)
        assert item is not None
        key = self._sort_key
        if key is SortKey.DIAGNOSTICITY:  # excluded items, which have none, last
            first: Any = (
                (1, 0.0)
                if item.excluded
                else (0, -self._matrix.document.measure(item.id).diagnosticity)
            )
        elif key is SortKey.DATE:
            first = (item.date == "", item.date)  # undated items last
        elif key is SortKey.CREDIBILITY:
            first = _LEVEL_ORDER[item.credibility]
        elif key is SortKey.TYPE:
            first = (item.type == "", item.type.casefold())
        else:
            first = 0
        return (first, source_row)

    def lessThan(
        self,
        source_left: QModelIndex | QPersistentModelIndex,
        source_right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        return self._key(source_left.row()) < self._key(source_right.row())
