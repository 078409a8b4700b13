"""What differs between two versions of one worksheet, item by item.

When someone else saved the file while the analyst worked on it, the
analyst must decide whether to overwrite it or keep both
(worksheet-file.md, "compare the two").  Copies of one worksheet share the
identities of hypotheses, items and milestones, so the versions are
matched by id: a retitled item is one item changed, not one removed and
one added.  Places are named for people: H2, E7 by position in the
analyst's version; what only the other version has, by its title (its
position there would name a different item here).  The order of the
hypotheses, items and milestones counts too: it is the analyst's reading
order, and it settles a tie in the ranking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.model import (
    FLAGS,
    Cell,
    Evidence,
    Hypothesis,
    Milestone,
    Worksheet,
    display_labels,
)

_META = (
    ("title", "Title"),
    ("question", "Question"),
    ("analyst", "Analyst"),
    ("classification", "Classification"),
    ("conclusions", "Conclusions"),
)
_HYPOTHESIS = (("title", "title"), ("description", "description"))
_EVIDENCE = (
    ("title", "title"),
    ("description", "description"),
    ("source", "source"),
    ("link", "link"),
    ("date", "date"),
    ("type", "type"),
    ("credibility", "credibility"),
    ("relevance", "relevance"),
    ("excluded", "excluded"),
    ("flags", "flags"),
)


@dataclass(frozen=True)
class Difference:
    """One place where the versions differ; ``None`` where a version does not have it."""

    place: str  # "Question", "H2 Covert export to Russia", "E3 × H2 rating"
    mine: str | None
    theirs: str | None


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return ", ".join(FLAGS.get(flag, flag) for flag in sorted(value)) or "none"
    return str(getattr(value, "value", value))


def _cell_text(cell: Cell) -> str:
    code = cell.rating.value if cell.rating is not None else "blank"
    return f"{code} (note: {cell.note})" if cell.note else code


def differences(mine: Worksheet, theirs: Worksheet) -> list[Difference]:
    """Every difference, in reading order: the worksheet, hypotheses, items, ratings, milestones."""
    return list(_differences(mine, theirs))


def _differences(mine: Worksheet, theirs: Worksheet) -> Iterator[Difference]:
    for name, shown in _META:
        a, b = getattr(mine, name), getattr(theirs, name)
        if a != b:
            yield Difference(shown, a, b)

    labels = display_labels(mine)
    for h in theirs.hypotheses:
        labels.setdefault(h.id, f"hypothesis “{h.title}”")
    for e in theirs.evidence:
        labels.setdefault(e.id, f"item “{e.title}”")
    yield from _items(mine.hypotheses, theirs.hypotheses, _HYPOTHESIS, labels)
    yield from _order("Order of the hypotheses", mine.hypotheses, theirs.hypotheses)
    yield from _items(mine.evidence, theirs.evidence, _EVIDENCE, labels)
    yield from _order("Order of the evidence items", mine.evidence, theirs.evidence)

    their_h = {h.id for h in theirs.hypotheses}
    their_e = {e.id for e in theirs.evidence}
    for e in mine.evidence:
        if e.id not in their_e:
            continue
        for h in mine.hypotheses:
            if h.id not in their_h:
                continue
            a, b = mine.cell(e.id, h.id), theirs.cell(e.id, h.id)
            if a != b:
                place = f"{labels[e.id]} × {labels[h.id]} rating"
                yield Difference(place, _cell_text(a), _cell_text(b))

    yield from _milestones(mine, theirs, labels)


def _items(
    mine: list[Hypothesis] | list[Evidence],
    theirs: list[Hypothesis] | list[Evidence],
    fields: tuple[tuple[str, str], ...],
    labels: dict[str, str],
) -> Iterator[Difference]:
    their_by_id = {item.id: item for item in theirs}
    my_ids = {item.id for item in mine}
    for item in mine:
        name = f"{labels[item.id]} {item.title}".strip()
        other = their_by_id.get(item.id)
        if other is None:
            yield Difference(name, "present", None)
            continue
        for attr, shown in fields:
            a, b = getattr(item, attr), getattr(other, attr)
            if a != b:
                yield Difference(f"{name}: {shown}", _shown(a), _shown(b))
    for item in theirs:
        if item.id not in my_ids:
            yield Difference(labels[item.id][:1].upper() + labels[item.id][1:], None, "present")


def _order(
    place: str,
    mine: list[Hypothesis] | list[Evidence] | list[Milestone],
    theirs: list[Hypothesis] | list[Evidence] | list[Milestone],
) -> Iterator[Difference]:
    """Whether the items both versions have come in the same order."""
    their_ids = {item.id for item in theirs}
    my_ids = {item.id for item in mine}
    a = [item.id for item in mine if item.id in their_ids]
    b = [item.id for item in theirs if item.id in my_ids]
    if a != b:
        moved = sum(1 for x, y in zip(a, b, strict=True) if x != y)
        yield Difference(
            place, "your order", f"another order ({moved} of {len(a)} placed differently)"
        )


def _milestones(mine: Worksheet, theirs: Worksheet, labels: dict[str, str]) -> Iterator[Difference]:
    def shown(m: Milestone) -> str:
        where = f" ({labels.get(m.hypothesis_id, 'a hypothesis')})" if m.hypothesis_id else ""
        return f"{m.text}{where}: {m.status.value}"

    their_by_id = {m.id: m for m in theirs.milestones}
    my_ids = {m.id for m in mine.milestones}
    for m in mine.milestones:
        other = their_by_id.get(m.id)
        if other is None:
            yield Difference("Milestone", shown(m), None)
        elif other != m:
            yield Difference("Milestone", shown(m), shown(other))
    for m in theirs.milestones:
        if m.id not in my_ids:
            yield Difference("Milestone", None, shown(m))
    yield from _order("Order of the milestones", mine.milestones, theirs.milestones)
