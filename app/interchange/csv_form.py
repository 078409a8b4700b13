"""CSV: export of the matrix, import of an evidence list.

Export (``matrix_to_csv``) writes UTF-8 with a byte order mark (so that
spreadsheet programs recognise non-Latin text) and CRLF line ends.  Every
text cell that a spreadsheet could read as a formula (it begins with ``=``,
``+``, ``-``, ``@``, tab, carriage return or line feed) is prefixed with a
single quote, as OWASP advises; numbers this module computes itself are
written as plain numbers.

Import (``evidence_from_csv``) reads a header row and one evidence item per
row; see ``EVIDENCE_COLUMNS`` (:mod:`app.interchange.evidence_fields`).  It
never trusts the file: every problem is refused with one sentence naming the
line and column, for example
``line 7, column "date": "2023-13-40" is not a date (YYYY-MM-DD)``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Protocol

from app.domain.model import Evidence, Level, Worksheet
from app.domain.scoring import DECIMALS, evidence_measures, score_worksheet
from app.interchange.evidence_fields import EVIDENCE_COLUMNS, evidence_item, flag_names
from app.interchange.text_input import InterchangeError, decode_text
from app.storage import limits, names
from app.storage.limits import show

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def protect(text: str) -> str:
    """``text`` made safe for a spreadsheet cell: never read as a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# -- export -----------------------------------------------------------------


def number(value: float) -> str:
    """A score or measure as the CSV gives it: to 9 decimal places, the precision at
    which the method compares them (ach-method.md), without trailing zeros.

    The exact float is no use in a spreadsheet: a high-credibility, high-relevance
    item weighs √2·√2, which is 2.0000000000000004 in floating point, and would show
    so.  ``score --json`` gives the values in full.
    """
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def matrix_to_csv(ws: Worksheet, *, unweighted: bool = False) -> bytes:
    """The matrix as CSV bytes (UTF-8 with BOM): one row per evidence item, then the scores.

    Columns: id, title, source, date, type, credibility, relevance, excluded,
    flags, diagnosticity, score_neutral, then one column per hypothesis (its
    title in the header) holding the rating code, blank for an unrated cell.
    After one empty row come rows whose title cell names a measure and whose
    hypothesis cells hold its value: hypothesis id, rank, weighted
    inconsistency, inconsistency, consistency, normalized, blank cells.
    """
    measures = {m.evidence_id: m for m in evidence_measures(ws)}
    scores = {s.hypothesis_id: s for s in score_worksheet(ws, unweighted=unweighted)}
    hyps = ws.hypotheses
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "id",
            "title",
            "source",
            "date",
            "type",
            "credibility",
            "relevance",
            "excluded",
            "flags",
            "diagnosticity",
            "score_neutral",
            *(protect(h.title) for h in hyps),
        ]
    )
    for e in ws.evidence:
        measure = measures.get(e.id)
        row: list[str | int | float] = [
            protect(e.id),
            protect(e.title),
            protect(e.source),
            protect(e.date),
            protect(e.type),
            Level(e.credibility).value,
            Level(e.relevance).value,
            _yes_no(e.excluded),
            flag_names(e.flags),
            number(measure.diagnosticity) if measure is not None else "",
            _yes_no(measure.score_neutral) if measure is not None else "",
        ]
        for h in hyps:
            rating = ws.rating(e.id, h.id)
            row.append(rating.value if rating is not None else "")
        writer.writerow(row)
    lead = [""] * 11
    writer.writerow([])
    footer: list[tuple[str, Callable[[str], str | int | float]]] = [
        ("hypothesis id", protect),
        ("rank", lambda hid: scores[hid].rank),
        ("weighted inconsistency", lambda hid: number(scores[hid].weighted_inconsistency)),
        ("inconsistency", lambda hid: scores[hid].inconsistency),
        ("consistency", lambda hid: number(scores[hid].consistency)),
        (
            "normalized (this program's own measure: weighted inconsistency per unit of "
            "weight of the applicable rated items; PARC ACH's formula is not public)",
            lambda hid: number(scores[hid].normalized),
        ),
        ("blank cells", lambda hid: scores[hid].blank),
    ]
    for label, value in footer:
        lead[1] = label
        writer.writerow([*lead, *(value(h.id) for h in hyps)])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8", "backslashreplace")


