"""Adding an imported evidence list to a worksheet that already has items.

An item keeps its id through export and import (interchange.md), so an
item of the list whose id the worksheet already has is the same item: it
is left out, never added twice (a worksheet's ids are unique).
"""

from __future__ import annotations

from app.domain.model import Evidence, Worksheet


def new_items(worksheet: Worksheet, items: list[Evidence]) -> tuple[list[Evidence], int]:
    """The items not in ``worksheet`` yet, in the list's order, and how many already were."""
    have = {e.id for e in worksheet.evidence}
    fresh = [e for e in items if e.id not in have]
    return fresh, len(items) - len(fresh)


def added_sentence(added: int, already: int, source: str, target: str) -> str:
    """ "Added 3 items from leads.csv to dprk.achw (2 already in it were left out)." """
    what = "1 item" if added == 1 else f"{added} items"
    text = f"Added {what} from {source} to {target}"
    if already:
        were = "1 item already in it was" if already == 1 else f"{already} items already in it were"
        text += f" ({were} left out: same id)"
    return text + "."
