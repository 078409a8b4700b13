"""One open worksheet in the window: its file, its scores and its undo history.

Views never change the worksheet themselves.  They call the edit methods
here (``set_ratings``, ``delete_hypothesis`` ...), which hand over to the
document's editor (``editor.Editor``, also ``document.edit``); it
pushes one ``QUndoCommand`` from ``commands.py``, and the command calls the
primitive changes of :class:`~app.ui.document.live_worksheet.LiveWorksheet`, which
persist and announce them.  The Document builds no command itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain.model import Evidence, Hypothesis, Rating
from app.ui.document.editor import Editor
from app.ui.document.edits import CellKey
from app.ui.document.explain import explain, explainable_errors
from app.ui.document.live_worksheet import LiveWorksheet

if TYPE_CHECKING:  # launch time: storage loads after the first window paints
    from app.storage.store import WorksheetStore

# The window's modules import these from here; explain.py holds them.
__all__ = ["Document", "TypedText", "explain", "explainable_errors"]


class TypedText(Protocol):
    """The fields the analyst types in (the Details panel), as the Document needs them."""

    def store(self) -> None:
        """Store what is being typed, now."""
        ...

    def unkept(self) -> list[str]:
        """One sentence per field holding text the worksheet cannot keep as it is
        (a date that is not one): saving or closing would leave that text behind."""
        ...

    def show_unkept(self) -> None:
        """Put the keyboard in the first such field, for the analyst to correct it."""
        ...


class _AllFields:
    """The fields of every panel the analyst types in, as one (the Details panel's and
    the Sources panel's): each stores what it holds; the first with unkept text shows it."""

    def __init__(self) -> None:
        self.panels: list[TypedText] = []

    def store(self) -> None:
        for fields in self.panels:
            fields.store()

    def unkept(self) -> list[str]:
        return [sentence for fields in self.panels for sentence in fields.unkept()]

    def show_unkept(self) -> None:
        for fields in self.panels:
            if fields.unkept():
                fields.show_unkept()
                return


class Document(LiveWorksheet):
    """The window's handle on one open worksheet."""

    def __init__(
        self, file: WorksheetStore, *, unweighted: bool = False, parent: QObject | None = None
    ):
        super().__init__(file, unweighted=unweighted, parent=parent)
        self.edit = Editor(self)
        # Why it is read-only, for the window's bar ("bea@ws12 has it open since …").
        self.read_only_reason = ""
        self.undo_stack = QUndoStack(self)
        self._modified_at_open = file.is_modified
        self._drafts_pending: set[int] = set()  # id() of each panel holding typed text
        self._was_modified = self.is_modified
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        # Text typed in a field and not stored yet (drafts.py): the panel that
        # holds it stores it when asked; until then it counts as unsaved.
        self._typed = _AllFields()
        self._typing: bool = False  # the edit being pushed is typed text (merges)
        self.open_typing: QUndoCommand | None = None  # the command typed text merges into
        self.merged = False  # the last push merged into open_typing

    @property
    def is_modified(self) -> bool:
        return self._modified_at_open or bool(self._drafts_pending) or not self.undo_stack.isClean()

    # -- text being typed (drafts.py) ------------------------------------------

    @property
    def typed_text(self) -> TypedText:
        """The fields of every panel the analyst types in (:meth:`add_typed_text`)."""
        return self._typed

    def add_typed_text(self, fields: TypedText) -> None:
        """A panel with fields the analyst types in: stored before every edit, save and close."""
        self._typed.panels.append(fields)

    def set_draft_pending(self, pending: bool, panel: object = None) -> None:
        """A field of ``panel`` holds typed text not stored yet: the title shows it,
        closing asks (while any panel holds some)."""
        if pending:
            self._drafts_pending.add(id(panel))
        else:
            self._drafts_pending.discard(id(panel))
        self._emit_modified()

    def flush_drafts(self) -> None:
        """Store the text being typed before anything else happens to the worksheet."""
        self.typed_text.store()

    @contextlib.contextmanager
    def typing(self) -> Iterator[None]:
        """Edits pushed inside are typed text: consecutive ones of one field merge."""
        self._typing = True
        try:
            yield
        finally:
            self._typing = False

    @property
    def is_typing(self) -> bool:
        """The edit being pushed is typed text (inside :meth:`typing`)."""
        return self._typing

    def end_typing(self) -> None:
        """The analyst left the field: the next text typed there is a new undo step."""
        self.open_typing = None

    def undo(self) -> None:
        self.flush_drafts()
        self.end_typing()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush_drafts()
        self.end_typing()
        self.undo_stack.redo()

    def display_name(self) -> str:
        if self.address is not None:
            return self.address.name
        return self.worksheet.title or "Untitled worksheet"

    def _on_clean_changed(self, _clean: bool) -> None:
        self._emit_modified()

    def undo_failed(self, reason: str) -> None:
        """The storage refused an undo: the model was put back, the stack was not.

        The stack has already stepped back, so it no longer describes what is
        on screen and in the working copy; a redo could apply an edit twice.
        The history is dropped (after this undo returns: a stack cannot be
        cleared from inside its own undo) and the worksheet counts as modified
        until saved, so closing still asks.
        """
        self._modified_at_open = True
        QTimer.singleShot(0, self.undo_stack.clear)
        self.failed.emit(f"{reason} The undo history was cleared; nothing on screen was lost.")
        self._emit_modified()

    def _emit_modified(self) -> None:
        now = self.is_modified
        if now != self._was_modified:
            self._was_modified = now
            self.modified_changed.emit(now)

    # -- file ------------------------------------------------------------

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        """Save (or save as); storage errors propagate to the caller."""
        self.flush_drafts()
        self.end_typing()
        was_read_only = self.read_only
        self.file.save(path, overwrite=overwrite)
        self._modified_at_open = False
        self.undo_stack.setClean()
        self._emit_modified()
        if was_read_only and not self.read_only:
            self.read_only_reason = ""
        self.read_only_changed.emit(self.read_only)  # and where it can be saved may have changed

    def close(self) -> None:
        self._typed = _AllFields()  # typed text not stored by now was discarded
        self.closed = True
        self.undo_stack.clear()
        self.file.close()

    # -- edits: views call these; the editor builds and pushes the commands --

    def push(self, command: QUndoCommand) -> bool:
        return self.edit.push(command)

    def set_ratings(self, keys: Iterable[CellKey], rating: Rating | None) -> None:
        self.edit.set_ratings(keys, rating)

    def set_note(self, evidence_id: str, hypothesis_id: str, note: str) -> None:
        self.edit.set_note(evidence_id, hypothesis_id, note)

    def set_item_fields(self, evidence_id: str, **fields: Any) -> None:
        self.edit.set_item_fields(evidence_id, **fields)

    def set_excluded(self, evidence_ids: Iterable[str], excluded: bool) -> None:
        self.edit.set_excluded(evidence_ids, excluded)

    def set_hypothesis_fields(self, hypothesis_id: str, **fields: Any) -> None:
        self.edit.set_hypothesis_fields(hypothesis_id, **fields)

    def set_meta(self, **fields: Any) -> None:
        self.edit.set_meta(**fields)

    def set_milestone_fields(self, milestone_id: str, **fields: Any) -> None:
        self.edit.set_milestone_fields(milestone_id, **fields)

    def set_source_fields(self, source_id: str, **fields: Any) -> None:
        self.edit.set_source_fields(source_id, **fields)

    def add_item(self, evidence: Evidence | None = None, index: int | None = None) -> str:
        return self.edit.add_item(evidence, index)

    def duplicate_item(self, evidence_id: str) -> str:
        return self.edit.duplicate_item(evidence_id)

    def delete_items(self, evidence_ids: Iterable[str]) -> None:
        self.edit.delete_items(evidence_ids)

    def move_item(self, evidence_id: str, to_index: int) -> None:
        self.edit.move_item(evidence_id, to_index)

    def add_hypothesis(self, hypothesis: Hypothesis | None = None, index: int | None = None) -> str:
        return self.edit.add_hypothesis(hypothesis, index)

    def duplicate_hypothesis(self, hypothesis_id: str) -> str:
        return self.edit.duplicate_hypothesis(hypothesis_id)

    def delete_hypothesis(self, hypothesis_id: str) -> None:
        self.edit.delete_hypothesis(hypothesis_id)

    def move_hypothesis(self, hypothesis_id: str, to_index: int) -> None:
        self.edit.move_hypothesis(hypothesis_id, to_index)

    def add_milestone(self, hypothesis_id: str | None, text: str = "New milestone") -> str:
        return self.edit.add_milestone(hypothesis_id, text)

    def delete_milestone(self, milestone_id: str) -> None:
        self.edit.delete_milestone(milestone_id)
