"""An Excel workbook (.xlsx) opened for reading, after it is checked as a hostile file.

openpyxl reads the workbook (read-only, streaming each sheet; its XML through
defusedxml, which it uses whenever defusedxml is installed, so no DTD, entity
or external reference is ever processed).  Before openpyxl sees a byte, the
ZIP archive is checked here, because openpyxl itself bounds nothing:

* a macro-enabled workbook (``.xlsm``, or a macro-enabled main part under
  another name) is refused; macros, external links and embedded objects of
  a plain workbook are never loaded (``keep_vba=False``, ``keep_links=False``,
  and read-only mode reads neither drawings nor objects);
* the parts may hold at most ``MAX_UNPACKED`` bytes once decompressed, as
  their sizes in the archive's directory declare (Python's zipfile never
  decompresses past a part's declared size, so a ZIP bomb stops there);
* a part that declares a document type or entities is refused, whichever XML
  parser openpyxl uses (defusedxml's, or lxml's when lxml is installed);
* every part is decompressed and scanned at regular-expression speed: its
  tags, rows and cells are counted (and XML in UTF-16, which the scan could
  not read, refused), so that a sheet of ten million empty cells, one row of
  a million or a part of a billion other elements is refused in seconds
  instead of parsed for minutes into gigabytes (openpyxl builds a whole row
  before yielding it, and keeps elements it does not know);
* the cells of the sheets the workbook lists are added up as many times as
  it lists each, since openpyxl reads a sheet listed twice twice.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException, ElementTree
from openpyxl import DEFUSEDXML

from app.interchange.text_input import InterchangeError
from app.storage import names
from app.storage.limits import show

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

# openpyxl's XML is defusedxml's only when it is installed (a dependency of ours):
# without it a workbook could expand entities.  Checked when the reader first loads.
if not DEFUSEDXML:
    raise ImportError("defusedxml is not installed: openpyxl would parse workbooks unprotected")

MACRO_SUFFIXES = (".xlsm", ".xltm")
MAX_PARTS = 10_000
"""Files in the archive: a workbook of a hundred sheets has a few hundred."""
MAX_UNPACKED = 300_000_000
"""All its parts together, decompressed: some ten times a large real workbook's.  Every
part counts, whatever its name: openpyxl finds a sheet by its relationships, and a
sheet may be stored under any name."""
MAX_TAGS = 10_000_000
"""XML tags in all its parts together: a million cells take some 7.5 million."""
MAX_META_BYTES = 10_000_000
"""The workbook part and its relationships, read here to find the sheets."""
MAX_CELLS = 1_000_000
"""Cells in all sheets together (and shared strings): a 25,000-item matrix of 40 columns."""
MAX_ROW_CELLS = 16_384
"""Cells in one row: a spreadsheet's most columns (Excel's)."""
MAX_ROWS = 1_048_576
"""Rows of a sheet: Excel's most."""

_CHUNK = 1 << 20
# The start of a row, a cell or a shared string, with or without a namespace prefix.
# The start of a row, a cell or a shared string (group 1), the start of a formula (its
# attributes in group 2) or its end, each with or without a namespace prefix.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_TAG = re.compile(
    rb"<"
    + _PREFIX
    + rb"(row|c|si)[\s/>]|<"
    + _PREFIX
    + rb"f(\s[^<>]{0,400})?>|</"
    + _PREFIX
    + rb"f>"
)
_OVERLAP = 512  # more than the longest tag _TAG can match across two chunks
MAX_FORMULA_WORK = 10_000_000
"""A shared formula's characters times the cells that share it: openpyxl rewrites the
formula for each of them, at about a million characters a second."""


def refusal(source: str, place: str, problem: str) -> InterchangeError:
    return InterchangeError(source, place, problem)


