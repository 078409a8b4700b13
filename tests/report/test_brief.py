"""gather_brief decides every word and number of the brief: tested exactly here."""

from __future__ import annotations

import math
import statistics
from datetime import date

import pytest

from app import __version__
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
from app.report.brief import (
    NORMALIZED_EXPLANATION,
    EvidenceEntry,
    MatrixRow,
    MilestoneEntry,
    MilestoneGroup,
    RatingNote,
    Ref,
    format_score,
    gather_brief,
)

R = Rating
SQRT2 = math.sqrt(2)
HALF = (1 / SQRT2) ** 2  # w(low, low) as ach-method.md computes it: 0.4999999999999999
TODAY = date(2023, 11, 20)


def hand_worksheet() -> Worksheet:
    """Three hypotheses, five items (one excluded); scores worked out by hand below."""
    ws = Worksheet(
        title="Small case",
        question="Which one?",
        analyst="A. N. Alyst",
        classification="RESTRICTED",
        conclusions="First paragraph.\n\nSecond.",
        hypotheses=[
            Hypothesis("Alpha", "The first idea.", id="a"),
            Hypothesis("Beta", id="b"),
            Hypothesis("Gamma", id="g"),
        ],
        evidence=[
            Evidence("One", source="S1", date="2023-01-02", type="HUMINT", id="e1"),  # w 1
            Evidence(
                "Two",
                credibility=Level.HIGH,  # w sqrt 2
                flags=frozenset({"single-source", "possible-deception"}),
                id="e2",
            ),
            Evidence("Three", excluded=True, flags=frozenset({"retracted"}), id="e3"),
            Evidence("Four", credibility=Level.LOW, relevance=Level.LOW, id="e4"),  # w 1/2
            Evidence("Five", link="https://example.org/5", id="e5"),  # w 1, score-neutral
        ],
    )
    cells = {
        ("e1", "a"): Cell(R.C),
        ("e1", "b"): Cell(R.I),
        ("e1", "g"): Cell(R.II),
        ("e2", "a"): Cell(R.N),
        ("e2", "b"): Cell(R.C),
        ("e2", "g"): Cell(R.I, "Why: the timing."),
        ("e3", "a"): Cell(R.II, "Set aside later."),
        ("e3", "b"): Cell(R.CC),
        ("e4", "a"): Cell(R.I),
        ("e4", "b"): Cell(None, "Ask the source."),
        ("e4", "g"): Cell(R.NA),
        ("e5", "a"): Cell(R.C),
        ("e5", "b"): Cell(R.CC),
        ("e5", "g"): Cell(R.N),
    }
    for (e, h), cell in cells.items():
        ws.set_cell(e, h, cell)
    ws.milestones = [
        Milestone("Watch A1", "a"),
        Milestone("Watch G", "g", MilestoneStatus.NOT_OBSERVED),
        Milestone("Watch A2", "a", MilestoneStatus.OBSERVED),
        Milestone("General watch", None),
        Milestone("Orphan", "deleted-hypothesis"),
    ]
    return ws


def test_header_fields():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert (b.title, b.question, b.analyst, b.classification) == (
        "Small case",
        "Which one?",
        "A. N. Alyst",
        "RESTRICTED",
    )
    assert b.date == "2023-11-20"
    assert b.generator == f"ACH Workbench {__version__}"
    assert b.unweighted is False
    assert b.conclusions == "First paragraph.\n\nSecond."
    assert (b.cells_total, b.cells_blank, b.excluded_count) == (12, 1, 1)


def test_ranking_and_scores():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert [(h.label, h.title, h.rank) for h in b.ranking] == [
        ("H1", "Alpha", 1),
        ("H2", "Beta", 2),
        ("H3", "Gamma", 3),
    ]
    alpha, beta, gamma = b.ranking
    assert (alpha.inconsistency, alpha.weighted_inconsistency) == (-1, -HALF)
    assert alpha.consistency == 2.0  # C on e1 and e5, weight 1 each
    assert alpha.applicable_weight == pytest.approx(2 + HALF + SQRT2, rel=1e-15)
    assert alpha.normalized == pytest.approx(-HALF / (2 + HALF + SQRT2), rel=1e-15)
    assert alpha.blank == 0
    assert (beta.inconsistency, beta.weighted_inconsistency, beta.blank) == (-1, -1.0, 1)
    assert beta.consistency == pytest.approx(SQRT2 + 2, rel=1e-15)
    assert beta.normalized == pytest.approx(-1 / (2 + SQRT2), rel=1e-15)
    assert gamma.inconsistency == -3
    assert gamma.weighted_inconsistency == pytest.approx(-2 - SQRT2, rel=1e-15)
    assert gamma.consistency == 0.0
    # NA is not applicable: e4 adds nothing to Gamma's applicable weight.
    assert gamma.applicable_weight == pytest.approx(2 + SQRT2, rel=1e-15)
    assert -2 <= gamma.normalized <= 0
    assert [(h.label, h.description) for h in b.hypotheses] == [
        ("H1", "The first idea."),
        ("H2", ""),
        ("H3", ""),
    ]


