"""Long text in the brief: set in full, and at a cost that grows with the text, not faster.

The cost is counted, not timed: the characters the brief has reportlab measure
(``pdfmetrics.stringWidth``, which every line break and every fitted line
calls).  A part that broke a text again for every page it ran onto (a
Paragraph over many pages, the running title fitted on every page) measured
the text times its pages: four times the text, sixteen times the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from reportlab.pdfbase import pdfmetrics

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Rating, Worksheet
from app.report import ink
from app.report.render import render_brief
from app.storage import limits
from tests.report.pdfread import read, squash


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of characters measured, in a list of one (the library's function wrapped)."""
    count = [0]
    real = pdfmetrics.stringWidth

    def counting(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        count[0] += len(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pdfmetrics, "stringWidth", counting)
    yield count


def _worksheet(field: str, text: str) -> Worksheet:
    ws = Worksheet(title="Long text", question="Which?")
    ws.hypotheses = [Hypothesis("First", id="H1"), Hypothesis("Second", id="H2")]
    ws.evidence = [Evidence("Item", id="E1")]
    ws.cells[("E1", "H1")] = Cell(Rating.C, "a note")
    ws.milestones = [Milestone("watch", "H1")]
    if field == "title":
        ws.title = text
    elif field == "hypothesis title":
        ws.hypotheses[0].title = text
    elif field == "milestone":
        ws.milestones[0].text = text
    elif field == "description":
        ws.evidence[0].description = text
    return ws


def _work(measured: list[int], make: Callable[[], Worksheet]) -> int:
    ink.text_width.cache_clear()  # each run measures from scratch
    measured[0] = 0
    render_brief(make())
    return measured[0]


@pytest.mark.parametrize("field", ["title", "hypothesis title", "milestone"])
@pytest.mark.parametrize("words", [True, False], ids=["words", "one-word"])
def test_the_work_grows_with_the_text_not_faster(measured, field: str, words: bool) -> None:
    def text(n: int) -> str:
        return ("word " * n)[:n] if words else "x" * n

    small = _work(measured, lambda: _worksheet(field, text(10_000)))
    large = _work(measured, lambda: _worksheet(field, text(40_000)))
    # Four times the text: about four times the work (the fixed parts of the brief
    # add some); sixteen times if anything broke the text again on every page.
    assert large < 6 * small, (small, large)


def test_every_text_at_its_limit_is_in_the_brief_whole() -> None:
    def text(limit: int, seed: str) -> str:
        return (seed * limit)[:limit].strip()

    ws = Worksheet(
        title=text(limits.MAX_TITLE, "Title words "),
        question=text(limits.MAX_TEXT, "Question words "),
        conclusions=text(limits.MAX_TEXT, "Concluding words "),
    )
    ws.hypotheses = [
        Hypothesis(
            text(limits.MAX_TITLE, "Hypothesis "), text(limits.MAX_TEXT, "Because "), id="H1"
        ),
        Hypothesis("Other", id="H2"),
    ]
    ws.evidence = [
        Evidence(text(limits.MAX_TITLE, "Evidence "), text(limits.MAX_TEXT, "Seen "), id="E1")
    ]
    ws.cells[("E1", "H1")] = Cell(Rating.C, text(limits.MAX_NOTE, "Noted "))
    ws.milestones = [Milestone(text(limits.MAX_TEXT, "Watch for "), "H1")]
    brief = read(render_brief(ws).pdf).text
    # A text over several pages is interrupted by their banners and running heads:
    # count its words instead of looking for it in one piece.
    for whole, seed in (
        (ws.title, "Title"),
        (ws.question, "Question"),
        (ws.conclusions, "Concluding"),
        (ws.hypotheses[0].description, "Because"),
        (ws.evidence[0].description, "Seen"),
        (ws.cells[("E1", "H1")].note, "Noted"),
        (ws.milestones[0].text, "Watch"),
    ):
        assert brief.count(seed) >= squash(whole).count(seed) > 0, seed