# -- import -----------------------------------------------------------------


# The shape of a file an evidence list can have.  Each is checked before the
# csv module builds anything, so a hostile file is refused in the time of a scan
# (milliseconds for 100 MB) and within the memory of its text, not in minutes
# and gigabytes: the csv module builds a list of every cell of a row, and reads
# a blank line in a fraction of a microsecond, which 90 million of them add up to.
MAX_COLUMNS = 16_384
"""Columns of the header: a spreadsheet's most (Excel's), empty ones included."""
MAX_ROWS = 1_048_576
"""Rows, blank ones included: a spreadsheet's most (Excel's); items are fewer (MAX_EVIDENCE)."""
MAX_LINES = 10_000_000
"""Lines of the file: a hundred for each of MAX_EVIDENCE items, cells with line breaks counted."""
MAX_LINE = 1_000_000
"""Characters of one line: the longest row of texts within their limits is some 30,000."""

# The columns that begin the matrix matrix_to_csv writes (its header, as read below).
_MATRIX_HEAD = (
    "id", "title", "source", "date", "type", "credibility", "relevance", "excluded", "flags",
    "diagnosticity", "score_neutral",
)  # fmt: skip


def _header_end(text: str) -> int:
    """Where the first line ends (a line ends at LF, CR or CRLF; csv reads all three)."""
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    return min(ends) if ends else len(text)


def _delimiter(text: str, end: int) -> str:
    """The separator of the header line ``text[:end]``: comma, semicolon (European Excel) or tab."""
    counts = {d: text.count(d, 0, end) for d in (",", ";", "\t")}  # counted in place: no copy
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _long_line(text: str) -> int | None:
    """The start of a line longer than MAX_LINE characters, or None.

    Such a line holds a whole block of MAX_LINE // 2 characters with no line
    break, so looking for a break in each block (memchr speed) finds it.
    """
    block = MAX_LINE // 2
    for start in range(0, len(text) - block + 1, block):
        stop = start + block
        if text.find("\n", start, stop) < 0 and text.find("\r", start, stop) < 0:
            begin = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
            ends = [i for i in (text.find("\n", stop), text.find("\r", stop)) if i >= 0]
            if (min(ends) if ends else len(text)) - begin > MAX_LINE:
                return begin
    return None


def _check_shape(
    text: str, end: int, delimiter: str, fail: Callable[[str, str], InterchangeError]
) -> None:
    """Refuse a file of more lines, columns or longer lines than an evidence list can have."""
    lines = max(text.count("\n"), text.count("\r"))
    if lines > MAX_LINES:
        raise fail(
            "",
            f"has {limits.count(lines, 'line')}, more than an evidence list of at most "
            f"{limits.count(limits.MAX_EVIDENCE, 'item')} can need ({MAX_LINES:,}); "
            "it was not read",
        )
    columns = text.count(delimiter, 0, end) + 1
    if columns > MAX_COLUMNS:
        raise fail(
            "line 1",
            f"has {limits.count(columns, 'column')} in its header, more than a spreadsheet "
            f"has ({MAX_COLUMNS:,}); it was not read",
        )
    start = _long_line(text)
    if start is not None:
        line = max(text.count("\n", 0, start), text.count("\r", 0, start)) + 1
        raise fail(
            f"line {line}",
            f"is longer than {MAX_LINE:,} characters, more than a row of an evidence list "
            "can be; it was not read",
        )


def evidence_from_csv(data: bytes | str, *, source: str) -> list[Evidence]:
    """Read an evidence list; raise InterchangeError naming ``source``, the line and the column."""
    try:
        return _evidence(data, source)
    except MemoryError:  # the checks keep a file near its size; a small machine may not be
        raise InterchangeError(
            source, "", "is too large to read in this machine's memory"
        ) from None


