"""From a private copy of a worksheet file to the domain model.

:func:`validate_and_load` is the one way in: validate the copy
(:mod:`app.storage.achw.validate`), upgrade it if it is an older format
(:mod:`app.storage.achw.migrations`), then :func:`load` it.

Loading distrusts every value: a wrong type, an unknown rating, level or
status, a malformed date, an unknown flag or a reference to an item that
does not exist raises :class:`CorruptWorksheetError` naming the place.  It
runs plain SQL on the ``sqlite3`` connection and builds the model directly:
SQLAlchemy (a third of the program's start) is not needed to open a file,
and a blank note with a rating shares one frozen :class:`Cell` per rating,
so a 150,000-cell worksheet loads without 150,000 allocations.  The
queries name the columns of the tables in :mod:`app.storage.achw.schema` (the
one description of the schema; a test checks that loading reads exactly
its columns), which validation has just confirmed the file has.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app.domain.model import (
    FLAGS,
    META_FIELDS,
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)
from app.domain.sources import SOURCE_KINDS, Citation, InfoCredibility, Reliability, Source
from app.storage.achw import migrations
from app.storage.achw.connection import Database, connect_raw
from app.storage.achw.source_text import UnpackError, unpack
from app.storage.achw.validate import check_schema, validate_copy
from app.storage.errors import CorruptWorksheetError, one_line, quoted, sqlite_damage
from app.storage.json_size import check_size
from app.storage.limits import (
    EVIDENCE_FIELDS,
    HYPOTHESIS_FIELDS,
    MAX_ALL_CITATIONS,
    MAX_CITATIONS,
    MAX_EVIDENCE,
    MAX_HYPOTHESES,
    MAX_ID,
    MAX_MILESTONES,
    MAX_NOTE,
    MAX_QUOTE,
    MAX_RATINGS,
    MAX_SOURCE_TEXT,
    MAX_SOURCES,
    MAX_TITLE,
    MILESTONE_FIELDS,
    SOURCE_FIELDS,
    WORKSHEET_FIELDS,
    is_date,
    text_ok,
    text_problem,
)
from app.storage.stored import Stored

_RATINGS = {r.value: r for r in Rating}
_LEVELS = {v.value: v for v in Level}
_STATUSES = {v.value: v for v in MilestoneStatus}
_RELIABILITY = {v.value: v.value for v in Reliability}
_INFORMATION = {v.value: v.value for v in InfoCredibility}
_KINDS = {k: k for k in SOURCE_KINDS}
_SHARED_CELLS = {r.value: Cell(r) for r in Rating}
_HYP, _EV, _MS = HYPOTHESIS_FIELDS, EVIDENCE_FIELDS, MILESTONE_FIELDS


def validate_and_load(
    copy: Path, *, shown: Path | None, before_upgrade: Callable[[], object] | None = None
) -> tuple[Database, Worksheet, Stored]:
    """Validate a private copy, upgrade it if older, load it; the caller closes the db."""
    registry = migrations.REGISTRY
    db, version = validate_copy(copy, shown=shown, registry=registry)
    try:
        if version < registry.current:
            if before_upgrade is not None:
                before_upgrade()
            migrations.upgrade(db, version, registry)
            check_schema(db.raw, registry.current, shown=shown, registry=registry)
        try:
            ws, stored = load(db.raw, shown)
        except sqlite3.DatabaseError as e:
            raise CorruptWorksheetError(
                f"{quoted(shown)} is damaged ({sqlite_damage(e)}).", path=shown
            ) from e
    except BaseException:
        db.close()
        raise
    return db, ws, stored


def settle(path: Path) -> None:
    """Let SQLite roll back a transaction a killed process left half-done."""
    try:
        raw = connect_raw(path)
    except sqlite3.Error:
        return  # validation will say what is wrong
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error:
        pass  # validation will say what is wrong
    finally:
        raw.close()


class _Loader:
    def __init__(self, shown: Path | None) -> None:
        self.q = quoted(shown)
        self.shown = shown

    def fail(self, place: str, problem: str) -> CorruptWorksheetError:
        return CorruptWorksheetError(f"{self.q} is damaged: {place} {problem}.", path=self.shown)

    def refuse(self, place: str, problem: str) -> CorruptWorksheetError:
        """Sound SQLite, but holding what no worksheet holds (the JSON import refuses it too)."""
        return CorruptWorksheetError(
            f"{self.q} holds what a worksheet cannot: {place} {problem}.", path=self.shown
        )

    def text(self, value: object, place: str, column: str, limit: int) -> str:
        if type(value) is not str:
            raise self.fail(place, f"has a {column} that is not text")
        if not text_ok(value, limit):
            raise self.refuse(place, f"has a {column} that {text_problem(value, limit)}")
        return value

    def ident(self, value: object, place: str, seen: dict[str, int], kind: str, i: int) -> str:
        """A valid id not seen before in its table (``seen`` maps ids to positions from 1).

        The table's primary key makes an id unique; a file whose key was
        removed and put back can hold one twice all the same, which SQLite's
        quick check does not notice.
        """
        if type(value) is not str or not value:
            raise self.fail(place, "has no valid id")
        if not text_ok(value, MAX_ID):
            raise self.refuse(place, f"has an id that {text_problem(value, MAX_ID)}")
        first = seen.get(value)
        if first is not None:
            raise self.fail(
                f"{kind} {first} and {i}", f"have the same id ({one_line(value, 40)!r})"
            )
        seen[value] = i
        return value

    def count(self, n: int, limit: int, what: str) -> None:
        if n > limit:
            raise self.refuse("it", f"has more than {limit:,} {what}")

    def position(self, value: object, place: str) -> None:
        if type(value) is not int:
            raise self.fail(place, "has a position that is not a whole number")

    def date(self, value: object, place: str, column: str) -> str:
        when = self.text(value, place, column, MAX_TITLE)
        if when and not is_date(when):
            shown = one_line(when, 40)
            raise self.fail(place, f"has the {column} {shown!r}, which is not YYYY-MM-DD")
        return when

    def code(self, table: dict[str, str], value: object, place: str, column: str) -> str:
        """A code of an Admiralty scale, or "" (not graded)."""
        return "" if value == "" else str(self.member(table, value, place, column))

    def member(self, table: dict[str, Any], value: object, place: str, column: str) -> Any:
        found = table.get(value) if isinstance(value, str) else None
        if found is None:
            shown, allowed = one_line(str(value), 40), ", ".join(table)
            raise self.fail(place, f"has {column} {shown!r}, which is not one of {allowed}")
        return found


def load(conn: sqlite3.Connection, shown: Path | None) -> tuple[Worksheet, Stored]:
    """Read the whole worksheet in one read transaction; ``conn`` is a validated connection.

    The cyclic garbage collector is paused meanwhile: loading creates
    hundreds of thousands of objects and no garbage, and each collection
    it would trigger scans every object alive (two thirds of the load time
    when a big worksheet is already open).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        conn.execute("BEGIN")  # one snapshot for all the selects
        return _load(conn, shown)
    finally:
        try:
            if conn.in_transaction:  # an error inside SQLite may have ended it already
                conn.execute("ROLLBACK")  # nothing was written: only ends the snapshot
        except sqlite3.Error:
            pass  # the error being raised says what went wrong; this one adds nothing
        finally:
            if paused:
                gc.enable()


