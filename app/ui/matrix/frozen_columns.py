"""Leading columns that stay in place while the other columns scroll sideways.

Qt's "frozen column" technique (the Frozen Column example of Qt's item
views): a second ``QTableView`` on the same model, and the same selection
model, is laid over the left edge of the table's viewport and shows only
the leading columns.  It follows the table's column widths, row heights and
vertical scrolling; the table, for its part, keeps the current cell out
from under the cover when it scrolls (``FrozenHost.scrollTo``).

The table itself keeps every column, so keyboard navigation, selection,
sorting and filtering are the table's own, unchanged.  The cover only
paints its columns and takes the mouse over them; the keyboard focus stays
with the table (the cover's focus proxy), and a title edited with F2 is
edited in the cover, where it can be seen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

_Index = QModelIndex | QPersistentModelIndex
_Hint = QAbstractItemView.ScrollHint


class FrozenColumns(QTableView):
    """The first ``count`` columns of ``host``, drawn over its left edge."""

    def __init__(self, host: QTableView, count: int):
        super().__init__(host)
        self.setObjectName(f"{host.objectName() or 'table'}_frozen")
        self.host = host
        self.count = count
        self.mark_current_row = False  # tint the row of the table's current cell
        self._syncing = False
        self.setModel(host.model())
        if host.selectionModel() is not None:
            self.setSelectionModel(host.selectionModel())
        self.setFocusProxy(host)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(host.verticalScrollMode())
        self.setSelectionMode(host.selectionMode())
        self.setSelectionBehavior(host.selectionBehavior())
        self.setEditTriggers(host.editTriggers())
        self.setWordWrap(host.wordWrap())
        self.setTextElideMode(host.textElideMode())
        self.setShowGrid(host.showGrid())
        self.setAutoScroll(False)  # the table scrolls; the cover follows
        self.verticalHeader().hide()  # the table's row numbers stay at its left
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        host_rows = host.verticalHeader()
        mine, theirs = self.horizontalHeader(), host.horizontalHeader()
        mine.setHighlightSections(False)
        mine.setSectionsMovable(False)
        mine.setDefaultAlignment(theirs.defaultAlignment())
        mine.setTextElideMode(theirs.textElideMode())
        mine.setMinimumSectionSize(theirs.minimumSectionSize())
        mine.setVisible(not theirs.isHidden())

        theirs.sectionResized.connect(self._host_column_resized)
        mine.sectionResized.connect(self._own_column_resized)
        host_rows.sectionResized.connect(lambda row, _old, new: self.setRowHeight(row, new))
        host.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(host.verticalScrollBar().setValue)
        model = host.model()
        for signal in (model.columnsInserted, model.columnsRemoved, model.columnsMoved):
            signal.connect(lambda *_: self.sync_columns())
        model.modelReset.connect(self.sync_columns)
        host.viewport().stackUnder(self)
        self.sync_columns()
        self.show()

    # -- following the table ----------------------------------------------------------

    def sync_columns(self) -> None:
        """Widths and hiding of the leading columns as in the table; the rest hidden."""
        self._syncing = True
        try:
            host = self.host
            self.verticalHeader().setDefaultSectionSize(host.verticalHeader().defaultSectionSize())
            for col in range(self.model().columnCount()):
                if col >= self.count:
                    self.setColumnHidden(col, True)
                    continue
                hidden = host.isColumnHidden(col)
                self.setColumnHidden(col, hidden)
                if not hidden:
                    self.setColumnWidth(col, host.columnWidth(col))
        finally:
            self._syncing = False
        self.sync_geometry()

    def leading_width(self) -> int:
        host = self.host
        cols = range(min(self.count, host.model().columnCount()))
        return sum(host.columnWidth(c) for c in cols if not host.isColumnHidden(c))

    def sync_geometry(self) -> None:
        host = self.host
        area = host.viewport().geometry()
        header = host.horizontalHeader()
        head = 0 if header.isHidden() else header.height()
        if head:
            self.horizontalHeader().setFixedHeight(head)
        width = min(self.leading_width(), area.width())
        self.setGeometry(area.x(), area.y() - head, width, area.height() + head)

    def _host_column_resized(self, col: int, _old: int, new: int) -> None:
        if col >= self.count or self._syncing:
            return
        self._syncing = True
        try:
            hidden = self.host.isColumnHidden(col)
            self.setColumnHidden(col, hidden)
            if not hidden and new > 0:
                self.setColumnWidth(col, new)
        finally:
            self._syncing = False
        self.sync_geometry()

    def _own_column_resized(self, col: int, _old: int, new: int) -> None:
        """The analyst dragged a border of the cover's header: the table follows."""
        if col >= self.count or self._syncing or new <= 0 or self.isColumnHidden(col):
            return
        self._syncing = True
        try:
            self.host.setColumnWidth(col, new)
        finally:
            self._syncing = False
        self.sync_geometry()

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cells, the current row's tint, then the edge the scrolling columns slide under."""
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        current = self.currentIndex()
        if self.mark_current_row and current.isValid():
            tint = self.palette().color(QPalette.ColorRole.Highlight)
            tint.setAlpha(45)
            top, height = self.rowViewportPosition(current.row()), self.rowHeight(current.row())
            painter.fillRect(0, top, self.viewport().width(), height, tint)
        painter.setPen(self.palette().color(QPalette.ColorRole.Dark))
        x = self.viewport().width() - 1
        painter.drawLine(x, 0, x, self.viewport().height())
        painter.end()


class FrozenHost(QTableView):
    """A table whose leading columns can be frozen (see ``FrozenColumns``)."""

    frozen: FrozenColumns | None = None

    def freeze_leading_columns(self, count: int) -> FrozenColumns:
        """Call after ``setModel``: the model and selection model are shared."""
        self.frozen = FrozenColumns(self, count)
        return self.frozen

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.sync_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.sync_geometry()

    def frozen_edge(self) -> int:
        """Where the scrolling columns begin to be seen, in viewport coordinates."""
        frozen = self.frozen
        return frozen.width() if frozen is not None and not frozen.isHidden() else 0

    def scrollTo(self, index: _Index, hint: _Hint = _Hint.EnsureVisible) -> None:
        """Rows as usual; a scrolling column is brought out from under the frozen ones."""
        edge = self.frozen_edge()
        if not edge or not index.isValid():
            super().scrollTo(index, hint)
            return
        bar = self.horizontalScrollBar()
        before = bar.value()
        super().scrollTo(index, hint)
        if bar.value() != before:
            bar.setValue(before)
        col = index.column()
        if self.frozen is not None and col < self.frozen.count:
            return  # always in sight
        left = self.columnViewportPosition(col)
        right = left + self.columnWidth(col)
        visible = self.viewport().width()
        if left < edge:
            bar.setValue(before - (edge - left))
        elif right > visible:
            bar.setValue(before + min(right - visible, left - edge))
