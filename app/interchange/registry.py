"""The registry of file formats, and the one function that tells a file's format.

A :class:`Format` says what a format is called, the suffixes its files
have, how to recognise it from its first bytes, how to read it and write
it, and whether it holds a whole worksheet or only an evidence list.  The
command line, the window's Import/Export and the file dialogs' filters all
ask this registry, so they agree on every file.

Nothing here imports a reader: a format's ``reader`` and ``writer`` import
their code when they are first called (see :mod:`app.interchange.formats`),
because the file dialogs' filters are built while the window starts and the
window's launch must not load the readers (``tests/ui/test_launch.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from app.interchange.format import Format, Holds, Reader, Writer
from app.interchange.formats import BUILTIN, ZIP
from app.storage.errors import WorksheetError

__all__ = ["Format", "FormatRefused", "Holds", "Reader", "Writer", "register", "sniff"]

HEAD_BYTES = 4096
"""How much of a file :func:`sniff` looks at."""
OLE = b"\xd0\xcf\x11\xe0"  # Microsoft's compound file: old Office files, encrypted new ones
_BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", ZIP, b"\xff\xd8\xff", b"GIF8", OLE)

# Containers that are known but not read: named in the refusal instead of
# "binary data".  A format registered for one of them is found before this table.
_NOT_YET: dict[tuple[bytes, str], str] = {
    (OLE, ".xls"): "an Excel 97-2003 workbook (.xls), which this program does not read; "
    "save it as an Excel Workbook (.xlsx) to import it",
    (OLE, ".xlsx"): "a password-protected Excel workbook; save a copy without the password "
    "to import it",
}


class FormatRefused(WorksheetError):
    """A file of no format wanted; ``str()`` is one sentence naming the file.

    ``binary``: the file holds binary data that no format claims.
    """

    def __init__(self, message: str, *, binary: bool = False) -> None:
        super().__init__(message)
        self.binary = binary


_registered: list[Format] = list(BUILTIN)


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry (after the formats already there); returns it."""
    if any(f.name == fmt.name for f in _registered):
        raise ValueError(f"a format named {fmt.name!r} is registered already")
    _registered.append(fmt)
    return fmt


def unregister(fmt: Format) -> None:
    _registered.remove(fmt)


def formats() -> list[Format]:
    """Every registered format, in the order of registration."""
    return list(_registered)


def by_name(name: str) -> Format:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    raise KeyError(name)


def importable() -> list[Format]:
    """What File › Import and ``ach-workbench import`` read."""
    return [f for f in formats() if f.imports]


def exportable() -> list[Format]:
    """What File › Export and ``ach-workbench export --format`` write (the PDF brief aside)."""
    return [f for f in formats() if f.exports]


def lists() -> list[Format]:
    """What can hold an evidence list, whose items join a worksheet (``import --into``)."""
    return [f for f in importable() if f.holds is not Holds.WORKSHEET]


def whole_worksheets() -> list[Format]:
    """What holds a whole worksheet and can be read: opened, scored, compared."""
    return [f for f in formats() if f.holds is not Holds.EVIDENCE and (f.native or f.imports)]


def opened() -> list[Format]:
    """What File › Open, a drop and the program's FILE argument take: the worksheet file,
    and other programs' worksheets (imported as they open)."""
    return [f for f in formats() if f.native or f.opens]


def opened_by_import(name: str) -> Format | None:
    """The format a file of this name is imported from when it is opened (None: the file's own)."""
    ending = suffix(name)
    return next((f for f in formats() if f.opens and ending in f.suffixes), None)


def native() -> Format:
    return next(f for f in formats() if f.native)


def listed(items: list[str], joint: str) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joint} {items[-1]}"


def neither(shown: str, among: Iterable[Format]) -> str:
    """``x is neither a worksheet in JSON form nor a CSV evidence list`` (no full stop)."""
    described = [f.described for f in among]
    if len(described) == 1:
        return f"{shown} is not {described[0]}"
    return f"{shown} is neither {listed(described, 'nor')}"


def is_binary(head: bytes) -> bool:
    """Images, PDFs, spreadsheets: a NUL byte or a well-known signature near the start.

    UTF-16 and UTF-32 text hold NUL bytes too, but they are text: reading it
    says what it is (text_input.decode_text).
    """
    head = head[:HEAD_BYTES]
    if head.startswith(_BINARY_SIGNATURES):
        return True
    if b"\x00" not in head:
        return False
    # Imported only for text holding NUL bytes: the readers load when a file is read.
    from app.interchange.text_input import unicode_form

    return unicode_form(head) is None


def suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def sniff(
    head: bytes, name: str, among: Iterable[Format] | None = None, *, shown: str | None = None
) -> Format:
    """The format, among ``among`` (all registered by default), of the file ``name``
    whose first bytes are ``head``; refused with :class:`FormatRefused` otherwise.

    In this order: a binary format that recognises the file (the worksheet
    file by its SQLite header, or its suffix); binary data, refused (a
    known container named: "an Excel workbook"); a text format claiming the
    name's suffix; a text format recognising the content (CSV takes any
    text, so it is the last resort of the built-ins).  ``shown`` names the
    file in the refusal ("standard input"); ``name`` may be "" or "-".
    """
    wanted = formats() if among is None else list(among)
    shown = name if shown is None else shown
    found = _found(head[:HEAD_BYTES], name, shown, wanted)
    if found is None or found not in wanted:
        raise FormatRefused(neither(shown, wanted) + ".")
    return found


def _found(head: bytes, name: str, shown: str, wanted: list[Format]) -> Format | None:
    every = formats()
    for fmt in every:
        if fmt.binary and fmt.sniff(head, name):
            return fmt
    if is_binary(head):
        ending = suffix(name)
        for (signature, known_suffix), what in _NOT_YET.items():
            if head.startswith(signature) and ending == known_suffix:
                raise FormatRefused(f"{shown} is {what}.")
        hint = ""
        if head.startswith(ZIP) and any(f.holds is Holds.EVIDENCE for f in wanted):
            hint = "; a spreadsheet is read as an Excel workbook (.xlsx) or a CSV file"
        raise FormatRefused(f"{neither(shown, wanted)}: it holds binary data{hint}.", binary=True)
    text = [f for f in every if not f.binary]
    ending = suffix(name)
    for fmt in text:
        if ending and ending in fmt.suffixes:
            return fmt
    for fmt in text:
        if fmt.sniff(head, name):
            return fmt
    return None
