"""An evidence item from the cells of one row of a list: the CSV evidence list's and
an Excel sheet's (the same columns, the same checks, the same sentences).

A row reaches :func:`evidence_item` as a dict of column name -> text, already
stripped and within its column's length (``EVIDENCE_COLUMNS``); ``at`` names
the row in the file's own terms (``line 7``, ``sheet "Matrix", row 7``), so
that every refusal names the place, for example
``line 7, column "date": "2023-13-40" is not a date (YYYY-MM-DD)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.domain.model import FLAGS, Evidence, Level, new_id
from app.interchange.text_input import InterchangeError
from app.storage import limits
from app.storage.limits import show

# Column name -> the longest text it may hold.
EVIDENCE_COLUMNS: dict[str, int] = {
    "id": limits.MAX_ID,
    "title": limits.MAX_TITLE,
    "description": limits.MAX_TEXT,
    "source": limits.MAX_SOURCE,
    "link": limits.MAX_SOURCE,
    "date": limits.MAX_TITLE,
    "type": limits.MAX_TITLE,
    "credibility": limits.MAX_TITLE,
    "relevance": limits.MAX_TITLE,
    "excluded": limits.MAX_TITLE,
    "flags": limits.MAX_TITLE,
}

_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"", "no", "n", "false", "0"})
LEVELS = {level.value: level for level in Level}
_FLAG_NAMES = {key: key for key in FLAGS} | {
    label.replace(" ", "-"): key for key, label in FLAGS.items()
}
_FLAG_SPLIT = re.compile("[;,]")

Fail = Callable[[str, str], InterchangeError]
"""(place, problem) -> the refusal naming the file, the place and the problem."""


def at_column(at: str, name: str) -> str:
    """``line 7, column "date"``."""
    return f"{at}, column {show(name)}"


def level(word: str, place: str, fail: Fail) -> Level:
    """``Low``/``medium``/``HIGH`` (blank: medium), or refused naming ``place``."""
    found = LEVELS.get(word.lower()) if word else Level.MEDIUM
    if found is None:
        raise fail(place, f"{show(word)} is not low, medium or high")
    return found


def evidence_item(values: dict[str, str], at: str, ids: dict[str, str], fail: Fail) -> Evidence:
    """The item of one row; ``ids``: the ids of the rows read so far -> their place
    (an id given twice is refused naming both rows).  ``values`` has a title."""
    if not values["title"]:
        raise fail(at_column(at, "title"), "is empty; every evidence item needs a title")
    eid = values.get("id", "")
    if eid:
        if eid in ids:
            raise fail(
                at_column(at, "id"), f"{show(eid)} is already the id of the item on {ids[eid]}"
            )
        ids[eid] = at
    else:
        eid = new_id()
    day = values.get("date", "")
    if day and not limits.is_date(day):
        raise fail(at_column(at, "date"), f"{show(day)} is not a date (YYYY-MM-DD)")
    credibility = level(values.get("credibility", ""), at_column(at, "credibility"), fail)
    relevance = level(values.get("relevance", ""), at_column(at, "relevance"), fail)
    word = values.get("excluded", "")
    if word.lower() in _YES:
        excluded = True
    elif word.lower() in _NO:
        excluded = False
    else:
        raise fail(at_column(at, "excluded"), f"{show(word)} is not yes or no")
    flags: set[str] = set()
    for part in _FLAG_SPLIT.split(values.get("flags", "")):
        name = part.strip().lower().replace(" ", "-").replace("_", "-")
        if not name:
            continue
        if name not in _FLAG_NAMES:
            raise fail(
                at_column(at, "flags"), f"{show(part.strip())} is not one of " + ", ".join(FLAGS)
            )
        flags.add(_FLAG_NAMES[name])
    return Evidence(
        id=eid,
        title=values["title"],
        description=values.get("description", ""),
        source=values.get("source", ""),
        link=values.get("link", ""),
        date=day,
        type=values.get("type", ""),
        credibility=credibility,
        relevance=relevance,
        excluded=excluded,
        flags=frozenset(flags),
    )


def flag_names(flags: frozenset[str]) -> str:
    """The flags as the list columns give them: ``possible-deception; single-source``."""
    return "; ".join(f for f in FLAGS if f in flags)
