"""Every preference the window keeps, declared once with its default.

Stored with QSettings (organisation and application "ACH Workbench");
folders come from platformdirs, never hand-built per OS.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from app.storage.address import Address, file_of, parse_address
from app.storage.errors import WorksheetError

MAX_RECENT = 10


@dataclass(frozen=True)
class Key:
    name: str
    default: Any


GEOMETRY = Key("window/geometry", QByteArray())
WINDOW_STATE = Key("window/state", QByteArray())
RECENT_FILES = Key("files/recent", [])
LAST_FOLDER = Key("files/last_folder", "")
UNWEIGHTED = Key("view/unweighted", False)
HIDE_SCORES = Key("view/hide_scores", False)
SHUFFLE_COLUMNS = Key("view/shuffle_columns", False)
SHOW_ITEM_MEASURES = Key("view/show_credibility_relevance", True)


def _names(text: str, address: Address) -> bool:
    """Whether ``text``, an address as the settings keep it, names ``address``."""
    try:
        return parse_address(text) == address
    except WorksheetError:
        return False


class Settings:
    """Typed access to QSettings; pass a QSettings of your own in tests."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else QSettings()

    def get(self, key: Key) -> Any:
        value = self.store.value(key.name, key.default)
        d = key.default
        if isinstance(d, bool):
            return value in (True, "true", "1", 1)
        if isinstance(d, list):
            if value is None or value == "":
                return []
            return [str(v) for v in value] if isinstance(value, list) else [str(value)]
        if isinstance(d, QByteArray):
            return value if isinstance(value, QByteArray) else QByteArray()
        return type(d)(value) if value is not None else d

    def set(self, key: Key, value: Any) -> None:
        self.store.setValue(key.name, value)

    # -- recent files ------------------------------------------------------------

    def recent_files(self) -> list[Address]:
        """The worksheets opened or saved last, newest first (unreadable entries left out)."""
        recent = []
        for text in self.get(RECENT_FILES):
            with contextlib.suppress(WorksheetError):  # a kind of address this version lacks
                recent.append(parse_address(text))
        return recent

    def add_recent(self, address: Address) -> None:
        kept = [str(address)] + [t for t in self.get(RECENT_FILES) if not _names(t, address)]
        self.set(RECENT_FILES, kept[:MAX_RECENT])
        folder = file_of(address)
        if folder is not None:
            self.set(LAST_FOLDER, str(folder.parent))

    def forget_recent(self, address: Address) -> None:
        self.set(RECENT_FILES, [t for t in self.get(RECENT_FILES) if not _names(t, address)])

    def last_folder(self) -> str:
        """The folder the analyst last used, else their documents folder.

        Never the program's own folders: after the analyst opened the shipped
        sample, a save would otherwise offer to put their work among the
        program's files (which an update replaces, and which may not be theirs).
        """
        folder = self.get(LAST_FOLDER)
        if folder and Path(folder).is_dir() and not is_program_folder(Path(folder)):
            return str(folder)
        return documents_folder()


def documents_folder() -> str:
    """The analyst's documents folder, or their home folder where it does not exist.

    A stock Debian without xdg-user-dirs has no ~/Documents; a file dialog given
    a folder that does not exist opens in the current one, which is the program's
    own folder when it is started from its checkout (``make run``).
    """
    import platformdirs  # lazy: only when a file dialog is about to open

    documents = Path(platformdirs.user_documents_dir())
    return str(documents if documents.is_dir() else Path.home())


def is_program_folder(folder: Path) -> bool:
    """Whether ``folder`` is in the program's installation or its shipped resources."""
    import sys

    import app
    from app.resources import resources_dir

    own = [resources_dir(), Path(app.__file__).parent]
    if getattr(sys, "frozen", False):  # a bundled program: everything beside the executable
        own.append(Path(sys.executable).parent)
    try:
        here = folder.resolve()
        return any(here.is_relative_to(p.resolve()) for p in own)
    except OSError:
        return False
