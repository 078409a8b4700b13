"""Rows of the worksheet tables to and from the domain model (SQLAlchemy Core).

Loading distrusts every value: a wrong type, an unknown rating, level or
status, a malformed date, an unknown flag or a reference to an item that
does not exist raises :class:`CorruptWorksheetError` naming the place.
Writing checks the model just as strictly (raising ``ValueError``, since a
bad model is a bug of the caller), so this program never writes a file it
would refuse to read.

Loading uses plain Core selects and builds the model directly: a blank
note with a rating shares one frozen :class:`Cell` per rating, so a
150,000-cell worksheet loads without 150,000 allocations.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, delete, insert, select, type_coerce, update
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Delete, Insert, Update

from app.domain.model import (
    FLAGS,
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)
from app.storage.errors import CorruptWorksheetError, quoted
from app.storage.schema import (
    cells_table,
    evidence_table,
    hypotheses_table,
    milestones_table,
    worksheet_table,
)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RATINGS = {r.value: r for r in Rating}
_LEVELS = {v.value: v for v in Level}
_STATUSES = {v.value: v for v in MilestoneStatus}
_SHARED_CELLS = {r.value: Cell(r) for r in Rating}
META_FIELDS = ("title", "question", "analyst", "classification", "conclusions")


def is_iso_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
        )


# --------------------------------------------------------------------- loading


class _Loader:
    def __init__(self, shown: Path | None) -> None:
        self.q = quoted(shown)
        self.shown = shown

    def fail(self, place: str, problem: str) -> CorruptWorksheetError:
        return CorruptWorksheetError(f"{self.q} is damaged: {place} {problem}.", path=self.shown)

    def text(self, value: object, place: str, column: str) -> str:
        if type(value) is not str:
            raise self.fail(place, f"has a {column} that is not text")
        return value

    def ident(self, value: object, place: str) -> str:
        if type(value) is not str or not value:
            raise self.fail(place, "has no valid id")
        return value

    def position(self, value: object, place: str) -> None:
        if type(value) is not int:
            raise self.fail(place, "has a position that is not a whole number")

    def member(self, table: dict[str, Any], value: object, place: str, column: str) -> Any:
        found = table.get(value) if isinstance(value, str) else None
        if found is None:
            shown, allowed = str(value)[:40], ", ".join(table)
            raise self.fail(place, f"has {column} {shown!r}, which is not one of {allowed}")
        return found


def load(conn: Connection, shown: Path | None) -> tuple[Worksheet, Stored]:
    """Read the whole worksheet; ``conn`` is a validated connection.

    The cyclic garbage collector is paused meanwhile: loading creates
    hundreds of thousands of objects and no garbage, and each collection
    it would trigger scans every object alive (two thirds of the load time
    when a big worksheet is already open).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(conn, shown)
    finally:
        if paused:
            gc.enable()


