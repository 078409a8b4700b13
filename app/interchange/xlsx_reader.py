"""Excel workbooks in: a filled ACH matrix, or an evidence list.

A sheet is read from its header row: the first of its first rows that names
an evidence column (``Evidence`` or ``title``).  Its columns are read by
their header, in any order and case: the evidence list's columns of the CSV
form (:mod:`app.interchange.evidence_fields`), with the spreadsheet
templates' names for them (``Evidence``, ``Evidence Type``), and
``Category`` (the Stirparo template's), which heads the item's description.
Any other named column is a hypothesis, its cells rating codes (CC, C, N, I,
II, NA; blank for unrated).  Columns this program computes (diagnosticity)
are not read.

* The workbook's first sheet with such a header is read: a matrix if it has
  a hypothesis column, an evidence list if not.
* Skipped rows: empty ones; rows whose cells are all formulas (a template's
  score row: formulas are never evaluated); rows of scores (numbers in the
  hypothesis columns and no rating or id, as this program's own export
  writes under its header).  A row mixing formulas and values is refused:
  a formula's value is not in the file to read.
* This program's own export carries more than the matrix; its other sheets
  are read back too: the details of each item (a sheet that is an evidence
  list with ids), the hypotheses' ids and descriptions (``Hypotheses``),
  the cells' notes (``Notes``) and the worksheet's own fields (``Worksheet``).

Every problem is one sentence naming the sheet and the row or cell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from app.domain.model import META_FIELDS, Cell, Evidence, Hypothesis, Rating, Worksheet, new_id
from app.interchange.evidence_fields import EVIDENCE_COLUMNS, at_column, evidence_item
from app.interchange.text_input import InterchangeError
from app.interchange.xlsx_archive import open_workbook, refusal, rows
from app.storage import limits, names
from app.storage.limits import show

HEADER_ROWS = 50
"""The header is looked for in the rows up to this one (a title may stand above it)."""

# A header's words (see _normal) -> the item's field it holds.
_FIELDS = {name: name for name in EVIDENCE_COLUMNS} | {
    "evidence": "title",
    "evidence title": "title",
    "evidence item": "title",
    "evidence id": "id",
    "evidence type": "type",
    "url": "link",
    "category": "category",
}
_COMPUTED = frozenset({"diagnosticity", "score neutral"})
_RATINGS = {r.value: r for r in Rating}
_SEPARATORS = re.compile(r"[\s_-]+")


def _normal(text: str) -> str:
    """``Evidence_Type`` and ``evidence  type`` alike: ``evidence type``."""
    return _SEPARATORS.sub(" ", text).strip().lower()


def cell_text(cell: Any) -> str:
    """A cell's value as the text of a field (a date cell as YYYY-MM-DD)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, ArrayFormula):
        text = str(value.text or "")
        return text if text.startswith("=") else f"={text}" if text else "(an array formula)"
    if isinstance(value, DataTableFormula):
        return "(a data table)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(cell: Any) -> bool:
    return isinstance(cell.value, int | float) and not isinstance(cell.value, bool)


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


@dataclass
class Header:
    """A sheet's header row: where it is, and what each column holds."""

    sheet: Any
    row: int
    width: int
    fields: dict[str, int] = field(default_factory=dict)  # field -> column index
    hypotheses: list[tuple[int, str]] = field(default_factory=list)  # (column index, title)
    unnamed: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.sheet.title)

    def at_row(self, number: int) -> str:
        return f"sheet {show(self.name)}, row {number}"

    def at_cell(self, column: int, number: int) -> str:
        return f"sheet {show(self.name)}, cell {get_column_letter(column + 1)}{number}"


