"""The Edit menu's commands on what is selected, and which hypothesis is the current one.

A controller of the main window (see :mod:`app.ui.window.parts`): it
follows the matrix's current cell and header clicks, keeps the hypothesis
the analyst last pointed at (the Edit menu's hypothesis commands act on
it), and shows the item or hypothesis it adds in the Details panel.  The
window gives it the Details panel and its matrix pane when it has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMenu

from app.ui.matrix.model import EVIDENCE_ID_ROLE, HYPOTHESIS_ID_ROLE
from app.ui.window.actions import ActionId
from app.ui.window.parts import WindowController

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.ui.matrix.pane import MatrixPane
    from app.ui.panels.details import DetailsPanel

A = ActionId
_HEADER_MENU = (
    A.ADD_HYPOTHESIS,
    A.DUPLICATE_HYPOTHESIS,
    A.DELETE_HYPOTHESIS,
    None,
    A.MOVE_HYPOTHESIS_LEFT,
    A.MOVE_HYPOTHESIS_RIGHT,
)


class SelectionCommands(WindowController):
    message = Signal(str)
    """A sentence for the status bar: the command had nothing to act on."""

    def __init__(
        self,
        window: QObject,
        details: DetailsPanel,
        details_dock: QDockWidget,
        actions: dict[ActionId, QAction],
    ):
        """``details_dock``: shown and raised before the keyboard goes to the Details panel.

        No callable of the window's is kept: a bound method would be a reference
        cycle that keeps a closed window's wrapper alive after Qt has deleted it.
        """
        super().__init__(window)
        self._details = details
        self._details_dock = details_dock
        self._actions = actions
        self._pane: MatrixPane | None = None
        self.hypothesis_id: str | None = None
        """The hypothesis of the current cell or the header last clicked."""

    def _show_details(self) -> None:
        self._details_dock.show()
        self._details_dock.raise_()

    def handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What each of the Edit menu's commands does."""
        return {
            A.ADD_EVIDENCE: self.add_evidence,
            A.DUPLICATE_EVIDENCE: lambda: self._each_item(self.document.duplicate_item),
            A.DELETE_EVIDENCE: lambda: self.document.delete_items(self.items()),
            A.MOVE_EVIDENCE_UP: lambda: self.move_item(-1),
            A.MOVE_EVIDENCE_DOWN: lambda: self.move_item(+1),
            A.TOGGLE_EXCLUDED: self.toggle_excluded,
            A.ADD_HYPOTHESIS: self.add_hypothesis,
            A.DUPLICATE_HYPOTHESIS: lambda: self._on_hypothesis(self.document.duplicate_hypothesis),
            A.DELETE_HYPOTHESIS: lambda: self._on_hypothesis(self.document.delete_hypothesis),
            A.MOVE_HYPOTHESIS_LEFT: lambda: self.move_hypothesis(-1),
            A.MOVE_HYPOTHESIS_RIGHT: lambda: self.move_hypothesis(+1),
            A.EDIT_NOTE: self.edit_note,
        }

    # -- following the matrix ----------------------------------------------------------

    def follow(self, pane: MatrixPane | None) -> None:
        """Follow ``pane``'s current cell and header (the previous pane is let go)."""
        if self._pane is not None:
            view = self._pane.view
            view.selectionModel().currentChanged.disconnect(self._on_current_changed)
            view.horizontalHeader().sectionClicked.disconnect(self._on_header_clicked)
            view.horizontalHeader().customContextMenuRequested.disconnect(self._header_menu)
        self._pane = pane
        if pane is None:
            return
        view = pane.view
        view.selectionModel().currentChanged.connect(self._on_current_changed)
        view.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        view.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.horizontalHeader().customContextMenuRequested.connect(self._header_menu)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        eid = current.data(EVIDENCE_ID_ROLE) if current.isValid() else None
        hid = current.data(HYPOTHESIS_ID_ROLE) if current.isValid() else None
        if hid:
            self.hypothesis_id = hid
        self._details.show_selection(eid, hid or self.hypothesis_id)

    def _on_header_clicked(self, column: int) -> None:
        assert self._pane is not None
        hid = self._pane.model.headerData(column, Qt.Orientation.Horizontal, HYPOTHESIS_ID_ROLE)
        if hid:
            self.hypothesis_id = hid
            self._show_details()
            self._details.show_selection(None, hid, focus_hypothesis=True)

    def _header_menu(self, pos: QPoint) -> None:
        assert self._pane is not None
        header = self._pane.view.horizontalHeader()
        self._on_header_clicked(header.logicalIndexAt(pos))
        menu = QMenu(self._parent())
        for aid in _HEADER_MENU:
            if aid is None:
                menu.addSeparator()
            else:
                menu.addAction(self._actions[aid])
        menu.popup(header.mapToGlobal(pos))

    # -- the commands ------------------------------------------------------------------

    def items(self) -> list[str]:
        """The ids of the selected evidence items, in worksheet order."""
        return self._pane.view.selected_evidence_ids() if self._pane else []

    def _each_item(self, fn: Callable[[str], object]) -> None:
        for eid in self.items():
            fn(eid)

    def _current_hypothesis(self) -> str | None:
        hid = self.hypothesis_id
        if hid and hid in {h.id for h in self.document.worksheet.hypotheses}:
            return hid
        return None

    def _on_hypothesis(self, fn: Callable[[str], object]) -> None:
        hid = self._current_hypothesis()
        if hid is not None:
            fn(hid)
        else:
            self.message.emit("Select a cell or header of a hypothesis first.")

    def add_evidence(self) -> None:
        """A new item after the selected ones (or at the end), its title ready for typing."""
        items = self.items()
        index = self.document.item_index(items[-1]) + 1 if items else None
        eid = self.document.add_item(index=index)
        self.show_added_item(eid)

    def show_added_item(self, evidence_id: str) -> None:
        """An item just added: selected in the matrix, its title ready for typing over."""
        if not self.document.has_item(evidence_id):
            return  # refused by the disk meanwhile (the Document said so)
        if self._pane is not None:
            self._pane.select_item(evidence_id)
        self._show_details()
        self._details.show_selection(evidence_id, self.hypothesis_id, focus_item=True)

    def add_hypothesis(self) -> None:
        hid = self.document.add_hypothesis()
        self.hypothesis_id = hid
        self._show_details()
        self._details.show_selection(None, hid, focus_hypothesis=True)

    def move_item(self, step: int) -> None:
        items = self.items()
        if len(items) == 1:
            self.document.move_item(items[0], self.document.item_index(items[0]) + step)
            if self._pane is not None:
                self._pane.select_item(items[0])

    def move_hypothesis(self, step: int) -> None:
        hid = self._current_hypothesis()
        if hid is not None:
            self.document.move_hypothesis(hid, self.document.hypothesis_index(hid) + step)

    def toggle_excluded(self) -> None:
        items = self.items()
        if items:
            exclude = not all(self.document.item(e).excluded for e in items)
            self.document.set_excluded(items, exclude)

    def edit_note(self) -> None:
        if self._pane is None:
            return
        view = self._pane.view
        key = view.cell_key(view.currentIndex())
        if key is not None:
            self._pane.edit_note(*key)