def _load(conn: Connection, shown: Path | None) -> tuple[Worksheet, Stored]:
    ld = _Loader(shown)
    stored = Stored()

    meta = conn.execute(select(worksheet_table)).all()
    if len(meta) != 1 or meta[0].id != 1:
        raise ld.fail("its worksheet row", "is missing or duplicated")
    row = meta[0]._mapping
    ws = Worksheet()
    for name in META_FIELDS:
        setattr(ws, name, ld.text(row[name], "its worksheet row", name))

    h = hypotheses_table.c
    hyp_ids: dict[str, str] = {}
    query = select(h.id, h.position, h.title, h.description).order_by(h.position, h.id)
    rows: Iterable[Any] = conn.execute(query)
    for i, (hid, pos, title, description) in enumerate(rows):
        place = f"hypothesis {i + 1}"
        hid = ld.ident(hid, place)
        ld.position(pos, place)
        ws.hypotheses.append(
            Hypothesis(
                id=hid,
                title=ld.text(title, place, "title"),
                description=ld.text(description, place, "description"),
            )
        )
        hyp_ids[hid] = hid
        stored.hyp_order.append(hid)
        stored.hyp_pos[hid] = pos

    e = evidence_table.c
    ev_ids: dict[str, str] = {}
    flag_sets: dict[str, frozenset[str]] = {"": frozenset()}
    query = select(
        e.id, e.position, e.title, e.description, e.source, e.link, e.date, e.type,
        e.credibility, e.relevance, type_coerce(e.excluded, Integer), e.flags,
    ).order_by(e.position, e.id)  # fmt: skip
    rows = conn.execute(query)
    for i, r in enumerate(rows):
        place = f"evidence item {i + 1}"
        eid = ld.ident(r[0], place)
        ld.position(r[1], place)
        when = ld.text(r[6], place, "date")
        if when and not is_iso_date(when):
            raise ld.fail(place, f"has the date {when[:40]!r}, which is not YYYY-MM-DD")
        excluded = r[10]
        if type(excluded) is not int or excluded not in (0, 1):
            raise ld.fail(place, "has an 'excluded' mark that is neither yes nor no")
        flags_text = ld.text(r[11], place, "flags")
        flags = flag_sets.get(flags_text)
        if flags is None:
            parts = flags_text.split(",")
            for flag in parts:
                if flag not in FLAGS:
                    raise ld.fail(place, f"has the unknown flag {flag[:40]!r}")
            flags = flag_sets[flags_text] = frozenset(parts)
        ws.evidence.append(
            Evidence(
                id=eid,
                title=ld.text(r[2], place, "title"),
                description=ld.text(r[3], place, "description"),
                source=ld.text(r[4], place, "source"),
                link=ld.text(r[5], place, "link"),
                date=when,
                type=ld.text(r[7], place, "type"),
                credibility=ld.member(_LEVELS, r[8], place, "credibility"),
                relevance=ld.member(_LEVELS, r[9], place, "relevance"),
                excluded=bool(excluded),
                flags=flags,
            )
        )
        ev_ids[eid] = eid
        stored.ev_order.append(eid)
        stored.ev_pos[eid] = r[1]

    _load_cells(conn, ld, ws.cells, ev_ids, hyp_ids)

    m = milestones_table.c
    query = select(m.id, m.position, m.hypothesis_id, m.text, m.status).order_by(m.position, m.id)
    rows = conn.execute(query)
    for i, (mid, pos, hid, text, status) in enumerate(rows):
        place = f"milestone {i + 1}"
        mid = ld.ident(mid, place)
        ld.position(pos, place)
        if hid is not None and (not isinstance(hid, str) or hid not in hyp_ids):
            raise ld.fail(place, "refers to a hypothesis that does not exist")
        ws.milestones.append(
            Milestone(
                id=mid,
                hypothesis_id=None if hid is None else hyp_ids[hid],
                text=ld.text(text, place, "text"),
                status=ld.member(_STATUSES, status, place, "status"),
            )
        )
        stored.ms_order.append(mid)
        stored.ms_pos[mid] = pos
        stored.ms_hyp[mid] = hid
    return ws, stored


def _load_cells(
    conn: Connection,
    ld: _Loader,
    cells: dict[tuple[str, str], Cell],
    ev_ids: dict[str, str],
    hyp_ids: dict[str, str],
) -> None:
    """The hot loop of loading: one pass over every cell, with local names only.

    SQLAlchemy runs the select; the rows are then read straight from its
    DBAPI cursor, as plain tuples: building a ``Row`` for each of 150,000
    cells would add 40% to the time it takes to open a big worksheet.
    """
    c = cells_table.c
    result = conn.execute(select(c.evidence_id, c.hypothesis_id, c.rating, c.note))
    try:
        cursor: Iterable[Any] = result.cursor  # type: ignore[assignment]
        _build_cells(cursor, ld, cells, ev_ids, hyp_ids)
    finally:
        result.close()


