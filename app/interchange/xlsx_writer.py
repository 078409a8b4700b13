"""The worksheet as an Excel workbook (.xlsx), for a spreadsheet and for colleagues.

Sheets, in order:

* ``Matrix``: a header row (the items' columns, then each hypothesis by its
  title), the score rows under it (rank, weighted inconsistency,
  inconsistency, consistency, normalized, blank cells), both frozen with the
  item column, then one row per item with each rating's code on its colour
  (the brief's palette, :mod:`app.domain.palette`);
* ``Evidence``: every item's details, in the CSV evidence list's columns
  (this sheet alone is an evidence list for any import);
* ``Hypotheses``: label, id, title, description and scores;
* ``Notes``: every cell note, with its item, hypothesis and rating;
* ``Worksheet``: the worksheet's own fields.

No cell holds a formula: the scores are this program's numbers, at the 9
decimal places at which the method compares them.  A text that a
spreadsheet could take for a formula (``=``, ``+``, ``-``, ``@``) is written
as a text cell, with Excel's quote prefix, so that editing it keeps it text.
:mod:`app.interchange.xlsx_reader` reads all of it back.  Milestones are
not written (the JSON form carries every field).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from app.domain.model import Evidence, Level, Rating, Worksheet, display_labels
from app.domain.palette import (
    EXCLUDED_TEXT,
    HEADER_FILL,
    LEADER_FILL,
    MATRIX_TEXT,
    RATING_LOOK,
)
from app.domain.scoring import HypothesisScore, evidence_measures, score_worksheet
from app.interchange.csv_form import number
from app.interchange.evidence_fields import flag_names

_FORMULA_START = ("=", "+", "-", "@")
_ITEM_COLUMNS = ("ID", "Evidence", "Type", "Credibility", "Relevance", "Excluded", "Diagnosticity")
_COUNTS = frozenset({"rank", "inconsistency", "blank"})
_SCORE_ROWS: tuple[tuple[str, str], ...] = (
    ("Rank", "rank"),
    ("Weighted inconsistency (least ranks first)", "weighted_inconsistency"),
    ("Inconsistency (count of I and II)", "inconsistency"),
    ("Consistency", "consistency"),
    ("Normalized (per unit of weight)", "normalized"),
    ("Blank cells", "blank"),
)
_WIDTHS = (12, 52, 14, 12, 12, 10, 13)
_HYPOTHESIS_WIDTH = 16
_FONT = "Calibri"  # the workbook's default body font: a named style must name one too


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _styles() -> dict[str, NamedStyle]:
    """The cells' looks, as named styles: one lookup per cell, where setting the
    fill, font and alignment of each would be three."""
    centred = Alignment(horizontal="center", vertical="center")
    looks = {
        "ACH header": NamedStyle(
            "ACH header",
            font=Font(name=_FONT, bold=True, color=_hex(MATRIX_TEXT)),
            fill=PatternFill("solid", fgColor=_hex(HEADER_FILL)),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        "ACH leader": NamedStyle(
            "ACH leader",
            font=Font(name=_FONT, bold=True, color=_hex(MATRIX_TEXT)),
            fill=PatternFill("solid", fgColor=_hex(LEADER_FILL)),
            alignment=Alignment(wrap_text=True, vertical="top"),
        ),
        "ACH excluded": NamedStyle(
            "ACH excluded", font=Font(name=_FONT, italic=True, color=_hex(EXCLUDED_TEXT))
        ),
        "ACH measure": NamedStyle("ACH measure", number_format="0.000"),
    }
    # The score rows: counts as whole numbers, measures to three places.
    for name, shown in (("ACH score", "0.000"), ("ACH count", "0")):
        looks[name] = NamedStyle(
            name, font=Font(name=_FONT, italic=True, color=_hex(MATRIX_TEXT)), number_format=shown
        )
    for rating, look in RATING_LOOK.items():
        looks[f"ACH {rating.value}"] = NamedStyle(
            f"ACH {rating.value}",
            font=Font(name=_FONT, bold=rating in (Rating.CC, Rating.II), color=_hex(look.text)),
            fill=PatternFill("solid", fgColor=_hex(look.fill)),
            alignment=centred,
        )
    return looks


def _put(sheet: Any, row: int, column: int, value: object, style: str | None = None) -> None:
    """One cell; text is always a text cell, never a formula."""
    cell = sheet.cell(row=row, column=column, value=value)
    if style is not None:
        cell.style = style  # first: a named style replaces the whole look, quote prefix too
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"  # openpyxl takes any text starting with "=" for a formula
        cell.quotePrefix = True


def _table(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    for column, text in enumerate(header, 1):
        _put(sheet, 1, column, text, "ACH header")
    for r, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            if value is not None and value != "":
                _put(sheet, r, column, value)
    sheet.freeze_panes = "A2"


def _score_value(score: HypothesisScore, attribute: str) -> float | int:
    value = getattr(score, attribute)
    return value if isinstance(value, int) else float(number(value))


_EVIDENCE_HEADER = (
    "ID", "Title", "Description", "Source", "Link", "Date", "Type", "Credibility", "Relevance",
    "Excluded", "Flags",
)  # fmt: skip


def _details(e: Evidence) -> tuple[object, ...]:
    """An item's row of the ``Evidence`` sheet (its date a date cell)."""
    day = dt.date.fromisoformat(e.date) if e.date else None
    return (
        e.id, e.title, e.description, e.source, e.link, day, e.type, Level(e.credibility).value,
        Level(e.relevance).value, "yes" if e.excluded else "no", flag_names(e.flags),
    )  # fmt: skip


