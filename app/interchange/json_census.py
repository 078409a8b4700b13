"""How much memory parsing a JSON text would take, counted before it is parsed.

A worksheet's JSON is parsed whole by the standard library, so a hostile
text of millions of short values could take many times its size in memory.
:func:`census` counts the text's marks (milliseconds) and refuses, before
parsing, what would cost more than a sound worksheet of its size.
"""

from __future__ import annotations

import re

from app.interchange.text_input import InterchangeError
from app.storage import limits

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


def census(text: str, source: str) -> None:
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
