"""Small worksheets for domain tests, written as compactly as a matrix on paper."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet


def matrix(
    rows: list[list[str]],
    levels: list[tuple[str, str]] | None = None,
    hypotheses: int | None = None,
) -> Worksheet:
    """Worksheet from rating codes: rows[i][j] is item Ei+1 against Hj+1; "" is blank."""
    n_h = hypotheses if hypotheses is not None else (len(rows[0]) if rows else 0)
    ws = Worksheet(title="test")
    ws.hypotheses = [Hypothesis(f"H{j + 1}", id=f"H{j + 1}") for j in range(n_h)]
    for i, row in enumerate(rows):
        credibility, relevance = levels[i] if levels else ("medium", "medium")
        ws.evidence.append(
            Evidence(
                f"E{i + 1}",
                id=f"E{i + 1}",
                credibility=Level(credibility),
                relevance=Level(relevance),
            )
        )
        for j, code in enumerate(row):
            if code:
                ws.set_cell(f"E{i + 1}", f"H{j + 1}", Cell(Rating(code)))
    return ws


def reference_worksheet(path: Path) -> Worksheet:
    """The reference JSON's matrix (only the fields scoring reads)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    ws = Worksheet(title=data["title"])
    ws.hypotheses = [Hypothesis(h["title"], id=h["id"]) for h in data["hypotheses"]]
    ws.evidence = [
        Evidence(
            e["title"],
            id=e["id"],
            credibility=Level(e.get("credibility", "medium")),
            relevance=Level(e.get("relevance", "medium")),
            excluded=e.get("excluded", False),
        )
        for e in data["evidence"]
    ]
    for r in data["ratings"]:
        ws.set_cell(r["evidence"], r["hypothesis"], Cell(Rating(r["rating"])))
    return ws


RATING_OR_BLANK = st.sampled_from([*Rating, None])


@st.composite
def worksheets(draw: st.DrawFn, max_items: int = 12, max_hypotheses: int = 5) -> Worksheet:
    n_h = draw(st.integers(1, max_hypotheses))
    n_e = draw(st.integers(0, max_items))
    ws = Worksheet()
    ws.hypotheses = [Hypothesis(f"H{j}", id=f"H{j}") for j in range(n_h)]
    for i in range(n_e):
        ws.evidence.append(
            Evidence(
                f"E{i}",
                id=f"E{i}",
                credibility=draw(st.sampled_from(Level)),
                relevance=draw(st.sampled_from(Level)),
                excluded=draw(st.booleans()) and draw(st.booleans()),
            )
        )
        for h in ws.hypotheses:
            rating = draw(RATING_OR_BLANK)
            if rating is not None:
                ws.set_cell(f"E{i}", h.id, Cell(rating))
    return ws
