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
* The sources (optional, written only when a worksheet has them): a top-level
  ``sources`` list (``id``, ``title``, ``author``, ``published``, ``link``,
  ``reliability`` A-F or "", ``notes``, ``kind``, ``text``) and, per evidence
  item, ``reported_date``, ``info_credibility`` (1-6) and ``citations``
  (``source`` id, ``start`` and ``end`` positions in its text, counted in
  characters, and the ``quote``).
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

Reading is three steps, each in its module: the bytes become text
(:mod:`~app.interchange.text_input`), the text's cost is counted before it
is parsed (:mod:`~app.interchange.json_census`), and the parsed document is
checked as it becomes a worksheet (:mod:`~app.interchange.json_reader`).
Writing is here.
"""

from __future__ import annotations

import json
from typing import Any

from app.domain.model import FLAGS, Evidence, Level, MilestoneStatus, Worksheet
from app.interchange.json_census import census
from app.interchange.json_reader import FORMAT, VERSION, Reader
from app.interchange.text_input import InterchangeError, decode_text
from app.storage.json_size import check_size

__all__ = ["FORMAT", "VERSION", "worksheet_from_json", "worksheet_to_json"]


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
    census(text, source)
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
    ws = Reader(source, duplicates.found).worksheet(doc)
    del doc
    # Compact JSON may grow when exported (indented, every field written): refuse now
    # what could not be read back.
    check_size(ws, lambda problem: InterchangeError(source, "", problem))
    return ws


def _flag_order(flag: str) -> tuple[int, str]:
    order = list(FLAGS)
    return (order.index(flag) if flag in FLAGS else len(order), flag)


def _evidence(e: Evidence) -> dict[str, Any]:
    entry: dict[str, Any] = {
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
    # The fields of sources are written only when given: a worksheet without them
    # exports exactly as before.
    if e.reported_date:
        entry["reported_date"] = e.reported_date
    if e.info_credibility:
        entry["info_credibility"] = e.info_credibility
    if e.citations:
        entry["citations"] = [
            {"source": c.source_id, "start": c.start, "end": c.end, "quote": c.quote}
            for c in e.citations
        ]
    return entry


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
        "evidence": [_evidence(e) for e in ws.evidence],
        "ratings": None,  # written line by line below
        "milestones": milestones,
    }
    if ws.sources:
        doc["sources"] = [
            {
                "id": s.id,
                "title": s.title,
                "author": s.author,
                "published": s.published,
                "link": s.link,
                "reliability": s.reliability,
                "notes": s.notes,
                "kind": s.kind,
                "text": s.text,
            }
            for s in ws.sources
        ]
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
