"""The two versions of a worksheet side by side: yours, and the one someone saved meanwhile.

Shown from the "changed on disk" question before the analyst decides to
overwrite the file or keep both (worksheet-file.md, "compare the two").
Read-only: it informs the choice, it does not merge.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.compare import Difference
from app.storage.names import shown

ABSENT = "(not there)"
COLUMNS = ("Where", "Your version", "On disk")


def summary(name: str, count: int) -> str:
    if count == 0:
        return (
            f"“{name}” on disk holds the same worksheet as your version; only the file "
            "itself was written again."
        )
    places = "one place" if count == 1 else f"{count} places"
    return f"“{name}” on disk differs from your version in {places}:"


class CompareDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str, found: list[Difference]):
        super().__init__(parent)
        name = shown(name)
        self.setWindowTitle(f"Compare with the file on disk — {name}")
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        heading = QLabel(summary(name, len(found)))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.table = QTableWidget(len(found), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, diff in enumerate(found):
            for col, text in enumerate((diff.place, diff.mine, diff.theirs)):
                item = QTableWidgetItem(ABSENT if text is None else text)
                item.setToolTip(item.text())
                if text is None:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(found))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
