"""A team server's worksheets: publish one, list them, read one, rate in one.

Every row read from the server is as hostile as a file's: a worksheet read
from it goes into a private SQLite copy with the worksheet file's own schema
and is loaded by the file's own loader (:mod:`app.storage.achw.loader`), so
that it meets exactly the limits and checks a file meets.  At most one more
row than a worksheet may hold is fetched of each table.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.domain.consensus import consensus_of
from app.domain.model import META_FIELDS, Rating, Worksheet
from app.storage.errors import CorruptWorksheetError, one_line, quoted
from app.storage.limits import MAX_EVIDENCE, MAX_HYPOTHESES, MAX_RATINGS
from app.storage.team.connection import ServerAddress, TeamServerError, engine, shown_server
from app.storage.team.schema import (
    evidence_table,
    hypotheses_table,
    ratings_table,
    worksheets_table,
)

_EVIDENCE_COLUMNS = [
    c.name for c in evidence_table.columns if c.name not in ("worksheet_id", "version")
]
_LIST_LIMIT = 10_000  # worksheets listed at most


@dataclass(frozen=True)
class TeamWorksheet:
    id: str
    title: str
    created_by: str


@contextmanager
def _talking(conninfo: str, doing: str) -> Iterator[Any]:
    """A transaction on the server; what it refuses is one sentence saying what was being done."""
    from sqlalchemy.exc import DBAPIError

    try:
        with engine(conninfo).begin() as conn:
            yield conn
    except DBAPIError as exc:
        raise TeamServerError(refusal(exc, conninfo, doing)) from None


def refusal(exc: Any, conninfo: str, doing: str) -> str:
    import psycopg

    orig = exc.orig
    server = shown_server(conninfo)
    if isinstance(orig, psycopg.errors.InsufficientPrivilege):
        return f"The team server {server} does not let this analyst {doing}."
    if isinstance(orig, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        return f"The team server {server} has no team workspace yet: run team init first."
    if isinstance(orig, psycopg.errors.OperationalError):
        return f"Lost the team server {server} while trying to {doing}."
    words = one_line(str(orig).splitlines()[0]) if orig is not None else one_line(str(exc))
    return f"The team server {server} refused to {doing} ({words})."


def publish(ws: Worksheet, conninfo: str) -> str:
    """``ws`` as a new team worksheet; its id.  Ids of hypotheses and items are kept, and
    its ratings and notes become the publishing analyst's own."""
    from sqlalchemy import insert

    from app.storage.achw.rows import cell_params, evidence_params, hypothesis_params, meta_params

    wid = str(uuid.uuid4())
    # The file writer's own rows (each value checked as a save checks it), keyed by worksheet.
    hyps = [{"worksheet_id": wid, **hypothesis_params(h, i)} for i, h in enumerate(ws.hypotheses)]
    items = [{"worksheet_id": wid, **evidence_params(e, i)} for i, e in enumerate(ws.evidence)]
    cells = [
        {"worksheet_id": wid, **cell_params(eid, hid, c)}
        for (eid, hid), c in ws.cells.items()
        if not c.is_empty
    ]
    with _talking(conninfo, "publish a worksheet") as conn:
        conn.execute(insert(worksheets_table).values(id=wid, **meta_params(ws)))
        for table, rows in (
            (hypotheses_table, hyps),
            (evidence_table, items),
            (ratings_table, cells),
        ):
            if rows:
                conn.execute(insert(table), rows)
    return wid


def list_worksheets(conninfo: str) -> list[TeamWorksheet]:
    """The worksheets this analyst may see, by title."""
    from sqlalchemy import select

    t = worksheets_table
    with _talking(conninfo, "list its worksheets") as conn:
        rows = conn.execute(
            select(t.c.id, t.c.title, t.c.created_by).order_by(t.c.title, t.c.id).limit(_LIST_LIMIT)
        ).all()
    return [
        TeamWorksheet(one_line(str(i), 100), one_line(str(ti), 200), one_line(str(b), 70))
        for i, ti, b in rows
    ]