class _Reading:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, place: str, problem: str) -> InterchangeError:
        return refusal(self.source, place, problem)

    def header(self, sheet: Any) -> Header | None:
        """The sheet's header row, or None if it has none naming an evidence column."""
        # Each row as long as its own cells go, not as the sheet's declared size
        # (which a writer may get wrong, and which cannot name a column past it).
        sheet.reset_dimensions()
        for number, cells in rows(sheet, None, self.source):
            if number > HEADER_ROWS:
                return None
            texts = [cell_text(c) for c in cells]
            if any(_FIELDS.get(_normal(t)) == "title" for t in texts):
                return self._columns(sheet, number, texts)
        return None

    def _columns(self, sheet: Any, number: int, texts: list[str]) -> Header:
        width = max(i for i, t in enumerate(texts) if t) + 1
        header = Header(sheet, number, width)
        for i, text in enumerate(texts[:width]):
            word = _normal(text)
            if not word:
                header.unnamed.append(i)
            elif word in _COMPUTED:
                continue
            elif word in _FIELDS:
                name = _FIELDS[word]
                if name in header.fields:
                    raise self.fail(at_column(header.at_row(number), text), "appears twice")
                header.fields[name] = i
            else:
                problem = limits.text_problem(text, limits.MAX_TITLE)
                if problem is not None:
                    raise self.fail(header.at_cell(i, number), problem)
                header.hypotheses.append((i, text))
        if len(header.hypotheses) > limits.MAX_HYPOTHESES:
            raise self.fail(
                header.at_row(number),
                f"has {len(header.hypotheses):,} hypothesis columns; the limit is "
                f"{limits.MAX_HYPOTHESES:,}",
            )
        return header

    def body(self, header: Header) -> Iterator[tuple[int, tuple[Any, ...], list[str]]]:
        """The rows under the header that hold an item (see the module's text): each
        with its number, its cells and their texts (as wide as the header)."""
        for number, cells in rows(header.sheet, header.width, self.source):
            if number <= header.row:
                continue
            texts = [cell_text(c) for c in cells]
            texts += [""] * (header.width - len(texts))
            formulas = [i for i, c in enumerate(cells) if _is_formula(c) and texts[i]]
            filled = sum(1 for t in texts if t)
            if not filled or len(formulas) == filled:
                continue
            if formulas:
                raise self.fail(
                    header.at_cell(formulas[0], number),
                    f"holds a formula ({show(texts[formulas[0]])}) beside values; this program "
                    "reads values, not formulas (paste the row as values)",
                )
            if self._scores(header, cells, texts):
                continue
            for i in header.unnamed:
                if texts[i]:
                    raise self.fail(
                        header.at_cell(i, number),
                        "has a value, but the header gives its column no name",
                    )
            yield number, cells, texts

    @staticmethod
    def _scores(header: Header, cells: tuple[Any, ...], texts: list[str]) -> bool:
        """A row of numbers under the hypotheses, with no rating and no id: scores."""
        if not header.hypotheses:
            return False
        numbers = others = 0
        for i, _ in header.hypotheses:
            if i < len(cells) and _is_number(cells[i]):
                numbers += 1
            elif texts[i]:
                others += 1
        given_id = "id" in header.fields and texts[header.fields["id"]]
        return numbers > 0 and not others and not given_id

    def items(self, header: Header) -> tuple[list[Evidence], dict[tuple[str, str], Cell]]:
        """The sheet's items, and (for a matrix) their ratings by (item id, column index)."""
        items: list[Evidence] = []
        ratings: dict[tuple[str, str], Cell] = {}
        ids: dict[str, str] = {}
        for number, _cells, texts in self.body(header):
            if len(items) == limits.MAX_EVIDENCE:
                raise self.fail(
                    header.at_row(number),
                    f"is past the limit of {limits.count(limits.MAX_EVIDENCE, 'evidence item')}",
                )
            at = header.at_row(number)
            values: dict[str, str] = {}
            for name, i in header.fields.items():
                limit = EVIDENCE_COLUMNS.get(name, limits.MAX_TITLE)
                if not limits.text_ok(texts[i], limit):
                    raise self.fail(at_column(at, name), str(limits.text_problem(texts[i], limit)))
                values[name] = texts[i]
            category = values.pop("category", "")
            if category:
                details = values.get("description", "")
                values["description"] = f"Category: {category}" + (
                    f"\n\n{details}" if details else ""
                )
            item = evidence_item(values, at, ids, self.fail)
            items.append(item)
            for i, title in header.hypotheses:
                if texts[i]:
                    ratings[(item.id, str(i))] = Cell(
                        rating=self._rating(header, texts[i], i, number, title)
                    )
        return items, ratings

    def _rating(self, header: Header, text: str, i: int, number: int, title: str) -> Rating:
        rating = _RATINGS.get(text.upper())
        if rating is None:
            raise self.fail(
                header.at_cell(i, number),
                f"{show(text)} is not a rating of hypothesis {show(title)} "
                "(CC, C, N, I, II or NA; blank for unrated)",
            )
        return rating


def worksheet_from_xlsx(data: bytes, *, source: str, title: str = "") -> Worksheet:
    """The worksheet of an Excel workbook: its matrix, or its evidence list."""
    workbook = open_workbook(data, source)
    try:
        return _worksheet(workbook, _Reading(source), title)
    except MemoryError:
        raise refusal(source, "", "is too large to read in this machine's memory") from None
    finally:
        workbook.close()


