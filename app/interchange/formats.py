"""The built-in formats, in the order :func:`~app.interchange.registry.sniff`
tries them: the worksheet file, the JSON form, the CSV evidence list (any other text).

Each reader and writer imports its module when it is called, not here: this
module is loaded while the window starts (for the file dialogs' filters) and
the launch must not load the readers (``tests/ui/test_launch.py``).

A new format: its reader and writer in a module of their own, and one
``Format(...)`` in ``BUILTIN`` below (the registry starts with them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.interchange.format import Format, Holds
from app.storage.stored import SQLITE_HEADER

if TYPE_CHECKING:
    from app.domain.model import Worksheet

_UTF16_MARKS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF8_MARK = b"\xef\xbb\xbf"


def is_worksheet_file(head: bytes, name: str) -> bool:
    """By its SQLite header, or by its name (the storage says what is wrong with a damaged one)."""
    return head.startswith(SQLITE_HEADER) or name.lower().endswith(".achw")


def looks_like_json(head: bytes, name: str) -> bool:
    """Past a byte order mark (UTF-8 or UTF-16) and blanks, JSON starts with ``{`` or ``[``."""
    for mark, codec in _UTF16_MARKS:
        if head.startswith(mark):  # UTF-16 text (text_input.decode_text reads it)
            return head[2:4098].decode(codec, "replace").lstrip()[:1] in ("{", "[")
    start = head[len(_UTF8_MARK) :] if head.startswith(_UTF8_MARK) else head
    return start.lstrip()[:1] in (b"{", b"[")


def any_text(head: bytes, name: str) -> bool:
    """An evidence list is the last resort for text: its reader says what is wrong with it."""
    return True


def read_json(data: bytes, *, source: str, title: str) -> Worksheet:
    from app.interchange.json_form import worksheet_from_json  # when used: see the module's text

    return worksheet_from_json(data, source=source)


def write_json(ws: Worksheet, *, unweighted: bool) -> bytes:
    from app.interchange.json_form import worksheet_to_json

    return worksheet_to_json(ws).encode("utf-8", "backslashreplace")


def read_csv(data: bytes, *, source: str, title: str) -> Worksheet:
    from app.interchange.csv_form import worksheet_from_csv

    return worksheet_from_csv(data, source=source, title=title)


def read_achz(data: bytes, *, source: str, title: str) -> Worksheet:
    from app.interchange.parc_achz import worksheet_from_achz

    return worksheet_from_achz(data, source=source, title=title)


def read_achz_matrix(data: bytes, *, source: str, title: str, part: int) -> Worksheet:
    from app.interchange.parc_achz import worksheet_from_achz

    return worksheet_from_achz(data, source=source, title=title, matrix=part)


def is_achz(head: bytes, name: str) -> bool:
    """A gzip stream (PARC's container), or a file named .achz (the reader says if it is not)."""
    return head.startswith(b"\x1f\x8b") or name.lower().endswith(".achz")


ZIP = b"PK\x03\x04"


def is_xlsx(head: bytes, name: str) -> bool:
    """A ZIP archive named as a workbook, or whose first part is a workbook's (``xl/``);
    a macro-enabled one too, for the reader to refuse in its own words."""
    return head.startswith(ZIP) and (
        name.lower().endswith((".xlsx", ".xlsm", ".xltx", ".xltm")) or b"xl/" in head
    )


def read_xlsx(data: bytes, *, source: str, title: str) -> Worksheet:
    from app.interchange.xlsx_reader import worksheet_from_xlsx

    return worksheet_from_xlsx(data, source=source, title=title)


def write_xlsx(ws: Worksheet, *, unweighted: bool) -> bytes:
    from app.interchange.xlsx_writer import worksheet_to_xlsx

    return worksheet_to_xlsx(ws, unweighted=unweighted)


def write_csv(ws: Worksheet, *, unweighted: bool) -> bytes:
    from app.interchange.csv_form import matrix_to_csv

    return matrix_to_csv(ws, unweighted=unweighted)


ACHW = Format(
    name="achw",
    title="ACH worksheets",
    described="a worksheet file (.achw)",
    suffixes=(".achw",),
    sniff=is_worksheet_file,
    holds=Holds.WORKSHEET,
    native=True,
    binary=True,
)
JSON = Format(
    name="json",
    title="JSON worksheets",
    described="a worksheet in JSON form",
    suffixes=(".json",),
    sniff=looks_like_json,
    holds=Holds.WORKSHEET,
    reader=read_json,
    writer=write_json,
)
CSV = Format(
    name="csv",
    title="CSV evidence lists",
    described="a CSV evidence list",
    suffixes=(".csv",),
    sniff=any_text,
    holds=Holds.EVIDENCE,
    reader=read_csv,
    writer=write_csv,  # the matrix, for a spreadsheet
    export_title="CSV files",
)

ACHZ = Format(
    name="achz",
    title="PARC ACH projects",
    described="a PARC ACH project (.achz)",
    suffixes=(".achz",),
    sniff=is_achz,
    holds=Holds.WORKSHEET,
    reader=read_achz,
    part_reader=read_achz_matrix,
    binary=True,
    opens=True,
)

XLSX = Format(
    name="xlsx",
    title="Excel workbooks",
    described="an Excel workbook (.xlsx)",
    suffixes=(".xlsx",),
    sniff=is_xlsx,
    holds=Holds.EITHER,
    reader=read_xlsx,
    writer=write_xlsx,
    export_title="Excel workbooks",
    binary=True,
)

BUILTIN = (ACHW, JSON, CSV, ACHZ, XLSX)
