"""What the PDF brief says, gathered from a worksheet as plain data.

`gather_brief` is pure: it reads the worksheet and the scores, decides every
word and number the brief will show, and returns frozen dataclasses.  The
renderer only lays them out, so the content is tested exactly here and the
layout is tested by reading the PDF back.

Hypotheses are labelled H1, H2, ... and evidence items E1, E2, ... by their
position in the worksheet (excluded items keep their place and label), and
sources S1, S2, ... likewise (`source_labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import __version__
from app.domain.lead import lead_of, lead_sentence
from app.domain.model import FLAGS, Evidence, Level, MilestoneStatus, Worksheet, display_labels
from app.domain.scoring import evidence_measures, provisional_leaders, score_worksheet, weight
from app.domain.sensitivity import analyse_sensitivity
from app.domain.sources import (
    INFO_CREDIBILITY_LABELS,
    RELIABILITY_LABELS,
    SOURCE_KINDS,
    Citation,
    InfoCredibility,
    Reliability,
    Source,
    item_code,
    item_reliability,
    item_suggestion,
    source_labels,
)
from app.domain.text import shorten

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
class CitedQuote:
    """A passage an item cites, as the brief quotes it, and where it is from."""

    quote: str  # one paragraph, shortened to QUOTE_LIMIT; "" cites no words
    source: str  # "Title, Author, 2024-09-14 [S1, B]"
    # Set by the source's name when it is graded E or F: "unreliable",
    # "reliability cannot be judged"; "" otherwise.
    warning: str = ""


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
    reported_date: str = ""  # when it was reported, ISO 8601 or ""
    grading: str = ""  # the Admiralty code, "B2" ("B-", "-3" in part), "" not graded
    grading_meaning: str = ""  # "source usually reliable, information probably true"
    # When the credibility is not the one its grading suggests:
    # "credibility high, set by the analyst; B3 suggests medium".
    credibility_note: str = ""
    quotes: tuple[CitedQuote, ...] = ()  # the passages it cites, in order


@dataclass(frozen=True)
class SourceEntry:
    """A source of the worksheet, in worksheet order."""

    label: str  # "S1"
    title: str
    author: str  # the author, or the publisher or site
    published: str  # ISO 8601 or ""
    link: str  # as recorded: never fetched
    kind: str  # readable: "saved web page", "PDF", ...
    reliability: str  # "A".."F", "" not graded
    reliability_meaning: str  # "usually reliable"; "" when not graded
    notes: str
    cited_by: tuple[str, ...]  # labels of the items citing it, worksheet order
    warning: str = ""  # as CitedQuote.warning


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
    sources: tuple[SourceEntry, ...] = ()  # worksheet order, labelled S1, S2, ...
    # What the evidence list calls an item's date: "Date" as always, "Event" once
    # the worksheet has sources or reported dates (the date it happened, beside
    # the date it was reported).
    event_label: str = "Date"


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


QUOTE_LIMIT = 600  # characters of a quote in an item's entry; the worksheet has it whole
SOURCE_TITLE_LIMIT = 150  # characters of a source's title in the line under a quote
SOURCE_AUTHOR_LIMIT = 100
UNTITLED_SOURCE = "Untitled source"
WARNED_RELIABILITY = (Reliability.E, Reliability.F)  # marked wherever the source is named


def _reliability(code: str) -> Reliability | None:
    try:
        return Reliability(code)
    except ValueError:
        return None


def _information(code: str) -> InfoCredibility | None:
    try:
        return InfoCredibility(code)
    except ValueError:
        return None


def source_warning(code: str) -> str:
    """What marks a source graded E or F wherever it is named; "" for any other."""
    reliability = _reliability(code)
    return RELIABILITY_LABELS[reliability] if reliability in WARNED_RELIABILITY else ""


def grading_meaning(reliability: str, information: str) -> str:
    """The words of an Admiralty code: "source usually reliable, information probably true"."""
    source = _reliability(reliability)
    info = _information(information)
    if source is None and info is None:
        return ""
    parts = [f"source {RELIABILITY_LABELS[source]}" if source else "source not graded"]
    if info is InfoCredibility.CANNOT_BE_JUDGED:
        parts.append("truth of the information cannot be judged")
    elif info is not None:
        parts.append(f"information {INFO_CREDIBILITY_LABELS[info]}")
    else:
        parts.append("information not graded")
    return ", ".join(parts)


def source_line(source: Source | None, label: str) -> str:
    """How a quote names its source: "Title, Author, 2024-09-14 [S1, B]"."""
    if source is None:
        return "a source no longer in the worksheet"
    parts = [
        shorten(source.title, SOURCE_TITLE_LIMIT) or UNTITLED_SOURCE,
        shorten(source.author, SOURCE_AUTHOR_LIMIT),
        shorten(source.published, 40),
    ]
    code = source.reliability if _reliability(source.reliability) else ""
    tag = f"[{label}, {code}]" if code else f"[{label}]"
    return ", ".join(p for p in parts if p) + " " + tag


def _quotes(
    ws: Worksheet, citations: tuple[Citation, ...], labels: dict[str, str]
) -> tuple[CitedQuote, ...]:
    by_id = {s.id: s for s in ws.sources}
    out = []
    for c in citations:
        source = by_id.get(c.source_id)
        out.append(
            CitedQuote(
                quote=shorten(c.quote, QUOTE_LIMIT),
                source=source_line(source, labels.get(c.source_id, "")),
                warning=source_warning(source.reliability) if source is not None else "",
            )
        )
    return tuple(out)


def _credibility_note(ws: Worksheet, item: Evidence, code: str) -> str:
    suggested = item_suggestion(ws, item)
    if suggested is None or suggested is item.credibility:
        return ""
    return (
        f"credibility {item.credibility.value}, set by the analyst; "
        f"{code} suggests {suggested.value}"
    )


def _sources(ws: Worksheet, labels: dict[str, str], items: dict[str, str]) -> list[SourceEntry]:
    citing: dict[str, list[str]] = {s.id: [] for s in ws.sources}
    for item in ws.evidence:
        for source_id in dict.fromkeys(c.source_id for c in item.citations):
            if source_id in citing:
                citing[source_id].append(items[item.id])
    out = []
    for s in ws.sources:
        reliability = _reliability(s.reliability)
        out.append(
            SourceEntry(
                label=labels[s.id],
                title=s.title,
                author=s.author,
                published=s.published,
                link=s.link,
                kind=SOURCE_KINDS.get(s.kind, s.kind),
                reliability=reliability.value if reliability else "",
                reliability_meaning=RELIABILITY_LABELS[reliability] if reliability else "",
                notes=s.notes,
                cited_by=tuple(citing[s.id]),
                warning=source_warning(s.reliability),
            )
        )
    return out


def gather_brief(ws: Worksheet, *, unweighted: bool = False, today: date | None = None) -> Brief:
    """Everything the brief says about ``ws``, decided here and nowhere else."""
    label = display_labels(ws)
    s_label = source_labels(ws)
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
        grading = item_code(ws, item)
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
                reported_date=item.reported_date,
                grading=grading,
                grading_meaning=grading_meaning(item_reliability(ws, item), item.info_credibility),
                credibility_note=_credibility_note(ws, item, grading),
                quotes=_quotes(ws, item.citations, s_label),
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
        sources=tuple(_sources(ws, s_label, label)),
        event_label=(
            "Event" if ws.sources or any(e.reported_date.strip() for e in ws.evidence) else "Date"
        ),
    )
