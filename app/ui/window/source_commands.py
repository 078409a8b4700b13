"""Adding and removing the worksheet's sources: Edit › Add Source from File… and the rest.

A controller of the main window (see :mod:`app.ui.window.parts`), as the import
commands are: it asks through the window's ``Prompts``, reads the document with
the same safe reader as every import (a named pipe or a device is refused, not
waited on), and tells the window by its signals.  A document that cannot or must
not be read is one sentence naming the file, in a message box; the edit itself
is one step of Undo (``document.edit``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from app.storage.local.special_files import read_regular
from app.ui.dialogs import busy
from app.ui.dialogs.file_prompts import Choice
from app.ui.document.document import explain, explainable_errors
from app.ui.window.parts import WindowController

if TYPE_CHECKING:
    from app.interchange.document_text import Document as SourceDocument


class SourceCommands(WindowController):
    message = Signal(str, int)
    """A passing message for the status bar, and how long it shows (ms)."""
    added = Signal(str)
    """A source joined the worksheet (its id): the Sources panel shows it."""

    def _can_edit(self) -> bool:
        return not self.window.welcome_shown() and not self.document.read_only

    def add_from_file(self) -> str | None:
        if not self._can_edit():
            return None
        path = self.prompts.source_path(self._parent(), self.settings.last_folder())
        return None if path is None else self.add_from_path(path)

    def add_from_path(self, path: Path) -> str | None:
        """The document at ``path`` as the worksheet's last source; its id, or None."""
        # lazy: the readers (trafilatura, pypdf) load when a source is first read
        from app.interchange.document_text import MAX_SOURCE_BYTES
        from app.interchange.source_documents import read_document

        try:
            # One byte more than a source may be: read_document refuses it by its size.
            data = read_regular(path, MAX_SOURCE_BYTES + 1)
        except explainable_errors() as exc:  # OSError; a named pipe, a device, a folder
            self.prompts.error(self._parent(), explain(exc, f"Could not read “{path.name}”"))
            return None
        document = self._read(path.name, lambda: read_document(data, name=path.name), len(data))
        if document is None:
            return None
        return self._add(document, f"Added the source {path.name}.")

    def add_pasted(self) -> str | None:
        if not self._can_edit():
            return None
        text = self.prompts.pasted_text(self._parent())
        if text is None:
            return None
        from app.interchange.source_documents import pasted_document  # lazy, as above

        document = self._read("pasted text", lambda: pasted_document(text), len(text))
        if document is None:
            return None
        return self._add(document, "Added the pasted text as a source.")

    def _read(
        self, name: str, read: Callable[[], SourceDocument], size: int
    ) -> SourceDocument | None:
        """``read()``, behind a dialog with Cancel when the document is large (a PDF of
        many pages takes seconds); a refusal is one sentence in a message box."""
        try:
            found = busy.run(self._parent(), f"Reading “{name}”…", read, size=size)
        except busy.Cancelled:
            self.message.emit(f"Reading {name} was cancelled.", 6000)
            return None
        except explainable_errors() as exc:  # InterchangeError: one sentence naming the file
            self.prompts.error(self._parent(), explain(exc, f"Could not read “{name}”"))
            return None
        return found

    def _add(self, document: SourceDocument, done: str) -> str | None:
        from app.interchange.source_documents import source_of  # lazy, as above

        source_id = self.document.edit.add_source(source_of(document))
        if source_id is None:
            return None  # refused (a limit, the disk): the Document said so
        self.added.emit(source_id)
        self.message.emit(done, 6000)
        return source_id

    def remove(self, source_id: str) -> bool:
        """The source and its citations, as one step; asked first when items cite it."""
        doc = self.document
        if not self._can_edit() or not doc.has_source(source_id):
            return False
        citing = len(doc.citing_items(source_id))
        title = doc.worksheet.source(source_id).title
        if (
            citing
            and self.prompts.remove_source(self._parent(), title, citing) is not Choice.REMOVE
        ):
            return False
        doc.edit.remove_source(source_id)
        return not doc.has_source(source_id)