def _evidence(data: bytes | str, source: str) -> list[Evidence]:
    text = decode_text(data, source)

    def fail(place: str, problem: str) -> InterchangeError:
        return InterchangeError(source, place, problem)

    end = _header_end(text)
    delimiter = _delimiter(text, end)
    _check_shape(text, end, delimiter, fail)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = _numbered_rows(reader, fail)
    header_line, header = next(rows, (1, []))
    names = [cell.strip().lower().replace(" ", "_") for cell in header]
    if not any(names):
        raise fail("", "is empty; an evidence list starts with a header row naming its columns")
    if tuple(names[: len(_MATRIX_HEAD)]) == _MATRIX_HEAD:
        raise fail(
            "",
            "is a matrix exported for a spreadsheet, not an evidence list; to carry a "
            "worksheet over, export it in JSON form and import that",
        )
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in EVIDENCE_COLUMNS:
            raise fail(
                f"line {header_line}",
                f"{show(header[i].strip())} is not a column this program knows ("
                + ", ".join(EVIDENCE_COLUMNS)
                + ")",
            )
        if name in columns:
            raise fail(f"line {header_line}, column {show(name)}", "appears twice in the header")
        columns[name] = i
    if "title" not in columns:
        raise fail(f"line {header_line}", 'the header has no "title" column, which is required')

    items: list[Evidence] = []
    ids: dict[str, str] = {}
    for n, (line, row) in enumerate(rows, 2):
        if n > MAX_ROWS:
            raise fail(
                f"line {line}",
                f"is past the limit of {MAX_ROWS:,} rows, blank ones included (a "
                f"spreadsheet's most); an evidence list holds at most "
                f"{limits.count(limits.MAX_EVIDENCE, 'item')}",
            )
        if not any(cell.strip() for cell in row):
            continue
        for i in range(len(names), len(row)):
            if row[i].strip():
                raise fail(
                    f"line {line}",
                    f"column {i + 1} has a value, but the header has only "
                    f"{limits.count(len(names), 'column')}",
                )
        for i, name in enumerate(names):
            if not name and i < len(row) and row[i].strip():
                raise fail(
                    f"line {line}", f"column {i + 1} has a value, but the header gives it no name"
                )
        if len(items) == limits.MAX_EVIDENCE:
            raise fail(
                f"line {line}",
                f"is past the limit of {limits.count(limits.MAX_EVIDENCE, 'evidence item')}",
            )
        values: dict[str, str] = {}
        for name, i in columns.items():
            value = row[i].strip() if i < len(row) else ""
            problem = limits.text_problem(value, EVIDENCE_COLUMNS[name])
            if problem is not None:
                raise fail(f"line {line}, column {show(name)}", problem)
            values[name] = value
        items.append(evidence_item(values, f"line {line}", ids, fail))
    return items


class _CsvReader(Protocol):
    @property
    def line_num(self) -> int: ...

    def __next__(self) -> list[str]: ...


def _numbered_rows(
    reader: _CsvReader, fail: Callable[[str, str], InterchangeError]
) -> Iterator[tuple[int, list[str]]]:
    """The rows, each with the line on which it starts (a quoted cell may span lines)."""
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = f"a cell is longer than {csv.field_size_limit():,} characters"
            raise fail(f"line {reader.line_num}", f"is not valid CSV ({reason})") from None
        yield line, row
        line = reader.line_num + 1


def worksheet_from_csv(data: bytes | str, *, source: str, title: str = "") -> Worksheet:
    """A new worksheet holding the evidence list of a CSV file (no hypotheses yet).

    ``title`` is usually the file's name: anyone could have named it, so its
    control and bidirectional characters are replaced as in every message
    (:func:`~app.storage.names.shown`).
    """
    return Worksheet(
        title=names.shown(title, limits.MAX_TITLE), evidence=evidence_from_csv(data, source=source)
    )