def _scores(score: HypothesisScore) -> list[float | int]:
    return [_score_value(score, attribute) for _, attribute in _SCORE_ROWS]


def worksheet_to_xlsx(ws: Worksheet, *, unweighted: bool = False) -> bytes:
    book = Workbook()
    for style in _styles().values():
        book.add_named_style(style)
    scores = {s.hypothesis_id: s for s in score_worksheet(ws, unweighted=unweighted)}
    labels = display_labels(ws)
    matrix = book.worksheets[0]
    matrix.title = "Matrix"
    _matrix(matrix, ws, scores)
    _table(book.create_sheet("Evidence"), _EVIDENCE_HEADER, [_details(e) for e in ws.evidence])
    book["Evidence"].column_dimensions["B"].width = 52
    book["Evidence"].column_dimensions["C"].width = 60
    for cell in book["Evidence"]["F"][1:]:
        cell.number_format = "yyyy-mm-dd"
    _table(
        book.create_sheet("Hypotheses"),
        ("Label", "ID", "Title", "Description", *(label for label, _ in _SCORE_ROWS)),
        [
            (labels[h.id], h.id, h.title, h.description, *_scores(scores[h.id]))
            for h in ws.hypotheses
        ],
    )
    book["Hypotheses"].column_dimensions["C"].width = 52
    notes = [
        (labels[e.id], e.id, labels[h.id], h.id, cell.rating or "", cell.note)
        for e in ws.evidence
        for h in ws.hypotheses
        if (cell := ws.cell(e.id, h.id)).note
    ]
    _table(
        book.create_sheet("Notes"),
        ("Item", "Evidence ID", "Hypothesis", "Hypothesis ID", "Rating", "Note"),
        notes,
    )
    book["Notes"].column_dimensions["F"].width = 80
    _table(
        book.create_sheet("Worksheet"),
        ("Field", "Value"),
        [
            ("Title", ws.title),
            ("Question", ws.question),
            ("Analyst", ws.analyst),
            ("Classification", ws.classification),
            ("Conclusions", ws.conclusions),
            ("Scores", "unweighted" if unweighted else "weighted by credibility and relevance"),
        ],
    )
    book["Worksheet"].column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _matrix(sheet: Any, ws: Worksheet, scores: dict[str, HypothesisScore]) -> None:
    measures = {m.evidence_id: m for m in evidence_measures(ws)}
    leaders = {hid for hid, s in scores.items() if s.rank == 1}
    first = len(_ITEM_COLUMNS) + 1  # the first hypothesis column
    for column, text in enumerate(_ITEM_COLUMNS, 1):
        _put(sheet, 1, column, text, "ACH header")
    for n, h in enumerate(ws.hypotheses):
        _put(sheet, 1, first + n, h.title, "ACH leader" if h.id in leaders else "ACH header")
    # Without hypotheses there are no scores (and a row of labels alone would read back
    # as items).
    score_rows = _SCORE_ROWS if ws.hypotheses else ()
    for r, (label, attribute) in enumerate(score_rows, 2):
        _put(sheet, r, 2, label, "ACH count")
        look = "ACH count" if attribute in _COUNTS else "ACH score"
        for n, h in enumerate(ws.hypotheses):
            _put(sheet, r, first + n, _score_value(scores[h.id], attribute), look)
    top = len(score_rows) + 2
    for r, e in enumerate(ws.evidence, top):
        measure = measures.get(e.id)
        excluded = "ACH excluded" if e.excluded else None
        values: tuple[object, ...] = (
            e.id, e.title, e.type, Level(e.credibility).value, Level(e.relevance).value,
            "yes" if e.excluded else "no",
            float(number(measure.diagnosticity)) if measure is not None else None,
        )  # fmt: skip
        for column, value in enumerate(values, 1):
            if value is not None and value != "":
                measure_cell = column == len(values) and excluded is None
                _put(sheet, r, column, value, "ACH measure" if measure_cell else excluded)
        for n, h in enumerate(ws.hypotheses):
            rating = ws.rating(e.id, h.id)
            if rating is not None:
                _put(sheet, r, first + n, rating.value, f"ACH {rating.value}")
    for column, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for n in range(len(ws.hypotheses)):
        sheet.column_dimensions[get_column_letter(first + n)].width = _HYPOTHESIS_WIDTH
    # Spreadsheets do not grow a row for wrapped text they did not lay out themselves:
    # the header is as tall as its longest title needs (some 14 characters a line).
    lines = max((len(h.title) // 14 + 1 for h in ws.hypotheses), default=1)
    sheet.row_dimensions[1].height = 15 * min(lines, 6)
    sheet.freeze_panes = f"C{top}"
    # Printed: landscape, as wide as one page, the header and scores atop every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{top - 1}"
