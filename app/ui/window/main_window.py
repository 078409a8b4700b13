"""The main window: one worksheet, its matrix, its panels, its menus.

Composed, not mixed: the file commands (:mod:`app.ui.window.files`), import
and export (:mod:`app.ui.window.interchange`), the commands on the selection
(:mod:`app.ui.window.selection`) and the central pages
(:mod:`app.ui.window.pages`) are controllers that see the window through
:class:`~app.ui.window.parts.WindowParts` and answer by signals; the
panels beside the matrix are the classes in ``PANELS``
(:class:`~app.ui.panels.panel.Panel`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.storage.address import Address
from app.storage.errors import WorksheetError
from app.storage.names import shown
from app.ui.document.document import Document
from app.ui.matrix.pane import MatrixPane
from app.ui.panels.details import DetailsPanel
from app.ui.panels.sensitivity import SensitivityPanel
from app.ui.panels.sources import SourcesPanel
from app.ui.panels.welcome import NothingOpen
from app.ui.window.actions import MENUS, ActionId, build_actions, redo_keys, undo_actions, undo_keys
from app.ui.window.files import FileCommands
from app.ui.window.interchange import InterchangeCommands
from app.ui.window.pages import WindowPages
from app.ui.window.selection import SelectionCommands
from app.ui.window.settings import (
    GEOMETRY,
    HIDE_SCORES,
    SHOW_ITEM_MEASURES,
    SHUFFLE_COLUMNS,
    UNWEIGHTED,
    WINDOW_STATE,
    Key,
)
from app.ui.window.source_commands import SourceCommands
from app.ui.window.status_bar import StatusBar, worksheet_counts

P = TypeVar("P", bound="Panel")

if TYPE_CHECKING:
    from app.ui.dialogs.file_prompts import Prompts
    from app.ui.dialogs.help_window import HelpWindow
    from app.ui.panels.panel import Panel
    from app.ui.window.settings import Settings
    from app.ui.window.workbench import Workbench

A = ActionId
APP_NAME = "ACH Workbench"
_WORKSHEET_COMMANDS = frozenset(  # besides the Edit menu: nothing to act on on the welcome page
    {
        A.SAVE,
        A.SAVE_AS,
        A.EXPORT_PDF,
        A.EXPORT_JSON,
        A.EXPORT_CSV,
        A.EXPORT_XLSX,
        A.COMPARE_COPIES,
        A.CLOSE,
        A.FOCUS_MATRIX,
        A.FOCUS_FILTER,
    }
)
_EDITING_COMMANDS = frozenset({A.IMPORT_INTO})  # besides the Edit menu: they change the worksheet
PANELS: tuple[type[Panel], ...] = (DetailsPanel, SensitivityPanel, SourcesPanel)
"""The panels docked beside the matrix, in their tab order: a new panel is one more class."""
_SEPARATE_AFTER = frozenset(
    {
        A.IMPORT_INTO,
        A.SAVE_AS,
        A.COMPARE_COPIES,
        A.RECOVER,
        A.TOGGLE_EXCLUDED,
        A.MOVE_HYPOTHESIS_RIGHT,
        A.EDIT_NOTE,
    }
)


class MainWindow(QMainWindow):
    def __init__(self, workbench: Workbench, document: Document):
        super().__init__()
        self._workbench = workbench
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.actions_by_id = build_actions(self)
        self.panels: dict[type[Panel], Panel] = {}
        self.docks: dict[type[Panel], QDockWidget] = {}
        for panel_class in PANELS:
            panel = panel_class(self)
            self.panels[panel_class] = panel
            self.docks[panel_class] = self._dock(panel)
        for first, then in itertools.pairwise(PANELS):
            self.tabifyDockWidget(self.docks[first], self.docks[then])
        self.details = self._panel(DetailsPanel)
        self.details.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.sensitivity = self._panel(SensitivityPanel)
        self.sources = self._panel(SourcesPanel)
        self.sources.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.details_dock = self.docks[DetailsPanel]
        self.sensitivity_dock = self.docks[SensitivityPanel]
        self.sources_dock = self.docks[SourcesPanel]
        self.details_dock.raise_()
        self.sensitivity_dock.visibilityChanged.connect(self.sensitivity.set_shown)
        self.files = FileCommands(self)
        self.selection = SelectionCommands(
            self, self.details, self.details_dock, self.actions_by_id
        )
        self.interchange = InterchangeCommands(self)
        self.source_commands = SourceCommands(self)
        self.pages = WindowPages(self, self.actions_by_id, self.settings)
        self._build_menus()
        self._connect_actions()
        self.status = QLabel()
        self.setStatusBar(StatusBar(self))
        self.statusBar().addPermanentWidget(self.status)
        self._connect_controllers()
        self.help_window: HelpWindow | None = None
        self._document: Document = document
        self.pane: MatrixPane | None = None
        self._undo: QAction | None = None
        self._redo: QAction | None = None
        self._closed = False
        self.set_document(document)
        geometry = self.settings.get(GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get(WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)

    # -- what the controllers see (WindowParts) -----------------------------------------

    @property
    def document(self) -> Document:
        return self._document

    @property
    def workbench(self) -> Workbench:
        return self._workbench

    @property
    def settings(self) -> Settings:
        return self._workbench.settings

    @property
    def prompts(self) -> Prompts:
        return self._workbench.prompts

    def dialog_parent(self) -> QWidget:
        return self

    def welcome_shown(self) -> bool:
        return self.pages.welcome_shown()

    def show_welcome(self) -> None:
        self.pages.show_welcome()

    def _panel(self, panel_class: type[P]) -> P:
        panel = self.panels[panel_class]
        assert isinstance(panel, panel_class)
        return panel

    def _connect_controllers(self) -> None:
        for controller in (self.files, self.interchange, self.source_commands):
            controller.message.connect(self.statusBar().showMessage)
        self.files.saved.connect(self.update_title)
        self.files.closed.connect(self._show_nothing_open)
        self.files.open_requested.connect(self._open)
        self.pages.open_requested.connect(self._open)
        self.pages.changed.connect(self._on_page_changed)
        self.interchange.opened.connect(self._show_imported)
        self.interchange.items_added.connect(self._select_item)
        self.selection.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.source_commands.added.connect(self._show_source)
        sources, details = self.sources, self.details
        sources.add_file_requested.connect(
            lambda: self._command(self.source_commands.add_from_file)
        )
        sources.add_pasted_requested.connect(lambda: self._command(self.source_commands.add_pasted))
        sources.remove_requested.connect(
            lambda sid: self._command(lambda: self.source_commands.remove(sid))
        )
        sources.item_added.connect(self.selection.show_added_item)
        details.current_item_changed.connect(sources.set_current_item)
        details.passage_requested.connect(self._show_passage)

    def _show_source(self, source_id: str) -> None:
        """A source just added: in view, the keyboard in its text to select a passage."""
        self.sources_dock.show()
        self.sources_dock.raise_()
        self.sources.show_source(source_id, focus_text=True)

    def _show_passage(self, source_id: str, start: int, end: int) -> None:
        """A citation opened in the Details panel: its passage, in the Sources panel."""
        self.sources_dock.show()
        self.sources_dock.raise_()
        self.sources.show_passage(source_id, start, end)

    def _select_item(self, eid: str) -> None:
        if self.pane is not None:
            self.pane.select_item(eid)

    def _matrix_pane(self) -> MatrixPane:
        """The matrix: there is one from the first document on (set_document)."""
        assert self.pane is not None
        return self.pane

    def _open(self, address: Address) -> None:
        self.workbench.open(address, window=self)

    def _show_nothing_open(self) -> None:
        self.set_document(self.workbench.make_document(NothingOpen()))
        self.show_welcome()

    def _show_imported(self, document: Document, message: str) -> None:
        window = self.workbench.show_document(document, window=self)
        window.statusBar().showMessage(message, 6000)

    def _on_page_changed(self) -> None:
        self.update_title()
        self._update_actions()
        if self.welcome_shown():
            self.status.clear()
        else:
            self._update_status()

    # -- building ------------------------------------------------------------------

    def _dock(self, panel: Panel) -> QDockWidget:
        dock = QDockWidget(panel.dock_title, self)
        dock.setObjectName(panel.dock_name)
        assert isinstance(panel, QWidget)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _edit_meta(self, *_: object) -> None:
        self._bring_details_forward()
        self.details.show_meta()

    def _bring_details_forward(self) -> None:
        """Before the keyboard goes to a field of the details panel: make sure it is seen."""
        self.details_dock.show()
        self.details_dock.raise_()

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        for menu in menus.values():
            # Opening a menu stores what is being typed, so Undo and the rest show
            # what they would act on (and act on it).
            menu.aboutToShow.connect(lambda: self.document.flush_drafts())
        self.menus = menus
        self.recent_menu = menus["File"].addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent_menu(self.recent_menu))
        for aid, act in self.actions_by_id.items():
            menu = menus[aid.value.menu]
            menu.addAction(act)
            if aid in _SEPARATE_AFTER:
                menu.addSeparator()
        # Recent files right after Open
        file_menu = menus["File"]
        file_menu.removeAction(self.recent_menu.menuAction())
        file_menu.insertMenu(self.actions_by_id[A.SAVE], self.recent_menu)
        menus["View"].addSeparator()
        for panel_class, dock in self.docks.items():
            toggle = dock.toggleViewAction()
            toggle.setText(panel_class.menu_text)
            menus["View"].addAction(toggle)

    def _connect_actions(self) -> None:
        acts = self.actions_by_id
        handlers = {
            A.NEW: lambda: self.workbench.new_worksheet(window=self),
            A.NEW_FROM_SAMPLE: lambda: self.workbench.new_worksheet(sample=True, window=self),
            A.OPEN: self.files.open_dialog,
            A.SAVE: self.files.save,
            A.SAVE_AS: self.files.save_as,
            A.EXPORT_PDF: self.files.export_pdf,
            A.IMPORT: self.interchange.import_dialog,
            A.EXPORT_JSON: self.interchange.export_json,
            A.EXPORT_CSV: self.interchange.export_csv,
            A.EXPORT_XLSX: self.interchange.export_xlsx,
            A.IMPORT_INTO: self.interchange.import_into_dialog,
            A.ADD_SOURCE_FILE: self.source_commands.add_from_file,
            A.ADD_SOURCE_PASTED: self.source_commands.add_pasted,
            A.COMPARE_COPIES: self.interchange.compare_copies,
            A.RECOVER: self.recover_unsaved_work,
            A.CLOSE: self.files.close_document,
            A.QUIT: self.workbench.quit,
            **self.selection.handlers(),
            A.FOCUS_MATRIX: lambda: self._matrix_pane().focus_matrix(),
            A.FOCUS_FILTER: lambda: self._matrix_pane().filter_text.setFocus(),
            A.HELP: self.show_help,
            A.KEYBOARD: lambda: self.show_help("keys"),
            A.ABOUT: self.show_about,
        }
        for aid, handler in handlers.items():
            acts[aid].triggered.connect(lambda _=False, h=handler: self._command(h))
        for aid, key in (
            (A.UNWEIGHTED, UNWEIGHTED),
            (A.HIDE_SCORES, HIDE_SCORES),
            (A.SHUFFLE, SHUFFLE_COLUMNS),
            (A.SHOW_ITEM_MEASURES, SHOW_ITEM_MEASURES),
        ):
            acts[aid].setChecked(self.settings.get(key))
            acts[aid].toggled.connect(lambda on, k=key: self._toggle_view(k, on))

    def _command(self, handler: Callable[[], object]) -> None:
        """Every command first stores the text being typed: a shortcut does not take the
        keyboard from the field, so without this Ctrl+S saved the file without it."""
        self.document.flush_drafts()
        handler()

    # -- the document -------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        old = self.document if self.pane is not None else None
        self._document = document
        document.setParent(self)
        document.modified_changed.connect(self.update_title)
        document.meta_changed.connect(self.update_title)
        document.failed.connect(lambda text: self.prompts.error(self, text))
        document.refused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        document.scores_changed.connect(self._update_status)
        document.read_only_changed.connect(self._on_read_only_changed)
        if old is not None:
            old.blockSignals(True)  # the panels follow the new document from here on
        if self.pane is not None:
            self.selection.follow(None)
            self.sensitivity.item_activated.disconnect(self.pane.select_item)
            self.pane.deleteLater()
        self.pane = MatrixPane(document, self)
        self.pane.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.pane.save_as_requested.connect(self.files.save_as)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.question.linkActivated.connect(self._edit_meta)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.question)
        layout.addWidget(self.pane, 1)
        self.pages.set_document_page(central)
        document.meta_changed.connect(self._update_question)
        self.selection.follow(self.pane)
        self.pane.view.extra_actions = [
            self.actions_by_id[a]
            for a in (A.TOGGLE_EXCLUDED, A.DUPLICATE_EVIDENCE, A.DELETE_EVIDENCE)
        ]
        self._install_undo_actions()
        for panel in self.panels.values():
            panel.set_document(document)
        self.sensitivity.item_activated.connect(self.pane.select_item)
        for aid, key in (
            (A.HIDE_SCORES, HIDE_SCORES),
            (A.SHUFFLE, SHUFFLE_COLUMNS),
            (A.SHOW_ITEM_MEASURES, SHOW_ITEM_MEASURES),
            (A.UNWEIGHTED, UNWEIGHTED),
        ):
            self._toggle_view(key, self.actions_by_id[aid].isChecked(), store=False)
        self._update_actions()
        self.update_title()
        self._update_question()
        self._update_status()
        if old is not None:
            old.close()
            old.deleteLater()
        # Ready to rate at once: the first item's first hypothesis, with the keyboard.
        self.pane.view.go_to_first_cell()
        self.pane.focus_matrix()
        QTimer.singleShot(0, self._focus_matrix_if_shown)

    def _focus_matrix_if_shown(self) -> None:
        if self.pane is not None and not self.welcome_shown():
            self.pane.focus_matrix()

    def _install_undo_actions(self) -> None:
        menu = self.menus["Edit"]
        for act in (self._undo, self._redo):
            if act is not None:
                menu.removeAction(act)
                act.deleteLater()
        self._undo, self._redo = undo_actions(self, self.document)
        self._undo.setShortcuts(undo_keys())
        self._redo.setShortcuts(redo_keys())
        first = menu.actions()[0]  # the Edit menu's own commands come after Undo and Redo
        menu.insertAction(first, self._undo)
        menu.insertAction(first, self._redo)
        menu.insertSeparator(first)

    def _update_actions(self) -> None:
        """The worksheet's commands: not on the welcome page, no edits when read-only."""
        welcome = self.welcome_shown()
        editable = not welcome and not self.document.read_only
        for aid in ActionId:
            if aid.value.menu == "Edit" or aid in _EDITING_COMMANDS:
                self.actions_by_id[aid].setEnabled(editable)
            elif aid in _WORKSHEET_COMMANDS:
                self.actions_by_id[aid].setEnabled(not welcome)
        for dock in self.findChildren(QDockWidget):
            dock.toggleViewAction().setEnabled(not welcome)

    def _on_read_only_changed(self, _read_only: bool) -> None:
        """Saved as the analyst's own copy: everything becomes editable."""
        self._update_actions()
        self.update_title()

    def is_pristine(self) -> bool:
        d = self.document
        return d.address is None and not d.is_modified and d.undo_stack.count() == 0

    def update_title(self, *_: object) -> None:
        """The file's name (and its folder where another window shows a namesake), ``*``."""
        if self.welcome_shown():
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        name = shown(self.document.display_name())
        address = self.document.address
        namesakes = [
            w for w in self.workbench.windows
            if w is not self and not w.welcome_shown() and shown(w.document.display_name()) == name
        ]  # fmt: skip
        if address is not None and namesakes:  # two "alpha.achw": say where each is kept
            name = f"{name} ({shown(address.place)})"
        suffix = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{name}[*]{suffix} — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    def _update_question(self) -> None:
        ws = self.document.worksheet
        parts = []
        if ws.classification:
            parts.append(f"<b>{escape(ws.classification)}</b>")
        q = "<i>No question yet: <a href='#meta'>set the question</a> the analysis answers.</i>"
        parts.append(
            f"<span style='font-size:12pt'>{escape(ws.question) if ws.question else q}</span>"
        )
        self.question.setText(" &nbsp; ".join(parts))

    def _update_status(self) -> None:
        self.status.setText(worksheet_counts(self.document.worksheet, self.document.scoreboard))

    # -- current item / hypothesis ---------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._warn_if_changed_on_disk()

    def _warn_if_changed_on_disk(self) -> None:
        """Tell the analyst early; the real choice comes when saving."""
        try:
            changed = self.document.address is not None and self.document.file.changed_on_disk()
        except (ValueError, WorksheetError, OSError):  # explainable, or the file closed meanwhile
            return
        if changed:
            self.statusBar().showMessage(
                f"{self.document.display_name()} was changed on disk by someone else; "
                "saving will ask whether to overwrite it or save a copy.",
                15000,
            )

    def _toggle_view(self, key: Key, on: bool, *, store: bool = True) -> None:
        if store:
            self.settings.set(key, on)
        if self.pane is None:
            return
        if key is UNWEIGHTED:
            self.document.set_unweighted(on)
            self.sensitivity.refresh_soon()
        elif key is HIDE_SCORES:
            self.pane.set_scores_hidden(on)
            self.sensitivity.set_hidden(on)
        elif key is SHUFFLE_COLUMNS:
            if on:
                self.pane.view.shuffle_hypothesis_columns()
            else:
                self.pane.view.unshuffle_hypothesis_columns()
        elif key is SHOW_ITEM_MEASURES:
            self.pane.set_leading_columns_visible(on)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.files.open_dropped(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        self.document.flush_drafts()  # the window's close button, Quit, the session ending
        if not self.files.maybe_save():
            event.ignore()
            return
        self._closed = True
        self.settings.set(GEOMETRY, self.saveGeometry())
        if not self.welcome_shown():  # its put-away docks are not the analyst's layout
            self.settings.set(WINDOW_STATE, self.saveState())
        for panel in self.panels.values():
            panel.stop()
        self.document.close()
        self.workbench.forget(self)
        event.accept()

    # -- help -----------------------------------------------------------------------------

    def show_help(self, topic: str = "steps") -> None:
        from app.ui.dialogs.help_window import HelpWindow  # lazy: the help's text, when first asked

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_topic(topic)

    def recover_unsaved_work(self) -> None:
        """File › Recover Unsaved Work…: what the start offered, asked again."""
        if self.workbench.offer_recovery(self) is None:
            self.statusBar().showMessage("There is no unsaved work to recover.", 6000)

    def show_about(self) -> None:
        from app.ui.dialogs.help_window import AboutDialog  # lazy, as the help

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
