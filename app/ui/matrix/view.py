"""The matrix on screen: rating cells, keyboard rating, and the score row under it."""

from __future__ import annotations

import random
from typing import cast, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPolygon,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.domain.model import Rating
from app.ui.matrix.frozen_columns import FrozenHost
from app.ui.matrix.model import (
    EVIDENCE_ID_ROLE,
    EXCLUDED_ROLE,
    FIRST_HYPOTHESIS,
    HYPOTHESIS_ID_ROLE,
    NOTE_ROLE,
    RATING_ROLE,
)
from app.ui.matrix.rating_keys import (
    CLEAR_KEYS,
    LETTER_SHORTCUTS,
    NOTE_KEYS,
    RATING_SHORTCUTS,
    rating_for_key,
)
from app.ui.matrix.rating_style import rating_background, rating_foreground
from app.ui.matrix.score_row import ScoreModel

CELL_WIDTH = 112
CellKey = tuple[str, str]
CURRENT_FRAME = 4  # px of highlight around the cursor's cell
SELECTED_FRAME = 2  # around the other selected cells


def _frame_pen(colour: QColor, width: int) -> QPen:
    pen = QPen(colour, width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


def _inset(rect: QRect, width: int) -> QRectF:
    """The rectangle a pen of ``width`` strokes to lie just inside ``rect``."""
    half = width / 2
    return QRectF(rect).adjusted(half, half, -half, -half)


class RatingDelegate(QStyledItemDelegate):
    """A rating cell: its colour and its code; blank cells hatched; a corner mark for a note."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.column() < FIRST_HYPOTHESIS:
            super().paint(painter, option, index)
            return
        code = index.data(RATING_ROLE)  # a StrEnum arrives as its str
        rating = Rating(code) if code else None
        note: str = index.data(NOTE_ROLE) or ""
        excluded = bool(index.data(EXCLUDED_ROLE))
        palette = option.palette
        rect: QRect = option.rect.adjusted(1, 1, -1, -1)
        state = option.state
        painter.save()
        if excluded:
            painter.setOpacity(0.35)
        if rating is not None:
            painter.fillRect(rect, rating_background(rating))
            font = QFont(option.font)
            font.setBold(rating in (Rating.CC, Rating.II))
            painter.setFont(font)
            painter.setPen(rating_foreground(rating))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, rating.value)
            mark = rating_foreground(rating)
        else:
            hatch = QColor(palette.color(QPalette.ColorRole.Text))
            hatch.setAlpha(60)
            painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            mark = palette.color(QPalette.ColorRole.Text)
        if note:
            size = 9
            tr = rect.topRight()
            corner = QPolygon([tr, tr - QPoint(size, 0), tr + QPoint(0, size)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            painter.drawPolygon(corner)
        painter.setOpacity(1.0)
        # Selection and the cursor are frames, never a tint: a tint would change
        # what the colour says (a selected orange I would turn tan).  A band of
        # the highlight colour, and inside it a line of the cell's own text
        # colour, which contrasts with its fill: seen on every rating, either theme.
        current = bool(state & QStyle.StateFlag.State_HasFocus)
        if current or state & QStyle.StateFlag.State_Selected:
            band = CURRENT_FRAME if current else SELECTED_FRAME
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(_frame_pen(palette.color(QPalette.ColorRole.Highlight), band))
            painter.drawRect(_inset(rect, band))
            painter.setPen(_frame_pen(mark, 1))
            painter.drawRect(_inset(rect.adjusted(band, band, -band, -band), 1))
        painter.restore()


class MatrixView(FrozenHost):
    """Arrow keys move, one key rates, Delete clears, Enter opens the note.

    The evidence columns (title, credibility, relevance, diagnosticity) are
    frozen: they stay at the left while the hypothesis columns scroll.
    """

    note_requested = Signal(str, str)  # evidence_id, hypothesis_id
    ratings_requested = Signal(list, object)  # [(evidence_id, hypothesis_id)], Rating | None
    refused = Signal(str)  # a rating asked of a read-only matrix: one line for the status bar

    READ_ONLY_MESSAGE = "Read-only: ratings cannot be changed here. Save As to make your own copy."
    NO_HYPOTHESIS_MESSAGE = (
        "No hypothesis to rate against yet: add one first (Edit › Add Hypothesis, Ctrl+Shift+H)."
    )

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(RatingDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_context_menu)
        header = self.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)  # bold would overflow the wrapped titles
        header.setDefaultSectionSize(CELL_WIDTH)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # titles come pre-wrapped
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.extra_actions: list[QAction | None] = []  # None: a separator
        self.read_only = False

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if self.frozen is not None:
            self.frozen.deleteLater()
        # Its own default delegate: a delegate shared by two views sends each the other's
        # editors to commit.
        frozen = self.freeze_leading_columns(FIRST_HYPOTHESIS)
        frozen.mark_current_row = True
        self.selectionModel().currentRowChanged.connect(lambda *_: frozen.viewport().update())
        frozen.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        frozen.customContextMenuRequested.connect(
            lambda pos: self._context_menu(frozen.indexAt(pos), frozen.viewport().mapToGlobal(pos))
        )
        # A header click sorts (a PARC habit) instead of selecting the column: each
        # click goes first, reversed, then back to the own order (a cleared indicator).
        # The frozen columns' header is the one clicked over the evidence columns.
        for table in (self, frozen):
            header = table.horizontalHeader()
            header.setSortIndicatorClearable(True)
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            table.setSortingEnabled(True)

    def show_sort(self, column: int, order: Qt.SortOrder) -> None:
        """The model's sort on both headers (without asking the model to sort again)."""
        tables = [self] if self.frozen is None else [self, self.frozen]
        for table in tables:
            header = table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(column, order)
            header.blockSignals(False)
            header.viewport().update()

    @overload
    def edit(self, index: QModelIndex | QPersistentModelIndex) -> None: ...
    @overload
    def edit(
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger,
        event: QEvent | None,
    ) -> bool: ...
    def edit(
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger | None = None,
        event: QEvent | None = None,
    ) -> bool | None:
        """A title is edited where it can be seen: in the frozen columns."""
        # Qt passes a null event (edit(index) calls edit(index, AllEditTriggers, nullptr))
        # and takes one back; PySide6's stub types the argument QEvent only.
        qt_event = cast(QEvent, event)
        frozen = self.frozen
        if frozen is not None and index.isValid() and index.column() < FIRST_HYPOTHESIS:
            if trigger is None:
                frozen.edit(index)
                return None
            return frozen.edit(index, trigger, qt_event)
        if trigger is None:
            super().edit(index)
            return None
        return super().edit(index, trigger, qt_event)

    # -- what is where -------------------------------------------------------

    def cell_key(self, index: QModelIndex) -> CellKey | None:
        if not index.isValid() or index.column() < FIRST_HYPOTHESIS:
            return None
        return index.data(EVIDENCE_ID_ROLE), index.data(HYPOTHESIS_ID_ROLE)

    def selected_cells(self) -> list[CellKey]:
        keys = [self.cell_key(i) for i in self.selectionModel().selectedIndexes()]
        found = [k for k in keys if k is not None]
        if not found:
            current = self.cell_key(self.currentIndex())
            found = [current] if current is not None else []
        return found

    def selected_evidence_ids(self) -> list[str]:
        rows = {i.row() for i in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        model = self.model()
        return [model.index(r, 0).data(EVIDENCE_ID_ROLE) for r in sorted(rows)]

    def hypothesis_columns(self) -> list[int]:
        """Logical hypothesis columns in on-screen order, hidden ones left out."""
        header = self.horizontalHeader()
        cols = [
            c
            for c in range(FIRST_HYPOTHESIS, self.model().columnCount())
            if not header.isSectionHidden(c)
        ]
        return sorted(cols, key=header.visualIndex)

    # -- keyboard ---------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        current = self.currentIndex()
        on_cell = self.cell_key(current) is not None
        rating = rating_for_key(key, mods)
        if rating is not None and not on_cell and current.isValid():
            # On an item's title (where adding an item leaves the cursor): a
            # rating starts the row at its first hypothesis.
            on_cell = self.go_to_row_start(current.row())
            if not on_cell:
                self.refused.emit(self.NO_HYPOTHESIS_MESSAGE)
                event.accept()
                return
        if rating is not None and on_cell:
            self.rate(rating)
            event.accept()
            return
        if key in CLEAR_KEYS and on_cell and mods == Qt.KeyboardModifier.NoModifier:
            self.rate(None, advance=False)
            event.accept()
            return
        if key in NOTE_KEYS and (cell := self.cell_key(current)) is not None:
            self.note_requested.emit(*cell)
            event.accept()
            return
        super().keyPressEvent(event)

    def rate(self, rating: Rating | None, *, advance: bool = True) -> None:
        cells = self.selected_cells()
        if not cells:
            return
        if self.read_only:  # the cursor stays where it is
            self.refused.emit(self.READ_ONLY_MESSAGE)
            return
        self.ratings_requested.emit(cells, rating)
        current = self.currentIndex()
        # A refused edit (the disk full) leaves the cursor where the rating failed.
        took = current.data(RATING_ROLE) == (rating.value if rating is not None else None)
        if advance and len(cells) == 1 and took:
            self.advance()

    def advance(self) -> None:
        """Next hypothesis along the row (Heuer step 3), then the next item's first."""
        current = self.currentIndex()
        cols = self.hypothesis_columns()
        if not current.isValid() or not cols:
            return
        model = self.model()
        pos = cols.index(current.column()) if current.column() in cols else -1
        if pos + 1 < len(cols):
            target = model.index(current.row(), cols[pos + 1])
        elif current.row() + 1 < model.rowCount():
            target = model.index(current.row() + 1, cols[0])
        else:
            return
        self.move_to(target)

    def go_to_first_cell(self) -> None:
        if self.model().rowCount():
            self.go_to_row_start(0)

    def go_to_row_start(self, row: int) -> bool:
        """Put the cursor on the row's cell of the first hypothesis on screen; False if none."""
        cols = self.hypothesis_columns()
        if not cols:
            return False
        self.move_to(self.model().index(row, cols[0]))
        return True

    def move_to(self, index: QModelIndex) -> None:
        """The cursor to ``index``, selecting that cell alone.

        ``setCurrentIndex`` would read the keyboard's modifiers: run from a
        shortcut such as Ctrl+M, it would add the cell to the old selection,
        and the next rating key would rate both.
        """
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    # -- mouse ------------------------------------------------------------------

    def _show_context_menu(self, pos: QPoint) -> None:
        self._context_menu(self.indexAt(pos), self.viewport().mapToGlobal(pos))

    def _context_menu(self, index: QModelIndex, where: QPoint) -> None:
        menu = QMenu(self)
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)  # the menu acts on what was clicked
        if (cell := self.cell_key(index)) is not None:
            for digit, rating in RATING_SHORTCUTS:
                text = f"{rating.value} — {rating.label}\t{digit} or {LETTER_SHORTCUTS[rating]}"
                act = menu.addAction(text)
                act.setEnabled(not self.read_only)
                act.triggered.connect(lambda _=False, r=rating: self.rate(r, advance=False))
            clear = menu.addAction("Clear rating\tDel")
            clear.setEnabled(not self.read_only)
            clear.triggered.connect(lambda: self.rate(None, advance=False))
            note = menu.addAction("Show note…\tEnter" if self.read_only else "Edit note…\tEnter")
            e, h = cell
            note.triggered.connect(lambda: self.note_requested.emit(e, h))
            menu.addSeparator()
        for extra in self.extra_actions:
            if extra is None:
                menu.addSeparator()
            else:
                menu.addAction(extra)
        if not menu.isEmpty():
            menu.popup(where)

    # -- anti-bias aid: shuffled hypothesis columns --------------------------------

    def shuffle_hypothesis_columns(self, seed: int | None = None) -> None:
        """Show the hypothesis columns in a random order (on screen only)."""
        header = self.horizontalHeader()
        cols = list(range(FIRST_HYPOTHESIS, self.model().columnCount()))
        order = cols[:]
        random.Random(seed).shuffle(order)
        for target_visual, logical in enumerate(order, start=FIRST_HYPOTHESIS):
            header.moveSection(header.visualIndex(logical), target_visual)

    def unshuffle_hypothesis_columns(self) -> None:
        header = self.horizontalHeader()
        for logical in range(self.model().columnCount()):
            header.moveSection(header.visualIndex(logical), logical)


class ScoreFooter(FrozenHost):
    """The score row: one row whose columns stay aligned with the matrix above.

    Its label stays at the left under the matrix's frozen evidence columns.
    """

    def __init__(self, matrix: MatrixView, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix = matrix
        self.horizontalHeader().hide()
        self.right_spacer = QWidget()  # put beside the footer, as wide as the matrix's scroll bar
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.timeout.connect(self.sync_all)
        mh = matrix.horizontalHeader()
        mh.sectionResized.connect(lambda i, _o, n: self.setColumnWidth(i, n))
        mh.sectionMoved.connect(lambda _i, old, new: self.horizontalHeader().moveSection(old, new))
        mh.geometriesChanged.connect(self._sync_timer.start)
        matrix.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        matrix.verticalHeader().geometriesChanged.connect(self._sync_timer.start)
        matrix.verticalScrollBar().rangeChanged.connect(self._sync_timer.start)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.freeze_leading_columns(FIRST_HYPOTHESIS)
        if model is not None:
            model.columnsInserted.connect(self._sync_timer.start)
            model.columnsRemoved.connect(self._sync_timer.start)
            model.columnsMoved.connect(self._sync_timer.start)
            # A score's lines change with the scores: the height alone follows.
            model.dataChanged.connect(self._fit_height)
            model.modelReset.connect(self._fit_height)
        self.sync_all()

    def _fit_height(self) -> None:
        """As tall as the score and rank, and under them "tie-break" and "3 unrated"."""
        model = self.model()
        count = model.line_count() if isinstance(model, ScoreModel) else 2
        lines = count * self.fontMetrics().lineSpacing() + 8
        row_h = max(self.matrix.verticalHeader().defaultSectionSize() + 6, 32, lines)
        if self.verticalHeader().defaultSectionSize() != row_h:
            self.verticalHeader().setDefaultSectionSize(row_h)
        self.setFixedHeight(row_h + 2 * self.frameWidth())

    def sync_all(self) -> None:
        """Copy widths, order and hiding of the matrix columns (after structural changes)."""
        mh, fh = self.matrix.horizontalHeader(), self.horizontalHeader()
        fh.setMinimumSectionSize(mh.minimumSectionSize())
        for logical in range(min(mh.count(), fh.count())):
            fh.setSectionHidden(logical, mh.isSectionHidden(logical))
            fh.resizeSection(logical, mh.sectionSize(logical))
            if fh.visualIndex(logical) != mh.visualIndex(logical):
                fh.moveSection(fh.visualIndex(logical), mh.visualIndex(logical))
        # The matrix's row numbers sit left of its columns and its scroll bar
        # right of them: the footer's own vertical header and spacer match both.
        vh, vbar = self.matrix.verticalHeader(), self.matrix.verticalScrollBar()
        self.verticalHeader().setVisible(vh.isVisible())
        self.verticalHeader().setFixedWidth(vh.width())
        self.updateGeometries()  # the viewport's left margin follows the header's new width now
        self.right_spacer.setFixedWidth(vbar.width() if vbar.isVisible() else 0)
        self._fit_height()
        self.horizontalScrollBar().setValue(self.matrix.horizontalScrollBar().value())
        if self.frozen is not None:
            self.frozen.sync_columns()
