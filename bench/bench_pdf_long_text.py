"""PDF brief figures for long text (issue 9): a title and a milestone of 10k to 1M characters.

The brief's time must grow with its text, not faster: a Paragraph broken again
for every page it ran onto, and the running title fitted again on every page,
made a 160,000-character title take 20 s and a million never finish.  The
import limits (app/storage/limits.py) keep real titles to 500 characters and
long texts to 20,000; the model the brief is rendered from is taken as it is
here, so the figures show the growth itself.  "at the limit" is a worksheet
with every text at its limit.

Run: .venv/bin/python bench/bench_pdf_long_text.py
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Rating, Worksheet
from app.report.render import render_brief
from app.storage import limits

SIZES = (10_000, 100_000, 1_000_000)


def worksheet(field: str, text: str) -> Worksheet:
    ws = Worksheet(title="Long text", question="Which?")
    ws.hypotheses = [Hypothesis("First", id="H1"), Hypothesis("Second", id="H2")]
    ws.evidence = [Evidence("Item", id="E1")]
    ws.cells[("E1", "H1")] = Cell(Rating.C, "a note")
    ws.milestones = [Milestone("watch", "H1")]
    if field == "title":
        ws.title = text
    else:
        ws.milestones[0].text = text
    return ws


def at_the_limits() -> Worksheet:
    def text(limit: int, seed: str) -> str:
        return (seed * limit)[:limit]

    ws = Worksheet(
        title=text(limits.MAX_TITLE, "Title "),
        question=text(limits.MAX_TEXT, "Question "),
        conclusions=text(limits.MAX_TEXT, "Conclusion "),
    )
    ws.hypotheses = [
        Hypothesis(text(limits.MAX_TITLE, "H "), text(limits.MAX_TEXT, "d "), id=f"H{i}")
        for i in range(5)
    ]
    ws.evidence = [
        Evidence(text(limits.MAX_TITLE, "E "), text(limits.MAX_TEXT, "e "), id=f"E{i}")
        for i in range(5)
    ]
    for e in ws.evidence:
        for h in ws.hypotheses:
            ws.cells[(e.id, h.id)] = Cell(Rating.I, text(limits.MAX_NOTE, "n "))
    ws.milestones = [Milestone(text(limits.MAX_TEXT, "m "), "H0")]
    return ws


def timed(ws: Worksheet) -> tuple[float, int]:
    start = time.perf_counter()
    result = render_brief(ws)
    return time.perf_counter() - start, result.page_count


def main() -> None:
    for field in ("title", "milestone"):
        for words in (True, False):
            kind = "words" if words else "one word"
            times = []
            for n in SIZES:
                text = ("word " * n)[:n] if words else "x" * n
                seconds, pages = timed(worksheet(field, text))
                times.append(seconds)
                print(f"{field:9} {kind:8} {n:>9,} characters: {seconds:6.2f} s, {pages:4} pages")
            ratios = ", ".join(f"{b / a:.1f}" for a, b in itertools.pairwise(times))
            print(f"{field:9} {kind:8} ratio per 10 times the text: {ratios} (linear: 10)")
    seconds, pages = timed(at_the_limits())
    print(f"every text at its limit: {seconds:.2f} s, {pages} pages")


if __name__ == "__main__":
    main()
