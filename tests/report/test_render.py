"""The PDF brief, read back: everything is there, on every page, in real glyphs."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app import __version__
from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet
from app.domain.text import shorten
from app.report.brief import gather_brief
from app.report.fonts import FACES, covers
from app.report.render import BriefResult, render_brief
from tests.report.pdfread import PAGE_OF, lines_in, read, squash
from tests.report.worksheets import (
    KOREAN,
    MARKUP,
    RUSSIAN,
    article_worksheet,
    everywhere,
    grid_worksheet,
)

TODAY = date(2023, 11, 20)


def check_every_page(result: BriefResult, banner: str) -> None:
    pdf = read(result.pdf)
    assert len(pdf.pages) == result.page_count
    for number, text in enumerate(pdf.pages, start=1):
        flat = squash(text)
        assert flat.count(squash(banner)) >= 2, (number, flat[:200])  # top and bottom
        assert PAGE_OF.findall(flat) == [(str(number), str(result.page_count))], number


def check_fonts_embedded(result: BriefResult) -> None:
    fonts = read(result.pdf).fonts()
    assert fonts, "no fonts at all"
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, f"{name} is not an embedded TrueType font"


def test_article_brief_has_everything(tmp_path):
    ws = article_worksheet()
    result = render_brief(ws, today=TODAY)
    pdf = read(result.pdf)
    text = pdf.text
    for h in ws.hypotheses:
        assert squash(h.title) in text
        assert squash(h.description) in text
    for e in ws.evidence:
        assert squash(e.title) in text
        assert squash(e.description) in text
        assert squash(e.source) in text
    for m in ws.milestones:
        assert squash(m.text) in text
    for paragraph in ws.conclusions.split("\n\n"):
        assert squash(paragraph) in text
    for note in ("Reserves are kept half-finished", "A denial is expected"):
        assert note in text
    assert "least inconsistent with the evidence" in text
    assert "2023-11-20" in text
    assert 3 <= result.page_count <= 6
    assert result.missing_glyphs == () and result.warning is None
    check_every_page(result, ws.classification)
    check_fonts_embedded(result)


def test_metadata():
    ws = article_worksheet()
    meta = read(render_brief(ws, today=TODAY).pdf).metadata
    assert meta["/Title"] == ws.title
    assert meta["/Author"] == ws.analyst
    assert meta["/Subject"] == ws.question
    assert meta["/Creator"] == f"ACH Workbench {__version__}"


def test_normalized_is_named_as_this_projects_measure():
    text = read(render_brief(article_worksheet()).pdf).text
    assert "Normalized is ACH Workbench's own measure, not PARC ACH's" in text


def test_empty_worksheet():
    result = render_brief(Worksheet(), today=TODAY)
    pdf = read(result.pdf)
    assert 1 <= result.page_count <= 3
    assert "Untitled worksheet" in pdf.text
    assert "The worksheet has no hypotheses yet" in pdf.text
    check_every_page(result, "CLASSIFICATION NOT MARKED")
    check_fonts_embedded(result)


def test_one_hypothesis():
    ws = Worksheet(
        title="One", classification="SECRET", hypotheses=[Hypothesis("The only one", id="h")]
    )
    ws.evidence = [Evidence("Lone item", id="e")]
    ws.set_cell("e", "h", Cell(Rating.I))
    result = render_brief(ws, today=TODAY)
    text = read(result.pdf).text
    assert "is the only hypothesis" in text
    assert "With fewer than two hypotheses there is no margin." in text
    check_every_page(result, "SECRET")


def test_twenty_hypotheses_split_in_bands_with_titles_repeated():
    ws = grid_worksheet(20, 30)
    result = render_brief(ws, today=TODAY)
    pdf = read(result.pdf)
    text = pdf.text
    for h in ws.hypotheses:
        assert h.title in text
    assert "Hypotheses H1\u2013H10 of 20" in text
    assert "Hypotheses H11\u2013H20 of 20" in text
    # Both bands repeat the evidence titles down the side.
    matrix_pages = [p for p in pdf.pages if "Score: weighted inconsistency" in p]
    first_band = [p for p in matrix_pages if "H10" in p and "H11" not in p]
    second_band = [p for p in matrix_pages if "H11" in p]
    assert first_band and second_band
    assert any("Evidence item 1:" in p for p in first_band)
    assert any("Evidence item 1:" in p for p in second_band)
    # The header row is repeated on every matrix page.
    for page in matrix_pages:
        assert "Cred." in page and "Diag." in page
    check_every_page(result, "UNCLASSIFIED")


def test_a_long_matrix_runs_over_pages_with_every_row_once_and_the_header_on_each():
    ws = grid_worksheet(6, 150, blank_share=0.2)
    ws.evidence[40].title = "A long title that wraps over several lines of the matrix " * 8
    brief = gather_brief(ws)
    result = render_brief(brief)
    pdf = read(result.pdf)
    matrix_pages = [
        (text, page)
        for text, page in zip(pdf.pages, pdf.reader.pages, strict=True)
        if "Score: weighted inconsistency" in text
    ]
    assert len(matrix_pages) >= 4
    labels: list[str] = []
    codes: list[str] = []
    for text, page in matrix_pages:
        # Both header rows, on every page the matrix runs over.
        flat = squash(text)
        for head in ("Evidence", "Cred.", "Rel.", "Diag.", "Score: weighted inconsistency, rank"):
            assert head in flat
        assert all(re.search(rf"\bH{j}\b", flat) for j in range(1, 7))
        labels += re.findall(r"\bE\d+\b", text)
        # The code of every cell (bold, 8 pt), a row of six per item; the legend has seven.
        codes += [line for line in lines_in(page, size=8, bold=True) if len(line.split()) == 6]
    assert labels == [row.label for row in brief.matrix]
    assert codes == [" ".join(c or "\u00b7" for c in row.codes) for row in brief.matrix]
    check_every_page(result, "UNCLASSIFIED")


def test_more_distinct_characters_than_one_font_subset_holds():
    # reportlab embeds a TrueType font in subsets of at most 256 characters.
    hangul = [c for c in map(chr, range(0xAC00, 0xD7A4)) if covers(FACES[1].regular, c)][:300]
    words = ["".join(hangul[i : i + 6]) for i in range(0, len(hangul), 6)]
    assert len(hangul) == 300
    ws = article_worksheet()
    ws.evidence[0].title = " ".join(words[:10])
    ws.evidence[0].description = " ".join(words)
    result = render_brief(ws)
    assert result.missing_glyphs == ()
    text = read(result.pdf).text
    assert " ".join(words) in text
    assert squash(shorten(ws.evidence[0].title, 160)) in text


@pytest.mark.slow
def test_five_hundred_items():
    ws = grid_worksheet(6, 500)
    result = render_brief(ws, today=TODAY)
    pdf = read(result.pdf)
    text = pdf.text
    for e in ws.evidence:
        assert e.title in text
    assert 20 <= result.page_count <= 120
    check_every_page(result, "UNCLASSIFIED")


def _runs_of(sequence: list[str], tokens: list[str]) -> int:
    """How often ``sequence`` occurs, contiguous, in ``tokens``."""
    n = len(sequence)
    return sum(tokens[i : i + n] == sequence for i in range(len(tokens) - n + 1))


def test_long_description_and_title_wrap_and_flow():
    words = [f"word{i}" for i in range(400)]
    text = " ".join(words)  # about 3,000 characters
    assert len(text) >= 2000
    ws = article_worksheet()
    ws.hypotheses[0].description = text
    ws.evidence[0].description = text
    ws.evidence[1].title = text[:2000]
    ws.conclusions = text
    result = render_brief(ws, today=TODAY)
    # Long texts may run over a page; the page furniture in between has no "wordN".
    tokens = re.findall(r"word\d+", read(result.pdf).text)
    assert _runs_of(words, tokens) >= 3  # hypothesis, evidence item, conclusions
    title_words = text[:2000].split()
    assert _runs_of(title_words, tokens) >= 1  # the full title, in the evidence list
    check_every_page(result, ws.classification)


def test_a_word_longer_than_any_line_is_broken_not_lost():
    ws = article_worksheet()
    ws.evidence[0].description = "x" * 1500
    text = read(render_brief(ws).pdf).text.replace(" ", "")
    assert "x" * 1500 in text


@pytest.mark.parametrize(
    "text",
    [
        MARKUP,
        f"{RUSSIAN} {KOREAN}",
        f"{MARKUP} {RUSSIAN} \u2014 {KOREAN} (Kanggye)",
    ],
)
def test_every_field_prints_exactly_what_was_typed(text):
    result = render_brief(everywhere(text), today=TODAY)
    assert result.missing_glyphs == ()
    pdf = read(result.pdf)
    flat = pdf.text
    expected = squash(text)
    # Title, question, analyst, classification, conclusions, hypothesis titles and
    # descriptions, item title, description, source, link, type, notes, milestones.
    assert flat.count(expected) >= 14, flat
    meta = pdf.metadata
    assert meta["/Title"] == meta["/Author"] == meta["/Subject"] == text
    check_every_page(result, text if len(text) < 100 else text[:40])
    check_fonts_embedded(result)


def test_hangul_is_set_in_the_hangul_font_and_cyrillic_in_the_main_one():
    result = render_brief(everywhere(f"{RUSSIAN} {KOREAN}"))
    fonts = read(result.pdf).fonts()
    assert any("NanumSquare" in name for name in fonts)
    assert any("DejaVuSans" in name for name in fonts)
    assert all(covers(FACES[0].regular, c) for c in RUSSIAN)
    assert not any(covers(FACES[0].regular, c) for c in KOREAN)


def test_characters_no_font_has_are_reported_not_hidden():
    devanagari, ethiopic = "\u0915", "\u1200"
    for face in FACES:
        assert not covers(face.regular, devanagari) and not covers(face.bold, ethiopic)
    ws = article_worksheet()
    ws.evidence[0].title = f"Report from {devanagari}"
    ws.title = f"Brief {ethiopic}"  # bold on the title page, regular in the header
    result = render_brief(ws)
    assert result.missing_glyphs == (devanagari, ethiopic)
    assert result.warning == (
        "The brief cannot show these characters (no font for them): "
        "\u0915 (U+0915), \u1200 (U+1200)."
    )


def test_control_characters_and_lone_surrogates_do_not_break_the_brief():
    ws = everywhere("tab\there\x00nul\x1besc\ud800lone\r\nline\u200bzero-width")
    result = render_brief(ws)
    text = read(result.pdf).text
    assert "tab here" in text and "nul" in text and "line" in text
    assert result.missing_glyphs == ()


def test_unweighted_brief_says_so():
    result = render_brief(article_worksheet(), unweighted=True)
    text = read(result.pdf).text
    assert "Ranked by inconsistency (unweighted)" in text
    assert "Score: inconsistency, rank" in text


def test_brief_can_be_rendered_from_a_gathered_brief():
    from app.report.brief import gather_brief

    brief = gather_brief(article_worksheet(), today=TODAY)
    assert "2023-11-20" in read(render_brief(brief).pdf).text


def test_progress_rises_to_the_total():
    calls: list[tuple[int, int]] = []
    render_brief(grid_worksheet(10, 200), progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 3
    totals = {t for _, t in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]


def test_raising_from_progress_abandons_the_export():
    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done > 0:
            raise Cancelled

    with pytest.raises(Cancelled):
        render_brief(grid_worksheet(5, 100), progress=cancel)
