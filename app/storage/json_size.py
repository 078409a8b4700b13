"""How large the JSON form of a worksheet would be, without writing it.

What the program exports it must read back: the import refuses a file over
:data:`app.storage.limits.MAX_FILE_BYTES`, so the loader and the import refuse
a worksheet whose JSON form (:func:`app.interchange.json_form.worksheet_to_json`)
would be larger.  Kept apart from :mod:`app.interchange.json_form` so that opening
a worksheet file does not load the import and export code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Worksheet
from app.domain.sources import Source
from app.storage import limits

_quote = json.encoder.encode_basestring  # what worksheet_to_json writes strings with
_META = tuple(limits.WORKSHEET_FIELDS)


def _qlen(text: str) -> int:
    """Bytes of ``text`` as a JSON string in UTF-8, quotes and escapes included."""
    quoted = _quote(text)
    return len(quoted) if quoted.isascii() else len(quoted.encode("utf-8", "surrogatepass"))


# What each entry of worksheet_to_json costs besides its quoted texts (measured: the
# first entry of a list, which costs a few bytes more than the next, with all flags set
# and a rating of two letters), in bytes; exported_size adds the texts as written.
_TOP, _PER_HYPOTHESIS, _PER_EVIDENCE, _PER_MILESTONE = 208, 68, 373, 90
_PER_CELL, _PER_NOTE = 54, 10


def meta_cost(ws: Worksheet) -> int:
    return _TOP + sum(_qlen(getattr(ws, name)) for name in _META)


def hypothesis_cost(h: Hypothesis) -> int:
    return _PER_HYPOTHESIS + _qlen(h.id) + _qlen(h.title) + _qlen(h.description)


# The optional fields of sources: an item's reported date, information credibility
# and citations (each with its key, indentation and punctuation), and a source entry.
_PER_REPORTED, _PER_INFORMATION, _PER_CITATIONS = 30, 30, 24
_PER_CITATION = 120  # besides its quote and source id; two positions of up to 8 digits
_PER_SOURCE, _TOP_SOURCES = 200, 20


def evidence_cost(e: Evidence) -> int:
    q = _qlen
    cost = (
        _PER_EVIDENCE
        + q(e.id) + q(e.title) + q(e.description) + q(e.source) + q(e.link) + q(e.date) + q(e.type)
    )  # fmt: skip
    if e.reported_date:
        cost += _PER_REPORTED + q(e.reported_date)
    if e.info_credibility:
        cost += _PER_INFORMATION + q(e.info_credibility)
    if e.citations:
        cost += _PER_CITATIONS + sum(
            _PER_CITATION + q(c.source_id) + q(c.quote) for c in e.citations
        )
    return cost


def source_cost(source: Source) -> int:
    q = _qlen
    return (
        _PER_SOURCE
        + q(source.id) + q(source.title) + q(source.author) + q(source.published)
        + q(source.link) + q(source.reliability) + q(source.notes) + q(source.kind)
        + q(source.text)
    )  # fmt: skip


def cell_cost(id_costs: int, cell: Cell) -> int:
    """``id_costs``: the quoted lengths of the cell's evidence and hypothesis ids."""
    return _PER_CELL + id_costs + (_PER_NOTE + _qlen(cell.note) if cell.note else 0)


def milestone_cost(m: Milestone) -> int:
    return _PER_MILESTONE + _qlen(m.id) + _qlen(m.text) + _qlen(m.hypothesis_id or "")


def exported_size(ws: Worksheet) -> int:
    """An upper bound (within a few bytes an entry) of the UTF-8 size of worksheet_to_json(ws).

    It reads every text once but builds no JSON: the loader and the import
    use it to refuse a worksheet whose JSON form the import would refuse.
    """
    total = meta_cost(ws)
    total += sum(hypothesis_cost(h) for h in ws.hypotheses)
    total += sum(evidence_cost(e) for e in ws.evidence)
    e_cost = {e.id: _qlen(e.id) for e in ws.evidence}
    h_cost = {h.id: _qlen(h.id) for h in ws.hypotheses}
    total += sum(
        cell_cost(e_cost.get(e, 0) + h_cost.get(h, 0), cell) for (e, h), cell in ws.cells.items()
    )
    total += sum(milestone_cost(m) for m in ws.milestones)
    if ws.sources:
        total += _TOP_SOURCES + sum(source_cost(s) for s in ws.sources)
    return total


def growth(
    ws: Worksheet,
    *,
    meta: bool,
    hypotheses: Iterable[str],
    evidence: Iterable[str],
    cells: Iterable[tuple[str, str]],
    milestones: Iterable[str],
    sources: Iterable[str] = (),
) -> int:
    """At most how much an edit of the named parts can have added to :func:`exported_size`.

    The whole cost of each part as it is now, not the difference: an upper
    bound, in the time of the edit rather than of the worksheet.
    """
    hyps = {h.id: h for h in ws.hypotheses} if hypotheses else {}
    items = {e.id: e for e in ws.evidence} if evidence else {}
    total = meta_cost(ws) if meta else 0
    total += sum(hypothesis_cost(hyps[h]) for h in hypotheses if h in hyps)
    total += sum(evidence_cost(items[e]) for e in evidence if e in items)
    for e, h in cells:
        cell = ws.cells.get((e, h))
        if cell is not None:
            total += cell_cost(_qlen(e) + _qlen(h), cell)
    if milestones:
        wanted = set(milestones)
        total += sum(milestone_cost(m) for m in ws.milestones if m.id in wanted)
    if sources:
        wanted = set(sources)
        total += _TOP_SOURCES + sum(source_cost(s) for s in ws.sources if s.id in wanted)
    return total


class SizeGuard:
    """Keeps a worksheet edited in the window within what its JSON form may be.

    A file the loader would refuse must never be written: :meth:`admit` is
    asked before each edit is stored.  It keeps an upper bound of the JSON
    size, raised by :func:`growth` at each edit, and measures the whole
    worksheet again only when that bound passes the limit, so an ordinary
    worksheet pays a few microseconds an edit and a huge one a full
    measurement only near the limit.
    """

    def __init__(self) -> None:
        self._bound: int | None = None

    def admit(
        self, ws: Worksheet, grown: Callable[[], int], refuse: Callable[[str], Exception]
    ) -> None:
        """``ws`` holds the edit already; ``grown`` is its :func:`growth`."""
        bound = exported_size(ws) if self._bound is None else self._bound + grown()
        if bound > limits.MAX_FILE_BYTES:
            bound = exported_size(ws)
        self._bound = bound
        if bound > limits.MAX_FILE_BYTES:
            raise refuse(_too_large(bound))


def check_size(ws: Worksheet, refuse: Callable[[str], Exception]) -> None:
    """Raise ``refuse(problem)`` if the JSON form of ``ws`` is more than an import takes."""
    size = exported_size(ws)
    if size > limits.MAX_FILE_BYTES:
        raise refuse(f"is too large to exchange: {_too_large(size)}")


def _too_large(size: int) -> str:
    return (
        f"its JSON form would be {size / 1e6:,.1f} MB, "
        f"and the limit of an imported file is {limits.MAX_FILE_BYTES // 1_000_000} MB"
    )
