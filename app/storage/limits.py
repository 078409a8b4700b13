"""Limits on what an imported worksheet may hold, and the checks on its text.

Imported files are never trusted: every text is checked for length and for
characters that are not text (control characters, lone surrogates), every
list for its size, every date for being a real calendar date.  The limits are
generous for real analysis and small enough that a hostile file cannot make
the program spend minutes or gigabytes.  JSON and CSV import share them; the
worksheet file may use them too.
"""

from __future__ import annotations

import re
from datetime import date

# A whole imported file (JSON or CSV), in bytes.  What the program exports it
# must read back, so a worksheet whose JSON form would be larger is refused
# when it is opened or imported (json_size.check_size).  The largest worksheet
# the program is built for, 5,000 evidence items by 100 hypotheses with every
# cell rated and the program's own UUIDs as ids, exports to about 64 MB (a
# rating is a line of some 128 bytes); 100 MB leaves room for its text and
# notes.  A sound 100 MB import costs some 10 times that in memory at its peak
# (Python's objects for the parsed document and the model), which a desktop
# has; a hostile one is refused before parsing (MAX_JSON_OBJECTS below).
MAX_FILE_BYTES = 100_000_000

# A worksheet file (.achw), in bytes.  Its SQLite form takes about as much as
# its JSON form (1.1 times, measured on the largest sample), and a worksheet
# whose JSON form is above MAX_FILE_BYTES is refused when it opens anyway;
# twice that leaves room for SQLite's pages and indexes.  A larger file is
# refused by its size before it is copied (a sparse 8 GB file copies for
# minutes and fills the disk).
MAX_WORKSHEET_FILE_BYTES = 2 * MAX_FILE_BYTES

# Lengths of text, in characters.
MAX_ID = 200  # ids: UUIDs are 36; given ids like "E12" are short
MAX_TITLE = 500  # titles, analyst, classification, evidence type
MAX_SOURCE = 2_000  # an evidence item's source and link (URLs can be long)
MAX_TEXT = 20_000  # question, conclusions, descriptions, notes, milestone text

# The limit of every text of a worksheet, by the name of its field.  The JSON
# import (json_reader.py) and the worksheet file's loader (loader.py) both read
# these tables, so a file that opens exports to JSON that imports again.
WORKSHEET_FIELDS = {
    "title": MAX_TITLE,
    "question": MAX_TEXT,
    "analyst": MAX_TITLE,
    "classification": MAX_TITLE,
    "conclusions": MAX_TEXT,
}
HYPOTHESIS_FIELDS = {"id": MAX_ID, "title": MAX_TITLE, "description": MAX_TEXT}
EVIDENCE_FIELDS = {
    "id": MAX_ID,
    "title": MAX_TITLE,
    "description": MAX_TEXT,
    "source": MAX_SOURCE,
    "link": MAX_SOURCE,
    "date": MAX_TITLE,
    "type": MAX_TITLE,
}
MILESTONE_FIELDS = {"id": MAX_ID, "hypothesis": MAX_ID, "text": MAX_TEXT}
SOURCE_FIELDS = {
    "id": MAX_ID,
    "title": MAX_TITLE,
    "author": MAX_TITLE,
    "published": MAX_TITLE,
    "link": MAX_SOURCE,
    "notes": MAX_TEXT,
}
# A source's text, in characters: a 20 MB document (the most a source may be)
# holds at most some 20 million characters; a long report or book is under
# five million.  Citations point into it, so it is kept whole or refused.
MAX_SOURCE_TEXT = 20_000_000
MAX_QUOTE = MAX_TEXT  # the words of one citation
MAX_NOTE = MAX_TEXT  # the note of a cell

# Numbers of entries.
MAX_HYPOTHESES = 1_000
MAX_EVIDENCE = 100_000
MAX_MILESTONES = 10_000
MAX_RATINGS = 1_000_000  # a file of 50 MB cannot hold more than about 700,000 anyway
MAX_SOURCES = 1_000
MAX_CITATIONS = 100  # of one evidence item
MAX_ALL_CITATIONS = 100_000  # of a worksheet

# How many objects and lists a JSON worksheet may hold: one object per
# worksheet, hypothesis, evidence item, rating and milestone, one list of
# flags per evidence item and the four top lists, twice over (but for the
# ratings, by far the most numerous) for the optional fields a later version
# may add.  Parsing costs about 70 bytes of memory per object or list however
# few bytes of the file it takes: 50 MB of "{}," would take 1.2 GB.  Counting
# them first keeps a hostile file within a few times its size, and a sound one
# within the cost of the largest worksheet these limits allow.
MAX_JSON_OBJECTS = (
    2 * (1 + MAX_HYPOTHESES + MAX_EVIDENCE + MAX_MILESTONES + MAX_SOURCES)
    + MAX_RATINGS
    + MAX_ALL_CITATIONS
)
MAX_JSON_LISTS = 2 * (5 + 2 * MAX_EVIDENCE)  # flags and citations of each item

# C0 control characters other than tab, line feed and carriage return, and
# lone UTF-16 surrogates (a JSON "\ud800" escape): neither is text, and both
# break terminals, XML (the PDF brief) or UTF-8 encoders further on.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def text_ok(value: str, limit: int) -> bool:
    """The fast test: True when :func:`text_problem` would find nothing (almost always)."""
    if len(value) > limit:
        return False
    return value.isprintable() or _NOT_TEXT.search(value) is None


def text_problem(value: str, limit: int) -> str | None:
    """What is wrong with ``value`` as a text of at most ``limit`` characters, or None."""
    if len(value) > limit:
        return f"is {count(len(value), 'character')} long; the limit is {limit:,}"
    bad = _NOT_TEXT.search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"contains U+{code:04X}, half of a surrogate pair, which is not a character"
    return f"contains the control character U+{code:04X}, which is not text"


def without_not_text(value: str) -> str:
    """``value`` with what :func:`text_problem` calls not text taken out (for what
    the analyst pastes into a field: the rest of it is kept)."""
    return _NOT_TEXT.sub("", value)


def is_date(value: str) -> bool:
    """True when ``value`` is a real calendar date written YYYY-MM-DD."""
    if _DATE.fullmatch(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def count(n: int, singular: str, plural: str | None = None, *, grouped: bool = True) -> str:
    """``n`` and the noun that goes with it: "1 item", "2 items", "1,000 entries".

    ``grouped=False`` writes the number without thousands separators ("1000 entries").
    """
    word = singular if n == 1 else (plural if plural is not None else singular + "s")
    return f"{n:,} {word}" if grouped else f"{n} {word}"


def show(value: object, width: int = 40) -> str:
    """A value as it may appear in a message: JSON-quoted, short, printable."""
    import json

    if isinstance(value, str) and len(value) > width:
        value = value[:width] + "…"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > width + 10:  # a number of hundreds of digits
        text = text[:width] + "…"
    # A lone surrogate survives json.dumps; make the message encodable.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
