"""The brief cites each item's sources: quotes under the items, and a list of the sources.

What a reader sees is read back from the PDF; what the brief decides is checked on the
gathered `Brief`.  A worksheet without sources gets exactly the brief it always had.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.domain.sources import Citation, Source, citation_of, source_labels
from app.report.brief import (
    QUOTE_LIMIT,
    CitedQuote,
    SourceEntry,
    gather_brief,
    grading_meaning,
)
from app.report.fonts import TextSetter
from app.report.ink import fill_op
from app.report.render import render_brief
from app.report.styles import WARNING
from app.report.textblock import TextBlock
from tests.report.pdfread import Pdf, read, squash
from tests.report.worksheets import KOREAN, MARKUP, RUSSIAN, article_worksheet

TODAY = date(2024, 10, 1)

DIPLOMAT_TEXT = (
    "Shell-producing munitions factories across the country received an order at the end "
    "of October to produce additional conventional artillery shells. The factories must "
    "deliver completed shells within one or two months."
)
KOREAN_TEXT = f"{KOREAN}은 포탄 생산을 늘리라는 지시를 받았다고 소식통이 전했다."
RUSSIAN_TEXT = f"{RUSSIAN} КНДР заявило, что страна никогда не продавала оружие России."


def _cite(source: Source, words: str) -> Citation:
    start = source.text.index(words)
    return citation_of(source, start, start + len(words))


def sourced_worksheet() -> Worksheet:
    """Three sources (B, E, F), four items citing them; one item graded against its credibility."""
    diplomat = Source(
        "North Korea orders more shells",
        text=DIPLOMAT_TEXT,
        author="The Diplomat",
        published="2024-09-14",
        link="https://thediplomat.com/2023/11/shells/",
        reliability="B",
        notes="Reports a Daily NK source inside the country.",
        kind="html",
        id="s-diplomat",
    )
    kcna = Source(
        "Statement of the Defence Ministry",
        text=RUSSIAN_TEXT,
        author="KCNA",
        published="2024-09-10",
        reliability="E",
        kind="pasted",
        id="s-kcna",
    )
    forum = Source(
        "Forum post",
        text=KOREAN_TEXT,
        author="anonymous",
        reliability="F",
        kind="text",
        id="s-forum",
    )
    ws = Worksheet(
        title="Sourced case",
        classification="UNCLASSIFIED",
        hypotheses=[Hypothesis("Export", id="h1"), Hypothesis("Stockpile", id="h2")],
        sources=[diplomat, kcna, forum],
        evidence=[
            Evidence(
                "Order for finished shells",
                date="2023-10-31",
                reported_date="2023-11-09",
                credibility=Level.HIGH,  # B2 suggests high too
                citations=(_cite(diplomat, "The factories must deliver completed shells"),),
                info_credibility="2",
                id="e1",
            ),
            Evidence(
                "Order given at the end of October",
                credibility=Level.HIGH,  # B3 suggests medium: set by the analyst
                citations=(_cite(diplomat, "received an order at the end of October"),),
                info_credibility="3",
                id="e2",
            ),
            Evidence(
                "The ministry denies any sale",
                date="2023-11-08",
                credibility=Level.LOW,
                citations=(citation_of(kcna, 0, len(kcna.text)),),
                info_credibility="4",
                id="e3",
            ),
            Evidence(
                "Kanggye plant named on a forum",
                citations=(citation_of(forum, 0, len(forum.text)),),
                id="e4",
            ),
            Evidence("Nothing cited here", id="e5"),
        ],
    )
    for e, (p, q) in zip(
        ("e1", "e2", "e3", "e4", "e5"),
        (("C", "I"), ("C", "C"), ("I", "N"), ("C", "N"), ("N", "C")),
        strict=True,
    ):
        ws.set_cell(e, "h1", Cell(Rating(p)))
        ws.set_cell(e, "h2", Cell(Rating(q)))
    return ws


def _pdf(ws: Worksheet) -> Pdf:
    result = render_brief(ws, today=TODAY)
    assert result.missing_glyphs == ()
    return read(result.pdf)


# -- what the brief decides ----------------------------------------------------


def test_sources_are_labelled_by_their_place_in_the_worksheet():
    ws = sourced_worksheet()
    assert source_labels(ws) == {"s-diplomat": "S1", "s-kcna": "S2", "s-forum": "S3"}
    ws.sources.reverse()
    assert source_labels(ws) == {"s-forum": "S1", "s-kcna": "S2", "s-diplomat": "S3"}
    assert source_labels(Worksheet()) == {}


def test_each_entry_carries_its_grading_dates_and_quotes():
    b = gather_brief(sourced_worksheet(), today=TODAY)
    one, two, three, four, five = b.evidence
    assert (one.grading, one.grading_meaning) == (
        "B2",
        "source usually reliable, information probably true",
    )
    assert (one.date, one.reported_date) == ("2023-10-31", "2023-11-09")
    assert one.credibility_note == ""  # high, as B2 suggests
    assert one.quotes == (
        CitedQuote(
            "The factories must deliver completed shells",
            "North Korea orders more shells, The Diplomat, 2024-09-14 [S1, B]",
        ),
    )
    assert two.credibility_note == "credibility high, set by the analyst; B3 suggests medium"
    assert three.grading == "E4" and three.quotes[0].warning == "unreliable"
    assert three.quotes[0].source == "Statement of the Defence Ministry, KCNA, 2024-09-10 [S2, E]"
    # Reliability without an information grade: no suggestion, so nothing to differ from.
    assert (four.grading, four.credibility_note) == ("F-", "")
    assert four.grading_meaning == "source reliability cannot be judged, information not graded"
    assert four.quotes == (
        CitedQuote(KOREAN_TEXT, "Forum post, anonymous [S3, F]", "reliability cannot be judged"),
    )
    assert (five.grading, five.grading_meaning, five.quotes) == ("", "", ())
    assert b.event_label == "Event"


def test_the_sources_list_says_who_cites_each():
    b = gather_brief(sourced_worksheet(), today=TODAY)
    assert b.sources[0] == SourceEntry(
        label="S1",
        title="North Korea orders more shells",
        author="The Diplomat",
        published="2024-09-14",
        link="https://thediplomat.com/2023/11/shells/",
        kind="saved web page",
        reliability="B",
        reliability_meaning="usually reliable",
        notes="Reports a Daily NK source inside the country.",
        cited_by=("E1", "E2"),
    )
    assert [(s.label, s.cited_by, s.warning) for s in b.sources[1:]] == [
        ("S2", ("E3",), "unreliable"),
        ("S3", ("E4",), "reliability cannot be judged"),
    ]


@pytest.mark.parametrize(
    ("reliability", "information", "meaning"),
    [
        ("A", "1", "source completely reliable, information confirmed by other sources"),
        ("C", "6", "source fairly reliable, truth of the information cannot be judged"),
        ("", "5", "source not graded, information improbable"),
        ("E", "", "source unreliable, information not graded"),
        ("", "", ""),
    ],
)
def test_grading_meaning(reliability, information, meaning):
    assert grading_meaning(reliability, information) == meaning


def test_a_worksheet_without_sources_gathers_as_before():
    b = gather_brief(article_worksheet(), today=TODAY)
    assert b.sources == () and b.event_label == "Date"
    for e in b.evidence:
        assert (e.reported_date, e.grading, e.grading_meaning, e.credibility_note) == ("",) * 4
        assert e.quotes == ()


# -- what a reader sees --------------------------------------------------------


def test_a_quote_is_set_in_quotation_marks_with_its_source_line_and_grading():
    text = _pdf(sourced_worksheet()).text
    start = text.index("E1 Order for finished shells Event")
    entry = text[start : text.index("E2 Order given", start)]
    assert "Graded B2: source usually reliable, information probably true" in entry
    assert entry.endswith(
        "\u201cThe factories must deliver completed shells\u201d "
        "\u2014 North Korea orders more shells, The Diplomat, 2024-09-14 [S1, B] "
    )
    assert "Event: 2023-10-31 \u00b7 Reported: 2023-11-09" in text
    assert "Event: 2023-11-08" in text and "Date:" not in text


def test_a_credibility_the_analyst_set_against_the_grading_is_pointed_out():
    text = _pdf(sourced_worksheet()).text
    assert "Credibility high, set by the analyst; B3 suggests medium" in text
    assert text.count("set by the analyst") == 1


def test_the_sources_section_lists_every_source_last():
    pdf = _pdf(sourced_worksheet())
    text = pdf.text
    start = text.index("Sources The documents the evidence cites")
    assert start > text.index("Evidence E1 Order for finished shells")
    sources = text[start:]
    assert (
        "S1 North Korea orders more shells Reliability: B (usually reliable) \u00b7 "
        "Author or publisher: The Diplomat \u00b7 Published: 2024-09-14 \u00b7 "
        "Kind: saved web page Link: https://thediplomat.com/2023/11/shells/ "
        "Cited by 2 items: E1, E2 Reports a Daily NK source inside the country."
    ) in sources
    assert sources.index("S1 ") < sources.index("S2 Statement") < sources.index("S3 Forum")
    assert "Cited by 1 item: E3" in sources
    # The last section: only the page furniture follows the last source.
    assert "Page" in sources.split("Cited by 1 item: E4")[-1]
    assert "Notes on ratings" not in sources


def test_unreliable_and_unjudged_sources_are_marked_where_named():
    pdf = _pdf(sourced_worksheet())
    text = pdf.text
    assert "[S2, E] \u26a0 unreliable" in text  # by the quote
    assert "S2 Statement of the Defence Ministry \u26a0 unreliable" in text  # in the list
    assert "[S3, F] \u26a0 reliability cannot be judged" in text
    assert "S3 Forum post \u26a0 reliability cannot be judged" in text
    evidence = text[text.index("Evidence E1") :]
    assert evidence.count("\u26a0") == 4  # before it, the matrix legend explains its sign
    assert "[S1, B] \u26a0" not in text


def _warning_texts(pdf: Pdf) -> int:
    """How many times text is set in the warning colour (not shapes: II cells share it)."""
    content = b"".join(page.get_contents().get_data() for page in pdf.reader.pages)
    warning = re.escape(fill_op(WARNING).encode())
    return len(re.findall(warning + rb"\n1 0 0 1 [\d.]+ [\d.]+ Tm\n", content))


def test_the_marks_are_in_the_warning_colour():
    assert _warning_texts(_pdf(sourced_worksheet())) == 4
    ws = sourced_worksheet()
    for s in ws.sources:
        s.reliability = "C"
    assert _warning_texts(_pdf(ws)) == 0


def test_korean_and_russian_quotes_are_text_in_the_bundled_fonts():
    pdf = _pdf(sourced_worksheet())
    text = pdf.text
    assert f"\u201c{squash(KOREAN_TEXT)}\u201d" in text
    assert f"\u201c{squash(RUSSIAN_TEXT)}\u201d" in text
    fonts = pdf.fonts()
    assert any("NanumSquare" in name for name in fonts)
    assert any("DejaVuSans" in name for name in fonts)


RTL = "\u202eevil\u202c"


def test_markup_and_direction_overrides_in_sources_print_as_typed():
    hostile = f"{MARKUP} {RTL}"
    source = Source(hostile, text=f"before {hostile} after", author=hostile, notes=hostile)
    ws = Worksheet(
        title="Hostile",
        hypotheses=[Hypothesis("One", id="h1"), Hypothesis("Two", id="h2")],
        sources=[source],
        evidence=[Evidence("Item", citations=(_cite(source, hostile),), id="e1")],
    )
    ws.set_cell("e1", "h1", Cell(Rating.C))
    text = _pdf(ws).text
    shown = squash(hostile)
    assert f"\u201c{shown}\u201d" in text  # the quote
    assert f"\u2014 {shown}, {shown} [S1]" in text  # its source line
    assert f"S1 {shown} Reliability: not graded \u00b7 Author or publisher: {shown}" in text
    # The quote, its source line (title and author), then the list's title, author, notes.
    assert text.count(shown) == 6


def test_a_long_quote_is_shortened_with_an_ellipsis():
    words = " ".join(f"word{i}" for i in range(2000))  # over 10,000 characters
    assert len(words) > 10_000
    source = Source("Long", text=words, reliability="A")
    ws = Worksheet(
        hypotheses=[Hypothesis("One", id="h1")],
        sources=[source],
        evidence=[Evidence("Item", citations=(citation_of(source, 0, len(words)),), id="e1")],
    )
    quote = gather_brief(ws).evidence[0].quotes[0].quote
    assert len(quote) <= QUOTE_LIMIT and quote.endswith("\u2026")
    assert words.startswith(quote[:-1])
    text = _pdf(ws).text
    assert f"\u201c{quote}\u201d \u2014 Long [S1, A]" in text
    assert "word1999" not in text


def test_three_hundred_sources_each_listed():
    sources = [
        Source(f"{MARKUP} source {i}", text=f"text {i} " * 20, reliability="ABCDEF"[i % 6])
        for i in range(300)
    ]
    ws = Worksheet(
        title="Many sources",
        hypotheses=[Hypothesis("One", id="h1"), Hypothesis("Two", id="h2")],
        sources=sources,
        evidence=[
            Evidence(f"Item {i}", citations=(citation_of(sources[i], 0, 12),), id=f"e{i}")
            for i in range(0, 300, 3)
        ],
    )
    result = render_brief(ws, today=TODAY)
    text = read(result.pdf).text
    for i in range(300):
        assert f"S{i + 1} {squash(MARKUP)} source {i}" in text
    assert text.count("Cited by 1 item") == 100
    assert text.count("Not cited by any item") == 200
    assert result.page_count >= 10


def test_a_citation_of_a_source_no_longer_there_or_of_no_words_still_reads():
    kept = Source("Kept", text="some words", reliability="C", id="kept")
    ws = Worksheet(
        hypotheses=[Hypothesis("One", id="h1")],
        sources=[kept],
        evidence=[
            Evidence(
                "Item",
                citations=(Citation("gone", 0, 4, "lost"), citation_of(kept, 3, 3)),
                id="e1",
            )
        ],
    )
    text = _pdf(ws).text
    assert "\u201clost\u201d \u2014 a source no longer in the worksheet" in text
    assert "Cites Kept [S1, C]" in text


def test_a_worksheet_without_sources_reads_as_before():
    ws = article_worksheet()
    result = render_brief(ws, today=TODAY)
    text = read(result.pdf).text
    assert "Date: 2023-11-09" in text
    for new in ("Event:", "Reported:", "Graded", "set by the analyst", "\u201d \u2014 ", "S1"):
        assert new not in text, new
    assert "The documents the evidence cites" not in text
    assert 3 <= result.page_count <= 6
    # Reported dates alone (no sources yet) name the two dates apart.
    ws.evidence[0].reported_date = "2023-11-10"
    text = read(render_brief(ws, today=TODAY).pdf).text
    assert "Event: 2023-11-09 \u00b7 Reported: 2023-11-10" in text
    assert "Date:" not in text and "The documents the evidence cites" not in text


# -- the mark of a text block ----------------------------------------------------


def _texts(block: TextBlock) -> list[str]:
    return ["".join(chunk for _, chunk in runs) for runs in block._lines or ()]


def test_a_mark_sits_on_the_last_line_or_a_line_of_its_own():
    setter = TextSetter()
    short = TextBlock(setter, "short line", size=8, mark="\u26a0 unreliable")
    short.wrap(300, 1000)
    assert _texts(short) == ["short line"] and short._mark_at is not None
    assert short._mark_at[0] == 0 and short._mark_at[1] > 0
    full = TextBlock(setter, "xxxxxxxxxx", size=8, mark="\u26a0 unreliable")
    full.wrap(60, 1000)  # the ten x fit, the mark does not fit after them
    lines = _texts(full)
    assert lines == ["xxxxxxxxxx", ""] and full._mark_at == (1, 0.0)
    assert full.height == pytest.approx(len(lines) * full.leading)


def test_a_marked_block_split_over_pages_keeps_its_mark_at_the_end():
    setter = TextSetter()
    lines = "\n".join(f"line {i}" for i in range(10))
    block = TextBlock(setter, lines, size=9, leading=12, mark="\u26a0 unreliable")
    block.wrap(300, 10_000)
    head, tail = block.split(300, 12 * 4 + 1)
    assert head._mark_at is None and head.mark == ""
    assert tail._mark_at is not None and tail._mark_at[0] == 5
    assert tail.mark == "\u26a0 unreliable"
