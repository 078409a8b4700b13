"""A worksheet on a team server, as the window edits it: the ``TeamStore``.

It is a :class:`~app.storage.store.WorksheetStore`: the window shows and
edits its :attr:`~TeamStore.worksheet` exactly as a file's.  The worksheet
holds *this analyst's* ratings and notes; the hypotheses, evidence and the
worksheet's own fields are the team's.

Each edit is one transaction on the server.  An edit of a field that someone
else changed since this window last read it is refused (the row's
``version`` is compared in the ``UPDATE``): the analyst is told in one
sentence, and :meth:`TeamStore.refresh` then shows the current value.
Nothing is overwritten silently.  What the server lets each role do is the
server's business (grants, row-level security); this store only asks first
so that a refusal is a sentence, not a surprise.

:meth:`TeamStore.refresh` reads the worksheet again and applies what changed
to the same model in place (:func:`~app.storage.follow.follow`), then tells
the listeners.  It is called on the window's thread, when the server's
notification (:mod:`app.storage.team.listen`) or a refused edit says so.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.model import Evidence, Hypothesis
from app.storage.changes import Change
from app.storage.errors import ReadOnlyError, one_line
from app.storage.follow import follow
from app.storage.json_size import SizeGuard, growth
from app.storage.team.connection import ServerAddress, TeamServerError, engine, shown_server
from app.storage.team.schema import (
    evidence_table,
    hypotheses_table,
    ratings_table,
    worksheets_table,
)
from app.storage.team.worksheets import TeamRead, Versions, read_for_editing, refusal

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from app.storage.store import Listener, WorksheetStore


class TeamConflictError(TeamServerError):
    """Someone else changed (or deleted) what this edit changes, since it was read."""


class _Conflict(Exception):
    def __init__(self, sentence: str) -> None:
        self.sentence = sentence


class TeamStore:
    """A team worksheet opened for editing (or only reading) in a window."""

    is_modified = False  # every edit is on the server once commit returns
    folder_refuses_files = False

    def __init__(self, address: ServerAddress, read: TeamRead, *, read_only: bool) -> None:
        self._address = address
        self._read = read
        self._versions = read.versions
        self.read_only = read_only or not read.may_edit
        self.worksheet = read.worksheet
        self.analyst = read.analyst
        self._positions = _positions(read.worksheet.hypotheses), _positions(read.worksheet.evidence)
        self._listeners: list[Listener] = []
        self._size = SizeGuard()
        self._engine = engine(address.conninfo, keep=True)
        self._wake: Callable[[], None] | None = None
        self._closed = False

    @classmethod
    def open(cls, address: ServerAddress, *, read_only: bool = False) -> TeamStore:
        """Read the worksheet at ``address``; ``TeamServerError`` (one sentence) if it may not."""
        return cls(address, read_for_editing(address), read_only=read_only)

    @property
    def address(self) -> ServerAddress:
        return self._address

    @property
    def server(self) -> str:
        """The server as the analyst calls it ("team on db.example.org")."""
        return shown_server(self._address.conninfo)

    @property
    def may_delete(self) -> bool:
        return self._read.may_delete and not self.read_only

    # ------------------------------------------------------------------ editing

    def commit(self, change: Change, /) -> None:
        """Send what ``change`` names of :attr:`worksheet` to the server, as one transaction."""
        self._check_open()
        if self.read_only:
            raise ReadOnlyError(
                f"The team server {self.server} lets {self.analyst} only read this worksheet; "
                "Save a Copy As to keep changes in a file."
            )
        if change.is_empty():
            return
        ws = self.worksheet
        self._refuse_what_the_server_keeps_not(change)
        self._size.admit(
            ws,
            lambda: growth(
                ws,
                meta=change.meta,
                hypotheses=change.hypotheses,
                evidence=change.evidence,
                cells=change.cells,
                milestones=change.milestones,
            ),
            lambda problem: TeamServerError(
                f"The edit was not kept: the team worksheet would grow too large ({problem})."
            ),
        )
        if (change.deleted_hypotheses or change.deleted_evidence) and not self.may_delete:
            raise TeamServerError(
                f"Only a lead may delete hypotheses and evidence on the team server "
                f"{self.server}; nothing was deleted."
            )
        from sqlalchemy.exc import DBAPIError

        try:
            with self._engine.begin() as conn:
                versions = self._send(conn, change)
        except _Conflict as conflict:
            self._ask_refresh()
            raise TeamConflictError(conflict.sentence) from None
        except DBAPIError as exc:
            raise TeamServerError(refusal(exc, self._address.conninfo, "keep the edit")) from None
        self._versions = versions
        self._positions = _positions(ws.hypotheses), _positions(ws.evidence)
        for key in [
            k
            for k in ws.cells
            if k[0] in change.deleted_evidence or k[1] in change.deleted_hypotheses
        ]:
            del ws.cells[key]

    def _refuse_what_the_server_keeps_not(self, change: Change) -> None:
        cited = any(self.worksheet.item(e).citations for e in change.evidence)
        if (
            change.milestones
            or change.deleted_milestones
            or change.sources
            or change.deleted_sources
            or cited
        ):
            raise TeamServerError(
                "The team server does not keep sources, citations or milestones in this "
                "version; Save a Copy As a worksheet file to use them."
            )

    def _send(self, conn: Connection, change: Change) -> Versions:
        """The statements of ``change``; the rows' versions after them.  Raises ``_Conflict``."""
        from sqlalchemy import delete, insert, update
        from sqlalchemy.dialects.postgresql import insert as upsert

        from app.storage.achw.rows import (
            cell_params,
            evidence_params,
            hypothesis_params,
            meta_params,
        )

        ws, wid, old = self.worksheet, self._address.worksheet_id, self._versions
        worksheet_version = old.worksheet
        if change.meta:
            w = worksheets_table
            row = conn.execute(
                update(w)
                .where(w.c.id == wid, w.c.version == old.worksheet)
                .values(**meta_params(ws), version=w.c.version + 1)
                .returning(w.c.version)
            ).first()
            if row is None:
                raise _Conflict(
                    f"Someone else changed this worksheet's own fields on {self.server} since "
                    "you last saw them: your edit was not kept, and they now show theirs."
                )
            worksheet_version = row[0]
        hyp_versions = dict(old.hypotheses)
        ev_versions = dict(old.evidence)
        kinds: list[
            tuple[Table, list[Any], set[str], set[str], dict[str, int], dict[str, int], str, Any]
        ] = [
            (
                hypotheses_table,
                ws.hypotheses,
                change.hypotheses,
                change.deleted_hypotheses,
                hyp_versions,
                self._positions[0],
                "hypothesis",
                hypothesis_params,
            ),
            (
                evidence_table,
                ws.evidence,
                change.evidence,
                change.deleted_evidence,
                ev_versions,
                self._positions[1],
                "evidence item",
                evidence_params,
            ),
        ]
        inserted: set[str] = set()
        for table, items, listed, deleted, versions, stood, what, params in kinds:
            if deleted:
                conn.execute(
                    delete(table).where(table.c.worksheet_id == wid, table.c.id.in_(deleted))
                )
                for i in deleted:
                    versions.pop(i, None)
            moved = listed or deleted or change.reorder
            for position, item in enumerate(items):
                if item.id in listed:
                    values = params(item, position)
                    if item.id not in versions:
                        row = conn.execute(
                            insert(table)
                            .values(worksheet_id=wid, **values)
                            .returning(table.c.version)
                        ).one()
                        inserted.add(item.id)
                    else:
                        row = conn.execute(
                            update(table)
                            .where(
                                table.c.worksheet_id == wid,
                                table.c.id == item.id,
                                table.c.version == versions[item.id],
                            )
                            .values(**values, version=table.c.version + 1)
                            .returning(table.c.version)
                        ).first()
                        if row is None:
                            raise _Conflict(self._conflict_sentence(conn, table, item, what))
                    versions[item.id] = row[0]
                elif moved and stood.get(item.id) != position:
                    # Where an item stands is nobody's field: moving it checks no version.
                    conn.execute(
                        update(table)
                        .where(table.c.worksheet_id == wid, table.c.id == item.id)
                        .values(position=position)
                    )
        r = ratings_table
        cells = set(change.cells)
        for eid, hid in ws.cells:
            if eid in inserted or hid in inserted:
                cells.add((eid, hid))
        gone = change.deleted_evidence | change.deleted_hypotheses
        for eid, hid in sorted(cells):
            if eid in gone or hid in gone:
                continue
            cell = ws.cells.get((eid, hid))
            mine = r.c.analyst == _current_user()
            if cell is None or cell.is_empty:
                conn.execute(
                    delete(r).where(
                        r.c.worksheet_id == wid,
                        r.c.evidence_id == eid,
                        r.c.hypothesis_id == hid,
                        mine,
                    )
                )
                continue
            statement = upsert(r).values(worksheet_id=wid, **cell_params(eid, hid, cell))
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[
                        r.c.worksheet_id,
                        r.c.evidence_id,
                        r.c.hypothesis_id,
                        r.c.analyst,
                    ],
                    set_={
                        "rating": statement.excluded.rating,
                        "note": statement.excluded.note,
                        "version": r.c.version + 1,
                    },
                )
            )
        return Versions(worksheet_version, hyp_versions, ev_versions)

    def _conflict_sentence(
        self, conn: Connection, table: Table, item: Hypothesis | Evidence, what: str
    ) -> str:
        from sqlalchemy import select

        still = conn.execute(
            select(table.c.id).where(
                table.c.worksheet_id == self._address.worksheet_id, table.c.id == item.id
            )
        ).first()
        name = f"the {what} “{one_line(item.title, 60)}”"
        if still is None:
            return f"Someone else deleted {name} on {self.server}: your edit was not kept."
        return (
            f"Someone else changed {name} on {self.server} since you last saw it: "
            "your edit was not kept, and it now shows theirs."
        )

    # ------------------------------------------------------------------ following

    def watch(self, wake: Callable[[], None]) -> None:
        """``wake`` is called (from any thread) when the worksheet should be read again;
        the caller then calls :meth:`refresh` on the window's thread."""
        self._wake = wake

    def _ask_refresh(self) -> None:
        if self._wake is not None:
            self._wake()

    def refresh(self) -> Change:
        """Read the worksheet again, apply what changed in place, tell the listeners; the
        change.  ``TeamServerError`` if the server cannot be read (the model is untouched)."""
        self._check_open()
        read = read_for_editing(self._address)
        change = follow(self.worksheet, read.worksheet)
        self._read = read
        self._versions = read.versions
        self._positions = _positions(self.worksheet.hypotheses), _positions(self.worksheet.evidence)
        if not change.is_empty():
            for listener in list(self._listeners):
                listener(change)
        return change

    def subscribe(self, listener: Listener, /) -> None:
        self._listeners.append(listener)

    # ------------------------------------------------------------------ saving

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        """Every edit is on the server already; with ``path``, a worksheet file copy of it
        (this analyst's ratings and notes), and the window stays on the server."""
        if path is None:
            return
        from app.storage.achw.worksheet_file import WorksheetFile

        copy_of = WorksheetFile.create(copy.deepcopy(self.worksheet))
        try:
            copy_of.save(path, overwrite=overwrite)
        finally:
            copy_of.close()

    def changed_on_disk(self) -> bool:
        return False  # what others change arrives by refresh, never as a surprise at save

    def close(self) -> None:
        self._closed = True
        self._listeners.clear()
        self._wake = None
        self._engine.dispose()

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("the team worksheet is closed")


def _current_user() -> Any:
    from sqlalchemy import text

    return text("current_user")


def _positions(items: Sequence[Hypothesis | Evidence]) -> dict[str, int]:
    """Where each stands, as this window last wrote or read it."""
    return {x.id: i for i, x in enumerate(items)}


if TYPE_CHECKING:  # mypy checks here that it is a store

    def _a_store(store: TeamStore) -> WorksheetStore:
        return store
