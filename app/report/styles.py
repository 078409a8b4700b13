"""The one stylesheet of the brief: sizes, weights, colours and spacing of its text."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from app.domain import palette
from app.report.fonts import MAIN

ACCENT = colors.HexColor(palette.ACCENT)
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor(palette.GRID)
LEADER_FILL = colors.HexColor("#eef3f8")
# The brief's one warning colour (the matrix's deception sign): a source graded E or F.
WARNING = palette.DECEPTION_MARK
QUOTE_RULE = "#9aabbf"  # the rule left of a quotation: the accent, lightened


@dataclass
class Styles:
    """The one stylesheet of the brief."""

    base: ParagraphStyle
    kicker: ParagraphStyle
    title: ParagraphStyle
    question: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    summary: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    item: ParagraphStyle
    item_meta: ParagraphStyle
    item_text: ParagraphStyle
    quote: ParagraphStyle
    quote_source: ParagraphStyle
    bullet: ParagraphStyle


def stylesheet(size: float = 9.0) -> Styles:
    base = ParagraphStyle(
        "base",
        fontName=MAIN.regular,
        fontSize=size,
        leading=size * 1.35,
        alignment=TA_LEFT,
        textColor=colors.HexColor("#1a1a1a"),
        splitLongWords=1,
    )
    return Styles(
        base=base,
        kicker=ParagraphStyle(
            "kicker", parent=base, fontName=MAIN.bold, fontSize=7.5, textColor=ACCENT
        ),
        title=ParagraphStyle(
            "title",
            parent=base,
            fontName=MAIN.bold,
            fontSize=19,
            leading=24,
            spaceBefore=2,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        question=ParagraphStyle("question", parent=base, fontSize=11, leading=15, spaceAfter=8),
        h1=ParagraphStyle(
            "h1",
            parent=base,
            fontName=MAIN.bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=14,
            spaceAfter=6,
            textColor=ACCENT,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=base,
            fontName=MAIN.bold,
            fontSize=9.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=ParagraphStyle("body", parent=base, spaceAfter=5),
        summary=ParagraphStyle(
            "summary",
            parent=base,
            fontSize=10.5,
            leading=14.5,
            backColor=LEADER_FILL,
            borderColor=ACCENT,
            borderWidth=0.6,
            borderPadding=(7, 9, 7, 9),
            spaceBefore=10,
            spaceAfter=14,
        ),
        small=ParagraphStyle("small", parent=base, fontSize=7.5, leading=10),
        muted=ParagraphStyle("muted", parent=base, textColor=MUTED, spaceAfter=5),
        cell=ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        cell_head=ParagraphStyle(
            "cell-head", parent=base, fontName=MAIN.bold, fontSize=7.2, leading=9
        ),
        item=ParagraphStyle("item", parent=base, fontName=MAIN.bold, spaceBefore=7, spaceAfter=1),
        item_meta=ParagraphStyle(
            "item-meta", parent=base, fontSize=7.5, leading=10, leftIndent=22, textColor=MUTED
        ),
        item_text=ParagraphStyle("item-text", parent=base, leftIndent=22, spaceBefore=2),
        quote=ParagraphStyle(
            "quote",
            parent=base,
            fontSize=8.5,
            leading=11.5,
            leftIndent=36,
            spaceBefore=5,
            textColor=colors.HexColor("#2b2b2b"),
        ),
        quote_source=ParagraphStyle(
            "quote-source",
            parent=base,
            fontSize=7.5,
            leading=10,
            leftIndent=36,
            spaceBefore=1,
            textColor=MUTED,
        ),
        bullet=ParagraphStyle(
            "bullet",
            parent=base,
            leftIndent=14,
            bulletIndent=0,
            bulletFontName=MAIN.regular,
            spaceAfter=2,
        ),
    )
