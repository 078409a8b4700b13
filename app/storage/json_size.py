"""How large the JSON form of a worksheet would be, without writing it.

What the program exports it must read back: the import refuses a file over
:data:`app.storage.limits.MAX_FILE_BYTES`, so the loader and the import refuse
a worksheet whose JSON form (:func:`app.storage.json_form.worksheet_to_json`)
would be larger.  Kept apart from :mod:`app.storage.json_form` so that opening
a worksheet file does not load the import and export code.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from app.domain.model import Worksheet
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


def exported_size(ws: Worksheet) -> int:
    """An upper bound (within a few bytes an entry) of the UTF-8 size of worksheet_to_json(ws).

    It reads every text once but builds no JSON: the loader and the import
    use it to refuse a worksheet whose JSON form the import would refuse.
    """
    q = _qlen
    total = _TOP + sum(q(getattr(ws, name)) for name in _META)
    total += sum(_PER_HYPOTHESIS + q(h.id) + q(h.title) + q(h.description) for h in ws.hypotheses)
    total += sum(
        _PER_EVIDENCE
        + q(e.id) + q(e.title) + q(e.description) + q(e.source) + q(e.link) + q(e.date) + q(e.type)
        for e in ws.evidence
    )  # fmt: skip
    e_cost = {e.id: q(e.id) for e in ws.evidence}
    h_cost = {h.id: q(h.id) for h in ws.hypotheses}
    total += sum(
        _PER_CELL
        + e_cost.get(e, 0)
        + h_cost.get(h, 0)
        + (_PER_NOTE + q(cell.note) if cell.note else 0)
        for (e, h), cell in ws.cells.items()
    )
    total += sum(
        _PER_MILESTONE + q(m.id) + q(m.text) + q(m.hypothesis_id or "") for m in ws.milestones
    )
    return total


def check_size(ws: Worksheet, refuse: Callable[[str], Exception]) -> None:
    """Raise ``refuse(problem)`` if the JSON form of ``ws`` is more than an import takes."""
    size = exported_size(ws)
    if size > limits.MAX_FILE_BYTES:
        raise refuse(
            f"is too large to exchange: its JSON form would be {size / 1e6:,.1f} MB, "
            f"and the limit of an imported file is {limits.MAX_FILE_BYTES // 1_000_000} MB"
        )
