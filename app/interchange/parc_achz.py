"""PARC ACH 2.x project files (``.achz``): read into a worksheet.

What is known of the format, and how sure, is written in the README
("PARC ACH files"); in short: one gzip stream holding XML, UTF-16 with a
byte order mark or UTF-8; under the root (its name is not known, so any is
taken) ``PROJECT-TITLE``, ``CLASSIFICATION`` and one or more ``MATRIX``,
each with its ``HYPOTHESIS/NAME`` in column order and its ``EVIDENCE``
items.  An item's ``VALUES`` are comma-separated rating tokens in
hypothesis order (``I I``, ``I``, ``NA``, ``N``, ``C``, ``C C``).

Where the one public importer (Open Source ACH) goes wrong, this reader
does not: an empty token is a blank cell and missing tokens leave their
cells blank (never the previous cell's rating), an unknown token is
refused naming the item and the position, MEDIUM credibility is medium, and
relevance is kept.

The file is someone else's, so hostile until read: the gzip stream is
decompressed as the XML parser asks for it and refused past
:data:`MAX_XML_BYTES`; the XML is parsed by defusedxml with no document
type, no entities and no external references, so nothing outside the file
is ever read and no entity expands; each item is turned into the model as
soon as it is parsed and its elements let go.
"""

from __future__ import annotations

import datetime
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, cast
from xml.etree.ElementTree import Element, TreeBuilder, XMLPullParser

import defusedxml
from defusedxml import ElementTree as SafeTree
from defusedxml.ElementTree import DefusedXMLParser

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.interchange.format import SeveralParts
from app.interchange.text_input import InterchangeError
from app.storage import limits
from app.storage.limits import count, show, text_problem

GZIP_MAGIC = b"\x1f\x8b"  # formats.is_achz sniffs it too, without loading this module

MAX_XML_BYTES = limits.MAX_FILE_BYTES
"""The most XML one ``.achz`` may decompress to (a gzip bomb stops here)."""

_TOKENS = {
    "II": Rating.II,
    "I": Rating.I,
    "NA": Rating.NA,
    "N": Rating.N,
    "C": Rating.C,
    "CC": Rating.CC,
}
_TOKEN_WORDS = "I I, I, NA, N, C or C C"
# The tokens as PARC writes them, looked up before any tidying (the common case).
_SEEN_TOKENS = {"I I": Rating.II, "I": Rating.I, "NA": Rating.NA, "N": Rating.N, "C": Rating.C}
_SEEN_TOKENS["C C"] = Rating.CC
_LEVELS = {"HIGH": Level.HIGH, "MEDIUM": Level.MEDIUM, "LOW": Level.LOW}
_FLAGGED = {"1": True, "TRUE": True, "YES": True, "0": False, "FALSE": False, "NO": False}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# A PARC item is a dozen elements; a "part" (one item, the title) of many more is an
# attack on memory, refused before the tree grows.
_MAX_ELEMENTS_PER_PART = 10_000
_MAX_MATRICES = 100
_MAX_ATTRIBUTES = 100  # per element: PARC's elements carry their data as text
# The parser is fed this much at a time.  expat 2.5 scans an unfinished token
# again on every feed, so a huge one (a 90 MB attribute in a 90 KB file) costs
# its length squared over this: large chunks keep that to a few passes.
_FEED_BYTES = 8 * 1024 * 1024
_MILLIS = re.compile("-?[0-9]+")


@dataclass
class _Matrix:
    name: str
    hypotheses: list[Hypothesis] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    def summary(self, number: int) -> str:
        what = f"{count(len(self.hypotheses), 'hypothesis', 'hypotheses')}, " + count(
            len(self.evidence), "evidence item"
        )
        return f"{number}. {self.name or f'Matrix {number}'} ({what})"


