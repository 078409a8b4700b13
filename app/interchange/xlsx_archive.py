"""An Excel workbook (.xlsx) opened for reading, after it is checked as a hostile file.

openpyxl reads the workbook (read-only, streaming each sheet; its XML through
defusedxml, which it uses whenever defusedxml is installed, so no DTD, entity
or external reference is ever processed).  Before openpyxl sees a byte, the
ZIP archive is checked here, because openpyxl itself bounds nothing:

* a macro-enabled workbook (``.xlsm``, or a macro-enabled main part under
  another name) is refused; macros, external links and embedded objects of
  a plain workbook are never loaded (``keep_vba=False``, ``keep_links=False``,
  and read-only mode reads neither drawings nor objects);
* the XML parts may hold at most ``MAX_XML_BYTES`` once decompressed, as
  their sizes in the archive's directory declare (Python's zipfile never
  decompresses past a part's declared size, so a ZIP bomb stops there);
* the cells and strings are counted by a scan of the decompressed XML at
  regular-expression speed, so that a sheet of ten million empty cells, or
  one row of a million, is refused in seconds instead of parsed for minutes
  into gigabytes (openpyxl builds a whole row before yielding it).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl import DEFUSEDXML

from app.interchange.text_input import InterchangeError
from app.storage import names

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

# openpyxl's XML is defusedxml's only when it is installed (a dependency of ours):
# without it a workbook could expand entities.  Checked when the reader first loads.
if not DEFUSEDXML:
    raise ImportError("defusedxml is not installed: openpyxl would parse workbooks unprotected")

MACRO_SUFFIXES = (".xlsm", ".xltm")
MAX_PARTS = 10_000
"""Files in the archive: a workbook of a hundred sheets has a few hundred."""
MAX_XML_BYTES = 200_000_000
"""The XML parts together, decompressed: some ten times a large real workbook's."""
MAX_CELLS = 1_000_000
"""Cells in all sheets together (and shared strings): a 25,000-item matrix of 40 columns."""
MAX_ROW_CELLS = 16_384
"""Cells in one row: a spreadsheet's most columns (Excel's)."""
MAX_ROWS = 1_048_576
"""Rows of a sheet: Excel's most."""

_CHUNK = 1 << 20
# The start of a row, a cell or a shared string, with or without a namespace prefix.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")
_OVERLAP = 80  # more than the longest prefixed tag _TAG can match across two chunks


def refusal(source: str, place: str, problem: str) -> InterchangeError:
    return InterchangeError(source, place, problem)


def check_workbook(data: bytes, source: str) -> None:
    """Refuse, in one sentence naming ``source``, a workbook that is not safe to parse."""
    if PurePath(source).suffix.lower() in MACRO_SUFFIXES:
        raise _macros(source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refusal(source, "", "is not an Excel workbook: it is damaged or cut short") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise refusal(
                source, "", f"holds {len(parts):,} files, more than a workbook has ({MAX_PARTS:,})"
            )
        xml = [p for p in parts if p.filename.lower().endswith((".xml", ".rels"))]
        declared = sum(p.file_size for p in xml)
        if declared > MAX_XML_BYTES:
            raise refusal(
                source,
                "",
                f"decompresses to {declared // 1_000_000:,} MB of XML, more than the "
                f"{MAX_XML_BYTES // 1_000_000} MB this program reads from a workbook",
            )
        if any(p.flag_bits & 0x1 for p in xml):
            raise refusal(source, "", "is encrypted; save it without a password to import it")
        try:
            types = next((p for p in xml if p.filename == "[Content_Types].xml"), None)
            if types is not None and b"macroEnabled" in archive.read(types):
                raise _macros(source)
            _count_cells(archive, xml, source)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
            raise refusal(
                source, "", "is not an Excel workbook: it is damaged or cut short"
            ) from None


def _macros(source: str) -> InterchangeError:
    return refusal(
        source,
        "",
        "is a macro-enabled workbook (.xlsm), which this program does not read; save it "
        "as an Excel Workbook (.xlsx) to import it",
    )


def _count_cells(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], source: str) -> None:
    cells = 0
    for part in parts:
        row = 0
        rows = 0
        tail = b""
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                for match in _TAG.finditer(text, 0, max(0, len(text) - _OVERLAP)):
                    tag = match.group(1)
                    if tag == b"row":
                        rows += 1
                        row = 0
                        if rows > MAX_ROWS:
                            raise refusal(
                                source, "", f"has more than {MAX_ROWS:,} rows in one sheet"
                            )
                        continue
                    cells += 1
                    row += 1
                    if cells > MAX_CELLS:
                        raise _too_many_cells(source)
                    if row > MAX_ROW_CELLS:
                        raise refusal(source, "", f"has a row of more than {MAX_ROW_CELLS:,} cells")
                # The end is looked at with the next chunk, so that no tag is cut in two;
                # the last chunk's end is looked at below.
                tail = text[max(0, len(text) - _OVERLAP) :]
            for match in _TAG.finditer(tail):
                cells += match.group(1) != b"row"
    if cells > MAX_CELLS:
        raise _too_many_cells(source)


def _too_many_cells(source: str) -> InterchangeError:
    return refusal(
        source,
        "",
        f"has more than {MAX_CELLS:,} cells, more than this program reads from a workbook",
    )


def open_workbook(data: bytes, source: str) -> Workbook:
    """The workbook in ``data``, checked and opened read-only; close it when done."""
    check_workbook(data, source)
    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported and will be removed": openpyxl
            # tells of parts it leaves out, which reading never needs.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, keep_vba=False, data_only=False, keep_links=False
            )
    except MemoryError:
        raise refusal(source, "", "is too large to read in this machine's memory") from None
    except Exception as exc:  # openpyxl's errors have no common base: KeyError, TypeError...
        raise unreadable(source, exc) from None


def unreadable(source: str, exc: BaseException) -> InterchangeError:
    """openpyxl could not read it: the first cause of its error (openpyxl wraps the
    parser's in one of its own), in one line that is safe to show."""
    causes = [exc]
    while (cause := causes[-1].__cause__ or causes[-1].__context__) and len(causes) < 10:
        causes.append(cause)
    if any(isinstance(c, DefusedXmlException) for c in causes):
        return refusal(
            source,
            "",
            "declares XML entities or a document type, which a workbook never needs and "
            "this program does not read (they can expand without end or read other files)",
        )
    parse = next((c for c in causes if isinstance(c, ParseError)), None)
    if parse is not None:
        return refusal(source, "", f"is not an Excel workbook: its XML is malformed ({parse})")
    first = causes[-1]
    reason = names.shown((str(first) or type(first).__name__).splitlines()[0], 200)
    return refusal(source, "", f"is not an Excel workbook this program can read ({reason})")


def rows(sheet: Any, width: int | None, source: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a read-only sheet, each with its number, as cells (``value``,
    ``data_type``): the first ``width`` of them (``None``: as far as the row's
    own cells go, after ``reset_dimensions``); openpyxl's errors (met as the
    sheet is parsed) are refused as the file's."""
    cells = sheet.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=1, max_col=width)
    number = 0
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(cells)
        except StopIteration:
            return
        except MemoryError:
            raise refusal(source, "", "is too large to read in this machine's memory") from None
        except Exception as exc:  # as in open_workbook
            raise unreadable(source, exc) from None
        number += 1
        yield number, row