def _load(conn: sqlite3.Connection, shown: Path | None) -> tuple[Worksheet, Stored]:
    ld = _Loader(shown)
    stored = Stored()

    meta = conn.execute(f"SELECT id, {', '.join(META_FIELDS)} FROM worksheet").fetchall()
    if len(meta) != 1 or meta[0][0] != 1:
        raise ld.fail("its worksheet row", "is missing or duplicated")
    ws = Worksheet()
    for name, value in zip(META_FIELDS, meta[0][1:], strict=True):
        setattr(ws, name, ld.text(value, "its worksheet row", name, WORKSHEET_FIELDS[name]))

    hyp_ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    rows: Iterable[Any] = conn.execute(
        "SELECT id, position, title, description FROM hypotheses ORDER BY position, id"
    )
    for i, (hid, pos, title, description) in enumerate(rows):
        place = f"hypothesis {i + 1}"
        ld.count(i + 1, MAX_HYPOTHESES, "hypotheses")
        hid = ld.ident(hid, place, seen, "hypotheses", i + 1)
        ld.position(pos, place)
        ws.hypotheses.append(
            Hypothesis(
                id=hid,
                title=ld.text(title, place, "title", _HYP["title"]),
                description=ld.text(description, place, "description", _HYP["description"]),
            )
        )
        hyp_ids[hid] = hid
        stored.hyp_order.append(hid)
        stored.hyp_pos[hid] = pos

    ev_ids: dict[str, str] = {}
    flag_sets: dict[str, frozenset[str]] = {"": frozenset()}
    rows = conn.execute(
        "SELECT id, position, title, description, source, link, date, type,"
        " credibility, relevance, excluded, flags, reported_date, info_credibility"
        " FROM evidence ORDER BY position, id"
    )
    seen = {}
    for i, r in enumerate(rows):
        place = f"evidence item {i + 1}"
        ld.count(i + 1, MAX_EVIDENCE, "evidence items")
        eid = ld.ident(r[0], place, seen, "evidence items", i + 1)
        ld.position(r[1], place)
        when = ld.text(r[6], place, "date", _EV["date"])
        if when and not is_date(when):
            raise ld.fail(place, f"has the date {one_line(when, 40)!r}, which is not YYYY-MM-DD")
        excluded = r[10]
        if type(excluded) is not int or excluded not in (0, 1):
            raise ld.fail(place, "has an 'excluded' mark that is neither yes nor no")
        flags_text = ld.text(r[11], place, "flags", 1000)
        flags = flag_sets.get(flags_text)
        if flags is None:
            parts = flags_text.split(",")
            for flag in parts:
                if flag not in FLAGS:
                    raise ld.fail(place, f"has the unknown flag {one_line(flag, 40)!r}")
            flags = flag_sets[flags_text] = frozenset(parts)
        ws.evidence.append(
            Evidence(
                id=eid,
                title=ld.text(r[2], place, "title", _EV["title"]),
                description=ld.text(r[3], place, "description", _EV["description"]),
                source=ld.text(r[4], place, "source", _EV["source"]),
                link=ld.text(r[5], place, "link", _EV["link"]),
                date=when,
                type=ld.text(r[7], place, "type", _EV["type"]),
                credibility=ld.member(_LEVELS, r[8], place, "credibility"),
                relevance=ld.member(_LEVELS, r[9], place, "relevance"),
                excluded=bool(excluded),
                flags=flags,
                reported_date=ld.date(r[12], place, "reported date"),
                info_credibility=ld.code(_INFORMATION, r[13], place, "information credibility"),
            )
        )
        ev_ids[eid] = eid
        stored.ev_order.append(eid)
        stored.ev_pos[eid] = r[1]

    _load_cells(conn, ld, ws.cells, ev_ids, hyp_ids)
    _load_sources(conn, ld, ws, stored)

    rows = conn.execute(
        "SELECT id, position, hypothesis_id, text, status FROM milestones ORDER BY position, id"
    )
    seen = {}
    for i, (mid, pos, hid, text, status) in enumerate(rows):
        place = f"milestone {i + 1}"
        ld.count(i + 1, MAX_MILESTONES, "milestones")
        mid = ld.ident(mid, place, seen, "milestones", i + 1)
        ld.position(pos, place)
        if hid is not None and (not isinstance(hid, str) or hid not in hyp_ids):
            raise ld.fail(place, "refers to a hypothesis that does not exist")
        ws.milestones.append(
            Milestone(
                id=mid,
                hypothesis_id=None if hid is None else hyp_ids[hid],
                text=ld.text(text, place, "text", _MS["text"]),
                status=ld.member(_STATUSES, status, place, "status"),
            )
        )
        stored.ms_order.append(mid)
        stored.ms_pos[mid] = pos
        stored.ms_hyp[mid] = hid
    check_size(ws, lambda problem: CorruptWorksheetError(f"{ld.q} {problem}.", path=shown))
    return ws, stored


