"""The welcome page: what a window shows while it has nothing open.

Shown in the main window's central area when the program starts without a
file and after File › Close, the way LibreOffice's Start Center and Qt
Creator's Welcome mode do it, so the menus stay at hand and the window does
not change size or place.  It offers the sample worksheet, a blank one,
Open…, the help, and the recent worksheets with their folder and date (a
file that is gone is shown as gone and can be removed from the list).
Everything is reached with Tab, the arrow keys and Enter, or with the
underlined letters (Alt+S, Alt+N, Alt+O, Alt+L, Alt+R).

The page only asks; the window's pages (:mod:`app.ui.window.pages`) do what was asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap, QPolygon
from PySide6.QtWidgets import (
    QApplication,
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.model import Worksheet
from app.ui.panels.recent_list import MISSING_ROLE, RecentList, describe_recent
from app.ui.window.actions import ActionId as A
from app.ui.window.actions import shortcut_text

if TYPE_CHECKING:  # launch time: storage loads after the first window paints
    from app.storage.address import Address
    from app.storage.changes import Change
    from app.storage.store import Listener, WorksheetStore


class NothingOpen:
    """The store of a window that shows only the welcome page (a ``WorksheetStore``).

    An empty worksheet that cannot change: the welcome page disables the
    worksheet's commands, and anything that still tried would be refused
    with a sentence.  It needs no storage layer, so the first window of a
    start without a file appears before SQLAlchemy is even imported.
    """

    address: Address | None = None
    read_only = True
    is_modified = False
    folder_refuses_files = False

    def __init__(self) -> None:
        self.worksheet = Worksheet()

    def commit(self, _change: Change, /) -> None:
        self._refuse()

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        self._refuse()

    def changed_on_disk(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def subscribe(self, _listener: Listener, /) -> None:
        pass  # nothing is there to change

    def _refuse(self) -> None:
        # Lazy for launch time: the welcome page shows before storage loads.
        from app.storage.errors import ReadOnlyError

        raise ReadOnlyError("Nothing is open: start a worksheet or open one first.")


if TYPE_CHECKING:  # mypy checks here that it is a store

    def _a_store(nothing: NothingOpen) -> WorksheetStore:
        return nothing


def sample_available() -> bool:
    from app.resources import resource_path, sample_worksheet

    return sample_worksheet().exists() or resource_path("sample", "dprk-munitions.json").exists()


class WelcomePage(QWidget):
    """The choices; it does nothing itself but emit what the analyst chose."""

    sample_requested = Signal()
    blank_requested = Signal()
    open_requested = Signal()
    help_requested = Signal()
    recent_requested = Signal(str)  # an address, as text
    forget_requested = Signal(str)  # a path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self.sample_button = _big_button(
            "Open the &sample worksheet",
            "A worked example, already rated: why did North Korea order extra artillery "
            "shells in 2023? Look around, change ratings; it is saved only if you choose to.",
            "sample",
        )
        self.blank_button = _big_button(
            "&New blank worksheet",
            "Your own analysis: list the hypotheses, then the evidence, then rate each item "
            f"against every hypothesis.{_key(A.NEW)}",
            "blank",
        )
        self.open_button = _big_button(
            "&Open a worksheet…",
            "A worksheet file (.achw) from your disk or a colleague, or a PARC ACH project"
            f" (.achz).{_key(A.OPEN)}",
            "open",
        )
        self.help_button = _big_button(
            "&Learn the method",
            "Heuer's eight steps of ACH, what ACH Workbench offers at each, what every "
            f"score means, and the keyboard shortcuts.{_key(A.HELP, ' at any time')}",
            "help",
        )
        self.sample_button.setEnabled(sample_available())
        self._paint_arrows()
        self.recent = RecentList()
        self.recent_label = QLabel("&Recent worksheets")
        self.recent_label.setBuddy(self.recent)
        self.no_recent = QLabel("<i>Worksheets you open or save will be listed here.</i>")
        self.no_recent.setWordWrap(True)

        self.sample_button.clicked.connect(self.sample_requested)
        self.blank_button.clicked.connect(self.blank_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.help_button.clicked.connect(self.help_requested)
        self.recent.open_requested.connect(self.recent_requested)
        self.recent.forget_requested.connect(self.forget_requested)
        self._lay_out()

    def _lay_out(self) -> None:
        title = QLabel("ACH Workbench")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel(
            "Analysis of Competing Hypotheses (Richards J. Heuer Jr.): weigh every piece of "
            "evidence against every hypothesis, and favour the hypothesis with the least "
            "evidence <i>against</i> it."
        )
        tagline.setWordWrap(True)
        icon = QLabel()
        pixmap = QApplication.windowIcon().pixmap(64, 64)
        if not pixmap.isNull():
            icon.setPixmap(pixmap)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(tagline)
        head.addLayout(words, 1)

        start = QVBoxLayout()
        start.addWidget(_heading("Start"))
        for button in (self.sample_button, self.blank_button, self.open_button):
            start.addWidget(button)
        start.addSpacing(12)
        start.addWidget(_heading("Learn"))
        start.addWidget(self.help_button)
        start.addStretch(1)
        recent = QVBoxLayout()
        font = self.recent_label.font()
        font.setBold(True)
        self.recent_label.setFont(font)
        recent.addWidget(self.recent_label)
        recent.addWidget(self.recent)
        recent.addWidget(self.no_recent)
        recent.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(start, 1)
        columns.addSpacing(32)
        columns.addLayout(recent, 1)

        column = QWidget()
        column.setMaximumWidth(980)
        inner = QVBoxLayout(column)
        inner.addLayout(head)
        inner.addSpacing(18)
        inner.addLayout(columns, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 32, 24, 24)
        outer.addStretch(1)
        outer.addWidget(column, 6)
        outer.addStretch(1)
        QWidget.setTabOrder(self.sample_button, self.blank_button)
        QWidget.setTabOrder(self.blank_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.recent)
        QWidget.setTabOrder(self.recent, self.help_button)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_arrows()

    def _paint_arrows(self) -> None:
        """Arrows in the text colour (the style's own arrow stays black in a dark theme)."""
        icon = _arrow_icon(self.palette().color(QPalette.ColorRole.ButtonText))
        for button in (self.sample_button, self.blank_button, self.open_button, self.help_button):
            button.setIcon(icon)

    def set_recent(self, addresses: list[Address]) -> None:
        self.recent.fill([describe_recent(a) for a in addresses])
        self.recent.setVisible(bool(addresses))
        self.no_recent.setVisible(not addresses)

    def focus_first(self) -> None:
        """The recent list when there is something to reopen, else the sample."""
        if self.recent.count() and not self.recent.currentIndex().data(MISSING_ROLE):
            self.recent.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.sample_button.isEnabled():
            self.sample_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.blank_button.setFocus(Qt.FocusReason.OtherFocusReason)


def _arrow_icon(colour: QColor) -> QIcon:
    pixmap = QPixmap(20, 20)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygon([QPoint(6, 3), QPoint(16, 10), QPoint(6, 17)]))
    painter.end()
    return QIcon(pixmap)


def _key(aid: A, then: str = "") -> str:
    key = shortcut_text(aid)
    return f" ({key}{then})" if key else ""


def _big_button(title: str, description: str, name: str) -> QCommandLinkButton:
    button = QCommandLinkButton(title, description)
    button.setObjectName(f"welcome_{name}")
    button.setAutoDefault(False)
    policy = button.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)
    policy.setHeightForWidth(True)  # the description wraps to the width it gets
    button.setSizePolicy(policy)
    return button


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
