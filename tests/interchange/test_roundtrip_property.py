"""Any worksheet survives JSON export and import unchanged, ids included."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.model import (
    FLAGS,
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)
from app.domain.sources import SOURCE_KINDS, InfoCredibility, Reliability, Source, citation_of
from app.interchange.json_form import worksheet_from_json, worksheet_to_json

# Any character text may hold: everything but surrogates and C0 controls other than \t \n \r.
_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
)
texts = st.text(_chars, max_size=30)
ids = st.text(_chars, min_size=1, max_size=12)
dates = st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))
levels = st.sampled_from(list(Level))


@st.composite
def worksheets(draw: st.DrawFn) -> Worksheet:
    h_ids = draw(st.lists(ids, unique=True, max_size=5))
    e_ids = draw(st.lists(ids, unique=True, max_size=6))
    hypotheses = [Hypothesis(draw(texts), draw(texts), id=i) for i in h_ids]
    sources = [
        Source(
            title=draw(texts),
            text=draw(st.text(_chars, max_size=200)),
            author=draw(texts),
            published=draw(dates),
            link=draw(texts),
            reliability=draw(st.sampled_from(["", *Reliability])),
            notes=draw(texts),
            kind=draw(st.sampled_from(list(SOURCE_KINDS))),
            id=i,
        )
        for i in draw(st.lists(ids, unique=True, max_size=3))
    ]

    def citations() -> tuple:  # type: ignore[type-arg]
        if not sources:
            return ()
        out = []
        for _ in range(draw(st.integers(0, 3))):
            source = draw(st.sampled_from(sources))
            start = draw(st.integers(0, len(source.text)))
            out.append(citation_of(source, start, draw(st.integers(start, len(source.text)))))
        return tuple(out)

    evidence = [
        Evidence(
            title=draw(texts),
            description=draw(texts),
            source=draw(texts),
            link=draw(texts),
            date=draw(dates),
            type=draw(texts),
            credibility=draw(levels),
            relevance=draw(levels),
            excluded=draw(st.booleans()),
            flags=frozenset(draw(st.lists(st.sampled_from(list(FLAGS))))),
            id=i,
            reported_date=draw(dates),
            info_credibility=draw(st.sampled_from(["", *InfoCredibility])),
            citations=citations(),
        )
        for i in e_ids
    ]
    ws = Worksheet(
        title=draw(texts),
        question=draw(texts),
        analyst=draw(texts),
        classification=draw(texts),
        conclusions=draw(texts),
        hypotheses=hypotheses,
        evidence=evidence,
        sources=sources,
    )
    for e in e_ids:
        for h in h_ids:
            rating = draw(st.one_of(st.none(), st.sampled_from(list(Rating))))
            ws.set_cell(e, h, Cell(rating, draw(st.one_of(st.just(""), texts))))
    m_ids = draw(st.lists(ids, unique=True, max_size=3))
    ws.milestones = [
        Milestone(
            text=draw(texts),
            hypothesis_id=draw(st.one_of(st.none(), st.sampled_from(h_ids))) if h_ids else None,
            status=draw(st.sampled_from(list(MilestoneStatus))),
            id=i,
        )
        for i in m_ids
    ]
    return ws


@settings(max_examples=200, deadline=None)
@given(worksheets())
def test_json_round_trip(ws: Worksheet) -> None:
    text = worksheet_to_json(ws)
    back = worksheet_from_json(text.encode("utf-8"), source="random.json")
    assert back == ws
    assert worksheet_to_json(back) == text  # and the text is stable


@settings(max_examples=100, deadline=None)
@given(worksheets())
def test_export_is_valid_json_with_the_same_content(ws: Worksheet) -> None:
    doc = json.loads(worksheet_to_json(ws))
    assert [h["id"] for h in doc["hypotheses"]] == [h.id for h in ws.hypotheses]
    assert [e["id"] for e in doc["evidence"]] == [e.id for e in ws.evidence]
    assert len(doc["ratings"]) == len(ws.cells)
