"""Worksheets for the brief's tests, built by hand.

`article_worksheet` follows the seed article (shared/seed/article.txt): Daily
NK's report, via The Diplomat, of a late-October 2023 order to North Korean
munitions factories.  The ratings are a plausible analyst's, made for the
tests; they are not the project's sample file.
"""

from __future__ import annotations

import random

from app.domain.model import (
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)

R = Rating
LOW, MEDIUM, HIGH = Level.LOW, Level.MEDIUM, Level.HIGH

MARKUP = '<b>&amp; </para> <font name="x"> & <br/> "quoted" \'single\' &lt;'
RUSSIAN = "Министерство обороны"
KOREAN = "강계트랙터종합공장"


def article_worksheet() -> Worksheet:
    h_export = Hypothesis(
        "Covert export of shells to Russia",
        "The extra finished shells are made to be shipped to Russia for its war in Ukraine.",
        id="H-export",
    )
    h_stock = Hypothesis(
        "Domestic stockpiling",
        "The order replenishes or expands the Korean People's Army's own war reserves.",
        id="H-stock",
    )
    h_exercise = Hypothesis(
        "Preparation for a large exercise",
        "The shells are meant to be fired in winter training or a large live-fire exercise.",
        id="H-exercise",
    )
    ws = Worksheet(
        title="DPRK munitions surge, late 2023",
        question="Why did North Korea order extra finished artillery shells in late October 2023?",
        analyst="J. Analyst",
        classification="UNCLASSIFIED // FOR TRAINING",
        conclusions=(
            "The evidence is least inconsistent with covert export to Russia. Finished "
            "shells without moisture-proofing are made to be used soon, not stored.\n\n"
            "Domestic stockpiling is the strongest alternative; it rests on the assumption "
            "that the order could also refill reserves drawn down by earlier exports.\n\n"
            "Confidence is moderate: most items come from one outlet's unnamed sources."
        ),
        hypotheses=[h_export, h_stock, h_exercise],
    )
    daily_nk = "Daily NK source in North Korea, via The Diplomat"
    items = [
        (
            Evidence(
                "Order to produce additional conventional artillery shells, end of October",
                "Shell-producing munitions factories nationwide received the order.",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                relevance=MEDIUM,
                id="E-order",
            ),
            (R.C, R.C, R.C),
        ),
        (
            Evidence(
                "New production task ahead of the end-of-year review",
                "Late October to December is normally for meeting annual goals, not new tasks.",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                relevance=HIGH,
                id="E-timing",
            ),
            (R.C, R.I, R.N),
        ),
        (
            Evidence(
                "Finished shells ordered instead of half-finished ones for storage",
                "Shells are normally kept half-finished for long storage; this time factories "
                "must deliver completed shells within one or two months.",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                credibility=MEDIUM,
                relevance=HIGH,
                id="E-finished",
            ),
            (R.CC, R.II, R.C),
        ),
        (
            Evidence(
                "Moisture-proofing step omitted",
                "Munitions are usually moisture-proofed after production; not this time.",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                relevance=HIGH,
                flags=frozenset({"single-source"}),
                id="E-moisture",
            ),
            (R.C, R.II, R.C),
        ),
        (
            Evidence(
                "Workers say the shells \u201cdon\u2019t look like they\u2019ll be stored "
                "for long\u201d",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                credibility=LOW,
                flags=frozenset({"second-hand"}),
                id="E-workers",
            ),
            (R.C, R.I, R.C),
        ),
        (
            Evidence(
                "Temporary hiring of former munitions workers for three to four months",
                "Plants on three shifts still lack hands and take on experienced temporary staff.",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                id="E-hiring",
            ),
            (R.C, R.N, R.I),
        ),
        (
            Evidence(
                "Order covers grenades, rockets and anti-aircraft shells",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                relevance=LOW,
                id="E-variety",
            ),
            (R.C, R.C, R.N),
        ),
        (
            Evidence(
                f"Leading producers named: Kanggye General Tractor Plant ({KOREAN}) and "
                "Changjagang Machine Tools Factory, Manpo",
                source=daily_nk,
                date="2023-11-09",
                type="HUMINT",
                relevance=LOW,
                id="E-factories",
            ),
            (R.N, R.N, R.N),
        ),
        (
            Evidence(
                "DPRK Defense Ministry denies exporting weapons to Russia",
                "State media: the DPRK has never engaged in arms deals with Russia and has no "
                "plans to.",
                source=f"{RUSSIAN} КНДР (DPRK Ministry of National Defence), via KCNA",
                date="2023-11-08",
                type="official statement",
                credibility=LOW,
                flags=frozenset({"official-statement", "possible-deception"}),
                id="E-denial",
            ),
            (R.I, R.N, R.N),
        ),
        (
            Evidence(
                "US DoD: DPRK is covertly supplying Russia with a significant number of shells",
                "Pentagon spokesperson Patrick Ryder, briefing of 8 November 2023.",
                source="US Department of Defense briefing",
                link="https://www.defense.gov/News/Transcripts/",
                date="2023-11-08",
                type="official statement",
                relevance=HIGH,
                flags=frozenset({"official-statement"}),
                id="E-dod",
            ),
            (R.CC, R.N, R.I),
        ),
        (
            Evidence(
                "No winter exercise announced by the KPA",
                type="absence of evidence",
                credibility=MEDIUM,
                relevance=LOW,
                id="E-noexercise",
            ),
            (R.N, R.N, R.I),
        ),
        (
            Evidence(
                "Early claim that the order came through the Second Economic Committee",
                "Withdrawn by the source a day later.",
                source=daily_nk,
                date="2023-11-10",
                type="HUMINT",
                excluded=True,
                flags=frozenset({"retracted"}),
                id="E-retracted",
            ),
            (R.C, R.NA, None),
        ),
    ]
    ws.evidence = [e for e, _ in items]
    for e, ratings in items:
        for h, rating in zip(ws.hypotheses, ratings, strict=True):
            if rating is not None:
                ws.set_cell(e.id, h.id, Cell(rating))
    ws.set_cell(
        "E-finished",
        "H-stock",
        Cell(R.II, "Reserves are kept half-finished; this is the opposite."),
    )
    ws.set_cell("E-moisture", "H-export", Cell(R.C, "Shells meant to be used within months."))
    ws.set_cell("E-denial", "H-export", Cell(R.I, "A denial is expected whatever the truth."))
    ws.milestones = [
        Milestone("Rail and port traffic towards Rajin and Tumangang rises", "H-export"),
        Milestone(
            "DPRK-marked shell lots reported at the front in Ukraine",
            "H-export",
            MilestoneStatus.OBSERVED,
        ),
        Milestone("New or enlarged ammunition depots seen in imagery", "H-stock"),
        Milestone(
            "KPA announces winter artillery drills", "H-exercise", MilestoneStatus.NOT_OBSERVED
        ),
        Milestone("Next Daily NK report on the factories' output", None),
    ]
    return ws