def test_summary_sentence_and_sensitivity():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert b.summary == (
        "H1 \u201cAlpha\u201d is the least inconsistent with the evidence "
        "(weighted inconsistency \u22120.50), ahead of H2 \u201cBeta\u201d by a margin of 0.50."
    )
    assert b.margin == pytest.approx(1 - HALF, rel=1e-15)
    assert b.leaders == (Ref("H1", "Alpha"),)
    # Without One, Beta (0) beats Alpha (-0.5); reversed, One makes Beta lead too.
    assert b.linchpins == (Ref("E1", "One"),)
    assert b.doubt_sensitive == ()
    assert b.deception_sensitive == (Ref("E1", "One"),)


def test_matrix_rows():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert [r.label for r in b.matrix] == ["E1", "E2", "E3", "E4", "E5"]
    one, two, three, four, five = b.matrix
    assert one == MatrixRow(
        label="E1",
        title="One",
        credibility="medium",
        relevance="medium",
        weight=1.0,
        diagnosticity=pytest.approx(statistics.pstdev([1, -1, -2])),
        score_neutral=False,
        excluded=False,
        codes=("C", "I", "II"),
        noted=(False, False, False),
    )
    assert two.weight == SQRT2
    assert two.noted == (False, False, True)
    assert three.excluded and three.diagnosticity is None and three.codes == ("II", "CC", "")
    assert four.codes == ("I", "", "NA") and four.noted == (False, True, False)
    assert four.weight == HALF
    assert four.diagnosticity == pytest.approx(statistics.pstdev([-1, 0]))
    assert five.score_neutral and not one.score_neutral


def test_evidence_entries():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert b.evidence[0] == EvidenceEntry(
        label="E1",
        title="One",
        description="",
        source="S1",
        link="",
        date="2023-01-02",
        type="HUMINT",
        credibility="medium",
        relevance="medium",
        weight=1.0,
        flags=(),
        changes_leader=("removed", "reversed"),
        excluded=False,
        score_neutral=False,
        diagnosticity=pytest.approx(statistics.pstdev([1, -1, -2])),
    )
    # Flags in the vocabulary's order, as readable labels.
    assert b.evidence[1].flags == ("possible deception", "single source")
    assert b.evidence[2].flags == ("retracted",) and b.evidence[2].excluded
    assert [e.changes_leader for e in b.evidence[1:]] == [(), (), (), ()]
    assert b.evidence[4].link == "https://example.org/5"


def test_rating_notes_in_worksheet_order_blank_cells_included():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert b.rating_notes == (
        RatingNote(Ref("E2", "Two"), Ref("H3", "Gamma"), "I", "Why: the timing.", False),
        RatingNote(Ref("E3", "Three"), Ref("H1", "Alpha"), "II", "Set aside later.", True),
        RatingNote(Ref("E4", "Four"), Ref("H2", "Beta"), "", "Ask the source.", False),
    )


def test_milestones_grouped_per_hypothesis_then_loose():
    b = gather_brief(hand_worksheet(), today=TODAY)
    assert b.milestones == (
        MilestoneGroup(
            Ref("H1", "Alpha"),
            (MilestoneEntry("Watch A1", "open"), MilestoneEntry("Watch A2", "observed")),
        ),
        MilestoneGroup(Ref("H3", "Gamma"), (MilestoneEntry("Watch G", "not observed"),)),
        MilestoneGroup(
            None, (MilestoneEntry("General watch", "open"), MilestoneEntry("Orphan", "open"))
        ),
    )


def test_unweighted_ranking_and_sentence():
    b = gather_brief(hand_worksheet(), unweighted=True, today=TODAY)
    assert b.unweighted
    # Alpha and Beta both have inconsistency -1; Beta wins on consistency.
    assert [(h.label, h.rank) for h in b.ranking] == [("H2", 1), ("H1", 2), ("H3", 3)]
    assert b.summary == (
        "H2 \u201cBeta\u201d is ranked first only on the tie-break (higher weighted "
        "consistency): it is level with H1 \u201cAlpha\u201d on inconsistency (\u22121, a "
        "margin of 0). This is provisional: H2 \u201cBeta\u201d still has 1 cell not rated."
    )