def _build_cells(
    rows: Iterable[Any],
    ld: _Loader,
    cells: dict[tuple[str, str], Cell],
    ev_ids: dict[str, str],
    hyp_ids: dict[str, str],
) -> None:
    shared_get = _SHARED_CELLS.get
    ev_get = ev_ids.get
    hyp_get = hyp_ids.get
    for eid, hid, rating, note in rows:
        ek = ev_get(eid)
        hk = hyp_get(hid)
        if ek is None or hk is None:
            raise ld.fail(
                f"the cell for evidence {str(eid)[:40]!r} and hypothesis {str(hid)[:40]!r}",
                "refers to an item that does not exist",
            )
        if note == "":
            cell = shared_get(rating)
            if cell is None:
                if rating is None:
                    continue  # a blank row: nothing to show
                raise ld.fail(
                    f"the cell for evidence {eid[:40]!r} and hypothesis {hid[:40]!r}",
                    f"has the rating {str(rating)[:10]!r}, which is not one of "
                    + ", ".join(_RATINGS),
                )
        else:
            place = f"the cell for evidence {eid[:40]!r} and hypothesis {hid[:40]!r}"
            note = ld.text(note, place, "note")
            value = None if rating is None else ld.member(_RATINGS, rating, place, "the rating")
            cell = Cell(value, note)
        cells[ek, hk] = cell


# --------------------------------------------------------------------- writing


def _text(value: object, place: str, column: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{place}: {column} must be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{place}: {column} is not valid Unicode text") from e
    return str(value)


def _ident(value: object, place: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{place}: the id must be non-empty text")
    return _text(value, place, "id")


def _choice(kind: type[Level] | type[MilestoneStatus] | type[Rating], value: object, place: str,
            column: str) -> str:  # fmt: skip
    try:
        if not isinstance(value, str):
            raise ValueError
        return kind(value).value
    except ValueError:
        allowed = ", ".join(v.value for v in kind)
        raise ValueError(f"{place}: {column} {value!r} is not one of {allowed}") from None


def meta_params(ws: Worksheet) -> dict[str, Any]:
    return {name: _text(getattr(ws, name), "worksheet", name) for name in META_FIELDS}


def hypothesis_params(h: Hypothesis, position: int) -> dict[str, Any]:
    place = f"hypothesis {h.id!r}"
    return {
        "id": _ident(h.id, place),
        "position": position,
        "title": _text(h.title, place, "title"),
        "description": _text(h.description, place, "description"),
    }


def evidence_params(ev: Evidence, position: int) -> dict[str, Any]:
    place = f"evidence {ev.id!r}"
    when = _text(ev.date, place, "date")
    if when and not is_iso_date(when):
        raise ValueError(f"{place}: date {when!r} is not YYYY-MM-DD")
    if ev.excluded not in (True, False):
        raise ValueError(f"{place}: excluded must be true or false")
    flags = sorted(set(ev.flags))
    for flag in flags:
        if flag not in FLAGS:
            raise ValueError(f"{place}: unknown flag {flag!r}")
    return {
        "id": _ident(ev.id, place),
        "position": position,
        "title": _text(ev.title, place, "title"),
        "description": _text(ev.description, place, "description"),
        "source": _text(ev.source, place, "source"),
        "link": _text(ev.link, place, "link"),
        "date": when,
        "type": _text(ev.type, place, "type"),
        "credibility": _choice(Level, ev.credibility, place, "credibility"),
        "relevance": _choice(Level, ev.relevance, place, "relevance"),
        "excluded": bool(ev.excluded),
        "flags": ",".join(flags),
    }


_RATING_VALUES = {r: r.value for r in Rating}


def cell_values(evidence_id: str, hypothesis_id: str, cell: Cell) -> tuple[Any, ...]:
    """``(evidence_id, hypothesis_id, rating, note)`` of a cell, checked (fast for good ones)."""
    rating, note = cell.rating, cell.note
    if rating is None:
        value = None
    elif type(rating) is Rating:
        value = _RATING_VALUES[rating]
    else:
        value = _choice(Rating, rating, f"cell ({evidence_id!r}, {hypothesis_id!r})", "rating")
    if type(note) is not str or not note.isascii():
        note = _text(note, f"cell ({evidence_id!r}, {hypothesis_id!r})", "note")
    return (evidence_id, hypothesis_id, value, note)


def cell_params(evidence_id: str, hypothesis_id: str, cell: Cell) -> dict[str, Any]:
    return dict(zip(_CELL_COLUMNS, cell_values(evidence_id, hypothesis_id, cell), strict=True))


def milestone_params(m: Milestone, position: int) -> dict[str, Any]:
    place = f"milestone {m.id!r}"
    hid = m.hypothesis_id
    return {
        "id": _ident(m.id, place),
        "position": position,
        "hypothesis_id": None if hid is None else _ident(hid, place),
        "text": _text(m.text, place, "text"),
        "status": _choice(MilestoneStatus, m.status, place, "status"),
    }


def _unique(ids: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"two {what} have the id {i!r}")
        seen.add(i)
    return seen


def check_references(ws: Worksheet) -> None:
    """Unique ids; cells and milestones refer to items that exist."""
    hyps = _unique((h.id for h in ws.hypotheses), "hypotheses")
    evs = _unique((e.id for e in ws.evidence), "evidence items")
    _unique((m.id for m in ws.milestones), "milestones")
    for eid, hid in ws.cells:
        if eid not in evs or hid not in hyps:
            raise ValueError(f"cell ({eid!r}, {hid!r}) refers to an item not in the worksheet")
    for m in ws.milestones:
        if m.hypothesis_id is not None and m.hypothesis_id not in hyps:
            raise ValueError(f"milestone {m.id!r} refers to an unknown hypothesis")


def _upsert(table: Any, keys: Sequence[str]) -> Insert:
    stmt = sqlite_insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys},
    )


