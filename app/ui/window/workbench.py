"""The open windows and the file decisions that span them (open, new, recover, quit).

One ``Workbench`` per running program, passed to every window (no global
registry).  Each window shows one worksheet; opening a file reuses a window
that holds only an untouched blank worksheet, otherwise a new window opens.
"""

from __future__ import annotations

import copy
import gc
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.domain.model import Worksheet
from app.interchange.registry import opened_by_import
from app.storage.address import Address, FileAddress, file_of
from app.storage.errors import WorksheetError, WorksheetLockedError
from app.ui.dialogs.file_prompts import Choice, Prompts
from app.ui.document.document import Document, explain, explainable_errors
from app.ui.panels.welcome import NothingOpen
from app.ui.window.main_window import MainWindow
from app.ui.window.read_only_bar import lock_reason
from app.ui.window.settings import UNWEIGHTED, Settings

# The storage (SQLAlchemy, the loader) is imported inside the functions that use it: the
# first window paints before it loads (tests/ui/test_launch.py, bench/bench_ui.py).


def _storage() -> Any:
    from app.storage.achw import worksheet_file

    return worksheet_file


def _stores() -> Any:
    from app.storage import stores

    return stores


def _sample() -> Any:
    """The sample worksheet, from the shipped .achw or, in a fresh checkout, its JSON source."""
    from app.resources import resource_path, sample_worksheet

    path = sample_worksheet()
    if path.exists():
        return _storage().read_worksheet(path)
    from app.interchange.json_form import worksheet_from_json

    source = resource_path("sample", "dprk-munitions.json")
    return worksheet_from_json(source.read_bytes(), source=source.name)


