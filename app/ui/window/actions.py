"""Every command of the window, keyed by an Enum and built in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.document.document import Document

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class Spec:
    menu: str
    text: str
    shortcut: SK | str | None = None
    tip: str = ""
    checkable: bool = False


class ActionId(Enum):
    NEW = Spec("File", "&New Worksheet", SK.New, "Start a blank worksheet")
    NEW_FROM_SAMPLE = Spec("File", "New from Sa&mple", None, "Start from the sample worksheet")
    OPEN = Spec("File", "&Open…", SK.Open)
    IMPORT = Spec(
        "File", "&Import…", None, "A JSON worksheet, or a CSV evidence list, as a new worksheet"
    )
    IMPORT_INTO = Spec(
        "File",
        "Import into This &Worksheet…",
        None,
        "Add the items of an evidence list (CSV or Excel) to the open worksheet",
    )
    SAVE = Spec("File", "&Save", SK.Save)
    SAVE_AS = Spec("File", "Save &As…", SK.SaveAs)
    EXPORT_PDF = Spec("File", "&Export Brief as PDF…", "Ctrl+Shift+P")
    EXPORT_JSON = Spec("File", "Export as &JSON…", None, "Every field, for other tools")
    EXPORT_CSV = Spec("File", "Export Matrix as CS&V…", None, "The matrix, for a spreadsheet")
    EXPORT_XLSX = Spec(
        "File",
        "Export as E&xcel Workbook…",
        None,
        "The coloured matrix with its scores, the items' details and the notes",
    )
    COMPARE_COPIES = Spec(
        "File",
        "Compare Colleagues' Ratin&gs…",
        None,
        "Copies of this worksheet rated by others: the consensus and the disagreement per cell",
    )
    RECOVER = Spec(
        "File",
        "Recover &Unsaved Work…",
        None,
        "Work the program could not save before it was closed (after a crash, a power cut)",
    )
    CLOSE = Spec("File", "&Close", SK.Close)
    QUIT = Spec("File", "&Quit", SK.Quit)

    ADD_EVIDENCE = Spec("Edit", "Add &Evidence", "Ctrl+Shift+E", "Add an evidence item")
    DUPLICATE_EVIDENCE = Spec("Edit", "&Duplicate Evidence", "Ctrl+Shift+D")
    DELETE_EVIDENCE = Spec("Edit", "De&lete Evidence", "Ctrl+Shift+Del")
    MOVE_EVIDENCE_UP = Spec("Edit", "Move Evidence U&p", "Alt+Up")
    MOVE_EVIDENCE_DOWN = Spec("Edit", "Move Evidence Do&wn", "Alt+Down")
    TOGGLE_EXCLUDED = Spec(
        "Edit", "E&xclude / Include Evidence", "Ctrl+Shift+X", "Set the item aside, or back"
    )
    ADD_HYPOTHESIS = Spec("Edit", "Add &Hypothesis", "Ctrl+Shift+H")
    DUPLICATE_HYPOTHESIS = Spec("Edit", "Dupli&cate Hypothesis")
    DELETE_HYPOTHESIS = Spec("Edit", "Dele&te Hypothesis")
    MOVE_HYPOTHESIS_LEFT = Spec("Edit", "Move Hypothesis Le&ft", "Alt+Left")
    MOVE_HYPOTHESIS_RIGHT = Spec("Edit", "Move Hypothesis Ri&ght", "Alt+Right")
    EDIT_NOTE = Spec("Edit", "Edit Cell &Note…", None, "Also Enter or F2 on a cell")
    ADD_SOURCE_FILE = Spec(
        "Edit",
        "Add S&ource from File…",
        None,
        "A saved web page, a PDF or a text file, as a source of evidence (the Sources panel)",
    )
    ADD_SOURCE_PASTED = Spec(
        "Edit", "Add Source from P&asted Text…", None, "Text pasted from elsewhere, as a source"
    )

    UNWEIGHTED = Spec(
        "View", "&Unweighted Scores", None, "Rank by the plain inconsistency count", True
    )
    HIDE_SCORES = Spec(
        "View", "&Hide Scores While Rating", "Ctrl+Shift+B", "Rate without seeing the ranking", True
    )
    SHUFFLE = Spec(
        "View",
        "&Shuffle Hypothesis Columns",
        "Ctrl+Shift+U",
        "Show the hypotheses in random order while rating (on screen only)",
        True,
    )
    SHOW_ITEM_MEASURES = Spec(
        "View", "Show &Credibility and Relevance", None, "Columns beside each item", True
    )
    FOCUS_MATRIX = Spec("View", "Go to &Matrix", "Ctrl+M")
    FOCUS_FILTER = Spec("View", "&Filter Evidence", SK.Find)

    HELP = Spec(
        "Help",
        "ACH Workbench &Help",
        SK.HelpContents,
        "The eight steps of ACH, what every score means, the keyboard shortcuts",
    )
    KEYBOARD = Spec("Help", "&Keyboard Shortcuts")
    ABOUT = Spec("Help", "&About ACH Workbench")


MENUS = ("File", "Edit", "View", "Help")


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    actions = {}
    for aid in ActionId:
        spec: Spec = aid.value
        act = QAction(spec.text, parent)
        act.setObjectName(aid.name.lower())
        if spec.shortcut is not None:
            act.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            act.setStatusTip(spec.tip)
            act.setToolTip(spec.tip)
        act.setCheckable(spec.checkable)
        actions[aid] = act
    return actions


def undo_keys() -> list[QKeySequence]:
    """The platform's Undo keys (Ctrl+Z, and wherever it adds others)."""
    return QKeySequence.keyBindings(SK.Undo)


def redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, with both Ctrl+Y and Ctrl+Shift+Z wherever it leaves one out."""
    keys = QKeySequence.keyBindings(SK.Redo)
    for extra in ("Ctrl+Y", "Ctrl+Shift+Z"):
        if QKeySequence(extra) not in keys:
            keys.append(QKeySequence(extra))
    return keys


def shortcut_text(aid: ActionId) -> str:
    """The action's shortcut as the analyst's platform writes it ("Ctrl+N"), or ""."""
    shortcut = aid.value.shortcut
    if shortcut is None:
        return ""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class _StepAction(QAction):
    """Undo or Redo: enabled and named after the step it takes (its slots die with it)."""

    def __init__(self, parent: QWidget, verb: str, can: bool, step: str):
        super().__init__(verb, parent)
        self.verb, self.step = verb, step
        self.set_possible(can)

    def set_possible(self, can: bool) -> None:
        self.setEnabled(can)
        self._name()

    def set_step(self, step: str) -> None:
        self.step = step
        self._name()

    def _name(self) -> None:
        self.setText(f"{self.verb} {self.step}" if self.isEnabled() and self.step else self.verb)


def undo_actions(parent: QWidget, document: Document) -> tuple[QAction, QAction]:
    """Edit › Undo and Redo, named after the step they take back or do again.

    Not ``QUndoStack.createUndoAction``: that one undoes at once, before the
    text being typed in a field is stored, so Undo would take back the step
    before it and the typed text would be stored after, out of order.
    """
    stack = document.undo_stack
    undo = _StepAction(parent, "&Undo", stack.canUndo(), stack.undoText())
    redo = _StepAction(parent, "&Redo", stack.canRedo(), stack.redoText())
    stack.canUndoChanged.connect(undo.set_possible)
    stack.undoTextChanged.connect(undo.set_step)
    stack.canRedoChanged.connect(redo.set_possible)
    stack.redoTextChanged.connect(redo.set_step)
    undo.triggered.connect(document.undo)
    redo.triggered.connect(document.redo)
    return undo, redo
