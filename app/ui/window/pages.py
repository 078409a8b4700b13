"""The main window's central area: the worksheet page, or the welcome page.

A controller composed into ``MainWindow``.  While the welcome page shows,
the docks are put away (brought back as they were when it goes) and the
worksheet's commands wait; the page goes when a worksheet comes
(:meth:`WindowPages.set_document_page`).  It tells the window by
``changed`` so the title, the commands and the status follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStackedWidget, QWidget

from app.storage.address import parse_address
from app.ui.panels.welcome import WelcomePage
from app.ui.window.actions import ActionId as A

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.ui.window.settings import Settings


class WindowPages(QObject):
    changed = Signal()
    """The welcome page came or went."""
    open_requested = Signal(object)
    """An Address: a recent worksheet was chosen on the welcome page."""

    def __init__(self, window: QMainWindow, actions: dict[A, QAction], settings: Settings) -> None:
        super().__init__(window)  # the window is reached as the Qt parent: no Python cycle
        self._actions = actions
        self._settings = settings
        self.stack = QStackedWidget()
        window.setCentralWidget(self.stack)
        self.welcome: WelcomePage | None = None
        self._document_page: QWidget | None = None
        self._docks_put_away: list[QDockWidget] | None = None

    def _window(self) -> QObject:
        window = self.parent()
        assert window is not None  # made by its window, deleted with it
        return window

    def set_document_page(self, page: QWidget) -> None:
        """Show ``page`` (the question and the matrix) in place of the old one."""
        old = self._document_page
        self._document_page = page
        self.stack.addWidget(page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.leave_welcome()

    def welcome_shown(self) -> bool:
        return self.welcome is not None and self._docks_put_away is not None

    def show_welcome(self) -> None:
        if self.welcome is None:
            page = self.welcome = WelcomePage()
            acts = self._actions
            page.sample_requested.connect(acts[A.NEW_FROM_SAMPLE].trigger)
            page.blank_requested.connect(acts[A.NEW].trigger)
            page.open_requested.connect(acts[A.OPEN].trigger)
            page.help_requested.connect(acts[A.HELP].trigger)
            page.recent_requested.connect(self._open_recent)
            page.forget_requested.connect(self._forget_recent)
            self.stack.addWidget(page)
        self.welcome.set_recent(self._settings.recent_files())
        if self._docks_put_away is None:
            docks = self._window().findChildren(QDockWidget)
            self._docks_put_away = [d for d in docks if not d.isHidden()]
            for dock in self._docks_put_away:
                dock.hide()
        self.stack.setCurrentWidget(self.welcome)
        self.changed.emit()
        self.welcome.focus_first()

    def leave_welcome(self) -> None:
        """Back to the worksheet page."""
        if self._document_page is not None:
            self.stack.setCurrentWidget(self._document_page)
        if self._docks_put_away is None:
            return
        docks, self._docks_put_away = self._docks_put_away, None
        for dock in docks:
            dock.show()
        self.changed.emit()

    def _open_recent(self, address: str) -> None:
        self.open_requested.emit(parse_address(address))  # opened by now: a direct connection
        if self.welcome_shown() and self.welcome is not None:  # it did not open here
            self.welcome.set_recent(self._settings.recent_files())

    def _forget_recent(self, address: str) -> None:
        self._settings.forget_recent(parse_address(address))
        if self.welcome is not None:
            row = self.welcome.recent.currentRow()
            self.welcome.set_recent(self._settings.recent_files())
            self.welcome.recent.setCurrentRow(min(row, self.welcome.recent.count() - 1))
            self.welcome.focus_first()
