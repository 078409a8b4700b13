"""What the main window's controllers may use of the window, and nothing more.

The controllers (files, interchange, pages) are composed into the window,
not mixed into it: each is given this narrow view of its window and tells
the window what happened through its own signals (a message for the status
bar, a save that renamed the worksheet), so none calls another's private
methods.  The window implements the protocol; the controllers share
:class:`WindowController`, their view of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.dialogs.file_prompts import Prompts
    from app.ui.document.document import Document
    from app.ui.window.settings import Settings
    from app.ui.window.workbench import Workbench


class WindowParts(Protocol):
    @property
    def document(self) -> Document:
        """The worksheet the window shows now (a new one after every open)."""
        ...

    @property
    def settings(self) -> Settings: ...

    @property
    def prompts(self) -> Prompts: ...

    @property
    def workbench(self) -> Workbench: ...

    def dialog_parent(self) -> QWidget:
        """The widget the controller's dialogs belong to."""
        ...

    def welcome_shown(self) -> bool: ...


class WindowController(QObject):
    """What every controller of a window shares: its view of the window."""

    def __init__(self, window: QObject):
        """``window``: the main window (a WindowParts), which owns this controller."""
        super().__init__(window)

    @property
    def window(self) -> WindowParts:
        # The window is this object's Qt parent, not a Python attribute: no reference
        # cycle keeps a closed window's wrapper alive after Qt has deleted it.
        return cast("WindowParts", self.parent())

    @property
    def document(self) -> Document:
        return self.window.document

    @property
    def prompts(self) -> Prompts:
        return self.window.prompts

    @property
    def settings(self) -> Settings:
        return self.window.settings

    def _parent(self) -> QWidget:
        return self.window.dialog_parent()