def _worksheet(workbook: Any, reading: _Reading, title: str) -> Worksheet:
    chosen = next(
        (h for sheet in workbook.worksheets if (h := reading.header(sheet)) is not None), None
    )
    if chosen is None:
        sheets = ", ".join(show(str(s.title)) for s in workbook.worksheets[:10])
        raise reading.fail(
            "",
            'has no sheet with a header row naming an evidence column ("Evidence" or '
            f'"title") in its first {HEADER_ROWS} rows; its sheets: {sheets or "none"}',
        )
    items, ratings = reading.items(chosen)
    ws = Worksheet(title=names.shown(title, limits.MAX_TITLE), evidence=items)
    hypotheses = [Hypothesis(title=text, id=new_id()) for _, text in chosen.hypotheses]
    own = _OwnSheets(workbook, reading, exclude=chosen)
    own.hypotheses(hypotheses)
    column_ids = {str(i): h.id for (i, _), h in zip(chosen.hypotheses, hypotheses, strict=True)}
    ws.hypotheses = hypotheses
    ws.cells = {(eid, column_ids[col]): cell for (eid, col), cell in ratings.items()}
    own.details(ws, chosen)
    own.notes(ws)
    own.fields(ws)
    return ws


class _OwnSheets:
    """The other sheets of this program's own export, read back into the matrix."""

    def __init__(self, workbook: Any, reading: _Reading, exclude: Header) -> None:
        self.reading = reading
        self.sheets = {str(s.title): s for s in workbook.worksheets if s is not exclude.sheet}

    def _table(self, name: str, wanted: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
        """The rows of sheet ``name`` whose header holds the ``wanted`` columns."""
        sheet = self.sheets.get(name)
        if sheet is None:
            return
        heads: dict[str, int] = {}
        sheet.reset_dimensions()
        for number, cells in rows(sheet, None, self.reading.source):
            texts = [_normal(cell_text(c)) for c in cells]
            if not heads:
                heads = {w: texts.index(w) for w in wanted if w in texts}
                if len(heads) < len(wanted):
                    return
                continue
            yield (
                f"sheet {show(name)}, row {number}",
                {w: cell_text(cells[i]) if i < len(cells) else "" for w, i in heads.items()},
            )

    def hypotheses(self, hypotheses: list[Hypothesis]) -> None:
        """Ids and descriptions from ``Hypotheses``, if its titles are the matrix's, in order."""
        table = [values for _, values in self._table("Hypotheses", ("id", "title", "description"))]
        if [v["title"] for v in table] != [h.title for h in hypotheses]:
            return
        seen: set[str] = set()
        for h, values in zip(hypotheses, table, strict=True):
            hid, text = values["id"], values["description"]
            if hid and hid not in seen and limits.text_ok(hid, limits.MAX_ID):
                h.id = hid
                seen.add(hid)
            if limits.text_ok(text, limits.MAX_TEXT):
                h.description = text

    def details(self, ws: Worksheet, matrix: Header) -> None:
        """Fields the matrix sheet lacks, from ``Evidence``, if it lists the items by id."""
        sheet = self.sheets.get("Evidence")
        header = None if sheet is None else self.reading.header(sheet)
        if header is None or header.hypotheses or "id" not in header.fields:
            return
        listed, _ = self.reading.items(header)
        by_id = {e.id: e for e in listed}
        missing = [f for f in header.fields if f not in matrix.fields and f != "category"]
        for n, item in enumerate(ws.evidence):
            full = by_id.get(item.id)
            if full is not None:
                ws.evidence[n] = dataclasses.replace(item, **{f: getattr(full, f) for f in missing})

    def notes(self, ws: Worksheet) -> None:
        wanted = ("evidence id", "hypothesis id", "note")
        known = {e.id for e in ws.evidence}, {h.id for h in ws.hypotheses}
        for at, values in self._table("Notes", wanted):
            eid, hid, note = values["evidence id"], values["hypothesis id"], values["note"]
            if eid not in known[0] or hid not in known[1] or not note:
                continue
            problem = limits.text_problem(note, limits.MAX_NOTE)
            if problem is not None:
                raise self.reading.fail(at_column(at, "note"), problem)
            ws.set_cell(eid, hid, Cell(rating=ws.rating(eid, hid), note=note))

    def fields(self, ws: Worksheet) -> None:
        for at, values in self._table("Worksheet", ("field", "value")):
            name, text = values["field"].lower(), values["value"]
            if name in META_FIELDS:
                limit = limits.MAX_TEXT if name in ("question", "conclusions") else limits.MAX_TITLE
                problem = limits.text_problem(text, limit)
                if problem is not None:
                    raise self.reading.fail(at_column(at, "value"), problem)
                setattr(ws, name, text)
