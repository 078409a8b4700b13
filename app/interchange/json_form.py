"""The JSON form of a worksheet (``"format": "ach-worksheet"``, ``"version": 1``).

The contract is ``shared/docs/interchange.md``.  Reading never trusts the
input: everything is checked, and the first problem is refused with one
sentence that names the place, in the form ``evidence[3].credibility: "hgih"
is not low, medium or high`` or ``evidence[0].title is 501 characters long;
the limit is 500`` (list positions count from 0, as in JSONPath and jq).

Choices beyond the contract, all compatible with it:

* Optional fields this program adds: ``conclusions`` (worksheet), ``link``
  (evidence), ``id`` (milestone).  Export always writes them; import takes
  them when present and gives a milestone without an id a new one.
* Unknown keys are ignored at every level, so a file from a later minor
  version that only adds optional fields still reads.  A key given twice in
  one object is refused (which one would count is not obvious).
* ``null`` for an optional field means the same as leaving it out.
* A rating entry may have ``"rating": ""`` (or null, or no ``rating``): a
  blank cell that carries only a note.  Export writes note-only cells that way
  and omits ``note`` when it is empty.  Two entries for one cell are refused.
* A milestone without a hypothesis has no ``hypothesis`` key on export;
  import also accepts null or "" for it.
* Titles may be empty but must be present; ids must be non-empty.
* A UTF-8 byte order mark at the start is accepted, and so is UTF-16 text
  with its byte order mark (see :func:`decode_text`).  Text may hold any
  character except C0 controls other than tab, LF and CR (see limits.py).
"""

from __future__ import annotations

import json
import re
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
from app.storage import limits
from app.storage.errors import WorksheetError
from app.storage.json_size import check_size
from app.storage.limits import show

FORMAT = "ach-worksheet"
VERSION = 1


# A problem that begins with one of these words says something of the place itself
# ("is empty"): it follows the place as a sentence does its subject, without a colon.
_PREDICATES = ("is ", "are ", "must ", "has ", "have ", "holds ", "contains ", "appears ", "rates ")


class InterchangeError(WorksheetError):
    """An imported file (JSON or CSV) is refused.

    ``str()`` is one sentence for the analyst that names the file, the place
    (without it when the problem is the whole file) and the problem.  A
    problem that states something of a value is set off by a colon
    (``dprk.json: evidence[3].credibility: "hgih" is not low, medium or
    high.``); one that says what the place is or must be reads on from it
    (``dprk.json: evidence[0].title is 501 characters long; the limit is
    500.``, ``empty.csv is empty; ...``).
    """

    def __init__(self, source: str, place: str, problem: str) -> None:
        self.source = source
        self.place = place
        self.problem = problem
        where = f"{source}: {place}" if place else source
        joint = " " if problem.startswith(_PREDICATES) else ": "
        super().__init__(f"{where}{joint}{problem}.")


_LEVELS: dict[str, Level] = {level.value: level for level in Level}
_RATINGS: dict[str, Rating] = {rating.value: rating for rating in Rating}
_STATUSES: dict[str, MilestoneStatus] = {s.value: s for s in MilestoneStatus}
# Cells are immutable, so all cells without a note can share six instances.
_PLAIN_CELLS: dict[Rating, Cell] = {rating: Cell(rating) for rating in Rating}
_LEVEL_WORDS = "low, medium or high"
_RATING_WORDS = ", ".join(r.value for r in Rating)
_STATUS_WORDS = "open, observed or not-observed"
_FLAG_WORDS = ", ".join(FLAGS)


_Object = dict[str, Any]
_META = limits.WORKSHEET_FIELDS
_HYP = limits.HYPOTHESIS_FIELDS
_EV = limits.EVIDENCE_FIELDS
_MS = limits.MILESTONE_FIELDS


