"""Where a worksheet is kept, as the program names it: an :data:`Address`.

The Document, the window, the recent list and the command line name a
worksheet by its address, and :mod:`app.storage.stores` opens the store
that understands it: a worksheet file's (an ``.achw`` path) or a team
server's worksheet (``postgresql://…#ID``,
:class:`~app.storage.team.connection.ServerAddress`).

An address is written as text in the recent list and on the command line
(:func:`parse_address` reads it back); the text of a file's address is its
path, so the settings of earlier versions stay readable.

Light on purpose: the welcome page's recent list uses it before the
storage layer is loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.storage.errors import WorksheetError
from app.storage.names import shown
from app.storage.team.connection import (
    ServerAddress as ServerAddress,
)  # light: psycopg loads at a connection

# How a database URI begins (libpq's two spellings): the team server's addresses.
_SERVER_URI = re.compile(r"postgres(ql)?://", re.IGNORECASE)


@dataclass(frozen=True)
class FileAddress:
    """A worksheet file on this machine or a mounted drive."""

    path: Path

    @classmethod
    def of(cls, path: Path | str) -> FileAddress:
        """The address of ``path``, made absolute (links resolved where they lead somewhere)."""
        try:
            return cls(Path(path).expanduser().resolve())
        except (RuntimeError, OSError):  # a link that leads round in a circle; "~nobody"
            return cls(Path(os.path.abspath(path)))

    def canonical(self) -> FileAddress:
        """The one address of this worksheet however it was written (relative, through links)."""
        return FileAddress.of(self.path)

    @property
    def name(self) -> str:
        """What the analyst calls it: the file's name."""
        return self.path.name

    @property
    def stem(self) -> str:
        """A name for files made from it (a copy, a brief): the file's name without suffix."""
        return self.path.stem

    @property
    def place(self) -> str:
        """Where it is, to tell two of the same name apart: the file's folder."""
        return self.path.parent.name or str(self.path.parent)

    def __str__(self) -> str:
        return str(self.path)


Address = FileAddress | ServerAddress
"""Every kind of address."""


def parse_address(text: str) -> Address:
    """The address written as ``text`` (a file's path), from the command line or the settings.

    Nothing is looked up (a recent file on a drive that is gone costs
    nothing here).  Raises ``WorksheetError`` for an address this version has
    no store for.
    """
    server = _SERVER_URI.match(text)
    if server:  # not quoted whole: a server's address may carry a password
        raise WorksheetError(
            f"“{shown(server.group(0))}…” is a team server's address; the window of this "
            "version opens worksheet files (.achw) only (the command line's team, rate, "
            "score and export commands take it)."
        )
    return FileAddress(Path(text))


def file_of(address: Address | None) -> Path | None:
    """The worksheet file behind ``address``, if it is a file's."""
    return address.path if isinstance(address, FileAddress) else None
