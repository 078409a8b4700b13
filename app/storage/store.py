"""What the window needs of wherever a worksheet is kept: the ``WorksheetStore`` protocol.

The ``.achw`` file (:class:`~app.storage.achw.worksheet_file.WorksheetFile`)
is one store; the empty worksheet of a window showing only its welcome page
(``app.ui.panels.welcome.NothingOpen``) is another; a team server's worksheet will
be the next.  The window's ``Document`` uses a store through these members
only, and names it by its :attr:`~WorksheetStore.address`;
:mod:`app.storage.stores` opens the store for an address.

The Document edits :attr:`~WorksheetStore.worksheet` in place and then
hands the store a :class:`~app.storage.changes.Change` naming what it
touched.  A store whose worksheet can also be changed from elsewhere
(another analyst, another window) applies such a change to the same model
in place -- an item that stays is the same object, a new one is inserted
at its place, a deleted one is taken out -- and then calls every listener
given to :meth:`~WorksheetStore.subscribe` with the ``Change`` it applied.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # launch time: the welcome page's store is read before storage loads
    from app.domain.model import Worksheet
    from app.storage.address import Address
    from app.storage.changes import Change

Listener = Callable[["Change"], None]
"""Called with a change the store applied to its worksheet from outside."""


class WorksheetStore(Protocol):
    @property
    def worksheet(self) -> Worksheet:
        """The model the Document shows and edits."""

    @property
    def address(self) -> Address | None:
        """Where it is kept; ``None`` for a worksheet that has no place yet (untitled)."""

    @property
    def read_only(self) -> bool:
        """Edits are refused: :meth:`commit` raises, :meth:`save` keeps only a copy elsewhere."""

    @property
    def is_modified(self) -> bool:
        """It holds edits not yet saved to :attr:`path` (say, recovered after a crash)."""

    @property
    def folder_refuses_files(self) -> bool:
        """Editable, but its place takes no new file: saving there would fail too."""

    def commit(self, change: Change, /) -> None:
        """Keep what ``change`` names of :attr:`worksheet`, as one transaction.

        Raises ``WorksheetError`` (a sentence for the analyst) or ``OSError``
        when it cannot; nothing of the change is kept then.
        """

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        """Save in place, or to ``path`` ("save as")."""

    def changed_on_disk(self) -> bool:
        """Someone else changed :attr:`path` since it was opened or last saved."""

    def close(self) -> None:
        """Let go of it; edits not saved are dropped."""

    def subscribe(self, listener: Listener, /) -> None:
        """Call ``listener`` with each change applied to :attr:`worksheet` from outside."""
