"""The PDF brief: lays out a gathered `Brief` with reportlab and returns the bytes.

Page geometry and fonts are attributes of `BriefRenderer`, the stylesheet
is `styles.stylesheet`, and every page gets the same decoration from one
callback: the classification banner at the top and bottom, a running
header, and a footer with "Page x of y" (drawn when the page count is
known, by `_NumberedCanvas`).  The matrix goes on landscape pages when its
hypotheses do not fit across a portrait page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from app.domain import palette
from app.domain.model import Worksheet
from app.domain.text import shorten
from app.report.brief import GENERATOR, Brief, gather_brief
from app.report.fonts import (
    MAIN,
    TextSetter,
    plain,
    register_fonts,
    string_width,
)
from app.report.legend import legend, matrix_note_style
from app.report.matrix import (
    FIXED_W,
    MIN_COLUMN_W,
    MIN_TITLE_W,
    MatrixBand,
    matrix_tables,
)
from app.report.sections import Sections
from app.report.styles import stylesheet

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BriefResult:
    """A rendered brief, and what it could not show."""

    pdf: bytes
    page_count: int
    missing_glyphs: tuple[str, ...]  # characters no shipped font has, sorted

    @property
    def warning(self) -> str | None:
        """One sentence for the analyst when some characters could not be shown."""
        if not self.missing_glyphs:
            return None
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in self.missing_glyphs[:12])
        more = len(self.missing_glyphs) - 12
        if more > 0:
            shown += f" and {more} more"
        return f"The brief cannot show these characters (no font for them): {shown}."


class _Decorations:
    """What every page carries; shared by the page callback and the numbering canvas."""

    def __init__(self, renderer: BriefRenderer, brief: Brief, setter: TextSetter) -> None:
        self.r = renderer
        self.brief = brief
        self.setter = setter
        self._fitted: dict[tuple[str, float, float, bool], str] = {}
        marking = " ".join(brief.classification.split())
        self.banner = shorten(marking, 140) if marking else ""

    def draw_runs(
        self, c: Canvas, x: float, y: float, text: str, size: float, *, bold: bool, align: str
    ) -> None:
        runs = self.setter.runs(text, bold=bold)
        width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        for font, chunk in runs:
            c.setFont(font, size)
            c.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, font, size)

    def fit(self, text: str, size: float, width: float, *, bold: bool = False) -> str:
        """``text`` shortened until it fits ``width`` points.

        The banner and the running title are the same on every page: each is
        fitted once a document.  And no glyph is narrower than a tenth of the
        font size, so at most ``width / (size / 10)`` characters are measured,
        however long the text: the brief's time grows with its text, not with
        the text times its pages.
        """
        key = (text, size, width, bold)
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = text
            limit = min(len(text), int(width / (size / 10)) + 2)
            if limit < len(text):
                fitted = shorten(text, limit)
            while limit > 8 and string_width(self.setter, fitted, size, bold=bold) > width:
                limit = int(limit * 0.85)
                fitted = shorten(fitted, limit)
            self._fitted[key] = fitted
        return fitted

    def page(self, c: Canvas, doc: BaseDocTemplate) -> None:
        r = self.r
        page_w, page_h = c._pagesize
        left, right = r.margin_x, page_w - r.margin_x
        c.saveState()
        # Classification banners, top and bottom.
        for y in (page_h - r.banner_top - r.banner_height, r.banner_bottom):
            c.setFillColor(colors.HexColor(palette.HEADER_FILL))
            c.setStrokeColor(colors.HexColor(palette.ACCENT))
            c.setLineWidth(0.6)
            c.rect(left, y, right - left, r.banner_height, stroke=1, fill=1)
            c.setFillColor(colors.HexColor(palette.ACCENT))
            text = self.fit(self.banner, 8.5, right - left - 12, bold=True)
            if not self.banner:
                text = "CLASSIFICATION NOT MARKED"
                c.setFillColor(colors.HexColor("#777777"))
            self.draw_runs(
                c, page_w / 2, y + r.banner_height / 2 - 3, text, 8.5, bold=True, align="center"
            )
        # Running header (not on the title page).
        c.setFillColor(colors.HexColor("#555555"))
        y_head = page_h - r.banner_top - r.banner_height - 11
        if doc.page > 1:
            title = self.fit(self.brief.title or "Untitled worksheet", 7.5, (right - left) * 0.7)
            self.draw_runs(c, left, y_head, title, 7.5, bold=False, align="left")
            c.setFont(MAIN.regular, 7.5)
            c.drawRightString(right, y_head, self.brief.date)
            c.setStrokeColor(colors.HexColor(palette.GRID))
            c.setLineWidth(0.4)
            c.line(left, y_head - 4, right, y_head - 4)
        # Footer, left part; "Page x of y" is added by the canvas at the end.
        y_foot = r.banner_bottom + r.banner_height + 6
        c.setFont(MAIN.regular, 7)
        c.drawString(left, y_foot, f"{GENERATOR} \u00b7 Analysis of Competing Hypotheses")
        c.restoreState()

    def page_number(self, c: Canvas, number: int, total: int) -> None:
        page_w, _ = c._pagesize
        c.saveState()
        c.setFont(MAIN.regular, 7)
        c.setFillColor(colors.HexColor("#555555"))
        y_foot = self.r.banner_bottom + self.r.banner_height + 6
        c.drawRightString(page_w - self.r.margin_x, y_foot, f"Page {number} of {total}")
        c.restoreState()


def _numbered_canvas(decorations: _Decorations, counter: list[int]) -> type[Canvas]:
    class _NumberedCanvas(Canvas):
        """Holds every page back until the end, then stamps "Page x of y" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            counter.append(total)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                decorations.page_number(self, number, total)
                Canvas.showPage(self)
            # Binary (compressed only) streams: a fifth smaller and quicker to write
            # than reportlab's default ASCII85 wrapping.  The setting is read
            # while saving, so it is set just for that.
            saved, rl_config.useA85 = rl_config.useA85, 0
            try:
                Canvas.save(self)
            finally:
                rl_config.useA85 = saved

    return _NumberedCanvas


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, progress: Progress | None, **kwargs: Any) -> None:
        super().__init__(buffer, **kwargs)
        self._progress = progress
        self._done = 0
        self._total = 1
        self._top_level: set[int] = set()
        self._reported = -1

    def track(self, story: list[Flowable]) -> None:
        self._top_level = {id(f) for f in story if not isinstance(f, MatrixBand)}
        self._total = max(
            1,
            len(self._top_level) + sum(f.body_rows for f in story if isinstance(f, MatrixBand)),
        )
        self._report()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, MatrixBand):
            self._done += max(0, flowable.body_rows)
        elif id(flowable) in self._top_level:
            self._top_level.discard(id(flowable))
            self._done += 1
        self._report()

    def _report(self, *, final: bool = False) -> None:
        if self._progress is None:
            return
        done = self._total if final else min(self._done, self._total - 1)
        step = max(1, self._total // 200)  # at most about 200 calls
        if final or done // step != self._reported // step or self._reported < 0:
            self._reported = done
            self._progress(done, self._total)

    def finish(self) -> None:
        self._report(final=True)


class BriefRenderer:
    """Lays out a Brief.  Geometry in points; change attributes to restyle."""

    pagesize: tuple[float, float] = A4
    margin_x: float = 18 * mm
    margin_top: float = 24 * mm  # above the frame: banner and running header
    margin_bottom: float = 21 * mm  # below the frame: footer and banner
    banner_top: float = 7 * mm  # from the page edge to the top banner
    banner_bottom: float = 7 * mm
    banner_height: float = 5.5 * mm
    font_size = 9.0

    def __init__(self, brief: Brief) -> None:
        register_fonts()
        self.brief = brief
        self.setter = TextSetter()
        self.styles = stylesheet(self.font_size)
        self.sections = Sections(brief, self.setter, self.styles)

    def _frame(self, size: tuple[float, float], name: str) -> Frame:
        w, h = size
        return Frame(
            self.margin_x,
            self.margin_bottom,
            w - 2 * self.margin_x,
            h - self.margin_top - self.margin_bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    def matrix_fits_portrait(self) -> bool:
        width = self.pagesize[0] - 2 * self.margin_x
        n = len(self.brief.hypotheses)
        return FIXED_W + MIN_TITLE_W + n * MIN_COLUMN_W <= width

    def matrix_width(self) -> float:
        page: tuple[float, float] = (
            self.pagesize if self.matrix_fits_portrait() else landscape(self.pagesize)
        )
        return page[0] - 2 * self.margin_x

    def matrix_story(self) -> list[Flowable]:
        """The matrix section: heading, legend and one `MatrixBand` per band of hypotheses."""
        width = self.matrix_width()
        note = matrix_note_style(self.styles.base)
        return [
            Paragraph("Matrix", self.styles.h1),
            legend(
                self.setter,
                note,
                width,
                unweighted=self.brief.unweighted,
                notes=bool(self.brief.rating_notes),
            ),
            *matrix_tables(self.brief, self.setter, width, self._band_heading),
        ]

    def story(self) -> list[Flowable]:
        s = self.sections
        portrait_w = self.pagesize[0] - 2 * self.margin_x
        wide = not self.matrix_fits_portrait()
        flow: list[Flowable] = []
        flow += s.title_block(portrait_w)
        flow += s.summary(portrait_w)
        flow += s.conclusions()
        flow += s.milestones()
        flow += s.hypotheses()
        if wide:
            flow += [NextPageTemplate("landscape"), PageBreak()]
        else:
            flow.append(CondPageBreak(self.pagesize[1] * 0.4))
        flow += self.matrix_story()
        if wide:
            flow += [NextPageTemplate("portrait"), PageBreak()]
        flow += s.evidence()
        flow += s.rating_notes()
        flow += s.sources()
        return flow

    def _band_heading(self, text: str) -> list[Flowable]:
        # Not keepWithNext: reportlab would push the whole band to a new page.
        style = ParagraphStyle("band", parent=self.styles.h2, keepWithNext=0)
        return [CondPageBreak(140), Paragraph(text, style)]

    def render(self, progress: Progress | None = None) -> BriefResult:
        b = self.brief
        buffer = io.BytesIO()
        doc = _Document(
            buffer,
            progress,
            pagesize=self.pagesize,
            title=plain(b.title) or "ACH brief",
            author=plain(b.analyst),
            subject=plain(b.question),
            creator=GENERATOR,
            keywords="Analysis of Competing Hypotheses, ACH",
            # Else every page's preamble names Helvetica, a font the PDF would not embed.
            initialFontName=MAIN.regular,
        )
        decorations = _Decorations(self, b, self.setter)
        doc.addPageTemplates(
            [
                PageTemplate(
                    "portrait",
                    [self._frame(self.pagesize, "portrait")],
                    onPage=decorations.page,
                    pagesize=self.pagesize,
                ),
                PageTemplate(
                    "landscape",
                    [self._frame(landscape(self.pagesize), "landscape")],
                    onPage=decorations.page,
                    pagesize=landscape(self.pagesize),
                ),
            ]
        )
        story = self.story()
        doc.track(story)
        pages: list[int] = []
        doc.build(story, canvasmaker=_numbered_canvas(decorations, pages))
        doc.finish()
        return BriefResult(
            pdf=buffer.getvalue(),
            page_count=pages[-1] if pages else 0,
            missing_glyphs=tuple(sorted(self.setter.missing)),
        )


def render_brief(
    source: Worksheet | Brief,
    *,
    unweighted: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> BriefResult:
    """The PDF brief of a worksheet (or of an already gathered Brief).

    ``progress(done, total)`` is called now and then with ``done`` rising to
    ``total``; raise from it to abandon the export.  ``unweighted`` and
    ``today`` apply only when a Worksheet is given.
    """
    brief = (
        source
        if isinstance(source, Brief)
        else gather_brief(source, unweighted=unweighted, today=today)
    )
    return BriefRenderer(brief).render(progress)
