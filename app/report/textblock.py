"""A plain block of analyst text: wrapped, split across pages, set in the right fonts.

reportlab's Paragraph parses markup for every piece of text, which made a
1,000-item brief several times slower than the bare table of its cells.
Most text in the brief is plain (one font, one size, one colour), so it goes
through `TextBlock` instead: the text never passes a markup parser at all,
so it cannot be read as markup; lines are broken greedily at spaces (a word
too long for the line is broken between characters), explicit newlines are
kept, and each line is drawn run by run in the font that has its glyphs,
straight into the page (see `ink`).
"""

from __future__ import annotations

from typing import TypedDict

from reportlab.platypus import Flowable

from app.report.fonts import MAIN, TextSetter
from app.report.ink import Ink, InkFlowable, Runs, runs_width, text_width


def _word_width(setter: TextSetter, word: str, size: float, bold: bool) -> float:
    if word.isascii():
        return text_width(word, MAIN.name(bold), size)
    return sum(text_width(chunk, font, size) for font, chunk in setter.runs(word, bold=bold))


def break_lines(
    setter: TextSetter,
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
) -> list[Runs]:
    """``text`` broken into lines no wider than ``width``, each as runs of fonts.

    Greedy, at spaces; explicit newlines are kept; a word too long for any
    line is broken between characters; past ``max_lines`` the last line
    ends in an ellipsis.
    """
    space = _word_width(setter, " ", size, bold)
    lines: list[str] = []
    for raw in text.split("\n"):
        line, line_w = "", 0.0
        for word in raw.split():
            w = _word_width(setter, word, size, bold)
            if w > width:  # too long for any line: break it between characters
                if line:
                    lines.append(line)
                pieces = _chop(setter, word, width, size, bold)
                lines += pieces[:-1]
                line = pieces[-1]
                line_w = _word_width(setter, line, size, bold)
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
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "\u2026"
    return [setter.runs(line, bold=bold) for line in lines]