def _load_cells(
    conn: sqlite3.Connection,
    ld: _Loader,
    cells: dict[tuple[str, str], Cell],
    ev_ids: dict[str, str],
    hyp_ids: dict[str, str],
) -> None:
    cursor = conn.execute("SELECT evidence_id, hypothesis_id, rating, note FROM cells")
    try:
        _build_cells(cursor, ld, cells, ev_ids, hyp_ids)
    finally:
        cursor.close()


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
    for n, (eid, hid, rating, note) in enumerate(rows, 1):
        ek = ev_get(eid)
        hk = hyp_get(hid)
        if ek is None or hk is None:
            raise ld.fail(
                f"the cell for evidence {one_line(str(eid), 40)!r} and hypothesis "
                f"{one_line(str(hid), 40)!r}",
                "refers to an item that does not exist",
            )
        if n > MAX_RATINGS:
            ld.count(n, MAX_RATINGS, "rated cells")
        if (ek, hk) in cells:  # the key was removed and put back (see _Loader.ident)
            raise ld.fail(
                f"the cell for evidence {one_line(eid, 40)!r} and hypothesis {one_line(hid, 40)!r}",
                "is there twice",
            )
        if note == "":
            cell = shared_get(rating)
            if cell is None:
                if rating is None:
                    continue  # a blank row: nothing to show
                raise ld.fail(
                    f"the cell for evidence {one_line(eid, 40)!r} and hypothesis "
                    f"{one_line(hid, 40)!r}",
                    f"has the rating {one_line(str(rating), 10)!r}, which is not one of "
                    + ", ".join(_RATINGS),
                )
        else:
            place = (
                f"the cell for evidence {one_line(eid, 40)!r} and hypothesis {one_line(hid, 40)!r}"
            )
            note = ld.text(note, place, "note", MAX_NOTE)
            value = None if rating is None else ld.member(_RATINGS, rating, place, "the rating")
            cell = Cell(value, note)
        cells[ek, hk] = cell


