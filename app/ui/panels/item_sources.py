"""Where an evidence item comes from, on the Details panel's Item page: its grading
and the passages it cites.

The grading line says the item's Admiralty code (its best source's reliability
and its information's credibility, "B2") and the credibility that suggests; the
analyst's own credibility stands, and when it differs the line says so and
offers the suggestion (one step of Undo).  The citations list names each passage
by its source's label ("S1") and words; opening one shows it in the Sources panel.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Evidence, Worksheet
from app.domain.sources import (
    InfoCredibility,
    Reliability,
    item_code,
    item_reliability,
    item_suggestion,
    source_labels,
)
from app.domain.text import shorten
from app.ui.panels.form_fields import button_row

NOT_GRADED = "not graded"
WARNING = "\u26a0"  # ⚠: a source graded E (unreliable) or F (cannot be judged)
DOUBTFUL = frozenset({Reliability.E, Reliability.F})
QUOTE_CHARS = 70  # of a citation's words in the list: one line of the panel

_POSITION = Qt.ItemDataRole.UserRole  # a row's citation number, from 0


def information_combo() -> QComboBox:
    """Admiralty information credibility 1 to 6 with their words, and "not graded" ("")."""
    combo = QComboBox()
    combo.addItem(NOT_GRADED, "")
    for code in InfoCredibility:
        combo.addItem(f"{code.value} — {code.label}", code.value)
    return combo


def grading_line(ws: Worksheet, item: Evidence) -> tuple[str, bool]:
    """The line under the item's credibility, and whether the analyst's credibility
    differs from the one the grading suggests (so the suggestion can be applied)."""
    code, suggested = item_code(ws, item), item_suggestion(ws, item)
    if suggested is None:
        needs = []
        if not item_reliability(ws, item):
            needs.append(
                "grade its source in the Sources panel"
                if item.citations
                else "cite a graded source"
            )
        if not item.info_credibility:
            needs.append("grade the information")
        graded = f"Graded {code}" if code else "Not graded"
        return f"{graded}: {' and '.join(needs)} for a suggested credibility.", False
    if suggested == item.credibility:
        return f"Graded {code} — suggests {suggested.value}", False
    return (
        f"Credibility set to {item.credibility.value} by the analyst; "
        f"{code} suggests {suggested.value}",
        True,
    )


def citation_text(ws: Worksheet, labels: dict[str, str], position: int, item: Evidence) -> str:
    """ "S1 “the words…”" (⚠ after the label of an unreliable source)."""
    c = item.citations[position]
    label = labels.get(c.source_id, "S?")
    try:
        doubtful = ws.source(c.source_id).reliability in DOUBTFUL
    except KeyError:
        doubtful = False
    mark = f" {WARNING}" if doubtful else ""
    return f"{label}{mark} \u201c{shorten(c.quote, QUOTE_CHARS)}\u201d"


class CitationList(QWidget):
    """The passages an item cites; Enter, a double click or Show Passage opens one."""

    show_requested = Signal(int)  # the citation's number, from 0
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("citations")
        self.list.setAccessibleName("Citations")
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.list.setWordWrap(False)
        # A long quote ends in "…" (the tooltip has it whole), not in a scroll bar.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.show_button = QPushButton("Show Passage")
        self.remove_button = QPushButton("Remove Citation")
        self.empty = QLabel("<i>No passage cited: select one in the Sources panel.</i>")
        self.empty.setWordWrap(True)
        buttons = button_row(self.show_button, self.remove_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.list)
        box.addWidget(self.empty)
        box.addLayout(buttons)
        self.list.itemActivated.connect(lambda row: self._request(self.show_requested, row))
        self.show_button.clicked.connect(lambda: self._request(self.show_requested))
        self.remove_button.clicked.connect(lambda: self._request(self.remove_requested))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._editable = False

    def _request(self, signal: SignalInstance, row: QListWidgetItem | None = None) -> None:
        row = row or self.list.currentItem()
        if row is not None:
            signal.emit(row.data(_POSITION))

    def show_item(self, ws: Worksheet | None, item: Evidence | None, *, editable: bool) -> None:
        """The citations of ``item`` (none: an empty list); ``editable``: Remove offered."""
        current = self.list.currentRow()
        self.list.clear()
        self._editable = editable
        labels = source_labels(ws) if ws is not None else {}
        if ws is not None and item is not None:
            for position, c in enumerate(item.citations):
                row = QListWidgetItem(citation_text(ws, labels, position, item))
                row.setData(_POSITION, position)
                try:
                    title = ws.source(c.source_id).title
                except KeyError:
                    title = ""
                row.setToolTip(
                    f"<b>{escape(labels.get(c.source_id, ''))} {escape(shorten(title, 200))}"
                    f"</b><br>{escape(shorten(c.quote, 600))}"
                )
                self.list.addItem(row)
        count = self.list.count()
        if count:
            self.list.setCurrentRow(min(max(current, 0), count - 1))
        # The list stays, empty or not: its label (Alt+N) takes the keyboard to it.
        self.empty.setVisible(count == 0 and item is not None)
        self.list.setEnabled(True)  # view only when read-only: the passages can be shown
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.show_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and self._editable)