def test_today_defaults_to_the_current_date():
    assert gather_brief(Worksheet()).date == date.today().isoformat()


def two(*codes: tuple[str, str]) -> Worksheet:
    ws = Worksheet(hypotheses=[Hypothesis("P", id="p"), Hypothesis("Q", id="q")])
    for i, (p, q) in enumerate(codes):
        ws.evidence.append(Evidence(f"item {i}", id=f"e{i}"))
        for h, code in (("p", p), ("q", q)):
            if code:
                ws.set_cell(f"e{i}", h, Cell(Rating(code)))
    return ws


@pytest.mark.parametrize(
    ("ws", "sentence"),
    [
        (Worksheet(), "The worksheet has no hypotheses yet, so there is nothing to compare."),
        (
            Worksheet(hypotheses=[Hypothesis("Lonely", id="h")]),
            "H1 \u201cLonely\u201d is the only hypothesis, so it cannot be weighed against "
            "alternatives (weighted inconsistency 0.00).",
        ),
        (
            two(),
            "No evidence has been rated yet, so the evidence does not favour any hypothesis.",
        ),
        (
            two(("", "")),
            "No evidence has been rated yet, so the evidence does not favour any hypothesis.",
        ),
        (
            two(("I", "I")),
            "H1 \u201cP\u201d and H2 \u201cQ\u201d are tied at the top (weighted "
            "inconsistency \u22121.00 each, equal on every ranking key), so the evidence does "
            "not separate them.",
        ),
        (
            two(("II", "I")),
            "H2 \u201cQ\u201d is the least inconsistent with the evidence (weighted "
            "inconsistency \u22121.00), ahead of H1 \u201cP\u201d by a margin of 1.00.",
        ),
    ],
)
def test_summary_sentence_cases(ws, sentence):
    assert gather_brief(ws, today=TODAY).summary == sentence


def test_summary_names_every_runner_up_of_the_same_rank():
    ws = two(("C", "I"))
    ws.hypotheses.append(Hypothesis("S", id="s"))
    ws.set_cell("e0", "s", Cell(R.I))
    assert gather_brief(ws, today=TODAY).summary == (
        "H1 \u201cP\u201d is the least inconsistent with the evidence (weighted inconsistency "
        "0.00), ahead of H2 \u201cQ\u201d and H3 \u201cS\u201d by a margin of 1.00."
    )


def test_empty_worksheet():
    b = gather_brief(Worksheet(), today=TODAY)
    assert b.ranking == () and b.matrix == () and b.evidence == () and b.milestones == ()
    assert b.margin is None and b.linchpins == () and b.leaders == ()
    assert (b.cells_total, b.cells_blank) == (0, 0)


def test_gather_does_not_change_the_worksheet():
    ws = hand_worksheet()
    before = repr(ws)
    gather_brief(ws, today=TODAY)
    assert repr(ws) == before


@pytest.mark.parametrize(
    ("value", "unweighted", "text"),
    [
        (-0.7071067811865476, False, "\u22120.71"),
        (1.7928932188134525, False, "1.79"),
        (-0.001, False, "0.00"),  # never "-0.00"
        (0.0, False, "0.00"),
        (-3, True, "\u22123"),
        (2.0, True, "2"),
    ],
)
def test_format_score(value, unweighted, text):
    assert format_score(value, unweighted=unweighted) == text


def test_normalized_is_explained_as_this_projects_own_measure():
    assert "ACH Workbench's own measure, not PARC ACH's" in NORMALIZED_EXPLANATION
    assert "mean weighted inconsistency per applicable rated item" in NORMALIZED_EXPLANATION


def test_a_leader_with_unrated_cells_is_called_provisional():
    from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet

    ws = Worksheet(title="t")
    ws.hypotheses = [Hypothesis("Rated", id="a"), Hypothesis("New", id="b")]
    ws.evidence = [Evidence("E one", id="e1"), Evidence("E two", id="e2")]
    ws.set_cell("e1", "a", Cell(Rating.I))
    ws.set_cell("e2", "a", Cell(Rating.C))
    summary = gather_brief(ws, today=TODAY).summary
    assert summary.startswith("H2 \u201cNew\u201d is the least inconsistent")
    assert summary.endswith("This is provisional: H2 \u201cNew\u201d still has 2 cells not rated.")
    ws.set_cell("e1", "b", Cell(Rating.II))
    ws.set_cell("e2", "b", Cell(Rating.C))
    assert "provisional" not in gather_brief(ws, today=TODAY).summary