def _load_sources(conn: sqlite3.Connection, ld: _Loader, ws: Worksheet, stored: Stored) -> None:
    """The sources, then the citations of each item (in order), each checked."""
    rows: Iterable[Any] = conn.execute(
        "SELECT id, position, title, author, published, link, reliability, notes, kind, text"
        " FROM sources ORDER BY position, id"
    )
    seen: dict[str, int] = {}
    f = SOURCE_FIELDS
    for i, r in enumerate(rows):
        place = f"source {i + 1}"
        ld.count(i + 1, MAX_SOURCES, "sources")
        sid = ld.ident(r[0], place, seen, "sources", i + 1)
        ld.position(r[1], place)
        try:
            text = unpack(r[9])
        except UnpackError as e:
            raise ld.fail(place, f"has a text that {e}") from None
        ws.sources.append(
            Source(
                id=sid,
                title=ld.text(r[2], place, "title", f["title"]),
                author=ld.text(r[3], place, "author", f["author"]),
                published=ld.date(r[4], place, "date published"),
                link=ld.text(r[5], place, "link", f["link"]),
                reliability=ld.code(_RELIABILITY, r[6], place, "reliability"),
                notes=ld.text(r[7], place, "notes", f["notes"]),
                kind=ld.member(_KINDS, r[8], place, "kind"),
                text=ld.text(text, place, "text", MAX_SOURCE_TEXT),
            )
        )
        stored.src_order.append(sid)
        stored.src_pos[sid] = r[1]
    lengths = {s.id: len(s.text) for s in ws.sources}
    items = {e.id: e for e in ws.evidence}
    cited: dict[str, list[Citation]] = {}
    rows = conn.execute(
        "SELECT evidence_id, position, source_id, start_at, end_at, quote FROM citations"
        " ORDER BY evidence_id, position"
    )
    for n, (eid, pos, sid, start, end, quote) in enumerate(rows, 1):
        ld.count(n, MAX_ALL_CITATIONS, "citations")
        place = f"a citation of evidence {one_line(str(eid), 40)!r}"
        if eid not in items or sid not in lengths:
            raise ld.fail(place, "refers to an item or a source that does not exist")
        ld.position(pos, place)
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= lengths[sid]:
            raise ld.fail(place, "points outside its source's text")
        found = cited.setdefault(eid, [])
        if len(found) == MAX_CITATIONS:
            raise ld.refuse(place, f"is one of more than {MAX_CITATIONS} of one item")
        found.append(Citation(sid, start, end, ld.text(quote, place, "quote", MAX_QUOTE)))
    for eid, citations in cited.items():
        items[eid].citations = tuple(citations)
