"""What the main window's controllers may use of the window, and nothing more.

The controllers (files, interchange, pages) are composed into the window,
not mixed into it: each is given this narrow view of its window and tells
the window what happened through its own signals (a message for the status
bar, a save that renamed the worksheet), so none calls another's private
methods.  The window implements the protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.document import Document
    from app.ui.file_prompts import Prompts
    from app.ui.settings import Settings
    from app.ui.workbench import Workbench


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
