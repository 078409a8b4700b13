"""Rows of the worksheet tables from the domain model (SQLAlchemy Core), and the statements.

Writing checks the model strictly (raising ``ValueError``, since a bad
model is a bug of the caller) with the same rules the loader
(:mod:`app.storage.achw.loader`) applies to files, so this program never writes
a file it would refuse to read.  Text the analyst may type (too long, or
with control characters) is refused with :class:`TextRefusedError`, a
sentence the window shows while it keeps the text as it was.  Whole worksheets are written with bulk
inserts (``executemany``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, update
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Delete, Insert, Update

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
from app.storage.achw.schema import (
    cells_table,
    citations_table,
    evidence_table,
    hypotheses_table,
    milestones_table,
    sources_table,
    worksheet_table,
)
from app.storage.achw.source_text import pack
from app.storage.errors import TextRefusedError
from app.storage.limits import (
    EVIDENCE_FIELDS,
    HYPOTHESIS_FIELDS,
    MAX_CITATIONS,
    MAX_ID,
    MAX_NOTE,
    MAX_QUOTE,
    MAX_SOURCE_TEXT,
    MILESTONE_FIELDS,
    SOURCE_FIELDS,
    WORKSHEET_FIELDS,
    is_date,
    text_ok,
    text_problem,
)

_HYP, _EV, _MS = HYPOTHESIS_FIELDS, EVIDENCE_FIELDS, MILESTONE_FIELDS


def _text(value: object, place: str, column: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{place}: {column} must be text, not {type(value).__name__}")
    if not text_ok(value, limit):
        # The analyst typed or pasted it: a sentence for the window, which keeps the old text.
        raise TextRefusedError(
            f"This {column} {text_problem(value, limit)}; the edit was not kept."
        )
    return str(value)


def _ident(value: object, place: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{place}: the id must be non-empty text")
    return _text(value, place, "id", MAX_ID)


def _choice(kind: type[Level] | type[MilestoneStatus] | type[Rating] | type[Reliability]
            | type[InfoCredibility], value: object, place: str, column: str) -> str:  # fmt: skip
    try:
        if not isinstance(value, str):
            raise ValueError
        return kind(value).value
    except ValueError:
        allowed = ", ".join(v.value for v in kind)
        raise ValueError(f"{place}: {column} {value!r} is not one of {allowed}") from None


def meta_params(ws: Worksheet) -> dict[str, Any]:
    return {
        name: _text(getattr(ws, name), "worksheet", name, WORKSHEET_FIELDS[name])
        for name in META_FIELDS
    }


def hypothesis_params(h: Hypothesis, position: int) -> dict[str, Any]:
    place = f"hypothesis {h.id!r}"
    return {
        "id": _ident(h.id, place),
        "position": position,
        "title": _text(h.title, place, "title", _HYP["title"]),
        "description": _text(h.description, place, "description", _HYP["description"]),
    }


def evidence_params(ev: Evidence, position: int) -> dict[str, Any]:
    place = f"evidence {ev.id!r}"
    when = _text(ev.date, place, "date", _EV["date"])
    if when and not is_date(when):
        raise ValueError(f"{place}: date {when!r} is not YYYY-MM-DD")
    if ev.excluded not in (True, False):
        raise ValueError(f"{place}: excluded must be true or false")
    flags = sorted(set(ev.flags))
    for flag in flags:
        if flag not in FLAGS:
            raise ValueError(f"{place}: unknown flag {flag!r}")
    reported = _text(ev.reported_date, place, "reported date", _EV["date"])
    if reported and not is_date(reported):
        raise ValueError(f"{place}: reported date {reported!r} is not YYYY-MM-DD")
    information = ev.info_credibility
    if information:
        information = _choice(InfoCredibility, information, place, "information credibility")
    if len(ev.citations) > MAX_CITATIONS:
        raise ValueError(f"{place}: more than {MAX_CITATIONS} citations")
    return {
        "id": _ident(ev.id, place),
        "position": position,
        "reported_date": reported,
        "info_credibility": information,
        "title": _text(ev.title, place, "title", _EV["title"]),
        "description": _text(ev.description, place, "description", _EV["description"]),
        "source": _text(ev.source, place, "source", _EV["source"]),
        "link": _text(ev.link, place, "link", _EV["link"]),
        "date": when,
        "type": _text(ev.type, place, "type", _EV["type"]),
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
    if type(note) is not str or len(note) > MAX_NOTE or not note.isprintable():
        note = _text(note, f"cell ({evidence_id!r}, {hypothesis_id!r})", "note", MAX_NOTE)
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
        "text": _text(m.text, place, "text", _MS["text"]),
        "status": _choice(MilestoneStatus, m.status, place, "status"),
    }


def source_params(source: Source, position: int) -> dict[str, Any]:
    place = f"source {source.id!r}"
    published = _text(source.published, place, "date published", SOURCE_FIELDS["published"])
    if published and not is_date(published):
        raise ValueError(f"{place}: date published {published!r} is not YYYY-MM-DD")
    reliability = source.reliability
    if reliability:
        reliability = _choice(Reliability, reliability, place, "reliability")
    if source.kind not in SOURCE_KINDS:
        raise ValueError(f"{place}: unknown kind {source.kind!r}")
    if not isinstance(source.text, str) or len(source.text) > MAX_SOURCE_TEXT:
        raise ValueError(f"{place}: the text is not text of at most {MAX_SOURCE_TEXT:,} characters")
    return {
        "id": _ident(source.id, place),
        "position": position,
        "title": _text(source.title, place, "title", SOURCE_FIELDS["title"]),
        "author": _text(source.author, place, "author", SOURCE_FIELDS["author"]),
        "published": published,
        "link": _text(source.link, place, "link", SOURCE_FIELDS["link"]),
        "reliability": reliability,
        "notes": _text(source.notes, place, "notes", SOURCE_FIELDS["notes"]),
        "kind": source.kind,
        "text": pack(source.text),
    }


def citation_params(ev: Evidence) -> list[dict[str, Any]]:
    """The rows of an item's citations, in order."""
    place = f"evidence {ev.id!r}"
    out = []
    for position, c in enumerate(ev.citations):
        if not isinstance(c, Citation) or not (0 <= c.start <= c.end):
            raise ValueError(f"{place}: citation {position + 1} is not a passage")
        out.append(
            {
                "evidence_id": ev.id,
                "position": position,
                "source_id": _ident(c.source_id, place),
                "start_at": c.start,
                "end_at": c.end,
                "quote": _text(c.quote, place, "quote", MAX_QUOTE),
            }
        )
    return out


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
    sources = _unique((s.id for s in ws.sources), "sources")
    for e in ws.evidence:
        for c in e.citations:
            if c.source_id not in sources:
                raise ValueError(f"evidence {e.id!r} cites a source not in the worksheet")


