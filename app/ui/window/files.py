"""The file commands of the main window: open, recent, save, save as, close, export, drop.

A controller composed into ``MainWindow``: it sees the window through
:class:`~app.ui.window.parts.WindowParts` and tells it what happened by its
signals.  Every question goes through the window's ``prompts`` and every
explainable failure becomes one sentence in a message box.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu, QProgressDialog

from app.interchange import registry
from app.storage.address import FileAddress
from app.storage.errors import ChangedOnDiskError
from app.storage.names import prefix, shown
from app.ui.dialogs.file_prompts import Choice
from app.ui.document.document import explain, explainable_errors
from app.ui.window.parts import WindowController
from app.ui.window.settings import documents_folder

if TYPE_CHECKING:
    from app.ui.document.document import Document


class _ExportCancelled(Exception):
    """The analyst pressed Cancel in the progress dialog."""


_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')  # on any of the three systems
STEM_LIMIT = 100
"""Bytes of a suggested name: room for a suffix, a copy's " (2)" and the save's temporary name."""


def file_stem(title: str) -> str:
    """A file name (without suffix) for a worksheet called ``title``, as the analyst wrote it.

    Characters no file system takes become spaces; the rest (accents,
    Hangul, brackets, commas) stay.  Cut at a character boundary.
    """
    text = prefix(" ".join(_NOT_IN_FILE_NAMES.sub(" ", title).split()), STEM_LIMIT)
    return text.strip(" .") or "worksheet"


def suggested_stem(document: Document) -> str:
    """The name a new file of this worksheet is offered under (without suffix)."""
    if document.address is not None:
        return document.address.stem
    return file_stem(document.worksheet.title)


class FileCommands(WindowController):
    message = Signal(str, int)
    """A passing message for the status bar, and how long it shows (ms)."""
    saved = Signal()
    """The worksheet was saved (perhaps under a new name: the title follows)."""
    closed = Signal()
    """The analyst closed the worksheet; the window shows nothing open now."""
    open_requested = Signal(object)
    """An Address: the analyst chose a worksheet to open (File › Open, a recent one, a drop)."""

    def open_dialog(self) -> None:
        path = self.prompts.open_path(self._parent(), self.settings.last_folder())
        if path is not None:
            self.open_requested.emit(FileAddress.of(path))

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for address in self.settings.recent_files():
            act = menu.addAction(shown(address.name).replace("&", "&&"))
            act.setToolTip(shown(str(address), None))
            act.triggered.connect(lambda _=False, a=address: self.open_requested.emit(a))
        if menu.isEmpty():
            menu.addAction("No recent worksheets").setEnabled(False)

    def save(self) -> bool:
        return self._unkept_left_behind(closing=False) and self._save()

    def save_as(self, *, as_copy: bool = False) -> bool:
        """Save under a new name; ``as_copy`` when the file itself is someone else's now."""
        return self._unkept_left_behind(closing=False) and self._save_as(as_copy=as_copy)

    def _unkept_left_behind(self, *, closing: bool) -> bool:
        """True when no field holds text that saving or closing would leave behind, or
        the analyst chose to go on without it; otherwise the field gets the keyboard."""
        typed = self.document.typed_text
        typed.store()  # what can be kept is kept; what is left is what cannot
        sentences = typed.unkept()
        if not sentences:
            return True
        if self.prompts.unkept_text(self._parent(), sentences, closing=closing) is Choice.CANCEL:
            typed.show_unkept()
            return False
        return True

    def _save(self) -> bool:
        if self.document.address is None or self.document.read_only:
            return self._save_as()
        if not self.document.is_modified and not self.document.file.changed_on_disk():
            # The file is already this version: leave it be.  (Gone or changed on
            # disk, it is saved, or the analyst is asked, as for any save.)
            self.message.emit("No changes to save.", 4000)
            return True
        return self._save_to(None)

    def _save_as(self, *, as_copy: bool = False) -> bool:
        doc = self.document
        stem = suggested_stem(self.document)
        if as_copy or (doc.read_only and doc.address is not None):
            stem = file_stem(stem) + " (my copy)"  # the open name is taken: certain to be refused
        folder = self.settings.last_folder()
        if doc.folder_refuses_files:  # the bar says: Save As to another place
            folder = documents_folder()
        suggested = str(Path(folder) / f"{stem}.achw")
        path = self.prompts.save_path(self._parent(), suggested)
        if path is None:
            return False
        # The file dialog asked about replacing another file; choosing the open
        # file itself must still go through the changed-on-disk check.
        return self._save_to(path)

    def _save_to(self, path: Path | None, *, overwrite: bool = False) -> bool:

        try:
            try:
                self.document.save(path, overwrite=overwrite)
            except ChangedOnDiskError:
                choice = self.prompts.changed_on_disk(
                    self._parent(), self.document.display_name(), self._disk_details()
                )
                while choice is Choice.COMPARE:  # look, then decide
                    self._compare_with_disk()
                    choice = self.prompts.changed_on_disk(
                        self._parent(), self.document.display_name(), self._disk_details()
                    )
                if choice is Choice.OVERWRITE:
                    self.document.save(path, overwrite=True)
                elif choice is Choice.COPY:
                    return self._save_as(as_copy=True)
                else:
                    return False
        except explainable_errors() as exc:
            self.prompts.error(self._parent(), explain(exc, "The worksheet could not be saved"))
            return False
        if self.document.address is not None:
            self.settings.add_recent(self.document.address)
        self.saved.emit()
        self.message.emit(f"Saved {self.document.display_name()}", 4000)
        return True

    def _compare_with_disk(self) -> None:
        # lazy: SQLAlchemy and the loader load after the first paint (test_launch)
        from app.domain.compare import differences
        from app.storage.stores import read_stored

        name = self.document.display_name()
        address = self.document.address
        if address is None:  # only a worksheet kept somewhere can have changed there
            return
        try:
            theirs = read_stored(address)
        except explainable_errors() as exc:
            doing = f"The version of “{name}” on disk cannot be read"
            self.prompts.error(self._parent(), explain(exc, doing))
            return
        self.prompts.show_differences(
            self._parent(), name, differences(self.document.worksheet, theirs)
        )

    def _disk_details(self) -> str:
        import datetime

        path = self.document.path
        if path is None:
            return ""
        try:
            mtime = datetime.datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            return ""
        return f"The file on disk was last changed {mtime:%Y-%m-%d %H:%M:%S}."

    def maybe_save(self) -> bool:
        """True when it is safe to let go of this worksheet."""
        if not self._unkept_left_behind(closing=True):
            return False
        if not self.document.is_modified:
            return True
        choice = self.prompts.unsaved_changes(self._parent(), self.document.display_name())
        if choice is Choice.SAVE:
            return self._save()
        return choice is Choice.DISCARD

    def close_document(self) -> None:
        """Close the worksheet; the window stays, with the welcome page."""
        if not self.maybe_save():
            return
        self.document.undo_stack.clear()
        self.closed.emit()

    def export_pdf(self) -> None:
        """Render the brief (reportlab is imported only now) with a progress dialog."""
        path = self.prompts.save_path(
            self._parent(),
            str(Path(self.settings.last_folder()) / f"{suggested_stem(self.document)}.pdf"),
            pdf=True,
        )
        if path is None:
            return
        try:
            from app.report.render import render_brief  # lazy: reportlab only for a brief
        except ImportError:
            self.prompts.error(self._parent(), "PDF export is not available in this installation.")
            return
        progress = QProgressDialog("Writing the brief…", "Cancel", 0, 0, self._parent())
        progress.setWindowTitle("Export Brief")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise _ExportCancelled

        try:
            result = render_brief(
                copy.deepcopy(self.document.worksheet),
                unweighted=self.document.scoreboard.unweighted,
                progress=report,
            )
            from app.storage.local.files import write_bytes_atomically  # lazy: launch time

            write_bytes_atomically(path, result.pdf)  # a failed export leaves no half PDF
        except _ExportCancelled:
            return
        except explainable_errors() as exc:
            self.prompts.error(
                self._parent(), explain(exc, f"The brief could not be written to “{path.name}”")
            )
            return
        finally:
            progress.close()
            progress.deleteLater()
        if result.warning:
            self.prompts.error(self._parent(), result.warning)
        if self.prompts.offer_open(self._parent(), path) is Choice.OPEN:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- drag and drop --------------------------------------------------------------------

    def accept_drag(self, event: QDragEnterEvent) -> None:
        if _dropped_worksheets(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def open_dropped(self, event: QDropEvent) -> None:
        paths = _dropped_worksheets(event)
        for path in paths:
            self.open_requested.emit(FileAddress.of(path))
        if paths:
            event.acceptProposedAction()


def _dropped_worksheets(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    endings = tuple(s for f in registry.opened() for s in f.suffixes)
    return [
        Path(u.toLocalFile())
        for u in mime.urls()
        if u.isLocalFile() and u.toLocalFile().lower().endswith(endings)
    ]
