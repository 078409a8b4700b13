"""What every worksheet file holds besides its tables, and what a working copy holds.

Both the reader (:mod:`app.storage.achw.loader`, plain ``sqlite3``) and the
writer (:mod:`app.storage.achw.rows`, SQLAlchemy) need these.  Keeping them here
lets a worksheet open without importing SQLAlchemy: the window shows the
file first and loads the writer in the background (see ``app/ui/main.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app import __version__
from app.domain.model import Worksheet

APPLICATION_ID = int.from_bytes(b"ACHW", "big")
"""``PRAGMA application_id`` of every worksheet file (0x41434857)."""

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database, so of every worksheet file."""

SAVED_BY = f"ACH Workbench {__version__}"
"""What the ``saved_by`` column says about this program."""


@dataclass
class Stored:
    """What the working copy holds, as far as commit() needs to know: ids and order."""

    hyp_order: list[str] = field(default_factory=list)
    hyp_pos: dict[str, int] = field(default_factory=dict)
    ev_order: list[str] = field(default_factory=list)
    ev_pos: dict[str, int] = field(default_factory=dict)
    ms_order: list[str] = field(default_factory=list)
    ms_pos: dict[str, int] = field(default_factory=dict)
    ms_hyp: dict[str, str | None] = field(default_factory=dict)
    src_order: list[str] = field(default_factory=list)
    src_pos: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, ws: Worksheet) -> Stored:
        """The state after writing ``ws`` with :func:`insert_all`."""
        return cls(
            hyp_order=[h.id for h in ws.hypotheses],
            hyp_pos={h.id: i for i, h in enumerate(ws.hypotheses)},
            ev_order=[e.id for e in ws.evidence],
            ev_pos={e.id: i for i, e in enumerate(ws.evidence)},
            ms_order=[m.id for m in ws.milestones],
            ms_pos={m.id: i for i, m in enumerate(ws.milestones)},
            ms_hyp={m.id: m.hypothesis_id for m in ws.milestones},
            src_order=[s.id for s in ws.sources],
            src_pos={s.id: i for i, s in enumerate(ws.sources)},
        )