class _Duplicates:
    """An ``object_pairs_hook`` that notes, by object identity, a key given twice.

    Plain dicts keep parsing fast; the parsed document keeps every object alive,
    so an identity stays unique while the reader looks them up.
    """

    def __init__(self) -> None:
        self.found: dict[int, str] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.found[id(obj)] = key
                    break
                seen.add(key)
        return obj


class _Constant(ValueError):
    """NaN, Infinity or -Infinity: Python reads them, JSON does not have them."""


def _refuse_constant(name: str) -> None:
    raise _Constant(name)


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


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def unicode_form(data: bytes) -> str | None:
    """Which of UTF-16 and UTF-32 ``data`` looks like ("UTF-16", "UTF-32"), or ``None``.

    Either by its byte order mark, or (UTF-16 without one) by a zero byte in
    every other place, as ASCII text saved as UTF-16 has.  Text in these forms
    holds zero bytes, so it must not be taken for binary data.
    """
    if data.startswith(_UTF32_BOMS):
        return "UTF-32"
    if data.startswith(_UTF16_BOMS):
        return "UTF-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        for zeros, other in ((head[1::2], head[::2]), (head[::2], head[1::2])):
            if zeros.count(0) == len(zeros) and other.count(0) == 0:
                return "UTF-16"
    return None


