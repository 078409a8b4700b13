"""A plain block of analyst text: wrapped, split across pages, set in the right fonts.

reportlab's Paragraph parses markup for every piece of text, which made a
1,000-item brief several times slower than the bare table of its cells.
Most text in the brief is plain (one font, one size, one colour), so it goes
through `TextBlock` instead: the text never passes a markup parser at all,
so it cannot be read as markup; lines are broken greedily at spaces (a word
too long for the line is broken between characters), explicit newlines are
kept, and each line is drawn run by run in the font that has its glyphs.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.report.fonts import MAIN, TextSetter

Runs = tuple[tuple[str, str], ...]


@lru_cache(maxsize=64)
def _colour(hex_string: str) -> colors.Color:
    return colors.HexColor(hex_string)


@lru_cache(maxsize=16384)
def _ascii_width(word: str, font: str, size: float) -> float:
    return stringWidth(word, font, size)


class TextBlock(Flowable):
    """Plain text in one style, wrapped to the available width."""

    def __init__(
        self,
        setter: TextSetter,
        text: str,
        *,
        size: float = 9.0,
        leading: float | None = None,
        bold: bool = False,
        colour: str = "#1a1a1a",
        indent: float = 0.0,
        space_before: float = 0.0,
        space_after: float = 0.0,
        keep_with_next: bool = False,
        max_lines: int | None = None,
        align: str = "left",  # or "center"
        _lines: list[Runs] | None = None,
    ) -> None:
        super().__init__()
        self.setter = setter
        self.text = text
        self.size = size
        self.leading = leading if leading is not None else size * 1.3
        self.bold = bold
        self.colour = colour
        self.indent = indent
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        if keep_with_next:
            self.keepWithNext = 1
        self.max_lines = max_lines
        self.align = align
        self._lines = _lines
        self._fixed = _lines is not None  # a part split off keeps its lines
        self._for_width = -1.0

    # -- layout -----------------------------------------------------------------

    def _width(self, word: str) -> float:
        if word.isascii():
            return _ascii_width(word, MAIN.name(self.bold), self.size)
        return sum(
            stringWidth(chunk, font, self.size)
            for font, chunk in self.setter.runs(word, bold=self.bold)
        )

    def _break(self, width: float) -> list[str]:
        space = self._width(" ")
        lines: list[str] = []
        for raw in self.text.split("\n"):
            words = raw.split()
            line, line_w = "", 0.0
            for word in words:
                w = self._width(word)
                if w > width:  # too long for any line: break it between characters
                    if line:
                        lines.append(line)
                    pieces = self._chop(word, width)
                    lines += pieces[:-1]
                    line, line_w = pieces[-1], self._width(pieces[-1])
                elif not line:
                    line, line_w = word, w
                elif line_w + space + w <= width:
                    line, line_w = f"{line} {word}", line_w + space + w
                else:
                    lines.append(line)
                    line, line_w = word, w
            lines.append(line)
        while lines and not lines[-1]:
            lines.pop()
        if self.max_lines is not None and len(lines) > self.max_lines:
            lines = lines[: self.max_lines]
            lines[-1] = lines[-1].rstrip() + "\u2026"
        return lines

    def _chop(self, word: str, width: float) -> list[str]:
        pieces, piece = [], ""
        for char in word:
            if piece and self._width(piece + char) > width:
                pieces.append(piece)
                piece = char
            else:
                piece += char
        pieces.append(piece)
        return pieces

    def wrap(self, availWidth, availHeight):
        width = max(availWidth - self.indent, 1.0)
        if not self._fixed and width != self._for_width:
            self._lines = [self.setter.runs(line, bold=self.bold) for line in self._break(width)]
            self._for_width = width
        self.width = availWidth
        self.height = len(self._lines or ()) * self.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        lines = self._lines or []
        fit = int(availHeight // self.leading)
        if fit < 1 or fit >= len(lines):
            return []
        head = self._part(lines[:fit], space_after=0.0)
        tail = self._part(lines[fit:], space_before=0.0)
        return [head, tail]

    def _part(self, lines: list[Runs], **overrides: float) -> TextBlock:
        return TextBlock(
            self.setter,
            "",
            size=self.size,
            leading=self.leading,
            bold=self.bold,
            colour=self.colour,
            indent=self.indent,
            align=self.align,
            space_before=overrides.get("space_before", self.spaceBefore),
            space_after=overrides.get("space_after", self.spaceAfter),
            _lines=lines,
        )

    # -- drawing ----------------------------------------------------------------

    def draw(self) -> None:
        lines = self._lines or []
        if not lines:
            return
        c = self.canv
        text = c.beginText()
        text.setFillColor(_colour(self.colour))
        text.setFont(MAIN.name(self.bold), self.size, self.leading)
        current = MAIN.name(self.bold)
        first_baseline = self.height - self.leading + self.size * 0.22
        text.setTextOrigin(self.indent, first_baseline)
        for i, runs in enumerate(lines):
            if self.align == "center":
                width = sum(stringWidth(chunk, font, self.size) for font, chunk in runs)
                x = self.indent + (self.width - self.indent - width) / 2
                text.setTextOrigin(x, first_baseline - i * self.leading)
            if not runs:
                text.textLine("")
                continue
            last = len(runs) - 1
            for k, (font, chunk) in enumerate(runs):
                if font != current:
                    text.setFont(font, self.size, self.leading)
                    current = font
                # textLine moves to the next line without measuring the text.
                if k == last:
                    text.textLine(chunk)
                else:
                    text.textOut(chunk)
        c.drawText(text)


class Stack(Flowable):
    """A few small flowables kept together (a title and its facts), set one under another.

    Cheaper than reportlab's keepWithNext, which wraps a copy of the frame for
    every group.  A stack too tall for the space left hands its parts back,
    so nothing is ever lost to a LayoutError.
    """

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self.spaceBefore = parts[0].getSpaceBefore() if parts else 0
        self.spaceAfter = parts[-1].getSpaceAfter() if parts else 0
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth, availHeight):
        self._sizes = []
        height = 0.0
        for i, part in enumerate(self.parts):
            _, h = part.wrap(availWidth, availHeight)
            gap = part.getSpaceBefore() if i else 0.0
            self._sizes.append((gap, h))
            height += gap + h
        self.width, self.height = availWidth, height
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """What fits here, and a stack of the rest; [] when not even a line fits."""
        fitted: list[Flowable] = []
        used = 0.0
        for i, part in enumerate(self.parts):
            _, h = part.wrap(availWidth, availHeight)
            gap = part.getSpaceBefore() if fitted else 0.0
            if used + gap + h <= availHeight:
                fitted.append(part)
                used += gap + h
                continue
            pieces = part.split(availWidth, availHeight - used - gap)
            if pieces:
                return [Stack([*fitted, pieces[0]]), Stack([*pieces[1:], *self.parts[i + 1 :]])]
            if not fitted:
                return []
            return [Stack(fitted), Stack(list(self.parts[i:]))]
        return []

    def draw(self) -> None:
        y = self.height
        for part, (gap, h) in zip(self.parts, self._sizes, strict=True):
            y -= gap + h
            part.drawOn(self.canv, 0, y)