def _upsert(table: Table, keys: Sequence[str]) -> Insert:
    stmt = sqlite_insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in keys},
    )


def _move(table: Table) -> Update:
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(position=bindparam("b_position"))
    )


def _delete_by_id(table: Table) -> Delete:
    return delete(table).where(table.c.id == bindparam("b_id"))


UPSERT_HYPOTHESIS = _upsert(hypotheses_table, ["id"])
UPSERT_EVIDENCE = _upsert(evidence_table, ["id"])
UPSERT_CELL = _upsert(cells_table, ["evidence_id", "hypothesis_id"])
UPSERT_MILESTONE = _upsert(milestones_table, ["id"])
UPSERT_SOURCE = _upsert(sources_table, ["id"])
MOVE_SOURCE = _move(sources_table)
DELETE_SOURCE = _delete_by_id(sources_table)
# An item's citations are written whole: its old rows go, its current ones come.
DELETE_CITATIONS = delete(citations_table).where(
    citations_table.c.evidence_id == bindparam("b_evidence")
)
INSERT_CITATION = insert(citations_table)
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
_CELL_COLUMNS = tuple(c.name for c in cells_table.c)
"""The order of :func:`cell_values`: the table's own (evidence, hypothesis, rating, note)."""
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
    sources = [source_params(s, i) for i, s in enumerate(ws.sources)]
    citations = [row for e in ws.evidence for row in citation_params(e)]
    conn.execute(insert(worksheet_table), [{"id": 1, "saved_by": saved_by, **meta}])
    for table, params in (
        (hypotheses_table, hyps),
        (evidence_table, evs),
        (sources_table, sources),
        (citations_table, citations),
    ):
        if params:
            conn.execute(insert(table), params)
    if cells:
        # The Core insert, compiled once, with plain tuples: SQLAlchemy's
        # per-row dictionaries would double the time of 150,000 rows.
        conn.exec_driver_sql(INSERT_CELLS_SQL, cells)
    if mss:
        conn.execute(insert(milestones_table), mss)
