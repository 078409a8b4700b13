"""Every question the window asks about files, in one replaceable object.

The window never builds a message box itself: it asks a ``Prompts``.  Tests
give the window a subclass with scripted answers, so no modal dialog is ever
left blocking a test run; the real one below uses QMessageBox and
QFileDialog with the buttons the analyst sees.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QInputDialog, QMessageBox, QWidget

# The registry and its built-in formats only: their readers load when a file is read.
from app.interchange import registry
from app.interchange.registry import Format
from app.storage.names import shown
from app.ui.dialogs.compare import CompareDialog

PDF_FILTER = "PDF documents (*.pdf)"  # the brief: a report, not an interchange format
SOURCE_FILTER = ";;".join(  # what a source may be read from (app/interchange/source_documents.py)
    [
        "Source documents (*.html *.htm *.pdf *.txt)",
        "Saved web pages (*.html *.htm)",
        "PDF documents (*.pdf)",
        "Text files (*.txt)",
        "All files (*)",
    ]
)
# kind of file to save -> dialog caption (the filter and suffix are the registry's)
SAVE_CAPTIONS = {
    "achw": "Save Worksheet As",
    "pdf": "Export Brief as PDF",
    "json": "Export as JSON",
    "csv": "Export Matrix as CSV",
    "xlsx": "Export as Excel Workbook",
}


def _together(formats: list[Format]) -> str:
    """One filter entry for several formats: ``A and B (*.a *.b)``."""
    titles = registry.listed([f.title for f in formats], "and")
    return f"{titles} ({' '.join(f.patterns() for f in formats)})"


def _all_then_each(formats: list[Format]) -> str:
    """The formats together (when there are several), then each on its own, in order."""
    entries = [_together(formats)] if len(formats) > 1 else []
    return ";;".join([*entries, *(f.filter() for f in formats)])


def open_filter() -> str:
    """``ACH worksheets and PARC ACH projects (*.achw *.achz)``, then each on its own."""
    return _all_then_each(registry.opened())


def copies_filter() -> str:
    """``ACH worksheets and JSON worksheets (*.achw *.json)``: whatever holds a whole worksheet."""
    return _together(registry.whole_worksheets())


def import_filter() -> str:
    """Every importable format together, then each on its own (the registry's, in its order)."""
    return _all_then_each(registry.importable())


def list_filter() -> str:
    """``CSV evidence lists and Excel workbooks (*.csv *.xlsx)``, then each on its own."""
    return _all_then_each(registry.lists())


def save_kind(kind: str) -> tuple[str, str, str]:
    """(dialog caption, filter, suffix) to save a file of ``kind``."""
    if kind == "pdf":
        return SAVE_CAPTIONS[kind], PDF_FILTER, ".pdf"
    fmt = registry.by_name(kind)
    caption = SAVE_CAPTIONS.get(kind) or f"Export as {fmt.name.upper()}"
    return caption, fmt.filter(export=True), fmt.suffixes[0]


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    READ_ONLY = "read-only"
    COPY = "copy"
    OVERWRITE = "overwrite"
    RECOVER = "recover"
    LATER = "later"
    OPEN = "open"
    COMPARE = "compare"
    TAKE_OVER = "take-over"
    ADD = "add"
    NEW = "new"
    REMOVE = "remove"


_Btn = QMessageBox.StandardButton
_LONG_RUN = re.compile(r"\S{40,}")
_ZWSP = "\u200b"


MESSAGE_CHARS = 2000
"""The most characters of one message the window shows (as the command line)."""


def readable(text: str) -> str:
    """``text`` as a message box shows it: each of its lines cleaned of control and
    bidi characters (file names and names read from files are in messages), at most
    :data:`MESSAGE_CHARS` characters, with places to break in very long runs."""
    lines = "\n".join(shown(line, limit=None) for line in text.split("\n"))
    if len(lines) > MESSAGE_CHARS:
        lines = lines[: MESSAGE_CHARS - 1] + "\u2026"
    return wrappable(lines)


def wrappable(text: str) -> str:
    """``text`` with places to break inside very long unbroken runs (a 250-byte file name).

    A message box wraps only at spaces, so such a name would run off its edge
    and hide its end; a zero-width space every 30 characters lets it wrap.
    """

    def split(match: re.Match[str]) -> str:
        run = match.group(0)
        return _ZWSP.join(run[i : i + 30] for i in range(0, len(run), 30))

    return _LONG_RUN.sub(split, text)


_Role = QMessageBox.ButtonRole


class Prompts:
    """Real dialogs.  Each method returns a Choice or a path (None = cancelled)."""

    def _ask(
        self,
        parent: QWidget | None,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        info: str,
        buttons: list[tuple[str, _Role, Choice]],
        default: Choice,
        escape: Choice = Choice.CANCEL,
    ) -> Choice:
        box = QMessageBox(icon, title, readable(text), QMessageBox.StandardButton.NoButton, parent)
        box.setInformativeText(readable(info))
        found: dict[QAbstractButton, Choice] = {}
        for label, role, choice in buttons:
            button = box.addButton(label, role)
            found[button] = choice
            if choice is default:
                box.setDefaultButton(button)
            if choice is escape:
                box.setEscapeButton(button)
        box.exec()
        clicked = box.clickedButton()  # None when closed without a button
        return escape if clicked is None else found.get(clicked, escape)

    def unsaved_changes(self, parent: QWidget | None, name: str) -> Choice:
        name = shown(name)
        return self._ask(
            parent,
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"Save the changes to “{name}” before closing?",
            "If you don't save, your changes since the last save will be lost.",
            [
                ("&Save", _Role.AcceptRole, Choice.SAVE),
                ("&Don't Save", _Role.DestructiveRole, Choice.DISCARD),
                ("Cancel", _Role.RejectRole, Choice.CANCEL),
            ],
            Choice.SAVE,
        )

    def unkept_text(self, parent: QWidget | None, sentences: list[str], *, closing: bool) -> Choice:
        """A field holds text the worksheet cannot keep (a date that is not one).

        SAVE (or DISCARD, when ``closing``) goes on without it; CANCEL, the
        default, goes back to the field to correct it.
        """
        if closing:
            go_on = ("C&lose Anyway", _Role.DestructiveRole, Choice.DISCARD)
            info = "If you close now, what the field holds is lost."
        else:
            go_on = ("&Save Anyway", _Role.AcceptRole, Choice.SAVE)
            info = "If you save now, the file keeps what the worksheet holds instead."
        return self._ask(
            parent,
            QMessageBox.Icon.Warning,
            "Text not kept",
            "\n".join(sentences),
            info,
            [go_on, ("C&orrect It", _Role.RejectRole, Choice.CANCEL)],
            Choice.CANCEL,
        )

    def locked(
        self, parent: QWidget | None, name: str, owner: str, since: str, *, here: bool = False
    ) -> Choice:
        """``here``: the holder is this user on this computer (another ACH Workbench, alive)."""
        name, owner, since = shown(name), shown(owner), shown(since)
        when = f" since {since}" if since else ""
        buttons = [
            ("Open &Read-Only", _Role.AcceptRole, Choice.READ_ONLY),
            ("Open a &Copy", _Role.AcceptRole, Choice.COPY),
        ]
        if here:  # alive and ours: nothing to take over, only to switch to
            text = f"“{name}” is open in another ACH Workbench of yours on this computer{when}."
            info = "Switch to that window to work on it; or open it read-only, or a copy."
        else:
            text = f"“{name}” is open by {owner or 'someone else'}{when}."
            info = (
                "You can open it read-only, or open a copy of your own to work on.\n\n"
                "Take it over only if you are sure nobody is working on it (it was left "
                "open on a computer that crashed, for example): if someone is, one of you "
                "will lose work when the other saves."
            )
            buttons.append(("&Take Over", _Role.DestructiveRole, Choice.TAKE_OVER))
        buttons.append(("Cancel", _Role.RejectRole, Choice.CANCEL))
        return self._ask(
            parent,
            QMessageBox.Icon.Information,
            "Worksheet in use",
            text,
            info,
            buttons,
            Choice.READ_ONLY,
        )

    def changed_on_disk(self, parent: QWidget | None, name: str, details: str) -> Choice:
        name = shown(name)
        return self._ask(
            parent,
            QMessageBox.Icon.Warning,
            "Changed by someone else",
            f"“{name}” was changed on disk after you opened it.",
            "Saving over it would replace those changes with yours.\n\n" + details,
            [
                ("Save as a &Copy…", _Role.AcceptRole, Choice.COPY),
                ("Co&mpare…", _Role.ActionRole, Choice.COMPARE),
                ("&Overwrite", _Role.DestructiveRole, Choice.OVERWRITE),
                ("Cancel", _Role.RejectRole, Choice.CANCEL),
            ],
            Choice.COPY,
        )

    def show_differences(self, parent: QWidget | None, name: str, found: list[Any]) -> None:
        """The differences between the analyst's version and the file on disk (a dialog)."""

        CompareDialog(parent, name, found).exec()

    def recover(self, parent: QWidget | None, title: str, modified: str, where: str) -> Choice:
        """``where``: the file the work belongs to ("w.achw in /home/bea"), or ""."""
        title, where = shown(title), shown(where, limit=None)
        what = f"“{title}”" if title else "an untitled worksheet"
        place = f"\n\nFile: {where}" if where else "\n\nIt was never saved to a file."
        return self._ask(
            parent,
            QMessageBox.Icon.Question,
            "Recover unsaved work",
            f"ACH Workbench found unsaved work on {what} (last change {modified}).",
            "The program was closed before this work was saved. Recover it now?" + place,
            [
                ("&Recover", _Role.AcceptRole, Choice.RECOVER),
                ("&Discard", _Role.DestructiveRole, Choice.DISCARD),
                ("Ask &Later", _Role.RejectRole, Choice.LATER),
            ],
            Choice.RECOVER,
            escape=Choice.LATER,
        )

    def recover_locked(self, parent: QWidget | None, name: str, owner: str, since: str) -> Choice:
        """Unsaved work whose file someone else has open now: recover it as a copy, or later."""
        name, owner, since = shown(name), shown(owner), shown(since)
        when = f" since {since}" if since else ""
        return self._ask(
            parent,
            QMessageBox.Icon.Question,
            "Recover unsaved work",
            f"“{name}” is open by {owner or 'someone else'}{when}, so your unsaved work "
            "cannot go back into it now.",
            "Recover it as an untitled copy (save it under a name of its own, then compare "
            "or merge), or ask again when the file is free.",
            [
                ("Recover as a &Copy", _Role.AcceptRole, Choice.COPY),
                ("Ask &Later", _Role.RejectRole, Choice.LATER),
            ],
            Choice.COPY,
            escape=Choice.LATER,
        )

    def offer_open(self, parent: QWidget | None, path: Path) -> Choice:
        return self._ask(
            parent,
            QMessageBox.Icon.Information,
            "Brief exported",
            f"The brief was saved as “{shown(path.name)}”.",
            shown(str(path.parent), limit=None),
            [
                ("&Open It", _Role.AcceptRole, Choice.OPEN),
                ("Close", _Role.RejectRole, Choice.CANCEL),
            ],
            Choice.OPEN,
        )

    def import_into(self, parent: QWidget | None, source: str, count: int, name: str) -> Choice:
        """A CSV evidence list while a worksheet is open: add its items to it, or start anew."""
        source, name = shown(source), shown(name)
        items = "1 evidence item" if count == 1 else f"{count} evidence items"
        return self._ask(
            parent,
            QMessageBox.Icon.Question,
            "Import evidence list",
            f"Add the {items} of “{source}” to “{name}”?",
            "They go at the end of its evidence, unrated; Undo takes them all out again. "
            "Or start a new worksheet holding only them.",
            [
                ("&Add to This Worksheet", _Role.AcceptRole, Choice.ADD),
                ("&New Worksheet", _Role.AcceptRole, Choice.NEW),
                ("Cancel", _Role.RejectRole, Choice.CANCEL),
            ],
            Choice.ADD,
        )

    def choose_part(self, parent: QWidget | None, source: str, parts: list[str]) -> int | None:
        """Which of a file's several worksheets (PARC ACH matrices) to import: 1-based, or None."""
        choices = [shown(part) for part in parts]
        chosen, ok = QInputDialog.getItem(
            parent,
            "Choose a Matrix",
            f"“{shown(source)}” holds {len(parts)} matrices. Import which one?",
            choices,
            0,
            False,
        )
        return choices.index(chosen) + 1 if ok and chosen in choices else None

    def remove_source(self, parent: QWidget | None, title: str, items: int) -> Choice:
        """A source that ``items`` evidence items cite: remove it and their citations of it?"""
        cite = "1 evidence item cites it" if items == 1 else f"{items} evidence items cite it"
        return self._ask(
            parent,
            QMessageBox.Icon.Question,
            "Remove source",
            f"Remove the source “{shown(title)}”? {cite}.",
            "Their citations of it are removed with it (the items stay); Undo brings "
            "the source and the citations back.",
            [
                ("&Remove Source and Citations", _Role.DestructiveRole, Choice.REMOVE),
                ("Cancel", _Role.RejectRole, Choice.CANCEL),
            ],
            Choice.CANCEL,
        )

    def source_path(self, parent: QWidget | None, folder: str) -> Path | None:
        """A document to add as a source: a saved web page, a PDF or a text file."""
        name, _ = QFileDialog.getOpenFileName(parent, "Add Source from File", folder, SOURCE_FILTER)
        return Path(name) if name else None

    def pasted_text(self, parent: QWidget | None) -> str | None:
        """Text the analyst pastes to keep as a source (None: cancelled)."""
        text, ok = QInputDialog.getMultiLineText(
            parent,
            "Add Source from Pasted Text",
            "Paste the text of the source (its first line becomes its title):",
        )
        return text if ok else None

    def error(self, parent: QWidget | None, text: str) -> None:
        # One sentence: a line break in it can only have come from a name.
        QMessageBox.warning(parent, "ACH Workbench", readable(shown(text, limit=None)))

    def open_path(self, parent: QWidget | None, folder: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Open Worksheet", folder, open_filter())
        return Path(name) if name else None

    def copies_paths(self, parent: QWidget | None, folder: str) -> list[Path]:
        """Colleagues' copies of the worksheet (one or more files; none = cancelled)."""
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Colleagues' Copies of This Worksheet", folder, copies_filter()
        )
        return [Path(name) for name in names]

    def import_path(self, parent: QWidget | None, folder: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import", folder, import_filter())
        return Path(name) if name else None

    def list_path(self, parent: QWidget | None, folder: str) -> Path | None:
        """An evidence list to add to the open worksheet."""
        name, _ = QFileDialog.getOpenFileName(
            parent, "Import into This Worksheet", folder, list_filter()
        )
        return Path(name) if name else None

    def save_path(
        self, parent: QWidget | None, suggested: str, *, pdf: bool = False, kind: str = "achw"
    ) -> Path | None:
        """Where to save a worksheet (or, with ``kind``, an export); the suffix is added."""
        caption, filter_, suffix = save_kind("pdf" if pdf else kind)
        name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filter_)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
