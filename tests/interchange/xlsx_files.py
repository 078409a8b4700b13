"""Excel workbooks for the tests, made here: plain ones with openpyxl, hostile ones
by hand (a ZIP archive whose parts are written or replaced as the case needs)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl

Rows = Sequence[Sequence[object]]


def workbook(sheets: dict[str, Rows]) -> bytes:
    """A workbook of these sheets, in order; a text starting with "=" is a formula."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def one_sheet(rows: Rows, name: str = "Sheet1") -> bytes:
    return workbook({name: rows})


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(data: bytes, replace: dict[str, bytes] | None = None, drop: Iterable[str] = ()) -> bytes:
    """``data`` with parts replaced or added (``replace``) and taken out (``drop``)."""
    kept = {k: v for k, v in parts(data).items() if k not in set(drop)}
    kept.update(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in kept.items():
            archive.writestr(name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
MAIN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def with_sheet_xml(xml: bytes) -> bytes:
    """A plain workbook whose first sheet's XML is ``xml``."""
    return rezip(one_sheet([["title"], ["x"]]), {SHEET: xml})


def streamed_sheet(start: bytes, repeat: bytes, times: int, end: bytes) -> bytes:
    """A workbook whose sheet is ``start + repeat * times + end``, compressed as it is
    written (a sheet of hundreds of MB is made in little memory)."""
    base = parts(one_sheet([["title"], ["x"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in base.items():
            if name != SHEET:
                archive.writestr(name, content)
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(start)
            block = repeat * 10_000
            for _ in range(times // 10_000):
                sheet.write(block)
            sheet.write(repeat * (times % 10_000))
            sheet.write(end)
    return out.getvalue()


def macro_enabled(data: bytes) -> bytes:
    """``data`` with the main part typed as a macro-enabled workbook's (an .xlsm's)."""
    types = parts(data)["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in types
    return rezip(data, {"[Content_Types].xml": types})
