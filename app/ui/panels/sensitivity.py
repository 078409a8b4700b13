"""Heuer's step 6, live: the margin, the linchpins, and each item removed, doubted, reversed.

The analysis costs O(evidence x hypotheses), so it runs only while the
panel is visible, 150 ms after the last edit (never once per keystroke).
The first column includes or excludes an item; everything follows at once.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.lead import lead_of, lead_sentence
from app.ui.document.document import Document
from app.ui.matrix.score_text import MINUS, PROVISIONAL_WHY, format_number, unrated_leader_cells
from app.ui.window.actions import ActionId, shortcut_text


def menu_path(aid: ActionId) -> str:
    """ "View › Hide Scores While Rating": the menu's own words, from the action's spec."""
    spec = aid.value
    return f"{spec.menu} › {spec.text.replace('&', '')}"


def hidden_text() -> str:
    """What the panel says while the scores are hidden (it names the menu item that shows them)."""
    keys = shortcut_text(ActionId.HIDE_SCORES)
    where = menu_path(ActionId.HIDE_SCORES) + (f", {keys}" if keys else "")
    return f"Hidden while rating ({where})."


DEBOUNCE_MS = 150
COL_INCLUDED, COL_ITEM, COL_WITHOUT, COL_DOUBTED, COL_REVERSED = range(5)
HEADERS = (
    ("In", "Included in the analysis (untick to set the item aside)"),
    ("Evidence", ""),
    ("Removed", "Would the leading hypothesis change if this item were left out? (linchpin)"),
    ("Doubted", "…if its credibility were low?"),
    ("Reversed", "…if its ratings were mirrored (the deception test)?"),
)
CHANGES = "changes"
_Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()
_ALERT = QColor("#c84a00")


class SensitivityModel(QAbstractTableModel):
    def __init__(self, document: Document):
        super().__init__(document)
        self.document = document
        self._ids: list[str] = [e.id for e in document.worksheet.evidence]
        self.result: Any = None
        self._by_id: dict[str, Any] = {}
        self._row_of: dict[str, int] | None = None

    def set_result(self, result: Any) -> None:
        self.beginResetModel()
        self._ids = [e.id for e in self.document.worksheet.evidence]
        self._row_of = None
        self.result = result
        self._by_id = {s.evidence_id: s for s in result.items} if result else {}
        self.endResetModel()

    def rowCount(self, parent: _Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def evidence_id(self, row: int) -> str:
        return self._ids[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        eid = self._ids[index.row()]
        try:
            item = self.document.item(eid)
        except KeyError:
            return None
        col = index.column()
        if col == COL_INCLUDED:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Unchecked if item.excluded else Qt.CheckState.Checked
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADERS[COL_INCLUDED][1]
            return None
        if col == COL_ITEM:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.document.item_index(eid) + 1}. {item.title}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return item.title
            return None
        s = self._by_id.get(eid)
        flag = None if s is None else (s.without, s.doubted, s.reversed)[col - COL_WITHOUT]
        if role == Qt.ItemDataRole.DisplayRole:
            if item.excluded:
                return "excluded"
            if flag is None:
                return "…"
            return CHANGES if flag else "holds"
        if role == Qt.ItemDataRole.ToolTipRole and flag is not None:
            what = HEADERS[col][0].lower()
            return f"{what}: the leading hypothesis " + ("changes" if flag else "stays the same")
        if role == Qt.ItemDataRole.ForegroundRole:
            return _ALERT if flag else _muted()
        if role == Qt.ItemDataRole.FontRole and flag:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADERS[section][1] or None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_INCLUDED and not self.document.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != COL_INCLUDED
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        included = Qt.CheckState(value) == Qt.CheckState.Checked
        self.document.set_excluded([self._ids[index.row()]], not included)
        return True

    def item_changed(self, evidence_id: str) -> None:
        """Repaint one row at once (its included box); the analysis follows debounced."""
        if self._row_of is None:
            self._row_of = {eid: i for i, eid in enumerate(self._ids)}
        row = self._row_of.get(evidence_id)
        if row is None:
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))


class SensitivityPanel(QWidget):
    dock_title: ClassVar[str] = "Sensitivity"
    menu_text: ClassVar[str] = "Se&nsitivity Panel"
    dock_name: ClassVar[str] = "sensitivity_dock"

    item_activated = Signal(str)  # evidence_id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.model: SensitivityModel | None = None
        self._stale = True
        self._hidden = False
        self._shown = True  # False while its dock tab is behind another
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setMinimumWidth(400)
        self.table.doubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._refresh_if_on_screen)

    def set_document(self, document: Document) -> None:
        self.document = document
        self.model = SensitivityModel(document)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would measure every row on every edit.
        header.setSectionResizeMode(COL_INCLUDED, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(COL_INCLUDED, 34)
        for col in (COL_WITHOUT, COL_DOUBTED, COL_REVERSED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, 74)
        document.scores_changed.connect(self.refresh_soon)
        document.item_changed.connect(self._on_item_changed)
        # Titles and order are shown too: a renamed leader or a moved item is news.
        for signal in (
            document.hypothesis_changed,
            document.item_moved,
            document.item_inserted,
            document.item_removed,
        ):
            signal.connect(self.refresh_soon)
        self._stale = True
        self.refresh_soon()

    def _on_item_changed(self, evidence_id: str) -> None:
        # Only a visible table repaints a row at once (a hidden one with thousands
        # of rows still costs time per signal); a hidden panel catches up on show.
        if self.model is not None and self._on_screen():
            self.model.item_changed(evidence_id)

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        self.table.setVisible(not hidden)
        self.refresh_soon()

    def refresh_soon(self) -> None:
        """Called on every change: recompute 150 ms after the last one, if visible."""
        self._stale = True
        if self._on_screen():
            self.timer.start()

    def _on_screen(self) -> bool:
        return self._shown and self.isVisible()

    def set_shown(self, shown: bool) -> None:
        """Follow the dock's visibilityChanged (a tab behind another counts as hidden)."""
        self._shown = shown
        if not shown:
            self.timer.stop()  # a pending analysis waits until the tab comes forward
        elif self._stale:
            self.timer.start()
        elif self.model is not None:
            self.model.set_result(self.model.result)  # rows may have changed meanwhile

    def stop(self) -> None:
        self.timer.stop()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.timer.start()

    def _refresh_if_on_screen(self) -> None:
        if self._on_screen():
            self.refresh()

    def refresh(self) -> None:
        if self.document is None or self.model is None:
            return
        self._stale = False
        if self._hidden:
            self.summary.setText(f"<i>{escape(hidden_text())}</i>")
            return
        from app.domain.sensitivity import analyse_sensitivity

        doc = self.document
        result = analyse_sensitivity(doc.worksheet, unweighted=doc.scoreboard.unweighted)
        self.model.set_result(result)
        self.summary.setText(self._summary(result))

    def _summary(self, result: Any) -> str:
        doc = self.document
        assert doc is not None
        if not doc.worksheet.hypotheses:
            return "<i>Add hypotheses and rate evidence to see how firm the lead is.</i>"
        unweighted = doc.scoreboard.unweighted
        lead = lead_of(doc.scoreboard.ranking(), result.margin, unweighted=unweighted)
        lines = [
            "<b>Leading:</b> "
            + lead_sentence(
                lead,
                lambda s: escape(doc.hypothesis(s.hypothesis_id).title),
                (lambda v: str(int(v)).replace("-", MINUS)) if unweighted else format_number,
                unweighted=unweighted,
            )
        ]
        unrated = sum(unrated_leader_cells(doc, h) for h in result.leaders)
        if unrated and len(doc.worksheet.hypotheses) > 1:
            cells = "1 cell" if unrated == 1 else f"{unrated} cells"
            lines[0] += f" — <b>provisional</b> ({cells} not rated): {PROVISIONAL_WHY}."
        if result.linchpins:
            names = "".join(
                f"<li>{doc.item_index(e) + 1}. {escape(doc.item(e).title)}</li>"
                for e in result.linchpins
            )
            lines.append(f"<b>Linchpins</b> (removing one changes the lead):<ul>{names}</ul>")
        else:
            lines.append("<b>No linchpin:</b> no single item's removal changes the lead.")
        return "<br>".join(lines)

    def _activated(self, index: QModelIndex) -> None:
        if self.model is not None and index.isValid():
            self.item_activated.emit(self.model.evidence_id(index.row()))


def _muted() -> QColor:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
