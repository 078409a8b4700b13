"""What a file format is: its name, suffixes, sniffing, reader and writer.

Its own module so that the built-in formats (:mod:`app.interchange.formats`)
and the registry that holds them (:mod:`app.interchange.registry`) both
build on it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol

from app.interchange.text_input import InterchangeError

if TYPE_CHECKING:
    from app.domain.model import Worksheet


class Holds(Enum):
    """What a file of a format holds."""

    WORKSHEET = "worksheet"
    EVIDENCE = "evidence list"
    EITHER = "worksheet or evidence list"
    """A workbook: a matrix, or a list (``Format.gave_list`` tells which a file was)."""


class Reader(Protocol):
    def __call__(self, data: bytes, *, source: str, title: str) -> Worksheet:
        """The worksheet in ``data``; ``source`` names the file in refusals, ``title`` is
        the title a worksheet made from an evidence list gets (usually the file's stem)."""
        ...


class PartReader(Protocol):
    def __call__(self, data: bytes, *, source: str, title: str, part: int) -> Worksheet:
        """The worksheet of part number ``part`` (1-based) of a file of several."""
        ...


class SeveralParts(InterchangeError):
    """The file holds several worksheets (PARC ACH's matrices) and none was chosen.

    ``parts``: a line describing each, in order, for the analyst to choose
    from; the format's ``part_reader`` then reads the one chosen.
    """

    def __init__(self, source: str, parts: list[str], noun: str = "matrices") -> None:
        self.parts = parts
        self.noun = noun
        super().__init__(source, "", f"holds {len(parts)} {noun}; choose which one to read")


class Writer(Protocol):
    def __call__(self, ws: Worksheet, *, unweighted: bool) -> bytes: ...


@dataclass(frozen=True)
class Format:
    """One file format.

    ``reader``/``writer`` ``None``: the format cannot be imported/exported.
    ``native``: the program's own worksheet file, opened by the storage by its
    path rather than read from bytes.  ``binary``: its files are not text, so
    ``sniff`` must recognise them by signature (it is asked before the
    text formats, and binary data that no such format claims is refused).
    """

    name: str
    """What the command line calls it (``--format json``)."""
    title: str
    """Its files, for a file dialog's filter: "JSON worksheets"."""
    described: str
    """A file of it, in a sentence: "a worksheet in JSON form"."""
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes, str], bool]
    """Whether a file starting with these bytes, of this name, is of this format."""
    holds: Holds
    reader: Reader | None = None
    writer: Writer | None = None
    export_title: str = ""
    """Its files in the export dialog's filter, if not ``title``."""
    native: bool = False
    binary: bool = False
    part_reader: PartReader | None = None
    """For a file that may hold several worksheets: reads the one chosen (see SeveralParts)."""
    opens: bool = False
    """File › Open, a drop and the command line open its files too: each is imported
    as a new untitled worksheet (another program's worksheet, such as PARC ACH's)."""

    @property
    def imports(self) -> bool:
        return self.reader is not None

    @property
    def exports(self) -> bool:
        return self.writer is not None

    def read(self, data: bytes, *, source: str, title: str, part: int | None = None) -> Worksheet:
        """The worksheet in ``data``; ``part``: which one (1-based) of a file of several.

        Without ``part``, a file of several raises :class:`SeveralParts`.  A
        format of single worksheets ignores ``part``.
        """
        if part is not None and self.part_reader is not None:
            return self.part_reader(data, source=source, title=title, part=part)
        assert self.reader is not None, f"{self.name} is not read"  # callers ask importable()
        return self.reader(data, source=source, title=title)

    def gave_list(self, ws: Worksheet) -> bool:
        """Whether ``ws``, read from a file of this format, is an evidence list (whose
        items can join a worksheet) rather than a worksheet of its own."""
        return self.holds is Holds.EVIDENCE or (self.holds is Holds.EITHER and not ws.hypotheses)

    def patterns(self) -> str:
        return " ".join(f"*{suffix}" for suffix in self.suffixes)

    def filter(self, *, export: bool = False) -> str:
        """One entry of a file dialog's filter: ``JSON worksheets (*.json)``."""
        return f"{self.export_title or self.title if export else self.title} ({self.patterns()})"