def worksheet_from_achz(
    data: bytes, *, source: str, title: str, matrix: int | None = None
) -> Worksheet:
    """The worksheet of matrix number ``matrix`` (1-based; may be left out when there is one).

    Raises :class:`~app.interchange.format.SeveralParts` when the file holds
    several matrices and none was chosen, and ``InterchangeError`` for a
    file that is not a sound PARC ACH project.
    """
    project, classification, found = _parse(data, source)
    if not found:
        raise InterchangeError(source, "", "holds no MATRIX, so no hypotheses and no evidence")
    if matrix is None:
        if len(found) > 1:
            raise SeveralParts(source, [m.summary(i) for i, m in enumerate(found, 1)])
        matrix = 1
    if not 1 <= matrix <= len(found):
        held = count(len(found), "matrix", "matrices")
        raise InterchangeError(source, "", f"has {held}; there is no matrix {matrix}")
    chosen = found[matrix - 1]
    name = project or title
    if len(found) > 1 and chosen.name:
        name = f"{name}: {chosen.name}" if name else chosen.name
    return Worksheet(
        title=name[: limits.MAX_TITLE],
        classification=classification,
        hypotheses=chosen.hypotheses,
        evidence=chosen.evidence,
        cells=chosen.cells,
    )


# -- reading ---------------------------------------------------------------------------


class _Capped(io.RawIOBase):
    """The decompressed stream, refused past :data:`MAX_XML_BYTES` (as the parser reads it)."""

    def __init__(self, stream: gzip.GzipFile, source: str) -> None:
        self._stream = stream
        self._source = source
        self.read_so_far = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._stream.read(len(buffer))
        self.read_so_far += len(chunk)
        if self.read_so_far > MAX_XML_BYTES:
            raise InterchangeError(
                self._source,
                "",
                f"decompresses to more than {MAX_XML_BYTES // 1_000_000} MB of XML, the limit"
                " for an imported file (a PARC ACH project is far smaller)",
            )
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _parse(data: bytes, source: str) -> tuple[str, str, list[_Matrix]]:
    if not data.startswith(GZIP_MAGIC):
        raise InterchangeError(
            source, "", "is not a PARC ACH file: a .achz file is a gzip stream, and this is not one"
        )
    stream = _Capped(gzip.GzipFile(fileobj=io.BytesIO(data)), source)
    try:
        return _Reader(source).read(io.BufferedReader(stream, 65536))
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as e:
        raise InterchangeError(
            source, "", f"is a damaged gzip stream ({_why(e)}); it holds no readable project"
        ) from None
    except SafeTree.ParseError as e:
        line, column = getattr(e, "position", (0, 0))
        raise InterchangeError(
            source,
            f"line {line}, column {column + 1}",
            "the XML is not well-formed, so the project cannot be read",
        ) from None
    except defusedxml.DefusedXmlException:
        raise InterchangeError(
            source,
            "",
            "declares a document type or entities, which a PARC ACH project never has;"
            " it is refused unread, so that nothing outside it is read",
        ) from None
    except (LookupError, UnicodeError, ValueError) as e:
        # An XML declaration naming an encoding Python has not (LookupError), one
        # that is no text encoding, or one pyexpat cannot take (ValueError:
        # "multi-byte encodings are not supported", Shift-JIS, Big5, UTF-7).
        raise InterchangeError(
            source, "", f"declares a text encoding that cannot be read ({_why(e)})"
        ) from None


def _why(e: Exception) -> str:
    if isinstance(e, EOFError):
        return "it ends before its end"
    text = str(e).strip().rstrip(".")
    return show(text, 80).strip('"') if text else type(e).__name__


