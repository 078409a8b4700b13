"""A hypothesis's milestones (Heuer step 8): the indicators to watch, each with its status.

Part of the Details panel's Hypothesis page.  The table shows the current
hypothesis's milestones; a change of text or status is stored at once, as
one undoable command through the Document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import MilestoneStatus
from app.ui.document.document import Document
from app.ui.panels.form_fields import button_row

_ID = Qt.ItemDataRole.UserRole  # a row's milestone id, on its text item


class MilestoneTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document: Document | None = None
        self.hypothesis_id: str | None = None
        self._loading = False
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Milestone (indicator to watch)", "Status"])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton("Add milestone")
        self.delete_button = QPushButton("Delete milestone")
        buttons = button_row(self.add_button, self.delete_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.add_button.clicked.connect(self._add)
        self.delete_button.clicked.connect(self._delete)
        self.table.itemChanged.connect(self._text_changed)

    def show_hypothesis(self, document: Document | None, hypothesis_id: str | None) -> None:
        """The milestones of ``hypothesis_id`` (none: an empty, disabled table)."""
        self.document, self.hypothesis_id = document, hypothesis_id
        enabled = bool(document and hypothesis_id) and not (document and document.read_only)
        for w in (self.table, self.add_button, self.delete_button):
            w.setEnabled(enabled)
        self.reload()

    def reload(self) -> None:
        doc, hid = self.document, self.hypothesis_id
        self._loading = True
        try:
            rows = doc.milestones_of(hid) if doc and hid else []
            self.table.setRowCount(len(rows))
            for r, m in enumerate(rows):
                item = QTableWidgetItem(m.text)
                item.setData(_ID, m.id)
                self.table.setItem(r, 0, item)
                combo = QComboBox()
                for status in MilestoneStatus:
                    combo.addItem(status.value.replace("-", " "), status)
                combo.setCurrentIndex(combo.findData(m.status))
                combo.currentIndexChanged.connect(
                    lambda _i, c=combo, mid=m.id: self._set(
                        mid, status=MilestoneStatus(c.currentData())
                    )
                )
                self.table.setCellWidget(r, 1, combo)
        finally:
            self._loading = False

    def _set(self, milestone_id: str, **fields: object) -> None:
        if not self._loading and self.document:
            self.document.set_milestone_fields(milestone_id, **fields)

    def _text_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != 0:
            return
        text = item.text().strip()
        if text:
            self._set(item.data(_ID), text=text)
        else:
            self.reload()  # a milestone is never stored without text: its own comes back

    def _add(self) -> None:
        if self.document and self.hypothesis_id:
            self.document.add_milestone(self.hypothesis_id)
            last = self.table.rowCount() - 1
            if last >= 0:
                self.table.setCurrentCell(last, 0)
                item = self.table.item(last, 0)  # every loaded row has its title item
                if item is not None:
                    self.table.editItem(item)

    def _delete(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if self.document and item is not None:
            self.document.delete_milestone(item.data(_ID))
