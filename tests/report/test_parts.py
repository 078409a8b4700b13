"""The pieces of the renderer: text setting, text blocks, the palette, the matrix bands."""

from __future__ import annotations

import re

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from app.domain import palette
from app.domain.model import Rating
from app.domain.text import shorten
from app.report.brief import gather_brief
from app.report.fonts import MAIN, TextSetter, plain
from app.report.matrix import (
    PAD_Y,
    TAG_LEADING,
    TITLE_LEADING,
    TITLE_LIMIT,
    band,
    bands,
    max_columns,
)
from app.report.sections import Sections
from app.report.styles import stylesheet
from app.report.textblock import TextBlock
from tests.report.worksheets import KOREAN, MARKUP, RUSSIAN, everywhere, grid_worksheet


def frag_text(markup: str, *, font: str = MAIN.regular) -> list[tuple[str, str]]:
    """(font, text) of each run reportlab makes of the markup."""
    from reportlab.lib.styles import ParagraphStyle

    p = Paragraph(markup, ParagraphStyle("t", fontName=font))
    return [(f.fontName, f.text) for f in p.frags]


def test_markup_is_escaped_so_it_prints_as_typed():
    setter = TextSetter()
    runs = frag_text(setter.markup(MARKUP))
    assert "".join(t for _, t in runs) == MARKUP
    assert {f for f, _ in runs} == {MAIN.regular}


def test_newlines_become_line_breaks():
    setter = TextSetter()
    assert setter.markup("a\nb") == "a<br/>b"


def test_hangul_runs_go_to_the_fallback_font_in_the_right_weight():
    setter = TextSetter()
    text = f"{RUSSIAN} {KOREAN} end"
    assert frag_text(setter.markup(text)) == [
        ("ACHSans", f"{RUSSIAN} "),
        ("ACHHangul", KOREAN),
        ("ACHSans", " end"),
    ]
    assert frag_text(setter.markup(text, bold=True)) == [
        ("ACHSans-Bold", f"{RUSSIAN} "),
        ("ACHHangul-Bold", KOREAN),
        ("ACHSans-Bold", " end"),
    ]
    assert setter.missing == set()


def test_missing_characters_are_collected():
    setter = TextSetter()
    setter.markup("a\u0915b")
    setter.runs("\u1200")
    assert setter.missing == {"\u0915", "\u1200"}


def test_odd_characters_are_cleaned():
    setter = TextSetter()
    runs = setter.runs("a\tb\x00c\u200bd\u3000e")
    # Tabs become spaces, control characters go; the fonts have these two.
    assert runs == (("ACHSans", "a bc\u200bd"), ("ACHHangul", "\u3000"), ("ACHSans", "e"))
    assert setter.missing == set()
    assert plain("one\ntwo\x00 \ud800") == "one two \ufffd"


def test_the_title_in_a_bold_style_uses_bold_hangul():
    ws = everywhere(KOREAN)
    sections = Sections(gather_brief(ws), TextSetter(), stylesheet())
    title = sections.title_block(480)[1]
    assert isinstance(title, TextBlock)  # its lines are broken once, however long
    title.wrap(480, 1000)
    assert {font for line in title._lines or () for font, _ in line} == {"ACHHangul-Bold"}


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("short", 10, "short"),
        ("one two three four five", 12, "one two\u2026"),
        ("abcdefghijklmnop", 8, "abcdefg\u2026"),
        ("  spaced\n\nout  ", 20, "spaced out"),
    ],
)
def test_shorten(text, limit, short):
    assert shorten(text, limit) == short
    assert len(shorten(text, limit)) <= limit


def test_text_block_wraps_within_the_width_and_keeps_every_word():
    setter = TextSetter()
    words = " ".join(f"w{i}" for i in range(300))
    block = TextBlock(setter, words, size=9)
    _, height = block.wrap(200, 10_000)
    lines = ["".join(chunk for _, chunk in runs) for runs in block._lines]
    assert " ".join(lines) == words
    for line in lines:
        assert stringWidth(line, MAIN.regular, 9) <= 200
    assert height == pytest.approx(len(lines) * block.leading)


def test_text_block_splits_across_pages_without_losing_lines():
    setter = TextSetter()
    block = TextBlock(setter, "\n".join(f"line {i}" for i in range(50)), size=9, leading=12)
    block.wrap(300, 10_000)
    head, tail = block.split(300, 12 * 20 + 5)
    head.wrap(300, 10_000)
    tail.wrap(300, 10_000)
    assert len(head._lines) == 20 and len(tail._lines) == 30
    assert block.split(300, 5) == []  # not even one line fits: move on
    assert block.split(300, 10_000) == []  # all fits: no split


def test_text_block_breaks_a_word_too_long_for_the_line():
    setter = TextSetter()
    block = TextBlock(setter, "x" * 500, size=9)
    block.wrap(100, 10_000)
    lines = ["".join(chunk for _, chunk in runs) for runs in block._lines]
    assert "".join(lines) == "x" * 500 and len(lines) > 1