def decode_text(data: bytes | str, source: str) -> str:
    """``data`` as text: UTF-8 with or without a byte order mark, within the size limit.

    UTF-16 with a byte order mark (what Excel's "Unicode Text" and Windows
    Notepad's "Unicode" write) is read as well: the mark says unambiguously
    how to read it, and the text is then checked like any other.  UTF-16
    without the mark, and UTF-32, are refused with a sentence that says so.
    """
    size = len(data)
    if size > limits.MAX_FILE_BYTES:
        raise InterchangeError(
            source,
            "",
            f"is {size / 1e6:,.1f} MB; the limit for an imported file is "
            f"{limits.MAX_FILE_BYTES // 1_000_000} MB",
        )
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    form = unicode_form(data)
    if form == "UTF-16" and data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")  # the mark says which byte order; it is dropped
        except UnicodeDecodeError:
            raise InterchangeError(
                source,
                "",
                "is UTF-16 text that is cut short or damaged; save it again as UTF-8",
            ) from None
    if form is not None:
        without = "" if form == "UTF-32" else " without a byte order mark"
        raise InterchangeError(
            source,
            "",
            f"is {form} text{without}, which this program does not read; save it as UTF-8",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(
            source,
            f"line {line}",
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
        ) from None


# A JSON string, escapes and all (the unrolled form: no backtracking per character).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')

# What parsing costs in memory, in bytes, for each mark of the text (measured with
# tracemalloc on CPython 3.11): a comma separates values, and a value of two
# characters or more (a string, a float) is an object of some 56 bytes and its slot;
# a colon marks an object's member, whose key and value wait in a pair (a tuple)
# until the object is built, which for one huge object is all of them at once.
_COST_VALUE, _COST_MEMBER, _COST_OBJECT, _COST_LIST = 64, 56, 72, 64
# A sound worksheet's parse costs at most some 9 times its text (the densest: compact
# ratings with ids of two characters; 5,000 x 100 cells written by this program cost
# 7); a hostile text (millions of short strings) costs up to 17 times.  Refusing a
# text whose cost would pass PARSE_BUDGET times its size keeps every file within
# the cost of a sound one; a small file may spend PARSE_FLOOR however dense it is.
PARSE_BUDGET = 12
PARSE_FLOOR = 200_000_000


def _parse_cost(objects: int, lists: int, commas: int, colons: int) -> int:
    return (
        _COST_VALUE * commas + _COST_MEMBER * colons + _COST_OBJECT * objects + _COST_LIST * lists
    )


def _census(text: str, source: str) -> None:
    """Refuse, before parsing, a document that would cost more memory than a worksheet can.

    More objects or lists than a worksheet can have, or more values than a
    sound worksheet of its size has (see PARSE_BUDGET).  Counting the marks
    of the text takes milliseconds and is enough for any real worksheet; only
    when a count is too high are the marks inside strings (which are text)
    taken off for an exact count.
    """
    marks = [text.count(mark) for mark in "{[,:"]
    budget = max(PARSE_BUDGET * len(text), PARSE_FLOOR)
    if _within(marks, budget):
        return
    # Every string but the keys (one before each colon) is a value: refused at once if
    # they alone pass the budget (millions of short strings in a list).
    strings = (text.count('"') - text.count('\\"')) // 2
    values = strings - marks[3]
    if _COST_VALUE * values > budget:
        raise _too_many_values(source, values, len(text), budget)
    marks = _outside_strings(text, marks, strings)
    objects, lists, commas, _ = marks
    for n, limit, what in (
        (objects, limits.MAX_JSON_OBJECTS, "objects"),
        (lists, limits.MAX_JSON_LISTS, "lists"),
    ):
        if n > limit:
            raise InterchangeError(
                source,
                "",
                f"holds {n:,} JSON {what}, more than a worksheet can have ({limit:,}); "
                "it was not read",
            )
    if _parse_cost(*marks) > budget:
        raise _too_many_values(source, commas + 1, len(text), budget)


def _outside_strings(text: str, marks: list[int], strings: int) -> list[int]:
    """``marks`` counted again outside the strings of ``text`` (of some ``strings`` strings)."""
    if strings > 1_000_000:
        # Many strings: the text without their contents, a copy built in C (fast).
        skeleton = _STRING.sub('""', text)
        return [skeleton.count(mark) for mark in "{[,:"]
    # Few strings (what a sound worksheet's text has): one at a time, no copy of the text.
    marks = list(marks)
    for string in _STRING.finditer(text):
        quoted = string.group()
        for i, mark in enumerate("{[,:"):
            marks[i] -= quoted.count(mark)
    return marks


def _too_many_values(source: str, values: int, size: int, budget: int) -> InterchangeError:
    return InterchangeError(
        source,
        "",
        f"holds at least {values:,} JSON values in {size / 1e6:,.1f} MB, more than a "
        f"worksheet of its size can hold (reading them would take more than "
        f"{budget / 1e9:,.1f} GB of memory); it was not read",
    )


def _within(marks: list[int], budget: int) -> bool:
    objects, lists = marks[0], marks[1]
    return (
        objects <= limits.MAX_JSON_OBJECTS
        and lists <= limits.MAX_JSON_LISTS
        and _parse_cost(*marks) <= budget
    )


def _too_large(source: str) -> InterchangeError:
    return InterchangeError(source, "", "is too large to read in this machine's memory")


def worksheet_from_json(data: bytes | str, *, source: str) -> Worksheet:
    """Read the JSON form; raise InterchangeError naming ``source`` and the place."""
    try:
        return _worksheet_from_json(data, source)
    except MemoryError:  # the census keeps a file near a sound one's cost; a small machine
        raise _too_large(source) from None


def _worksheet_from_json(data: bytes | str, source: str) -> Worksheet:
    text = decode_text(data, source)
    _census(text, source)
    duplicates = _Duplicates()
    try:
        doc = json.loads(text, object_pairs_hook=duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        reason = exc.msg[:1].lower() + exc.msg[1:]
        if reason.endswith(" at"):  # "unterminated string starting at": the place is given
            reason += " that place"
        raise InterchangeError(
            source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({reason})"
        ) from None
    except RecursionError:
        raise InterchangeError(source, "", "is nested too deeply to be a worksheet") from None
    except _Constant as exc:
        raise InterchangeError(
            source, "", f"holds {exc}, which is not a value this form uses"
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise InterchangeError(
            source, "", "holds a number too long to read, which is not a value this form uses"
        ) from None
    ws = _Reader(source, duplicates.found).worksheet(doc)
    del doc
    # Compact JSON may grow when exported (indented, every field written): refuse now
    # what could not be read back.
    check_size(ws, lambda problem: InterchangeError(source, "", problem))
    return ws


class _Reader:
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
        return Evidence(
            id=eid,
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


def _flag_order(flag: str) -> tuple[int, str]:
    order = list(FLAGS)
    return (order.index(flag) if flag in FLAGS else len(order), flag)


def worksheet_to_json(ws: Worksheet) -> str:
    """The JSON form of ``ws``: pretty (2-space indent), UTF-8 text, fields in a fixed order.

    Ratings follow worksheet order (evidence, then hypothesis); a cell whose
    evidence or hypothesis is not in the worksheet is not written.
    """
    milestones: list[dict[str, str]] = []
    for m in ws.milestones:
        entry = {"id": m.id}
        if m.hypothesis_id is not None:
            entry["hypothesis"] = m.hypothesis_id
        entry["text"] = m.text
        entry["status"] = MilestoneStatus(m.status).value
        milestones.append(entry)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "title": ws.title,
        "question": ws.question,
        "analyst": ws.analyst,
        "classification": ws.classification,
        "conclusions": ws.conclusions,
        "hypotheses": [
            {"id": h.id, "title": h.title, "description": h.description} for h in ws.hypotheses
        ],
        "evidence": [
            {
                "id": e.id,
                "title": e.title,
                "description": e.description,
                "source": e.source,
                "link": e.link,
                "date": e.date,
                "type": e.type,
                "credibility": Level(e.credibility).value,
                "relevance": Level(e.relevance).value,
                "excluded": bool(e.excluded),
                "flags": sorted(e.flags, key=_flag_order),
            }
            for e in ws.evidence
        ],
        "ratings": None,  # written line by line below
        "milestones": milestones,
    }
    parts = []
    for key, value in doc.items():
        if key == "ratings":
            lines = _rating_lines(ws)
            body = "[\n    " + ",\n    ".join(lines) + "\n  ]" if lines else "[]"
        else:
            # JSON text never holds a raw newline inside a string, so this only indents.
            body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {_quote(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _rating_lines(ws: Worksheet) -> list[str]:
    """One line of JSON per non-empty cell, in worksheet order (evidence, then hypothesis).

    Written by hand with the C string encoder: the standard library's indenting
    encoder is pure Python and slow for the 150,000 cells of a big matrix, and
    one line per cell is easier to read and to diff as well.  A cell whose
    evidence or hypothesis is not in the worksheet is not written.
    """
    quote = _quote
    heads = [(e.id, '{"evidence": ' + quote(e.id) + ', "hypothesis": ') for e in ws.evidence]
    hyps = [(h.id, quote(h.id)) for h in ws.hypotheses]
    cells = ws.cells
    if len(heads) * len(hyps) > 4 * len(cells) + 1000:  # sparse: sort the cells instead
        e_pos = {e.id: i for i, e in enumerate(ws.evidence)}
        h_pos = {h.id: i for i, h in enumerate(ws.hypotheses)}
        keys = sorted(
            (k for k in cells if k[0] in e_pos and k[1] in h_pos),
            key=lambda k: (e_pos[k[0]], h_pos[k[1]]),
        )
        e_head = dict(heads)
        h_text = dict(hyps)
        grid = [(k, e_head[k[0]], h_text[k[1]]) for k in keys]
    else:
        grid = [((eid, hid), head, htext) for eid, head in heads for hid, htext in hyps]
    lines = []
    for key, head, htext in grid:
        cell = cells.get(key)
        if cell is None or cell.is_empty:
            continue
        code = cell.rating.value if cell.rating is not None else ""
        if cell.note:
            lines.append(f'{head}{htext}, "rating": "{code}", "note": {quote(cell.note)}}}')
        else:
            lines.append(f'{head}{htext}, "rating": "{code}"}}')
    return lines


_quote = json.encoder.encode_basestring  # C-accelerated, keeps non-ASCII text as is
