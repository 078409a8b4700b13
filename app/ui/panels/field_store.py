"""How a panel's text field is stored: its limit, the one edit it makes, and when.

The Details panel's fields (the Item, Hypothesis and Worksheet pages) and the
Sources panel's each hold one field of one target; what is typed goes to the
Document through :func:`store_typed`, which refuses nothing the field could
show.  :class:`TypedFields` takes a field so that its text is stored as it
is typed (``drafts.py``) and when the analyst leaves it: never lost to a
command that does not take the keyboard (Ctrl+S), the worst bug this program
has had.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Protocol, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from app.storage.limits import (
    EVIDENCE_FIELDS,
    HYPOTHESIS_FIELDS,
    SOURCE_FIELDS,
    WORKSHEET_FIELDS,
)
from app.ui.document.document import Document
from app.ui.document.drafts import Drafts
from app.ui.document.edits import Target
from app.ui.panels.form_fields import TextBox, clean_line

# The most characters each field holds: the limits every file is checked against,
# so that what the analyst types is never refused when it is stored.
_LIMITS = {
    Target.ITEM: {**EVIDENCE_FIELDS, "reported_date": EVIDENCE_FIELDS["date"]},
    Target.HYPOTHESIS: HYPOTHESIS_FIELDS,
    Target.META: WORKSHEET_FIELDS,
    Target.SOURCE: SOURCE_FIELDS,
}
_WHOSE = {
    Target.ITEM: "An evidence item's",
    Target.HYPOTHESIS: "A hypothesis's",
    Target.META: "The worksheet's",
    Target.SOURCE: "A source's",
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
    if (
        (kind is Target.ITEM and not doc.has_item(target))
        or (kind is Target.HYPOTHESIS and not doc.has_hypothesis(target))
        or (kind is Target.SOURCE and not doc.has_source(target))
    ):
        return  # deleted meanwhile (the delete stored this text first, and undo brings it)
    with doc.typing() if typing else contextlib.nullcontext():
        if kind is Target.ITEM:
            doc.set_item_fields(target, **{field: value})
        elif kind is Target.HYPOTHESIS:
            doc.set_hypothesis_fields(target, **{field: value})
        elif kind is Target.SOURCE:
            doc.set_source_fields(target, **{field: value})
        else:
            doc.set_meta(**{field: value})


class FieldsPanel(Protocol):
    """What :class:`TypedFields` asks of the panel that holds the fields (its parent)."""

    @property
    def document(self) -> Document | None: ...

    @property
    def loading(self) -> bool:
        """The panel is filling its fields from the worksheet: no edit of the analyst's."""
        ...

    def target_of(self, kind: Target) -> str | None:
        """The id of what the panel's fields of ``kind`` show now ("" for the worksheet)."""
        ...

    def reload(self) -> None:
        """Every field from the worksheet again."""
        ...


class TypedFields(QObject):
    """The text fields of one panel: each stored as it is typed and when it is left."""

    message = Signal(str)
    """A passing message for the status bar (text that did not fit in a field)."""

    def __init__(self, panel: QObject):
        """``panel``: the panel holding the fields (a :class:`FieldsPanel`), which owns this."""
        super().__init__(panel)
        self.drafts = Drafts(self)
        self.drafts.pending_changed.connect(self._on_pending)

    @property
    def panel(self) -> FieldsPanel:
        # The panel is the Qt parent, not an attribute: no reference cycle.
        return cast("FieldsPanel", self.parent())

    def _on_pending(self, pending: bool) -> None:
        doc = self.panel.document
        if doc is not None and not doc.closed:
            doc.set_draft_pending(pending, self)

    def add_field(
        self,
        kind: Target,
        field: str,
        widget: QLineEdit | TextBox,
        value: Callable[[], Any],
        *,
        required: bool = False,
    ) -> None:
        """Store ``field`` of the shown target as it is typed, and when the analyst leaves it.

        ``value`` is what the field holds as the worksheet keeps it (stripped,
        or ``None`` for a date that is not one yet); ``required``: a title,
        never stored empty (leaving it empty brings the stored one back).
        """

        def typed(*_: object) -> None:
            panel = self.panel
            doc, target = panel.document, panel.target_of(kind)
            if panel.loading or doc is None or target is None or doc.read_only:
                return
            v = value()  # taken now: the field may show another target by the time it is stored
            self.drafts.typed(
                (kind, target, field),
                lambda: store_typed(doc, kind, target, field, v, required=required, typing=True),
            )

        def left(*_: object) -> None:
            self.drafts.flush()
            panel = self.panel
            doc, target = panel.document, panel.target_of(kind)
            if panel.loading or doc is None or target is None:
                return
            v = value()
            if required and not (v or "").strip():
                panel.reload()  # the stored title comes back
            else:
                store_typed(doc, kind, target, field, v, required=required, typing=False)
            doc.end_typing()

        limit = field_limit(kind, field)
        too_long = cut_short(kind, field)
        if isinstance(widget, TextBox):
            widget.limit = limit
            widget.rejected.connect(lambda: self.message.emit(too_long))
            widget.edited.connect(typed)
            widget.committed.connect(left)
        else:
            widget.setMaxLength(limit)
            widget.inputRejected.connect(lambda: self.message.emit(too_long))
            widget.textEdited.connect(lambda _t: clean_line(widget))  # first: typed() reads it
            widget.textEdited.connect(typed)
            widget.editingFinished.connect(left)
