"""What a reader of the brief's matrix must see: whole titles, the deception flag, every note."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.domain import palette
from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet
from app.report.cells import swatch
from app.report.matrix import HEADER_TITLE_LINES
from app.report.render import render_brief
from tests.report.pdfread import read, squash

TODAY = date(2024, 1, 15)
TITLES = [
    "Preparation for an exercise or demonstration",
    "Domestic stockpiling / readiness build-up",
    "An inconsistency in the reporting chain",
    "Deliberate Capability Stabilization to Preserve Regime Security",
    "Externally Enabled Military Advancement Through Strategic Partnerships",
    "Counterintelligence deception operation",
    "Internationalization of procurement",
    "Meeting annual production quotas",
    "Covert export to Russia",
    "Misidentification",
    "Export to another customer",
    "Nothing happened at all",
]


def worksheet(titles: list[str]) -> Worksheet:
    ws = Worksheet(title="Heads")
    ws.hypotheses = [Hypothesis(t, id=f"h{i}") for i, t in enumerate(titles)]
    for j in range(3):
        flags = ("possible-deception",) if j == 1 else ()
        ws.evidence.append(Evidence(f"Item {j}", id=f"e{j}", flags=flags))
        for i in range(len(titles)):
            ws.set_cell(f"e{j}", f"h{i}", Cell(list(Rating)[(i + j) % 6], note="why"))
    return ws


def heads(page: str) -> str:
    """The text of the hypotheses' column heads: drawn after "Diag.", before the score row."""
    found = re.findall(r"Diag\. (H1?\d .*?)Score: weighted inconsistency", page)
    assert found, page
    return " ".join(found)


def matrix_pages(ws: Worksheet) -> list[str]:
    pages = read(render_brief(ws, today=TODAY).pdf).pages
    found = [squash(p) for p in pages if "Score: weighted inconsistency" in p]
    assert found
    return found


@pytest.mark.parametrize("count", [5, 12], ids=["portrait", "two landscape bands"])
def test_every_hypothesis_title_is_whole_in_its_column_head(count):
    text = " ".join(heads(page) for page in matrix_pages(worksheet(TITLES[:count])))
    words = set(text.split())
    for title in TITLES[:count]:
        assert title in text  # whole: no ellipsis, no word cut
        assert set(title.split()) <= words  # no word broken over two lines


def test_a_title_longer_than_the_head_ends_in_an_ellipsis_on_its_last_line():
    long = " ".join(["Regime"] * 40)
    [page] = matrix_pages(worksheet([long, "Short one"]))
    text = heads(page)
    assert "Short one" in text
    shown = text.split("Regime")
    assert 2 <= len(shown) - 1 < 40  # cut, on a few lines
    assert "Regime\u2026" in text or "Regime \u2026" in text
    assert HEADER_TITLE_LINES == 8


def test_possible_deception_is_marked_by_the_row_label_and_explained():
    [text] = matrix_pages(worksheet(TITLES[:3]))
    assert "\u26a0 by an item's label: flagged as possible deception" in text
    assert text.count("\u26a0") == 2  # the legend, and E2 (the flagged item) only
    assert "E2 \u26a0 Item 1" in text or "E2\u26a0 Item 1" in text
    assert "E1 Item 0" in text and "E3 Item 2" in text


@pytest.mark.parametrize("rating", [*Rating, None])
def test_the_note_corner_reads_on_every_rating_colour(rating):
    s = swatch(rating, noted=True)
    background = s.fill or "#ffffff"
    assert palette.contrast(s.mark, background) >= 3.0  # WCAG: graphical objects
    if rating in (Rating.CC, Rating.II):  # the dark fills: a light corner
        assert palette.luminance(s.mark) > 0.9


def test_an_item_not_rated_yet_shows_no_diagnosticity():
    """0.00 would read as "rated, and of no diagnostic value"; the window shows nothing too."""
    ws = Worksheet(title="Unrated")
    ws.hypotheses = [Hypothesis("Export", id="h0"), Hypothesis("Stockpile", id="h1")]
    ws.evidence = [Evidence("Rated item", id="e0"), Evidence("Fresh item", id="e1")]
    ws.set_cell("e0", "h0", Cell(Rating.I))
    ws.set_cell("e0", "h1", Cell(Rating.C))
    pages = read(render_brief(ws, today=TODAY).pdf).pages
    text = squash(" ".join(pages))
    assert re.search(r"E1 Rated item med med 1\.00 I C", text), text
    assert re.search(r"E2 Fresh item med med · ·", text), text
    assert "Diagnosticity: 1.00" in text
    fresh = "E2 Fresh item Credibility: medium · Relevance: medium (weight 1.00) · Not rated yet"
    assert fresh in text


def test_without_notes_the_legend_says_so_and_no_page_holds_only_that():
    """A heading and "No rating carries a note." used to fill a last page of their own."""
    ws = worksheet(TITLES[:3])
    with_notes = squash(" ".join(read(render_brief(ws, today=TODAY).pdf).pages))
    assert "Notes on ratings" in with_notes and "(see Notes on ratings)" in with_notes
    for e in ws.evidence:
        for h in ws.hypotheses:
            ws.set_cell(e.id, h.id, Cell(ws.cell(e.id, h.id).rating))
    pages = read(render_brief(ws, today=TODAY).pdf).pages
    text = squash(" ".join(pages))
    assert "Notes on ratings" not in text
    assert "No rating carries a note. " in text  # in the matrix's legend
    assert "Notes on ratings" not in squash(pages[-1])