class _Reader:
    """One pass over the XML: the project's title, classification and matrices."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.title = ""
        self.classification = ""
        self.matrices: list[_Matrix] = []
        self.items = 0
        self.hypotheses = 0  # in every matrix

    def fail(self, place: str, problem: str) -> InterchangeError:
        return InterchangeError(self.source, place, problem)

    def read(self, stream: IO[bytes]) -> tuple[str, str, list[_Matrix]]:
        # The open elements, the root first.  A child of the root or of a matrix
        # is read into the model when it ends and then taken out of the tree, so
        # the tree never holds more than the one part being read.
        path: list[Element] = []
        matrix: _Matrix | None = None
        waiting = 0  # elements parsed since the tree was last pruned
        for event, element in _events(stream):
            tag = _local(element.tag)
            if event == "start":
                path.append(element)
                waiting += 1 + len(element.attrib)
                self.check_attributes(element, tag)
                if waiting > _MAX_ELEMENTS_PER_PART:
                    raise self.fail(
                        "",
                        f"has more than {_MAX_ELEMENTS_PER_PART:,} elements in one part"
                        f" (in {show(tag, 30)}); a PARC ACH item has a dozen",
                    )
                if len(path) == 2 and tag == "MATRIX":
                    if len(self.matrices) == _MAX_MATRICES:
                        raise self.fail("", f"holds more than {_MAX_MATRICES} matrices, the limit")
                    matrix = _Matrix("")
                    self.matrices.append(matrix)
                continue
            path.pop()
            depth = len(path)
            if depth == 1:  # a child of the root, whole
                if tag == "PROJECT-TITLE":
                    self.title = self.text(element, "PROJECT-TITLE", limits.MAX_TITLE)
                elif tag == "CLASSIFICATION":
                    self.classification = self.text(element, "CLASSIFICATION", limits.MAX_TITLE)
                elif tag == "MATRIX":
                    matrix = None
            elif depth == 2 and matrix is not None:  # a child of a matrix, whole
                if tag == "HYPOTHESIS":
                    self.hypothesis(matrix, element)
                elif tag == "EVIDENCE":
                    self.evidence(matrix, element)
                elif tag == "NAME":
                    place = self.where(matrix, "MATRIX NAME")
                    matrix.name = self.text(element, place, limits.MAX_TITLE)
            if depth == 1 or (depth == 2 and matrix is not None):
                del path[-1][-1]  # read: out of the tree (it is its parent's last child)
                waiting = 0
        return self.title, self.classification, self.matrices

    def check_attributes(self, element: Element, tag: str) -> None:
        attributes = element.attrib
        if attributes and (
            len(attributes) > _MAX_ATTRIBUTES
            or any(len(v) > limits.MAX_TEXT for v in attributes.values())
        ):
            raise self.fail(
                "",
                f"has an element ({show(tag, 30)}) with attributes far beyond any PARC ACH"
                " project's",
            )

    def matrix_place(self, matrix: _Matrix) -> str:
        return f"matrix {len(self.matrices)}" if len(self.matrices) > 1 else ""

    def text(self, element: Element | None, place: str, limit: int) -> str:
        """The element's text, checked as every imported text is (``""`` for no element)."""
        if element is None:
            return ""
        value = "".join(element.itertext()).strip()
        problem = text_problem(value, limit)
        if problem is not None:
            raise self.fail(place, problem)
        return value

    def hypothesis(self, matrix: _Matrix, element: Element) -> None:
        number = len(matrix.hypotheses) + 1
        self.hypotheses += 1
        if number > limits.MAX_HYPOTHESES or self.hypotheses > limits.MAX_HYPOTHESES * 10:
            raise self.fail(
                self.matrix_place(matrix),
                f"holds more than {count(limits.MAX_HYPOTHESES, 'hypothesis', 'hypotheses')},"
                " the limit",
            )
        place = self.where(matrix, f"hypothesis {number}")
        name = _first_of_each(element).get("NAME")
        title = self.text(name, f"{place} NAME", limits.MAX_TITLE)
        matrix.hypotheses.append(Hypothesis(title=title or f"Hypothesis {number}"))

    def where(self, matrix: _Matrix, place: str) -> str:
        outer = self.matrix_place(matrix)
        return f"{outer}, {place}" if outer else place

    def evidence(self, matrix: _Matrix, element: Element) -> None:
        number = len(matrix.evidence) + 1
        self.items += 1
        if self.items > limits.MAX_EVIDENCE:
            raise self.fail(
                "", f"holds more than {count(limits.MAX_EVIDENCE, 'evidence item')}, the limit"
            )
        children = _first_of_each(element)
        bare = self.where(matrix, f"evidence {number}")
        name = self.text(children.get("NAME"), f"{bare} NAME", limits.MAX_TITLE)
        place = f"{bare} ({show(name)})" if name else bare

        def field(tag: str, limit: int) -> str:
            return self.text(children.get(tag), f"{place} {tag}", limit)

        flagged = field("FLAG", 20).upper()
        if flagged not in ("", *_FLAGGED):
            raise self.fail(f"{place} FLAG", f"{show(flagged)} is not 1 or 0")
        item = Evidence(
            title=name or f"Evidence {number}",
            description=field("NOTES", limits.MAX_TEXT),
            source=field("CODE", limits.MAX_SOURCE),  # PARC has no source: its code stands in
            link=field("LINK", limits.MAX_SOURCE),
            date=self.date(field("DATE", 40), f"{place} DATE"),
            type=field("TYPE", limits.MAX_TITLE),
            credibility=self.level(field("CREDIBILITY", 20), f"{place} CREDIBILITY"),
            relevance=self.level(field("RELEVANCE", 20), f"{place} RELEVANCE"),
            flags=frozenset({"flagged"}) if _FLAGGED.get(flagged) else frozenset(),
        )
        matrix.evidence.append(item)
        values = children.get("VALUES")
        if values is None:
            return
        tokens = "".join(values.itertext()).split(",")
        if "".join(tokens).strip() == "":
            return  # no rating at all
        if len(tokens) > len(matrix.hypotheses):
            raise self.fail(
                f"{place} VALUES",
                f"has {count(len(tokens), 'rating')} for "
                f"{count(len(matrix.hypotheses), 'hypothesis', 'hypotheses')}",
            )
        # Fewer tokens than hypotheses: the hypotheses left over stay blank.
        pairs = zip(tokens, matrix.hypotheses, strict=False)
        for position, (token, hypothesis) in enumerate(pairs, 1):
            rating = _SEEN_TOKENS.get(token)
            if rating is None:
                word = "".join(token.split()).upper()  # "I I" and "II" alike
                if not word:
                    continue  # a blank cell, never the previous cell's rating
                rating = _TOKENS.get(word)
            if rating is None:
                raise self.fail(
                    f"{place} VALUES, rating {position}",
                    f"{show(token.strip())} is not one of {_TOKEN_WORDS}",
                )
            matrix.cells[(item.id, hypothesis.id)] = Cell(rating)

    def level(self, text: str, place: str) -> Level:
        if not text:
            return Level.MEDIUM
        level = _LEVELS.get(text.upper())
        if level is None:
            raise self.fail(place, f"{show(text)} is not HIGH, MEDIUM or LOW")
        return level

    def date(self, text: str, place: str) -> str:
        """Java epoch milliseconds as the UTC calendar date; 0 (or nothing) is no date."""
        if not text:
            return ""
        if _MILLIS.fullmatch(text) is None:
            raise self.fail(place, f"{show(text)} is not a time in milliseconds")
        millis = int(text)
        if millis == 0:
            return ""
        try:
            moment = _EPOCH + datetime.timedelta(milliseconds=millis)
        except OverflowError:
            raise self.fail(place, f"{show(text)} is no date of years 1 to 9999") from None
        return moment.date().isoformat()


def _events(stream: IO[bytes]) -> Iterator[tuple[str, Element]]:
    """("start" or "end", element) as the XML is parsed, with no DTD, entities or
    external references (defusedxml's parser, fed in large chunks)."""
    # XMLPullParser's _parser is how the standard library's own iterparse
    # gives it a parser; defusedxml's iterparse would feed 16 KB at a time.
    parser = XMLPullParser(
        events=("start", "end"),
        _parser=DefusedXMLParser(target=TreeBuilder(), forbid_dtd=True),
    )
    while chunk := stream.read(_FEED_BYTES):
        parser.feed(chunk)
        yield from _ready(parser)
    parser.close()
    yield from _ready(parser)


def _ready(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    for event in parser.read_events():
        yield cast("tuple[str, Element]", event)  # only start and end events were asked for


def _local(tag: object) -> str:
    """An element's name without a namespace, in capitals."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].upper()


def _first_of_each(element: Element) -> dict[str, Element]:
    """The element's children by name; of a name given twice, the first."""
    found: dict[str, Element] = {}
    for child in element:
        found.setdefault(_local(child.tag), child)
    return found
