"""File › Import… and File › Export as JSON…/CSV… of the main window.

A controller composed into ``MainWindow``, as the file commands are
(:mod:`app.ui.window.files`): it sees the window through ``WindowParts`` and
tells it what happened by its signals.

* Import: the format is the registry's choice (app/interchange/registry.py),
  as on the command line.  A JSON worksheet opens as a new worksheet in a window of its
  own.  A CSV evidence list, while a worksheet is open and editable, is
  offered to that worksheet: its items are added at the end in one
  undoable step (an item whose id the worksheet has is left out); or it
  becomes a new untitled worksheet holding those items (hypotheses are
  added afterwards), as it does from the welcome page.  A new worksheet is
  untitled until the analyst saves it.  A file the storage refuses is one sentence naming the
  place (``dprk.json: evidence[3].credibility: "hgih" is not low, medium
  or high.``).
* Export: the JSON form (every field, for other tools and for a later
  import) or the matrix as CSV (for a spreadsheet), written by the storage's
  one atomic writer, so the target is at every instant the old file or the
  new one.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication

from app.domain.import_items import added_sentence, new_items
from app.interchange.format import Format, SeveralParts
from app.interchange.registry import by_name, importable, lists, sniff, whole_worksheets
from app.storage.limits import count
from app.storage.local.special_files import read_whole
from app.ui.dialogs import busy
from app.ui.dialogs.file_prompts import Choice
from app.ui.document.document import explain, explainable_errors
from app.ui.window.files import suggested_stem
from app.ui.window.parts import WindowController

if TYPE_CHECKING:
    from app.domain.model import Evidence, Worksheet


class InterchangeCommands(WindowController):
    message = Signal(str, int)
    """A passing message for the status bar, and how long it shows (ms)."""
    opened = Signal(object, str)
    """A new worksheet made from an imported file (a Document) and the message for its window."""
    items_added = Signal(str)
    """Items of an evidence list joined the open worksheet; the first one's id."""

    def import_dialog(self) -> object:
        path = self.prompts.import_path(self._parent(), self.settings.last_folder())
        return None if path is None else self.import_path(path)

    def import_path(self, path: Path) -> object:
        """Read a JSON worksheet or a CSV evidence list into a new untitled worksheet.

        A large file is read, and its worksheet made, on a worker thread behind
        a dialog with Cancel (app/ui/dialogs/busy.py): the window keeps painting.
        """
        size = _size(path)
        read = self._read_import(path, size)
        if read is None:
            return None
        worksheet, evidence_list = read
        if evidence_list and self._can_add_items():
            choice = self.prompts.import_into(
                self._parent(), path.name, len(worksheet.evidence), self.document.display_name()
            )
            if choice is Choice.CANCEL:
                return None
            if choice is Choice.ADD:
                return self._add_imported_items(path, worksheet.evidence)
        # lazy: SQLAlchemy and the writer load after the first paint (test_launch)
        from app.storage.achw.worksheet_file import WorksheetFile

        try:
            file = busy.run(
                self._parent(),
                f"Making a worksheet of “{path.name}”…",
                lambda: WorksheetFile.create(worksheet),
                size=size,
                discard=WorksheetFile.close,
            )
        except busy.Cancelled:
            self.message.emit(f"The import of {path.name} was cancelled.", 6000)
            return None
        except explainable_errors() as exc:
            self.prompts.error(
                self._parent(), explain(exc, f"Could not start a worksheet from “{path.name}”")
            )
            return None
        self.opened.emit(self.window.workbench.make_document(file), f"Imported {path.name}")
        return file

    def import_into_dialog(self) -> object:
        """File › Import into This Worksheet…: an evidence list's items (CSV or Excel) at
        the end of the open worksheet, as one step of Undo, without asking again."""
        if not self._can_add_items():
            return None
        path = self.prompts.list_path(self._parent(), self.settings.last_folder())
        if path is None:
            return None
        read = self._read_import(path, _size(path), among=lists())
        if read is None:
            return None
        worksheet, evidence_list = read
        if not evidence_list:
            matrix = count(len(worksheet.hypotheses), "hypothesis", "hypotheses")
            self.prompts.error(
                self._parent(),
                f"“{path.name}” holds a matrix of {matrix}, not an evidence list, so nothing "
                "was added; File › Import… opens it as a worksheet of its own.",
            )
            return None
        return self._add_imported_items(path, worksheet.evidence)

    def _can_add_items(self) -> bool:
        return not self.window.welcome_shown() and not self.document.read_only

    def _add_imported_items(self, path: Path, items: list[Evidence]) -> bool:
        """The list's items at the end of the open worksheet, as one step of Undo."""

        doc = self.document
        fresh, already = new_items(doc.worksheet, items)
        if fresh:
            # On the window's thread (the views follow each item): a busy cursor
            # for the second or two that tens of thousands of items take.
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                doc.edit.add_items(fresh, f"Import {path.name}")
            finally:
                QApplication.restoreOverrideCursor()
            if not doc.has_item(fresh[0].id):
                return False  # the disk refused them; the Document said so
            self.items_added.emit(fresh[0].id)
        text = added_sentence(len(fresh), already, path.name, doc.display_name())
        self.message.emit(text, 10000)
        return True

    def _read_import(
        self, path: Path, size: int, among: list[Format] | None = None
    ) -> tuple[Worksheet, bool] | None:
        """The worksheet read (a file of a format ``among``, any importable one by
        default), and whether it was an evidence list; None if refused."""
        try:
            data = read_whole(path)  # a named pipe or a device is refused, not waited on
        except OSError as exc:
            from app.storage.local.files import (
                reason,  # lazy: 60 ms of file-system code (launch time)
            )

            self.prompts.error(self._parent(), f"Could not read “{path.name}” ({reason(exc)}).")
            return None
        except explainable_errors() as exc:
            self.prompts.error(self._parent(), explain(exc, f"Could not read “{path.name}”"))
            return None

        reading = f"Reading “{path.name}”…"
        try:
            # The one choice of format the command line makes too (app/interchange/registry.py).
            fmt = sniff(data, path.name, importable() if among is None else among)
            try:
                return busy.run(self._parent(), reading, lambda: _read(fmt, data, path), size=size)
            except SeveralParts as several:  # PARC ACH's matrices: the analyst chooses one
                part = self.prompts.choose_part(self._parent(), path.name, several.parts)
                if part is None:
                    return None
                chosen = functools.partial(_read, fmt, data, path, part)
                return busy.run(self._parent(), reading, chosen, size=size)
        except busy.Cancelled:
            self.message.emit(f"The import of {path.name} was cancelled.", 6000)
            return None
        except explainable_errors() as exc:  # InterchangeError: one sentence with the place
            self.prompts.error(self._parent(), explain(exc, f"Could not import “{path.name}”"))
            return None

    def compare_copies(self) -> object:
        """Colleagues' copies of this worksheet, merged cell by cell (a window of its own)."""
        paths = self.prompts.copies_paths(self._parent(), self.settings.last_folder())
        if not paths:
            return None
        # lazy: comparing copies (statistics, its window) loads when asked for
        from app.domain.consensus import shared_items
        from app.ui.dialogs.consensus_window import ConsensusWindow

        base = self.document.worksheet
        copies = [("Yours", base)]
        for path in paths:
            theirs = self._read_copy(path)
            if theirs is None:
                return None
            if shared_items(base, theirs) == 0:
                self.prompts.error(
                    self._parent(),
                    f"“{path.name}” is not a copy of this worksheet: none of its hypotheses "
                    "or items are this worksheet's (copies are matched by identity, not by "
                    "wording), so it was left out.",
                )
                return None
            who = f"{path.name} ({theirs.analyst})" if theirs.analyst else path.name
            copies.append((who, theirs))
        window = ConsensusWindow(self._parent(), copies)
        window.show()
        return window

    def _read_copy(self, path: Path) -> Worksheet | None:
        """A colleague's copy: a worksheet file, or a worksheet exported as JSON."""
        try:
            data = read_whole(path)
            fmt = sniff(data, path.name, whole_worksheets())
            if fmt.native:
                from app.storage.achw.worksheet_file import read_worksheet  # lazy, as above

                return read_worksheet(path)
            return fmt.read(data, source=path.name, title=path.stem)
        except explainable_errors() as exc:
            self.prompts.error(self._parent(), explain(exc, f"Could not read “{path.name}”"))
            return None

    def export_json(self) -> bool:
        return self._export("json")

    def export_csv(self) -> bool:
        return self._export("csv")

    def export_xlsx(self) -> bool:
        return self._export("xlsx")

    def _export(self, name: str) -> bool:

        fmt = by_name(name)
        assert fmt.writer is not None
        suggested = str(
            Path(self.settings.last_folder()) / f"{suggested_stem(self.document)}{fmt.suffixes[0]}"
        )
        path = self.prompts.save_path(self._parent(), suggested, kind=name)
        if path is None:
            return False
        from app.storage.local.files import write_bytes_atomically  # lazy, as reason() above

        unweighted = self.document.scoreboard.unweighted
        try:
            write_bytes_atomically(path, fmt.writer(self.document.worksheet, unweighted=unweighted))
        except explainable_errors() as exc:  # OSError; a named pipe that nobody reads
            self.prompts.error(self._parent(), explain(exc, f"Could not export “{path.name}”"))
            return False
        self.message.emit(f"Exported {path.name}", 6000)
        return True


def _read(fmt: Format, data: bytes, path: Path, part: int | None = None) -> tuple[Worksheet, bool]:
    """The worksheet in ``data`` (part number ``part`` of several), and whether it was
    an evidence list (which can join the open worksheet)."""
    ws = fmt.read(data, source=path.name, title=path.stem, part=part)
    return ws, fmt.gave_list(ws)


def _size(path: Path) -> int:
    """The file's size in bytes, to decide whether reading it is long work; 0 if unknown
    (reading it then says what is wrong)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0