def _chop(setter: TextSetter, word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces, piece = [], ""
    for char in word:
        if piece and _word_width(setter, piece + char, size, bold) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    pieces.append(piece)
    return pieces


RULE_WIDTH = 1.2  # points: the rule left of a quotation
RULE_GAP = 7.0  # from the rule to the text


class BlockOptions(TypedDict, total=False):
    """TextBlock's keyword options, for callers that gather them before the block."""

    size: float
    leading: float | None
    bold: bool
    colour: str
    indent: float
    space_before: float
    space_after: float
    keep_with_next: bool
    max_lines: int | None
    align: str
    mark: str
    mark_colour: str
    rule: str


class TextBlock(InkFlowable):
    """Plain text in one style, wrapped to the available width.

    ``mark``: a few words of the program's own (a warning) set after the text in
    bold and ``mark_colour``, on its last line when they fit there, else on a line
    of their own.  ``rule``: the colour of a thin vertical rule drawn left of the
    text, the length of the block (a quotation).
    """

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
        mark: str = "",
        mark_colour: str = "#1a1a1a",
        rule: str = "",
        _lines: list[Runs] | None = None,
        _mark_at: tuple[int, float] | None = None,
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
        self.mark = mark
        self.mark_colour = mark_colour
        self.rule = rule
        self._lines = _lines
        self._fixed = _lines is not None  # a part split off keeps its lines
        self._for_width = -1.0
        # (line, x offset) of the mark, decided with the lines; None: no mark here
        self._mark_at = _mark_at
        self._mark_runs: Runs = setter.runs(mark, bold=True) if mark else ()

    # -- layout -----------------------------------------------------------------

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width = max(availWidth - self.indent, 1.0)
        if not self._fixed and width != self._for_width:
            self._lines = break_lines(
                self.setter,
                self.text,
                width,
                self.size,
                bold=self.bold,
                max_lines=self.max_lines,
            )
            self._for_width = width
            if self.mark:
                self._place_mark(width)
        self.width = availWidth
        self.height = len(self._lines or ()) * self.leading
        return self.width, self.height

    def _place_mark(self, width: float) -> None:
        lines = self._lines if self._lines is not None else []
        mark_w = runs_width(self._mark_runs, self.size)
        if lines:
            last = runs_width(lines[-1], self.size)
            space = text_width(" ", MAIN.name(self.bold), self.size)
            if last + space + mark_w <= width:
                self._mark_at = (len(lines) - 1, last + space)
                self._lines = lines
                return
        lines.append(())
        self._lines = lines
        self._mark_at = (len(lines) - 1, 0.0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        lines = self._lines or []
        fit = int(availHeight // self.leading)
        if fit < 1 or fit >= len(lines):
            return []
        mark = self._mark_at
        head_mark = mark if mark is not None and mark[0] < fit else None
        tail_mark = (mark[0] - fit, mark[1]) if mark is not None and mark[0] >= fit else None
        head = self._part(lines[:fit], head_mark, space_after=0.0)
        tail = self._part(lines[fit:], tail_mark, space_before=0.0)
        return [head, tail]

    def _part(
        self, lines: list[Runs], mark_at: tuple[int, float] | None, **overrides: float
    ) -> TextBlock:
        return TextBlock(
            self.setter,
            "",
            size=self.size,
            leading=self.leading,
            bold=self.bold,
            colour=self.colour,
            indent=self.indent,
            align=self.align,
            mark=self.mark if mark_at is not None else "",
            mark_colour=self.mark_colour,
            rule=self.rule,
            space_before=overrides.get("space_before", self.spaceBefore),
            space_after=overrides.get("space_after", self.spaceAfter),
            _lines=lines,
            _mark_at=mark_at,
        )

    # -- drawing ----------------------------------------------------------------

    def paint(self, ink: Ink, x: float, y: float) -> None:
        """Draw with the bottom left corner at (x, y) in the coordinates of ``ink``."""
        size, leading, indent = self.size, self.leading, self.indent
        if self.rule and self._lines:
            ink.stroke(self.rule, RULE_WIDTH)
            left = x + indent - RULE_GAP
            ink.lines([(left, y + leading * 0.1, left, y + self.height - leading * 0.05)])
        baseline = y + self.height - leading + size * 0.22
        mark = self._mark_at
        for i, runs in enumerate(self._lines or ()):
            left = x + indent
            if runs:
                if self.align == "center":
                    left += (self.width - indent - runs_width(runs, size)) / 2
                ink.text(left, baseline, runs, size, self.colour)
            if mark is not None and mark[0] == i:
                ink.text(left + mark[1], baseline, self._mark_runs, size, self.mark_colour)
            baseline -= leading


class Stack(InkFlowable):
    """Flowables set one under another as one: an item's title, facts and text.

    One flowable per item instead of one per field: reportlab's frame does
    its bookkeeping (and a save/translate/restore of the canvas) for every
    flowable.  Each part is set its own space before below the one above
    (space after counts only for the last, towards what follows the stack),
    so a title sits tight on its facts.  ``room``: with less
    height than this left on the page, a stack that does not fit whole starts
    on the next page rather than leaving its first line at the foot of this
    one (reportlab's CondPageBreak, without the extra flowable).  A stack too
    tall for the space left hands over what fits and keeps the rest, so
    nothing is ever lost to a LayoutError.
    """

    def __init__(self, parts: list[Flowable], *, room: float = 0.0) -> None:
        super().__init__()
        self.parts = parts
        self.room = room
        self.spaceBefore = parts[0].getSpaceBefore() if parts else 0
        self.spaceAfter = parts[-1].getSpaceAfter() if parts else 0
        self._sizes: list[tuple[float, float]] = []

    def _gap(self, i: int) -> float:
        return self.parts[i].getSpaceBefore() if i else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = []
        height = 0.0
        for i, part in enumerate(self.parts):
            _, h = part.wrap(availWidth, availHeight)
            gap = self._gap(i)
            self._sizes.append((gap, h))
            height += gap + h
        self.width, self.height = availWidth, height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """What fits here, and a stack of the rest; [] when not even a line fits."""
        if availHeight < self.room:
            return []
        fitted: list[Flowable] = []
        used = 0.0
        for i, part in enumerate(self.parts):
            _, h = part.wrap(availWidth, availHeight)
            gap = self._gap(i) if fitted else 0.0
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

    def paint(self, ink: Ink, x: float, y: float) -> None:
        bottom = y + self.height
        for part, (gap, h) in zip(self.parts, self._sizes, strict=True):
            bottom -= gap + h
            paint = getattr(part, "paint", None)
            if paint is not None:
                paint(ink, x, bottom)
            else:  # any other flowable draws itself, in order
                ink.flush()
                part.drawOn(ink.canvas, x, bottom)