HEX = re.compile(r"^#[0-9a-f]{6}$")


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_palette_has_a_look_for_every_rating_and_blank():
    assert set(palette.RATING_LOOK) == set(Rating)
    for rating in [*Rating, None]:
        look = palette.look(rating)
        assert HEX.match(look.fill) and HEX.match(look.text)
        assert look.code == (rating.value if rating else "\u00b7")


def test_codes_are_legible_on_their_fill():
    for rating, look in palette.RATING_LOOK.items():
        minimum = 4.0 if rating is Rating.NA else 4.5  # NA is muted on purpose
        assert _contrast(look.fill, look.text) >= minimum, rating


def test_consistent_and_inconsistent_differ_in_more_than_hue():
    # In black-and-white print the strong ratings are darker than the weak ones.
    look = palette.RATING_LOOK
    assert _luminance(look[Rating.CC].fill) < _luminance(look[Rating.C].fill)
    assert _luminance(look[Rating.II].fill) < _luminance(look[Rating.I].fill)


@pytest.mark.parametrize(
    ("count", "per_band", "sizes"),
    [
        (0, 5, [0]),
        (3, 5, [3]),
        (11, 11, [11]),
        (12, 11, [6, 6]),
        (20, 11, [10, 10]),
        (25, 11, [9, 8, 8]),
    ],
)
def test_bands_are_balanced(count, per_band, sizes):
    groups = bands(count, per_band)
    assert [len(g) for g in groups] == sizes
    assert [i for g in groups for i in g] == list(range(count))


def test_max_columns_fits_at_least_one():
    assert max_columns(10) == 1
    assert max_columns(740) >= 10


def test_stack_splits_where_it_must_and_keeps_every_line():
    from app.report.textblock import Stack

    setter = TextSetter()
    title = TextBlock(setter, "\n".join(f"title {i}" for i in range(30)), size=9, leading=12)
    facts = TextBlock(setter, "facts", size=7, leading=10, space_before=2)
    stack = Stack([title, facts])
    _, height = stack.wrap(300, 10_000)
    assert height == pytest.approx(30 * 12 + 2 + 10)
    head, tail = stack.split(300, 12 * 10 + 1)
    head.wrap(300, 10_000)
    tail.wrap(300, 10_000)
    lines = [
        "".join(chunk for _, chunk in runs)
        for part in (*head.parts, *tail.parts)
        for runs in part._lines
    ]
    assert lines == [f"title {i}" for i in range(30)] + ["facts"]
    assert head.height <= 12 * 10 + 1
    assert stack.split(300, 5) == []


def test_a_stack_moves_to_the_next_page_rather_than_start_in_too_little_room():
    from app.report.textblock import Stack

    setter = TextSetter()
    text = TextBlock(setter, "\n".join(f"line {i}" for i in range(10)), size=9, leading=12)
    stack = Stack([text], room=48)
    stack.wrap(300, 10_000)
    assert stack.split(300, 40) == []  # three lines would fit, but not the room
    head, tail = stack.split(300, 12 * 5 + 1)
    head.wrap(300, 10_000)
    tail.wrap(300, 10_000)
    assert len(head.parts[0]._lines) == 5 and len(tail.parts[0]._lines) == 5


def _split_all(flowable, width: float, height: float) -> list:
    """The parts a frame of this height would place, page after page."""
    parts = []
    while True:
        _, h = flowable.wrap(width, height)
        if h <= height:
            return [*parts, flowable]
        head, flowable = flowable.split(width, height)
        head.wrap(width, height)
        assert head.height <= height
        parts.append(head)


def test_matrix_band_splits_between_rows_and_repeats_the_header():
    brief = gather_brief(grid_worksheet(5, 120))
    whole = band(brief, TextSetter(), 740, range(5))
    _, height = whole.wrap(740, 10_000)
    parts = _split_all(whole, 740, 400)
    assert len(parts) >= 5
    # Every row exactly once, in order; every part starts with the header rows.
    assert [row for part in parts for row in part.rows] == whole.rows
    assert all(part.header is whole.header for part in parts)
    assert sum(part.height for part in parts) == pytest.approx(
        height + (len(parts) - 1) * whole.header.height
    )
    assert sum(part.body_rows for part in parts) == whole.body_rows == 120
    assert whole.split(740, whole.header.height + 1) == []  # not even one row: next page
    assert whole.split(740, 10_000) == []  # all fits: no split


def test_matrix_row_grows_with_a_long_title_but_stays_far_below_a_page():
    ws = grid_worksheet(3, 3)
    ws.evidence[1].title = "word " * 2000
    brief = gather_brief(ws)
    short, long, _ = band(brief, TextSetter(), 481, range(3)).rows
    lines = [
        "".join(chunk for _, chunk in runs)
        for _, _, runs, size, _ in long.texts
        if size == 7.5  # the title's lines
    ]
    tags = [t for t in long.texts if t[3] == 6.2]  # "score-neutral", "excluded"
    assert len(lines) > 2
    assert long.height == pytest.approx(
        2 * PAD_Y + len(lines) * TITLE_LEADING + len(tags) * TAG_LEADING
    )
    assert short.height < long.height < 120
    shown = " ".join(lines)
    assert shown.endswith("\u2026") and len(shown) <= TITLE_LIMIT  # the full title is in the list