def grid_worksheet(
    hypotheses: int, items: int, *, seed: int = 7, blank_share: float = 0.05
) -> Worksheet:
    """A worksheet of ``items`` x ``hypotheses`` random ratings, deterministic per seed."""
    rnd = random.Random(seed)
    ws = Worksheet(
        title=f"Large worksheet, {items} items x {hypotheses} hypotheses",
        question="Which of many hypotheses survives the evidence best?",
        analyst="Bench Analyst",
        classification="UNCLASSIFIED",
        hypotheses=[
            Hypothesis(f"Hypothesis number {i} about the course of events", id=f"h{i}")
            for i in range(1, hypotheses + 1)
        ],
        evidence=[
            Evidence(
                f"Evidence item {i}: a report of moderate length about a factory or a shipment",
                source="Source " + str(i % 17),
                date="2023-11-09",
                type="OSINT",
                credibility=rnd.choice(list(Level)),
                relevance=rnd.choice(list(Level)),
                id=f"e{i}",
            )
            for i in range(1, items + 1)
        ],
    )
    codes = [R.CC, R.C, R.C, R.N, R.N, R.I, R.I, R.II, R.NA]
    for e in ws.evidence:
        for h in ws.hypotheses:
            if rnd.random() >= blank_share:
                ws.set_cell(e.id, h.id, Cell(rnd.choice(codes)))
    return ws


def everywhere(text: str) -> Worksheet:
    """One worksheet with ``text`` in every field the analyst can type into."""
    h1 = Hypothesis(f"{text} one", text, id="h1")
    h2 = Hypothesis(f"{text} two", text, id="h2")
    e = Evidence(
        f"{text} item",
        text,
        source=text,
        link=text,
        date="2023-11-09",
        type=text,
        flags=frozenset({"possible-deception"}),
        id="e1",
    )
    ws = Worksheet(
        title=text,
        question=text,
        analyst=text,
        classification=text,
        conclusions=text,
        hypotheses=[h1, h2],
        evidence=[e],
        milestones=[Milestone(text, "h1"), Milestone(text, None)],
    )
    ws.set_cell("e1", "h1", Cell(R.C, text))
    ws.set_cell("e1", "h2", Cell(R.II, text))
    return ws
