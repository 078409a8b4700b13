"""The store for an address: which kind of store keeps the worksheet an address names.

The one place that turns an :data:`~app.storage.address.Address` into a
:class:`~app.storage.store.WorksheetStore` (the window, the command line's
``import --into``) or into a worksheet read once (the command line's
``score``, ``export``).  The team server's worksheet is the second case in each.
"""

from __future__ import annotations

from app.domain.model import Worksheet
from app.storage.achw.oneshot import read_worksheet
from app.storage.achw.worksheet_file import WorksheetFile
from app.storage.address import Address, FileAddress, ServerAddress
from app.storage.store import WorksheetStore


def open_store(
    address: Address, *, read_only: bool = False, break_lock: bool = False
) -> WorksheetStore:
    """Open the worksheet at ``address`` for editing (or only reading).

    Raises ``WorksheetLockedError`` when someone else has it open (unless
    ``read_only`` or ``break_lock``), and the other ``WorksheetError``
    subclasses when it may not be read.
    """
    match address:
        case FileAddress(path=path):
            return WorksheetFile.open(path, read_only=read_only, break_lock=break_lock)
        case ServerAddress():
            from app.storage.team.store import TeamStore  # psycopg, SQLAlchemy: only for a server

            return TeamStore.open(address, read_only=read_only)


def read_stored(address: Address) -> Worksheet:
    """The worksheet at ``address``, validated as :func:`open_store` would, and let go."""
    match address:
        case FileAddress(path=path):
            return read_worksheet(path)
        case ServerAddress():
            from app.storage.team.worksheets import read_team_worksheet

            return read_team_worksheet(address)
