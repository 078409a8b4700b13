"""From a parsed JSON document to a worksheet, every value checked.

The first problem is refused with one sentence naming its place, in the
form ``evidence[3].credibility: "hgih" is not low, medium or high`` (list
positions count from 0, as in JSONPath and jq); what the form is, and the
choices beyond its contract, are in :mod:`app.interchange.json_form`.
"""

from __future__ import annotations

from typing import Any, NoReturn

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
    new_id,
)
from app.domain.sources import SOURCE_KINDS, Citation, InfoCredibility, Reliability, Source
from app.interchange.text_input import InterchangeError
from app.storage import limits
from app.storage.limits import show

FORMAT = "ach-worksheet"
VERSION = 1

_LEVELS: dict[str, Level] = {level.value: level for level in Level}
_RATINGS: dict[str, Rating] = {rating.value: rating for rating in Rating}
_STATUSES: dict[str, MilestoneStatus] = {s.value: s for s in MilestoneStatus}
# Cells are immutable, so all cells without a note can share six instances.
_PLAIN_CELLS: dict[Rating, Cell] = {rating: Cell(rating) for rating in Rating}
_LEVEL_WORDS = "low, medium or high"
_RATING_WORDS = ", ".join(r.value for r in Rating)
_STATUS_WORDS = "open, observed or not-observed"
_FLAG_WORDS = ", ".join(FLAGS)
_RELIABILITY_WORDS = "A, B, C, D, E or F"
_INFORMATION_WORDS = "1, 2, 3, 4, 5 or 6"
_KIND_WORDS = ", ".join(SOURCE_KINDS)
_SRC = limits.SOURCE_FIELDS


_Object = dict[str, Any]
_META = limits.WORKSHEET_FIELDS
_HYP = limits.HYPOTHESIS_FIELDS
_EV = limits.EVIDENCE_FIELDS
_MS = limits.MILESTONE_FIELDS


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"a number ({show(value)})"
    if isinstance(value, str):
        return f"text ({show(value)})"
    if isinstance(value, list):
        return "a list"
    return "an object"


