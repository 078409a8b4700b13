"""Worksheets for the window's tests and screenshots."""

from __future__ import annotations

from app.domain.model import (
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    Rating,
    Worksheet,
)

R = Rating
_ROWS = [
    # title, date, type, cred, rel, flags, ratings H1..H4
    (
        "Rail traffic surge at Tumangang crossing",
        "2023-09-14",
        "IMINT",
        "high",
        "high",
        (),
        "CC C I II",
    ),
    (
        "Shell casings with DPRK lot markings in Donbas",
        "2023-11-02",
        "OSINT",
        "medium",
        "high",
        ("single-source",),
        "CC CC II I",
    ),
    (
        "Kim-Putin summit at Vostochny",
        "2023-09-13",
        "official statement",
        "high",
        "medium",
        ("official-statement",),
        "C C N I",
    ),
    (
        "DPRK denies any arms transfers",
        "2023-09-20",
        "official statement",
        "low",
        "medium",
        ("official-statement", "possible-deception"),
        "N N C C",
    ),
    (
        "Satellite: ammunition plants running night shifts",
        "2023-10-05",
        "IMINT",
        "medium",
        "high",
        (),
        "C C I N",
    ),
    (
        "Defector: factories ordered to triple output",
        "2023-10-21",
        "HUMINT",
        "low",
        "medium",
        ("second-hand",),
        "C N I I",
    ),
    (
        "Ukrainian intercepts mention 'Korean shells'",
        "2023-12-08",
        "SIGINT",
        "medium",
        "high",
        (),
        "CC C I II",
    ),
    (
        "Russian shell production rising domestically",
        "2023-08-30",
        "OSINT",
        "medium",
        "medium",
        (),
        "N N C C",
    ),
    ("No payment channel identified", "", "absence of evidence", "medium", "low", (), "I N C N"),
    (
        "Ship tracking: Lady R port calls at Rajin",
        "2023-10-11",
        "IMINT",
        "high",
        "medium",
        (),
        "C CC I I",
    ),
    (
        "Retracted press report of a shell convoy",
        "2023-07-01",
        "OSINT",
        "low",
        "low",
        ("retracted",),
        "C C I I",
    ),
    ("Assumption: DPRK stocks are large", "", "assumption", "medium", "medium", (), "C C C N"),
]


def realistic_worksheet() -> Worksheet:
    hyps = [
        Hypothesis(
            "H1: DPRK ships munitions to Russia at scale",
            "Regular rail and sea shipments of artillery shells and rockets.",
        ),
        Hypothesis("H2: Limited, symbolic transfers only"),
        Hypothesis("H3: No transfers; reports are disinformation"),
        Hypothesis("H4: Transfers run through a third country"),
    ]
    ws = Worksheet(
        title="DPRK munitions to Russia",
        question="Is North Korea supplying artillery munitions to Russia for the war in Ukraine?",
        analyst="A. Analyst",
        classification="UNCLASSIFIED // EXERCISE",
        hypotheses=hyps,
    )
    for i, (title, date, typ, cred, rel, flags, codes) in enumerate(_ROWS):
        e = Evidence(
            title=title,
            date=date,
            type=typ,
            credibility=Level(cred),
            relevance=Level(rel),
            flags=frozenset(flags),
            source=f"Source {i + 1}",
            excluded="retracted" in flags,
        )
        ws.evidence.append(e)
        for h, code in zip(hyps, codes.split(), strict=True):
            ws.set_cell(e.id, h.id, Cell(R(code)))
    # a note, a blank and an NA so every cell style shows up
    e0, e8 = ws.evidence[0], ws.evidence[8]
    ws.set_cell(e0.id, hyps[0].id, Cell(R.CC, "Three times the 2022 average."))
    ws.set_cell(e8.id, hyps[3].id, Cell(None, "Ask finance desk."))
    ws.set_cell(ws.evidence[11].id, hyps[3].id, Cell(R.NA))
    ws.milestones.append(Milestone("Rail traffic drops to 2022 levels", hyps[0].id))
    ws.milestones.append(Milestone("Third-country port sees DPRK cargo", hyps[3].id))
    return ws


def big_worksheet(n_evidence: int, n_hypotheses: int) -> Worksheet:
    codes = list(Rating)
    hyps = [Hypothesis(f"H{j + 1}") for j in range(n_hypotheses)]
    ws = Worksheet(title="big", hypotheses=hyps)
    for i in range(n_evidence):
        e = Evidence(f"E{i + 1}")
        ws.evidence.append(e)
        for j, h in enumerate(hyps):
            ws.cells[(e.id, h.id)] = Cell(codes[(i * 7 + j * 3) % len(codes)])
    return ws


# A source's text in three scripts and with characters beyond the Basic Multilingual
# Plane (two UTF-16 code units each in Qt), so that positions are tested where they differ.
MIXED_TEXT = (
    "Rail cars loaded at Najin 🚂 at night.\n\n"
    "목격자는 야간에 열차 30량을 보았다고 말했다.\n\n"
    "Свидетель видел тридцать вагонов 😀 ночью.\n\n"
    "The convoy 𝒳 left before dawn."
)


def sourced_worksheet() -> Worksheet:
    """The realistic worksheet with two sources: S1 (graded B, in three scripts) cited by
    E1 and E2, S2 (graded E, unreliable) cited by E2."""
    from app.domain.sources import Source, citation_of

    ws = realistic_worksheet()
    s1 = Source(
        title="Port watchers' report",
        text=MIXED_TEXT,
        author="Harbour Courier",
        published="2023-09-15",
        link="https://example.org/report",
        reliability="B",
        kind="text",
    )
    s2 = Source(title="Anonymous forum post", text="Shells went by sea, not rail.", reliability="E")
    ws.sources.extend([s1, s2])
    korean = MIXED_TEXT.index("목격자")
    russian = MIXED_TEXT.index("Свидетель")
    ws.evidence[0].citations = (citation_of(s1, 0, MIXED_TEXT.index("\n")),)
    ws.evidence[1].citations = (
        citation_of(s1, korean, MIXED_TEXT.index("\n", korean)),
        citation_of(s1, russian, MIXED_TEXT.index("\n", russian)),
        citation_of(s2, 0, len(s2.text)),
    )
    return ws
