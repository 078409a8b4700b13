"""How a text field of the Details panel is stored: its limit, and the one edit it makes.

The panel's fields (the Item, Hypothesis and Worksheet pages) each hold one
field of one target; what is typed goes to the Document through
:func:`store_typed`, which refuses nothing the field could show.
"""

from __future__ import annotations

import contextlib
from typing import Any

from app.storage.limits import EVIDENCE_FIELDS, HYPOTHESIS_FIELDS, WORKSHEET_FIELDS
from app.ui.document.document import Document
from app.ui.document.edits import Target

# The most characters each field holds: the limits every file is checked against,
# so that what the analyst types is never refused when it is stored.
_LIMITS = {
    Target.ITEM: EVIDENCE_FIELDS,
    Target.HYPOTHESIS: HYPOTHESIS_FIELDS,
    Target.META: WORKSHEET_FIELDS,
}
_WHOSE = {
    Target.ITEM: "An evidence item's",
    Target.HYPOTHESIS: "A hypothesis's",
    Target.META: "The worksheet's",
}


def field_limit(kind: Target, field: str) -> int:
    return _LIMITS[kind][field]


def cut_short(kind: Target, field: str) -> str:
    """The status bar's sentence when typing or pasting went past the field's limit."""
    limit = field_limit(kind, field)
    return f"{_WHOSE[kind]} {field} holds at most {limit:,} characters; the rest was left out."


def store_typed(
    doc: Document,
    kind: Target,
    target: str,
    field: str,
    value: Any,
    *,
    required: bool,
    typing: bool,
) -> None:
    """Store ``value`` as ``field`` of ``target`` (``typing``: merged into the typing step)."""
    if doc.closed or doc.read_only or value is None or (required and not value.strip()):
        return  # not a value yet (an empty title, half a date): the field keeps it
    if (kind is Target.ITEM and not doc.has_item(target)) or (
        kind is Target.HYPOTHESIS and not doc.has_hypothesis(target)
    ):
        return  # deleted meanwhile (the delete stored this text first, and undo brings it)
    with doc.typing() if typing else contextlib.nullcontext():
        if kind is Target.ITEM:
            doc.set_item_fields(target, **{field: value})
        elif kind is Target.HYPOTHESIS:
            doc.set_hypothesis_fields(target, **{field: value})
        else:
            doc.set_meta(**{field: value})