def _worksheet_id(address: ServerAddress) -> str:
    if not address.worksheet_id:
        raise TeamServerError(
            "The address names a team server but no worksheet: add #ID (see team list)."
        )
    return address.worksheet_id


def _read(conn: Any, address: ServerAddress, *, group: bool) -> Worksheet:
    """The worksheet at ``address``, read in ``conn``'s transaction (see read_team_worksheet)."""
    from sqlalchemy import select, text

    wid, conninfo = _worksheet_id(address), address.conninfo
    w, h, e, r = worksheets_table, hypotheses_table, evidence_table, ratings_table
    meta = conn.execute(select(*[w.c[f] for f in META_FIELDS]).where(w.c.id == wid)).all()
    if not meta:
        raise TeamServerError(
            f"The team server {shown_server(conninfo)} has no worksheet "
            f"{one_line(wid, 40)} that this analyst may see."
        )
    hyps = conn.execute(
        select(h.c.id, h.c.position, h.c.title, h.c.description)
        .where(h.c.worksheet_id == wid)
        .limit(MAX_HYPOTHESES + 1)
    ).all()
    items = conn.execute(
        select(*[e.c[n] for n in _EVIDENCE_COLUMNS])
        .where(e.c.worksheet_id == wid)
        .limit(MAX_EVIDENCE + 1)
    ).all()
    query = select(r.c.evidence_id, r.c.hypothesis_id, r.c.rating, r.c.note).where(
        r.c.worksheet_id == wid
    )
    if not group:
        query = query.where(r.c.analyst == text("current_user"))
    # Each analyst rates each cell at most once: a worksheet's limit per analyst.
    ratings = conn.execute(query.limit(MAX_RATINGS * (1 if not group else 20) + 1)).all()
    cells = _group_cells(ratings) if group else ratings
    return _loaded(address, meta[0], hyps, items, cells)


def read_team_worksheet(address: ServerAddress, *, group: bool = False) -> Worksheet:
    """The worksheet at ``address`` with this analyst's own ratings and notes, or (``group``)
    each cell's consensus of every analyst's ratings (no notes)."""
    from sqlalchemy import text

    _worksheet_id(address)
    with _talking(address.conninfo, "read the worksheet") as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        return _read(conn, address, group=group)


@dataclass(frozen=True)
class Versions:
    """Each row's version as last read: what an edit of it must still find (optimistic check)."""

    worksheet: int
    hypotheses: dict[str, int]
    evidence: dict[str, int]


@dataclass(frozen=True)
class TeamRead:
    """A worksheet read for editing: the analyst's own ratings, the rows' versions, and what
    the server lets this analyst do."""

    worksheet: Worksheet
    versions: Versions
    may_edit: bool
    may_delete: bool
    analyst: str


def read_for_editing(address: ServerAddress) -> TeamRead:
    """The worksheet at ``address`` as :func:`read_team_worksheet` reads it, with what
    editing it needs."""
    from sqlalchemy import select, text

    wid = _worksheet_id(address)
    w, h, e = worksheets_table, hypotheses_table, evidence_table
    with _talking(address.conninfo, "read the worksheet") as conn:
        conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        ws = _read(conn, address, group=False)
        version = conn.execute(select(w.c.version).where(w.c.id == wid)).scalar_one()
        hyps = conn.execute(select(h.c.id, h.c.version).where(h.c.worksheet_id == wid)).all()
        items = conn.execute(select(e.c.id, e.c.version).where(e.c.worksheet_id == wid)).all()
        may_edit, may_delete, me = conn.execute(
            text(
                "SELECT has_table_privilege('ach.evidence', 'UPDATE'), "
                "has_table_privilege('ach.evidence', 'DELETE'), current_user"
            )
        ).one()
    return TeamRead(
        ws,
        Versions(int(version), {i: int(v) for i, v in hyps}, {i: int(v) for i, v in items}),
        bool(may_edit),
        bool(may_delete),
        one_line(str(me), 70),
    )