def _move(table: Any) -> Update:
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(position=bindparam("b_position"))
    )


def _delete_by_id(table: Any) -> Delete:
    return delete(table).where(table.c.id == bindparam("b_id"))


UPSERT_HYPOTHESIS = _upsert(hypotheses_table, ["id"])
UPSERT_EVIDENCE = _upsert(evidence_table, ["id"])
UPSERT_CELL = _upsert(cells_table, ["evidence_id", "hypothesis_id"])
UPSERT_MILESTONE = _upsert(milestones_table, ["id"])
MOVE_HYPOTHESIS = _move(hypotheses_table)
MOVE_EVIDENCE = _move(evidence_table)
MOVE_MILESTONE = _move(milestones_table)
DELETE_HYPOTHESIS = _delete_by_id(hypotheses_table)
DELETE_EVIDENCE = _delete_by_id(evidence_table)
DELETE_MILESTONE = _delete_by_id(milestones_table)
DELETE_CELL = delete(cells_table).where(
    cells_table.c.evidence_id == bindparam("b_evidence"),
    cells_table.c.hypothesis_id == bindparam("b_hypothesis"),
)
UPDATE_META = update(worksheet_table).where(worksheet_table.c.id == 1)
_CELL_COLUMNS = ("evidence_id", "hypothesis_id", "rating", "note")
INSERT_CELLS_SQL = str(
    insert(cells_table)
    .values({name: bindparam(name) for name in _CELL_COLUMNS})
    .compile(dialect=sqlite_dialect())
)


def insert_all(conn: Connection, ws: Worksheet, saved_by: str) -> None:
    """Write a whole worksheet into empty tables, in the caller's transaction (bulk inserts)."""
    check_references(ws)
    meta = meta_params(ws)
    hyps = [hypothesis_params(h, i) for i, h in enumerate(ws.hypotheses)]
    evs = [evidence_params(e, i) for i, e in enumerate(ws.evidence)]
    cells = [cell_values(e, h, c) for (e, h), c in ws.cells.items() if not c.is_empty]
    mss = [milestone_params(m, i) for i, m in enumerate(ws.milestones)]
    conn.execute(insert(worksheet_table), [{"id": 1, "saved_by": saved_by, **meta}])
    for table, params in ((hypotheses_table, hyps), (evidence_table, evs)):
        if params:
            conn.execute(insert(table), params)
    if cells:
        # The Core insert, compiled once, with plain tuples: SQLAlchemy's
        # per-row dictionaries would double the time of 150,000 rows.
        conn.exec_driver_sql(INSERT_CELLS_SQL, cells)
    if mss:
        conn.execute(insert(milestones_table), mss)