class Reader:
    """Checks a parsed JSON document and builds the worksheet; the first problem is refused."""

    def __init__(self, source: str, duplicates: dict[int, str]) -> None:
        self.source = source
        self.duplicates = duplicates

    def fail(self, place: str, problem: str) -> InterchangeError:
        return InterchangeError(self.source, place, problem)

    # -- small checks -------------------------------------------------------

    def obj(self, value: object, place: str) -> _Object:
        """``value`` as an object, or refuse it."""
        if type(value) is not dict:
            raise self.fail(place, f"must be an object, not {_kind(value)}")
        if self.duplicates and id(value) in self.duplicates:
            raise self.fail(place, f"the key {show(self.duplicates[id(value)])} appears twice")
        return value

    def lst(self, obj: _Object, key: str, place: str, limit: int, required: bool) -> list[Any]:
        value = obj.get(key)
        if value is None:
            if required and key not in obj:
                raise self.fail(place, "is missing (the list may be empty, but it must be there)")
            if required:
                raise self.fail(place, "must be a list, not null")
            return []
        if not isinstance(value, list):
            raise self.fail(place, f"must be a list, not {_kind(value)}")
        if len(value) > limit:
            raise self.fail(
                place, f"has {limits.count(len(value), 'entry', 'entries')}; the limit is {limit:,}"
            )
        return value

    def text(self, obj: _Object, key: str, place: str, limit: int, required: bool = False) -> str:
        value = obj.get(key)
        if type(value) is not str:
            if value is None:
                if required:
                    raise self.fail(
                        place, "is missing" if key not in obj else "must be text, not null"
                    )
                return ""
            raise self.fail(place, f"must be text, not {_kind(value)}")
        if len(value) > limit or not value.isprintable():
            problem = limits.text_problem(value, limit)
            if problem is not None:
                raise self.fail(place, problem)
        return value

    def ident(self, obj: _Object, place: str) -> str:
        value = self.text(obj, "id", f"{place}.id", limits.MAX_ID, required=True)
        if not value:
            raise self.fail(f"{place}.id", "is empty; every item needs an id")
        return value

    def level(self, obj: _Object, key: str, place: str) -> Level:
        value = obj.get(key)
        if value is None:
            return Level.MEDIUM
        level = _LEVELS.get(value) if type(value) is str else None
        if level is None:
            raise self.fail(place, f"{show(value)} is not {_LEVEL_WORDS}")
        return level

    # -- the worksheet ------------------------------------------------------

    def worksheet(self, doc: object) -> Worksheet:
        if type(doc) is not dict:
            raise self.fail(
                "", f"is not an ACH worksheet: its top level is {_kind(doc)}, not an object"
            )
        doc = self.obj(doc, "the top level")
        fmt = doc.get("format")
        if fmt != FORMAT:
            if "format" not in doc:
                raise self.fail(
                    "format", f'is missing, so this is not an ACH worksheet ("format": "{FORMAT}")'
                )
            raise self.fail("format", f'{show(fmt)} is not "{FORMAT}"')
        version = doc.get("version")
        if type(version) is not int:
            if "version" not in doc:
                raise self.fail("version", f"is missing (this program reads version {VERSION})")
            raise self.fail("version", f"must be a whole number, not {_kind(version)}")
        if version > VERSION:
            raise self.fail(
                "version",
                f"{show(version)} is newer than this program reads (version {VERSION}); "
                "the file was written by a newer ACH Workbench",
            )
        if version < VERSION:
            raise self.fail("version", f"{show(version)} is not a version of this form (1 is)")

        ws = Worksheet()
        for name, limit in _META.items():
            setattr(ws, name, self.text(doc, name, name, limit))
        hypotheses = self.lst(doc, "hypotheses", "hypotheses", limits.MAX_HYPOTHESES, True)
        evidence = self.lst(doc, "evidence", "evidence", limits.MAX_EVIDENCE, True)
        ratings = self.lst(doc, "ratings", "ratings", limits.MAX_RATINGS, False)
        milestones = self.lst(doc, "milestones", "milestones", limits.MAX_MILESTONES, False)
        sources = self.lst(doc, "sources", "sources", limits.MAX_SOURCES, False)

        self.texts: dict[str, str] = {}  # source id -> text, for the citations
        for i, raw in enumerate(sources):
            place = f"sources[{i}]"
            ws.sources.append(self.source_entry(self.obj(raw, place), place))

        h_index: dict[str, int] = {}
        for i, raw in enumerate(hypotheses):
            place = f"hypotheses[{i}]"
            h = self.obj(raw, place)
            hid = self.ident(h, place)
            if hid in h_index:
                raise self.fail(
                    f"{place}.id", f"{show(hid)} is already the id of hypotheses[{h_index[hid]}]"
                )
            h_index[hid] = i
            ws.hypotheses.append(
                Hypothesis(
                    id=hid,
                    title=self.text(h, "title", f"{place}.title", _HYP["title"], True),
                    description=self.text(
                        h, "description", f"{place}.description", _HYP["description"]
                    ),
                )
            )

        e_index: dict[str, int] = {}
        self.cited = 0
        for i, raw in enumerate(evidence):
            place = f"evidence[{i}]"
            ws.evidence.append(self.evidence(self.obj(raw, place), place, e_index, i))

        self.ratings(ratings, ws, e_index, h_index)

        m_index: dict[str, int] = {}
        for i, raw in enumerate(milestones):
            place = f"milestones[{i}]"
            ws.milestones.append(self.milestone(self.obj(raw, place), place, m_index, h_index, i))
        return ws

    def evidence(self, e: _Object, place: str, e_index: dict[str, int], i: int) -> Evidence:
        eid = self.ident(e, place)
        if eid in e_index:
            raise self.fail(
                f"{place}.id", f"{show(eid)} is already the id of evidence[{e_index[eid]}]"
            )
        e_index[eid] = i
        day = self.text(e, "date", f"{place}.date", _EV["date"])
        if day and not limits.is_date(day):
            raise self.fail(f"{place}.date", f"{show(day)} is not a date (YYYY-MM-DD)")
        excluded = e.get("excluded")
        if excluded is None:
            excluded = False
        elif type(excluded) is not bool:
            raise self.fail(f"{place}.excluded", f"must be true or false, not {_kind(excluded)}")
        flags: set[str] = set()
        for j, flag in enumerate(self.lst(e, "flags", f"{place}.flags", len(FLAGS) * 4, False)):
            if type(flag) is not str or flag not in FLAGS:
                raise self.fail(f"{place}.flags[{j}]", f"{show(flag)} is not one of {_FLAG_WORDS}")
            flags.add(flag)
        reported = self.date(e, "reported_date", f"{place}.reported_date")
        information = self.code(
            e, "info_credibility", f"{place}.info_credibility", InfoCredibility, _INFORMATION_WORDS
        )
        citations = tuple(
            self.citation(self.obj(raw, f"{place}.citations[{j}]"), f"{place}.citations[{j}]")
            for j, raw in enumerate(
                self.lst(e, "citations", f"{place}.citations", limits.MAX_CITATIONS, False)
            )
        )
        return Evidence(
            id=eid,
            reported_date=reported,
            info_credibility=information,
            citations=citations,
            title=self.text(e, "title", f"{place}.title", _EV["title"], True),
            description=self.text(e, "description", f"{place}.description", _EV["description"]),
            source=self.text(e, "source", f"{place}.source", _EV["source"]),
            link=self.text(e, "link", f"{place}.link", _EV["link"]),
            date=day,
            type=self.text(e, "type", f"{place}.type", _EV["type"]),
            credibility=self.level(e, "credibility", f"{place}.credibility"),
            relevance=self.level(e, "relevance", f"{place}.relevance"),
            excluded=excluded,
            flags=frozenset(flags),
        )

    def date(self, obj: _Object, key: str, place: str) -> str:
        day = self.text(obj, key, place, limits.MAX_TITLE)
        if day and not limits.is_date(day):
            raise self.fail(place, f"{show(day)} is not a date (YYYY-MM-DD)")
        return day

    def code(
        self,
        obj: _Object,
        key: str,
        place: str,
        scale: type[Reliability] | type[InfoCredibility],
        words: str,
    ) -> str:
        """A code of an Admiralty scale, or "" when absent (not graded)."""
        value = obj.get(key)
        if value is None or value == "":
            return ""
        if type(value) is not str or value not in {c.value for c in scale}:
            raise self.fail(place, f"{show(value)} is not {words}")
        return value

    def source_entry(self, obj: _Object, place: str) -> Source:
        sid = self.ident(obj, place)
        if sid in self.texts:
            raise self.fail(f"{place}.id", f"{show(sid)} is already the id of another source")
        kind = obj.get("kind")
        if kind is None:
            kind = "pasted"
        elif type(kind) is not str or kind not in SOURCE_KINDS:
            raise self.fail(f"{place}.kind", f"{show(kind)} is not one of {_KIND_WORDS}")
        text = self.text(obj, "text", f"{place}.text", limits.MAX_SOURCE_TEXT)
        self.texts[sid] = text
        return Source(
            id=sid,
            title=self.text(obj, "title", f"{place}.title", _SRC["title"], True),
            text=text,
            author=self.text(obj, "author", f"{place}.author", _SRC["author"]),
            published=self.date(obj, "published", f"{place}.published"),
            link=self.text(obj, "link", f"{place}.link", _SRC["link"]),
            reliability=self.code(
                obj, "reliability", f"{place}.reliability", Reliability, _RELIABILITY_WORDS
            ),
            notes=self.text(obj, "notes", f"{place}.notes", _SRC["notes"]),
            kind=kind,
        )

    def citation(self, obj: _Object, place: str) -> Citation:
        self.cited += 1
        if self.cited > limits.MAX_ALL_CITATIONS:
            raise self.fail(
                place, f"is one of more than {limits.MAX_ALL_CITATIONS:,} citations in one file"
            )
        sid = obj.get("source")
        if type(sid) is not str or sid not in self.texts:
            self.reference(obj, "source", f"{place}.source", "a source")
        length = len(self.texts[sid])
        bounds = []
        for key in ("start", "end"):
            value = obj.get(key)
            if type(value) is not int or not 0 <= value <= length:
                raise self.fail(
                    f"{place}.{key}",
                    f"must be a position in the source's text (0 to {length:,}), "
                    f"not {_kind(value)}",
                )
            bounds.append(value)
        start, end = bounds
        if end < start:
            raise self.fail(f"{place}.end", f"{end:,} is before the start ({start:,})")
        quote = self.text(obj, "quote", f"{place}.quote", limits.MAX_QUOTE)
        text = self.texts[sid]
        if text[start:end] != quote:
            # Positions counted another way (UTF-16 units, bytes) or a text edited by
            # hand: the quote is the truth when it is found in the text.
            found = text.find(quote) if quote else -1
            if found < 0:
                raise self.fail(
                    f"{place}.quote", "is not in its source's text, where it was quoted from"
                )
            start, end = found, found + len(quote)
        return Citation(sid, start, end, quote)

    def ratings(
        self,
        entries: list[Any],
        ws: Worksheet,
        e_index: dict[str, int],
        h_index: dict[str, int],
    ) -> None:
        # The hot loop of a big import: places are only spelled out on failure.
        seen: set[tuple[str, str]] = set()
        cells = ws.cells
        duplicates = self.duplicates
        plain = _PLAIN_CELLS
        for i, r in enumerate(entries):
            if type(r) is not dict or (duplicates and id(r) in duplicates):
                self.obj(r, f"ratings[{i}]")
            eid = r.get("evidence")
            if type(eid) is not str or eid not in e_index:
                self.reference(r, "evidence", f"ratings[{i}].evidence", "an evidence item")
            hid = r.get("hypothesis")
            if type(hid) is not str or hid not in h_index:
                self.reference(r, "hypothesis", f"ratings[{i}].hypothesis", "a hypothesis")
            key = (eid, hid)
            if key in seen:
                first = next(
                    j
                    for j, other in enumerate(entries)
                    if other.get("evidence") == eid and other.get("hypothesis") == hid
                )
                raise self.fail(
                    f"ratings[{i}]",
                    f"rates evidence {show(eid)} against hypothesis {show(hid)} a second time "
                    f"(ratings[{first}] already does)",
                )
            seen.add(key)
            code = r.get("rating")
            rating: Rating | None
            if code is None or code == "":
                rating = None
            elif type(code) is str and code in _RATINGS:
                rating = _RATINGS[code]
            else:
                raise self.fail(
                    f"ratings[{i}].rating", f"{show(code)} is not one of {_RATING_WORDS}"
                )
            note = r.get("note")
            if note is None or note == "":
                if rating is not None:
                    cells[key] = plain[rating]
                continue
            if type(note) is not str or len(note) > limits.MAX_NOTE or not note.isprintable():
                note = self.text(r, "note", f"ratings[{i}].note", limits.MAX_NOTE)
            cells[key] = Cell(rating, note)

    def reference(self, obj: _Object, key: str, place: str, what: str) -> NoReturn:
        """Refuse ``obj[key]``, which is not the id of ``what``."""
        value = obj.get(key)
        if key not in obj:
            raise self.fail(place, "is missing")
        if type(value) is not str:
            raise self.fail(place, f"must be text, not {_kind(value)}")
        raise self.fail(place, f"{show(value)} is not the id of {what}")

    def milestone(
        self,
        m: _Object,
        place: str,
        m_index: dict[str, int],
        h_index: dict[str, int],
        i: int,
    ) -> Milestone:
        if m.get("id") is None:
            mid = new_id()
        else:
            mid = self.ident(m, place)
            if mid in m_index:
                raise self.fail(
                    f"{place}.id", f"{show(mid)} is already the id of milestones[{m_index[mid]}]"
                )
        m_index[mid] = i
        hid: str | None = self.text(m, "hypothesis", f"{place}.hypothesis", _MS["hypothesis"])
        if not hid:
            hid = None
        elif hid not in h_index:
            raise self.fail(f"{place}.hypothesis", f"{show(hid)} is not the id of a hypothesis")
        status = m.get("status")
        if status is None:
            state = MilestoneStatus.OPEN
        else:
            found = _STATUSES.get(status) if type(status) is str else None
            if found is None:
                raise self.fail(f"{place}.status", f"{show(status)} is not {_STATUS_WORDS}")
            state = found
        return Milestone(
            id=mid,
            hypothesis_id=hid,
            text=self.text(m, "text", f"{place}.text", _MS["text"]),
            status=state,
        )
