"""What the PDF brief says, gathered from a worksheet as plain data.

`gather_brief` is pure: it reads the worksheet and the scores, decides every
word and number the brief will show, and returns frozen dataclasses.  The
renderer only lays them out, so the content is tested exactly here and the
layout is tested by reading the PDF back.

Hypotheses are labelled H1, H2, ... and evidence items E1, E2, ... by their
position in the worksheet (excluded items keep their place and label).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import __version__
from app.domain.lead import lead_of, lead_sentence
from app.domain.model import FLAGS, Evidence, Level, MilestoneStatus, Worksheet, display_labels
from app.domain.scoring import evidence_measures, provisional_leaders, score_worksheet, weight
from app.domain.sensitivity import analyse_sensitivity

GENERATOR = f"ACH Workbench {__version__}"

DECEPTION = "possible-deception"  # the flag (domain FLAGS) the matrix marks by an item's label
MINUS = "\u2212"  # a real minus sign: "−0.71", not a hyphen

MILESTONE_STATUS_LABEL: dict[MilestoneStatus, str] = {
    MilestoneStatus.OPEN: "open",
    MilestoneStatus.OBSERVED: "observed",
    MilestoneStatus.NOT_OBSERVED: "not observed",
}

NORMALIZED_EXPLANATION = (
    "Normalized is ACH Workbench's own measure, not PARC ACH's (whose formula is not "
    "public): the weighted inconsistency divided by the total weight of the items rated "
    "CC, C, N, I or II for that hypothesis, that is the mean weighted inconsistency per "
    f"applicable rated item, from {MINUS}2 (every such item very inconsistent) to 0."
)


@dataclass(frozen=True)
class Ref:
    """A hypothesis or evidence item named in the brief."""

    label: str  # "H2", "E7"
    title: str


@dataclass(frozen=True)
class RankedHypothesis:
    label: str
    title: str
    rank: int
    inconsistency: int
    weighted_inconsistency: float
    consistency: float
    applicable_weight: float
    normalized: float  # this project's own measure, see NORMALIZED_EXPLANATION
    blank: int


@dataclass(frozen=True)
class HypothesisEntry:
    """A hypothesis in worksheet order, with its full description."""

    label: str
    title: str
    description: str
    rank: int
    weighted_inconsistency: float
    inconsistency: int


@dataclass(frozen=True)
class MatrixRow:
    label: str
    title: str
    credibility: str  # "low", "medium", "high"
    relevance: str
    weight: float
    # None for an excluded item (it counts nowhere) and for one not rated yet (0.00
    # would read as "rated, and of no diagnostic value")
    diagnosticity: float | None
    score_neutral: bool
    excluded: bool
    codes: tuple[str, ...]  # per hypothesis in worksheet order: "CC".."NA", "" = blank
    noted: tuple[bool, ...]  # per hypothesis: the cell carries a note
    deception: bool = False  # flagged "possible deception": marked by its label


@dataclass(frozen=True)
class EvidenceEntry:
    label: str
    title: str
    description: str
    source: str
    link: str
    date: str
    type: str
    credibility: str
    relevance: str
    weight: float
    flags: tuple[str, ...]  # readable labels, in the order of model.FLAGS
    # The sensitivity tests whose outcome changes the leading hypotheses:
    # any of "removed", "doubted", "reversed" (ach-method.md, step 6).
    changes_leader: tuple[str, ...]
    excluded: bool
    score_neutral: bool
    diagnosticity: float | None


@dataclass(frozen=True)
class RatingNote:
    evidence: Ref
    hypothesis: Ref
    code: str  # "" when the cell has a note but no rating yet
    note: str
    excluded: bool  # the item is excluded from the analysis


@dataclass(frozen=True)
class MilestoneEntry:
    text: str
    status: str  # "open", "observed", "not observed"


@dataclass(frozen=True)
class MilestoneGroup:
    hypothesis: Ref | None  # None: not tied to one hypothesis
    milestones: tuple[MilestoneEntry, ...]


@dataclass(frozen=True)
class Brief:
    title: str
    question: str
    analyst: str
    classification: str
    date: str  # ISO 8601
    generator: str  # "ACH Workbench 0.1.0"
    unweighted: bool  # ranked by the unweighted inconsistency
    summary: str  # the one plain sentence on the least inconsistent hypothesis
    ranking: tuple[RankedHypothesis, ...]  # rank order, ties in worksheet order
    hypotheses: tuple[HypothesisEntry, ...]  # worksheet order
    margin: float | None
    leaders: tuple[Ref, ...]
    linchpins: tuple[Ref, ...]  # removing any one changes the leaders
    doubt_sensitive: tuple[Ref, ...]  # doubting its credibility changes the leaders
    deception_sensitive: tuple[Ref, ...]  # reversing its ratings changes the leaders
    conclusions: str
    matrix: tuple[MatrixRow, ...]  # every item, worksheet order
    evidence: tuple[EvidenceEntry, ...]  # every item, worksheet order
    rating_notes: tuple[RatingNote, ...]
    milestones: tuple[MilestoneGroup, ...]
    cells_total: int  # cells of the included items
    cells_blank: int  # of those, not rated yet
    excluded_count: int


def format_score(value: float, *, unweighted: bool = False) -> str:
    """A score as the brief prints it: two decimals (whole numbers unweighted), real minus."""
    text = f"{value:.0f}" if unweighted else f"{value:.2f}"
    if text.startswith("-"):
        text = text[1:]
        if text.strip("0.") == "":  # -0.00 is 0.00
            return text
        return MINUS + text
    return text


SENTENCE_TITLE_LIMIT = 150  # characters of a title quoted in the summary sentence
SENTENCE_NAMES_LIMIT = 10  # hypotheses named in it; the ranking table lists them all


def _quoted(ref: Ref) -> str:
    # The summary is one paragraph: its length must not grow with the titles it quotes.
    title = " ".join(ref.title.split())
    if len(title) > SENTENCE_TITLE_LIMIT:
        title = title[: SENTENCE_TITLE_LIMIT - 1].rstrip() + "\u2026"
    return f"{ref.label} \u201c{title}\u201d"


def _join(parts: list[str]) -> str:
    if len(parts) > SENTENCE_NAMES_LIMIT:
        more = len(parts) - SENTENCE_NAMES_LIMIT + 1
        parts = [*parts[: SENTENCE_NAMES_LIMIT - 1], f"{more} more"]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def summary_sentence(
    ranking: tuple[RankedHypothesis, ...],
    margin: float | None,
    *,
    rated_cells: int,
    unweighted: bool,
) -> str:
    """One plain sentence on the least inconsistent hypothesis and its margin.

    A leader with cells not yet rated may only lead because nothing has been
    held against it yet, so the sentence then says the ranking is provisional.
    """
    sentence = _leading_sentence(ranking, margin, rated_cells=rated_cells, unweighted=unweighted)
    unfinished = provisional_leaders(ranking)
    if rated_cells and unfinished:
        cells = sum(h.blank for h in unfinished)
        whose = _join([_quoted(Ref(h.label, h.title)) for h in unfinished])
        has = "has" if len(unfinished) == 1 else "have"
        sentence += f" This is provisional: {whose} still {has} {_cells(cells)} not rated."
    return sentence


def _cells(n: int) -> str:
    return f"{n} cell" if n == 1 else f"{n} cells"


def _leading_sentence(
    ranking: tuple[RankedHypothesis, ...],
    margin: float | None,
    *,
    rated_cells: int,
    unweighted: bool,
) -> str:
    if len(ranking) > 1 and rated_cells == 0:
        return "No evidence has been rated yet, so the evidence does not favour any hypothesis."
    return lead_sentence(
        lead_of(ranking, margin, unweighted=unweighted),
        lambda h: _quoted(Ref(h.label, h.title)),
        lambda v: format_score(v, unweighted=unweighted),
        unweighted=unweighted,
    )


def _level(level: Level) -> str:
    return level.value


def _flags(item: Evidence) -> tuple[str, ...]:
    known = [label for key, label in FLAGS.items() if key in item.flags]
    unknown = sorted(f for f in item.flags if f not in FLAGS)
    return tuple(known + unknown)


def gather_brief(ws: Worksheet, *, unweighted: bool = False, today: date | None = None) -> Brief:
    """Everything the brief says about ``ws``, decided here and nowhere else."""
    label = display_labels(ws)
    h_ref = {h.id: Ref(label[h.id], h.title) for h in ws.hypotheses}
    e_ref = {e.id: Ref(label[e.id], e.title) for e in ws.evidence}

    scores = score_worksheet(ws, unweighted=unweighted)
    by_hypothesis = {s.hypothesis_id: s for s in scores}
    ranking = tuple(
        RankedHypothesis(
            label=label[s.hypothesis_id],
            title=ws.hypothesis(s.hypothesis_id).title,
            rank=s.rank,
            inconsistency=s.inconsistency,
            weighted_inconsistency=s.weighted_inconsistency,
            consistency=s.consistency,
            applicable_weight=s.applicable_weight,
            normalized=s.normalized,
            blank=s.blank,
        )
        for s in scores
    )
    hypotheses = tuple(
        HypothesisEntry(
            label=label[h.id],
            title=h.title,
            description=h.description,
            rank=by_hypothesis[h.id].rank,
            weighted_inconsistency=by_hypothesis[h.id].weighted_inconsistency,
            inconsistency=by_hypothesis[h.id].inconsistency,
        )
        for h in ws.hypotheses
    )

    sensitivity = analyse_sensitivity(ws, unweighted=unweighted)
    measures = {m.evidence_id: m for m in evidence_measures(ws)}
    tests = {
        t.evidence_id: tuple(
            word
            for word, changed in (
                ("removed", t.without),
                ("doubted", t.doubted),
                ("reversed", t.reversed),
            )
            if changed
        )
        for t in sensitivity.items
    }

    included = ws.included_evidence()
    cells_total = len(included) * len(ws.hypotheses)
    cells_blank = sum(s.blank for s in scores)

    matrix: list[MatrixRow] = []
    entries: list[EvidenceEntry] = []
    notes: list[RatingNote] = []
    for item in ws.evidence:
        measure = measures.get(item.id)
        rated = any(ws.rating(item.id, h.id) is not None for h in ws.hypotheses)
        diagnosticity = measure.diagnosticity if measure is not None and rated else None
        neutral = measure.score_neutral if measure is not None else False
        codes, noted = [], []
        for h in ws.hypotheses:
            cell = ws.cell(item.id, h.id)
            code = cell.rating.value if cell.rating is not None else ""
            codes.append(code)
            noted.append(bool(cell.note.strip()))
            if cell.note.strip():
                notes.append(
                    RatingNote(e_ref[item.id], h_ref[h.id], code, cell.note, item.excluded)
                )
        matrix.append(
            MatrixRow(
                label=label[item.id],
                title=item.title,
                credibility=_level(item.credibility),
                relevance=_level(item.relevance),
                weight=weight(item),
                diagnosticity=diagnosticity,
                score_neutral=neutral,
                excluded=item.excluded,
                codes=tuple(codes),
                noted=tuple(noted),
                deception=DECEPTION in item.flags,
            )
        )
        entries.append(
            EvidenceEntry(
                label=label[item.id],
                title=item.title,
                description=item.description,
                source=item.source,
                link=item.link,
                date=item.date,
                type=item.type,
                credibility=_level(item.credibility),
                relevance=_level(item.relevance),
                weight=weight(item),
                flags=_flags(item),
                changes_leader=tests.get(item.id, ()),
                excluded=item.excluded,
                score_neutral=neutral,
                diagnosticity=diagnosticity,
            )
        )

    groups: list[MilestoneGroup] = []
    for h in ws.hypotheses:
        mine = [m for m in ws.milestones if m.hypothesis_id == h.id]
        if mine:
            groups.append(
                MilestoneGroup(
                    h_ref[h.id],
                    tuple(MilestoneEntry(m.text, MILESTONE_STATUS_LABEL[m.status]) for m in mine),
                )
            )
    loose = [m for m in ws.milestones if m.hypothesis_id not in h_ref]
    if loose:
        groups.append(
            MilestoneGroup(
                None, tuple(MilestoneEntry(m.text, MILESTONE_STATUS_LABEL[m.status]) for m in loose)
            )
        )

    return Brief(
        title=ws.title,
        question=ws.question,
        analyst=ws.analyst,
        classification=ws.classification,
        date=(today or date.today()).isoformat(),
        generator=GENERATOR,
        unweighted=unweighted,
        summary=summary_sentence(
            ranking,
            sensitivity.margin,
            rated_cells=cells_total - cells_blank,
            unweighted=unweighted,
        ),
        ranking=ranking,
        hypotheses=hypotheses,
        margin=sensitivity.margin,
        leaders=tuple(h_ref[h] for h in sensitivity.leaders),
        linchpins=tuple(e_ref[e] for e in sensitivity.linchpins),
        doubt_sensitive=tuple(e_ref[s.evidence_id] for s in sensitivity.items if s.doubted),
        deception_sensitive=tuple(e_ref[s.evidence_id] for s in sensitivity.items if s.reversed),
        conclusions=ws.conclusions,
        matrix=tuple(matrix),
        evidence=tuple(entries),
        rating_notes=tuple(notes),
        milestones=tuple(groups),
        cells_total=cells_total,
        cells_blank=cells_blank,
        excluded_count=len(ws.evidence) - len(included),
    )