class Workbench(QObject):
    def __init__(self, settings: Settings | None = None, prompts: Prompts | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.prompts = prompts or Prompts()
        self.windows: list[MainWindow] = []

    # -- windows ---------------------------------------------------------------

    def make_document(self, file: Any) -> Document:
        return Document(file, unweighted=self.settings.get(UNWEIGHTED))

    def show_document(self, document: Document, window: MainWindow | None = None) -> MainWindow:
        if window is not None and window.is_pristine():
            window.set_document(document)
        else:
            window = MainWindow(self, document)
            self.windows.append(window)
            window.show()
        window.raise_()
        window.activateWindow()
        self.retitle()
        # A worksheet is hundreds of thousands of long-lived objects: keep the
        # cyclic collector from walking them all again in the middle of an edit.
        gc.freeze()
        return window

    def retitle(self) -> None:
        """Window titles name the folder where two windows show files of one name."""
        for window in self.windows:
            window.update_title()

    def forget(self, window: MainWindow) -> None:
        """Called by a window that has closed."""
        if window in self.windows:
            self.windows.remove(window)
            self.retitle()
        # Let the collector see the closed worksheet's objects again; the
        # next window shown freezes whatever is still alive.
        gc.unfreeze()

    def window_for(self, address: Address) -> MainWindow | None:
        """The window that shows the worksheet at ``address``, if one does."""
        wanted = address.canonical()
        for w in self.windows:
            a = w.document.address
            if a is not None and a.canonical() == wanted:
                return w
        return None

    # -- new, open, recover -------------------------------------------------------------

    def show_start_page(self) -> MainWindow:
        """A window with the welcome page and nothing open (no storage needed yet)."""
        window = self.show_document(self.make_document(NothingOpen()))
        window.show_welcome()
        return window

    def new_worksheet(self, *, sample: bool = False, window: MainWindow | None = None) -> Any:
        wf = _storage()
        parent = window
        try:
            if sample:
                file = wf.WorksheetFile.create(_sample())
            else:
                file = wf.WorksheetFile.create(Worksheet())  # empty, so not "modified"
        except explainable_errors() as exc:
            self.prompts.error(parent, explain(exc, "Could not start a worksheet"))
            return None
        return self.show_document(self.make_document(file), window)

    def open_path(self, path: Path | str, *, window: MainWindow | None = None) -> Any:
        """Open the worksheet file ``path`` (see :meth:`open`)."""
        return self.open(FileAddress.of(path), window=window)

    def open(self, address: Address, *, window: MainWindow | None = None) -> Any:
        """Open the worksheet at ``address`` in ``window`` (or a new one); its window, or None.

        A worksheet open already has its window brought forward instead.
        """
        path = file_of(address)
        if path is not None and opened_by_import(path.name) is not None:
            return self._import_on_open(path, window)
        already = self.window_for(address)
        if already is not None:
            already.raise_()
            already.activateWindow()
            return already
        opened = self._open_file(address, window)
        if opened is None:
            return None
        file, read_only_reason = opened
        if file.address is not None:
            self.settings.add_recent(file.address)
        document = self.make_document(file)
        document.read_only_reason = read_only_reason
        return self.show_document(document, window)

    def _import_on_open(self, path: Path, window: MainWindow | None) -> MainWindow:
        """Another program's worksheet, opened or dropped: imported as a new untitled one.

        Returns the window that shows it, or (refused, cancelled) the window
        that was asked to open it, which shows the start page if it was new.
        """
        host = window if window is not None else self.show_start_page()
        shown_before = list(self.windows)
        if host.interchange.import_path(path) is None:
            return host
        new = [w for w in self.windows if w not in shown_before]
        return new[-1] if new else host

    def _open_file(self, address: Address, parent: QWidget | None) -> tuple[Any, str] | None:
        """The open file and, if it is open read-only, why (for the window's bar)."""
        stores, name = _stores(), address.name
        try:
            try:
                return stores.open_store(address), ""
            except WorksheetLockedError as exc:
                when = _local_time(getattr(exc, "since", ""))
                owner = str(getattr(exc, "owner", ""))
                here = bool(getattr(exc, "here", False))
                choice = self.prompts.locked(parent, name, owner, when, here=here)
                if choice is Choice.READ_ONLY:
                    return stores.open_store(address, read_only=True), lock_reason(owner, when)
                if choice is Choice.TAKE_OVER:
                    return stores.open_store(address, break_lock=True), ""
                if choice is Choice.COPY:
                    original = stores.open_store(address, read_only=True)
                    ws = copy.deepcopy(original.worksheet)
                    original.close()
                    ws.title = f"Copy of {ws.title or address.stem}"
                    return _storage().WorksheetFile.create(ws), ""
                return None
        except explainable_errors() as exc:
            path = file_of(address)
            if path is not None and (
                isinstance(exc, FileNotFoundError) or not os.path.lexists(path)
            ):
                wanted = address.canonical()
                known = any(a.canonical() == wanted for a in self.settings.recent_files())
                self.settings.forget_recent(address)
                gone = "no longer exists" if known else "does not exist"
                where = (file_of(wanted) or path).parent
                self.prompts.error(parent, f"“{name}” {gone} (in {where}).")
            else:
                self.prompts.error(parent, explain(exc, f"Could not open “{name}”"))
            return None

    def offer_recovery(self, parent: QWidget | None = None) -> int | None:
        """Ask about each crashed session's unsaved work; returns how many were recovered.

        ``None`` when there was nothing to offer.  Work on a file that is
        open here unchanged (opened again after the crash) is recovered
        into that file's window.
        """
        try:
            from app.storage.local import recovery  # lazy: launch time (see the top)

            sessions = recovery.recoverable_sessions()
        except (ImportError, WorksheetError, OSError):  # the explainable errors, or no storage
            return 0
        if not sessions:
            return None
        recovered = 0
        for session in sessions:
            when = _local_time(getattr(session, "modified", ""))
            original = session.original
            where = f"{original.name} in {original.parent}" if original is not None else ""
            choice = self.prompts.recover(parent, session.title, when, where)
            try:
                if choice is Choice.RECOVER:
                    window = self._window_to_recover_into(original, parent)
                    if window is False:
                        continue
                    file = self._recover_or_copy(recovery, session, parent)
                    if file is None:
                        continue
                    self.show_document(self.make_document(file), window)
                    recovered += 1
                elif choice is Choice.DISCARD:
                    recovery.discard(session)
            except explainable_errors() as exc:
                self.prompts.error(parent, explain(exc, "The unsaved work could not be recovered"))
        return recovered

    def _recover_or_copy(self, recovery: Any, session: Any, parent: Any) -> Any:
        """The recovered file; as an untitled copy if someone else has the original now."""

        try:
            return recovery.recover(session)
        except WorksheetLockedError as exc:
            name = session.original.name if session.original is not None else ""
            since = _local_time(getattr(exc, "since", ""))
            choice = self.prompts.recover_locked(parent, name, str(exc.owner), since)
            if choice is Choice.COPY:
                return recovery.recover_as_copy(session)
            return None

    def _window_to_recover_into(self, original: Path | None, parent: Any) -> Any:
        """The window recovered work goes to (None: a new one); False if it cannot go now."""
        holder = self.window_for(FileAddress.of(original)) if original is not None else None
        if original is None or holder is None:
            return parent if parent in self.windows else None
        if holder.document.is_modified:
            self.prompts.error(
                holder,
                f"“{original.name}” is open here with changes of its own. Save or close it, "
                "then choose File › Recover Unsaved Work… to get the earlier work back.",
            )
            return False
        # Opened again from disk after the crash: the recovered work replaces that view.
        holder.files.close_document()
        return holder

    def quit(self) -> bool:
        """Close every window, asking about unsaved changes; False if the analyst cancelled."""
        return all(window.close() for window in list(self.windows))


def _local_time(moment: object) -> str:
    """A moment (a lock taken, a last edit) on this computer's clock, to the minute.

    A lock keeps its writer's clock, which may be another computer's.
    """
    if hasattr(moment, "astimezone"):
        return str(moment.astimezone().strftime("%Y-%m-%d %H:%M"))
    return str(moment)