def check_workbook(data: bytes, source: str) -> None:
    """Refuse, in one sentence naming ``source``, a workbook that is not safe to parse."""
    if PurePath(source).suffix.lower() in MACRO_SUFFIXES:
        raise _macros(source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged(source) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise refusal(
                source, "", f"holds {len(parts):,} files, more than a workbook has ({MAX_PARTS:,})"
            )
        declared = sum(p.file_size for p in parts)
        if declared > MAX_UNPACKED:
            raise refusal(
                source,
                "",
                f"decompresses to {declared // 1_000_000:,} MB, more than the "
                f"{MAX_UNPACKED // 1_000_000} MB this program reads from a workbook",
            )
        if any(p.flag_bits & 0x1 for p in parts):
            raise refusal(source, "", "is encrypted; save it without a password to import it")
        try:
            names = {p.filename for p in parts}
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if b"macroEnabled" in types:
                raise _macros(source)
            cells = _scan(archive, parts, source)
            listed = _sheets(archive, names, source)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
            raise _damaged(source) from None
        # openpyxl reads each sheet the workbook lists, once for each time it is listed.
        if sum(cells.get(name, 0) for name in listed) > MAX_CELLS:
            raise _too_many_cells(source)


def _damaged(source: str) -> InterchangeError:
    return refusal(source, "", "is not an Excel workbook: it is damaged or cut short")


def _macros(source: str) -> InterchangeError:
    return refusal(
        source,
        "",
        "is a macro-enabled workbook (.xlsm), which this program does not read; save it "
        "as an Excel Workbook (.xlsx) to import it",
    )


# XML in UTF-16 or UTF-32 (with or without a byte order mark): expat reads it, the scan
# below would not see its tags, and Excel writes only UTF-8.
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\xfe\xff", b"\x00\x00\x00<")


class _PartScan:
    """The counts of one part, as its chunks go by (see :func:`_scan`)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cells = self.row = self.rows = self.shared = self.longest = 0
        self.formula_at: int | None = None  # where the text of an open formula starts

    def feed(self, text: bytes, stop: int, base: int) -> None:
        """The tags of ``text[:stop]``; ``base``: where ``text`` starts in the part."""
        for match in _TAG.finditer(text, 0, stop):
            tag = match.group(1)
            if tag == b"row":
                self.rows += 1
                self.row = 0
                if self.rows > MAX_ROWS:
                    raise refusal(self.source, "", f"has more than {MAX_ROWS:,} rows in one sheet")
            elif tag is not None:
                self.cells += 1
                self.row += 1
                if self.row > MAX_ROW_CELLS:
                    raise refusal(
                        self.source, "", f"has a row of more than {MAX_ROW_CELLS:,} cells"
                    )
            elif match.group(0).startswith(b"</"):
                if self.formula_at is not None:
                    self.longest = max(self.longest, base + match.start() - self.formula_at)
                    self.formula_at = None
            else:
                attributes = match.group(2) or b""
                self.shared += b"shared" in attributes
                if not attributes.endswith(b"/"):
                    self.formula_at = base + match.end()

    def finish(self) -> None:
        """The whole part seen: refuse a shared formula too long for its cells."""
        if self.longest * self.shared > MAX_FORMULA_WORK:
            raise refusal(
                self.source,
                "",
                f"has a formula of {self.longest:,} characters shared by "
                f"{self.shared:,} cells, more than this program reads from a workbook",
            )


def _scan(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], source: str) -> dict[str, int]:
    """The cells of each part, every part decompressed and looked at: its tags (any
    ``<``, since a ``<`` in XML text is always escaped), its rows, cells and shared
    formulas."""
    tags = 0
    cells: dict[str, int] = {}
    for part in parts:
        scan = _PartScan(source)
        tail = b""
        base = 0  # where ``tail`` starts in the part
        with archive.open(part) as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                if first and chunk.startswith(_WIDE):
                    raise refusal(
                        source,
                        "",
                        f"has a part in UTF-16 or UTF-32 ({names.shown(part.filename, 80)}); "
                        "a workbook's XML is UTF-8",
                    )
                first = False
                tags += chunk.count(b"<")
                if tags > MAX_TAGS:
                    raise refusal(
                        source,
                        "",
                        f"holds more than {MAX_TAGS:,} XML elements, more than this program "
                        "reads from a workbook",
                    )
                text = tail + chunk
                if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                    # Refused here whichever parser openpyxl uses for the part (with lxml
                    # installed its fromstring is lxml's, not defusedxml's).
                    raise _declares_entities(source)
                # The end is looked at with the next chunk, so that no tag is cut in two.
                stop = max(0, len(text) - _OVERLAP)
                scan.feed(text, stop, base)
                tail, base = text[stop:], base + stop
            scan.feed(tail, len(tail), base)
            scan.finish()
        cells[part.filename] = scan.cells
        if sum(cells.values()) > MAX_CELLS:
            raise _too_many_cells(source)
    return cells


def _sheets(archive: zipfile.ZipFile, names: set[str], source: str) -> list[str]:
    """The parts of the sheets ``xl/workbook.xml`` lists, as many times as it lists each
    (a workbook that openpyxl would not find is left to openpyxl to refuse)."""
    rels = "xl/_rels/workbook.xml.rels"
    if "xl/workbook.xml" not in names or rels not in names:
        return []
    found: list[str] = []
    try:
        for part in ("xl/workbook.xml", rels):
            if archive.getinfo(part).file_size > MAX_META_BYTES:
                raise refusal(
                    source, "", f"has a workbook part larger than {MAX_META_BYTES:,} bytes"
                )
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read(rels))
    except (DefusedXmlException, ParseError) as exc:
        raise unreadable(source, exc) from None
    targets = {link.get("Id"): link.get("Target", "") for link in links.iter() if link.get("Id")}
    for sheet in book.iter():
        if not str(sheet.tag).endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            whole = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            found.append(posixpath.normpath(whole))
    return found


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


def _declares_entities(source: str) -> InterchangeError:
    return refusal(
        source,
        "",
        "declares XML entities or a document type, which a workbook never needs and "
        "this program does not read (they can expand without end or read other files)",
    )


def unreadable(source: str, exc: BaseException) -> InterchangeError:
    """openpyxl could not read it: the first cause of its error (openpyxl wraps the
    parser's in one of its own), in one line that is safe to show."""
    causes = [exc]
    while (cause := causes[-1].__cause__ or causes[-1].__context__) and len(causes) < 10:
        causes.append(cause)
    if any(isinstance(c, DefusedXmlException) for c in causes):
        return _declares_entities(source)
    parse = next((c for c in causes if isinstance(c, ParseError)), None)
    if parse is not None:
        return refusal(source, "", f"is not an Excel workbook: its XML is malformed ({parse})")
    first = causes[-1]
    reason = names.shown((str(first) or type(first).__name__).splitlines()[0], 200)
    return refusal(source, "", f"is not an Excel workbook this program can read ({reason})")


MAX_SLOTS = 20_000_000
"""Cells looked at under a header: its rows times its columns (openpyxl gives each row
as wide as the header, however few of its cells the sheet holds)."""


def rows(sheet: Any, width: int | None, source: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a read-only sheet that hold a cell, each with its number, as cells
    (``value``, ``data_type``): the first ``width`` of them (``None``: as far as the
    row's own cells go, after ``reset_dimensions``).  openpyxl's errors (met as the
    sheet is parsed) are refused as the file's, naming the sheet and the row."""
    cells = sheet.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=1, max_col=width)
    number = slots = 0
    filler: tuple[Any, ...] | None = None
    bad_date = False
    while True:
        try:
            with warnings.catch_warnings(record=True) as told:
                warnings.simplefilter("always")
                row = next(cells)
        except StopIteration:
            return
        except MemoryError:
            raise refusal(source, "", "is too large to read in this machine's memory") from None
        except Exception as exc:  # as in open_workbook
            raise _bad_cell(source, sheet, number, exc) from None
        # openpyxl turns a date-formatted number outside the calendar into "#VALUE!"
        # and only warns; a row is parsed before the empty rows above it are given.
        bad_date = bad_date or any(_DATE_WARNING in str(w.message) for w in told)
        number += 1
        # A row the sheet leaves out comes as one and the same tuple of empty cells: it is
        # passed over at once (a sheet of a header and row 1,048,576 would be a billion).
        if row is filler:
            continue
        if all(getattr(c, "value", None) is None for c in row):
            filler = row
            continue
        if bad_date:
            raise _out_of_calendar(source, sheet, number, row)
        slots += len(row)
        if slots > MAX_SLOTS:
            raise refusal(
                source,
                "",
                f"has more than {MAX_SLOTS:,} cells under its header (rows times columns), "
                "more than this program reads from a workbook",
            )
        yield number, row


_DATE_WARNING = "is marked as a date"


def _sheet(sheet: Any) -> str:
    return f"sheet {show(str(sheet.title))}"


def _bad_cell(source: str, sheet: Any, number: int, exc: BaseException) -> InterchangeError:
    """A cell openpyxl could not read: its value does not fit its type (``t="n"``
    holding text, ``t="s"`` pointing past the shared strings, ``t="d"`` not a date)."""
    if not isinstance(exc, ValueError | IndexError | KeyError | OverflowError | TypeError):
        return unreadable(source, exc)
    place = f"{_sheet(sheet)}, below row {number}" if number else _sheet(sheet)
    if isinstance(exc, IndexError | KeyError):
        problem = "a cell refers to shared text the workbook does not hold"
    elif "digits" in str(exc):  # Python's own bound on the digits of an integer
        problem = "a cell holds a number of thousands of digits"
    else:
        reason = names.shown((str(exc) or type(exc).__name__).splitlines()[0], 120)
        problem = f"a cell holds a value that does not fit its type ({reason})"
    return refusal(source, place, f"{problem}; the workbook is damaged")


def _out_of_calendar(
    source: str, sheet: Any, number: int, row: tuple[Any, ...]
) -> InterchangeError:
    cell = next((c for c in row if getattr(c, "data_type", None) == "e"), None)
    where = getattr(cell, "coordinate", None)
    place = f"{_sheet(sheet)}, cell {where}" if where else f"{_sheet(sheet)}, row {number}"
    return refusal(
        source,
        place,
        "holds a number formatted as a date that is outside the calendar (years 1 to 9999)",
    )
