"""The recent worksheets on the welcome page: two lines each, name then folder and date.

A file that is no longer where it was is listed greyed as "Not found"; Delete
(or the right-click menu) takes an entry off the list, Enter or a click opens it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.storage.address import Address, file_of
from app.storage.names import shown

ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # the address as text (a path, for a file)
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
MISSING_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class RecentEntry:
    address: Address
    exists: bool
    detail: str  # "~/analyses · changed 2026-01-02 14:05", or where it was


def describe_recent(address: Address) -> RecentEntry:
    """What the welcome page says about one recent worksheet."""
    path = file_of(address)
    if path is None:  # a team worksheet: whether it is there is the server's to say
        return RecentEntry(address, True, f"On the team server {address.place}")
    folder = _short_folder(path.parent)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return RecentEntry(address, False, f"Not found: it was in {folder}")
    when = datetime.datetime.fromtimestamp(mtime)
    return RecentEntry(address, True, f"{folder}  ·  changed {when:%Y-%m-%d %H:%M}")


def _short_folder(folder: Path) -> str:
    home = Path.home()
    try:
        return "~/" + folder.relative_to(home).as_posix() if folder != home else "~"
    except ValueError:
        return str(folder)


class RecentDelegate(QStyledItemDelegate):
    """Two lines per file: its name in bold, then its folder and date (muted)."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, 2 * line + 14)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        missing = bool(index.data(MISSING_ROLE))
        group = QPalette.ColorGroup.Disabled if missing else QPalette.ColorGroup.Normal
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = opt.rect.adjusted(10, 6, -10, -6)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(group, role))
        name = index.data(Qt.ItemDataRole.DisplayRole)
        first = QRect(rect.left(), rect.top(), rect.width(), line)
        elided = painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, rect.width())
        painter.drawText(first, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.setFont(opt.font)
        if not selected:
            painter.setPen(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        detail = painter.fontMetrics().elidedText(
            index.data(DETAIL_ROLE), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        second = QRect(rect.left(), rect.top() + line, rect.width(), line)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()


class RecentList(QListWidget):
    """Click or Enter opens a file; Delete removes it from the list."""

    open_requested = Signal(str)
    forget_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recent_worksheets")
        self.setItemDelegate(RecentDelegate(self))
        self.setUniformItemSizes(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemClicked.connect(lambda item: self.open_requested.emit(item.data(ADDRESS_ROLE)))

    def fill(self, entries: list[RecentEntry]) -> None:
        self.clear()
        for entry in entries:
            item = QListWidgetItem(shown(entry.address.name))
            item.setData(ADDRESS_ROLE, str(entry.address))
            item.setData(DETAIL_ROLE, entry.detail)
            item.setData(MISSING_ROLE, not entry.exists)
            tip = shown(str(entry.address), None)
            if not entry.exists:
                tip += "\nThis file is no longer there (moved, renamed or deleted)."
            item.setToolTip(tip + "\nDelete removes it from this list.")
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Tall enough for every entry (at most ten), so no empty box below them."""
        rows = max(1, self.count())
        height = rows * self.sizeHintForRow(0) if self.count() else 40
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth() + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(item.data(ADDRESS_ROLE))
            return
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.forget_requested.emit(item.data(ADDRESS_ROLE))
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        path = item.data(ADDRESS_ROLE)
        menu = QMenu(self)
        menu.addAction("Open").triggered.connect(lambda: self.open_requested.emit(path))
        menu.addAction("Remove from List").triggered.connect(
            lambda: self.forget_requested.emit(path)
        )
        menu.popup(self.viewport().mapToGlobal(pos))