def _group_cells(rows: Iterable[Any]) -> list[tuple[object, object, object, str]]:
    """Each cell's consensus of every analyst's rating (an unknown code is left for the
    loader to refuse, named)."""
    given: dict[tuple[object, object], list[Rating | None]] = {}
    odd: list[tuple[object, object, object, str]] = []
    for eid, hid, rating, _note in rows:
        if rating is not None and rating not in Rating._value2member_map_:
            odd.append((eid, hid, rating, ""))
            continue
        given.setdefault((eid, hid), []).append(Rating(rating) if rating else None)
    out = [
        (eid, hid, c.rating.value, "")
        for (eid, hid), ratings in given.items()
        if (c := consensus_of(ratings)).rating is not None
    ]
    return out + odd


def _loaded(address: ServerAddress, meta: Any, hyps: Any, items: Any, cells: Any) -> Worksheet:
    """The rows, loaded by the worksheet file's loader from a private SQLite copy."""
    from app.storage.achw.loader import load
    from app.storage.achw.migrations import SCHEMA_V2

    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for statement in SCHEMA_V2:
            db.execute(statement)
        db.execute("BEGIN")
        placeholders = ", ".join("?" * len(META_FIELDS))
        db.execute(
            f"INSERT INTO worksheet (id, {', '.join(META_FIELDS)}, saved_by) "
            f"VALUES (1, {placeholders}, '')",
            tuple(meta),
        )
        try:
            db.executemany("INSERT INTO hypotheses VALUES (?, ?, ?, ?)", hyps)
            columns = ", ".join(_EVIDENCE_COLUMNS)
            marks = ", ".join("?" * len(_EVIDENCE_COLUMNS))
            db.executemany(f"INSERT INTO evidence ({columns}) VALUES ({marks})", items)
            db.executemany(
                "INSERT INTO cells (evidence_id, hypothesis_id, rating, note) VALUES (?, ?, ?, ?)",
                cells,
            )
        except sqlite3.Error as exc:  # an id twice; a rating of an item that is not there
            raise TeamServerError(
                f"The team worksheet {address} holds what a worksheet cannot "
                f"({one_line(str(exc))})."
            ) from None
        db.execute("COMMIT")
        try:
            ws, _stored = load(db, None)
        except CorruptWorksheetError as exc:
            words = str(exc).removeprefix(quoted(None)).strip()
            raise TeamServerError(f"The team worksheet {address} {words}") from None
        return ws
    finally:
        db.close()


def rate(
    address: ServerAddress,
    evidence_id: str,
    hypothesis_id: str,
    rating: Rating | None,
    note: str | None,
) -> None:
    """This analyst's rating (and note, unless None: kept as it was) of one cell."""
    from sqlalchemy.dialects.postgresql import insert

    _worksheet_id(address)
    r = ratings_table
    values = {
        "worksheet_id": address.worksheet_id,
        "evidence_id": evidence_id,
        "hypothesis_id": hypothesis_id,
        "rating": rating.value if rating else None,
        "note": note or "",
    }
    statement = insert(r).values(**values)
    changes: dict[str, Any] = {"rating": statement.excluded.rating, "version": r.c.version + 1}
    if note is not None:
        changes["note"] = statement.excluded.note
    statement = statement.on_conflict_do_update(
        index_elements=[r.c.worksheet_id, r.c.evidence_id, r.c.hypothesis_id, r.c.analyst],
        set_=changes,
    )
    import psycopg
    from sqlalchemy.exc import DBAPIError

    try:
        with engine(address.conninfo).begin() as conn:
            conn.execute(statement)
    except DBAPIError as exc:
        if isinstance(exc.orig, psycopg.errors.ForeignKeyViolation):
            raise TeamServerError(
                f"The team worksheet {address} has no evidence item {one_line(evidence_id, 60)}"
                f" or no hypothesis {one_line(hypothesis_id, 60)}."
            ) from None
        raise TeamServerError(refusal(exc, address.conninfo, "rate in this worksheet")) from None
