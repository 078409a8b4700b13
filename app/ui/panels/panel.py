"""What a panel docked beside the matrix is, so that a new panel is one registration.

A panel class names its dock and its View menu entry and follows the
window's document; the window makes one of each class in its ``PANELS``,
docks it, lists it in the View menu and hands it every document it shows.
What a panel does besides (the details panel's selection, the sensitivity
panel's item links) is wired by the window where it matters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.document.document import Document


class Panel(Protocol):
    dock_title: ClassVar[str]
    """The dock's title: "Details"."""
    menu_text: ClassVar[str]
    """Its entry in the View menu, with its mnemonic: "&Details Panel"."""
    dock_name: ClassVar[str]
    """The dock's object name, under which the window's layout is saved."""

    def __init__(self, parent: QWidget | None = None) -> None: ...

    def set_document(self, document: Document) -> None:
        """Show this worksheet from now on (a new one after every open)."""
        ...

    def stop(self) -> None:
        """The window is closing: stop any work in the background."""
        ...
