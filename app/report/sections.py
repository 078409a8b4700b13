"""The brief's story: the flowables of every section, from a gathered `Brief`.

Most analyst text is set by `TextBlock`, which never parses markup; where
it does reach a Paragraph (the front page, the summary, milestones) it goes
through `TextSetter.markup`, which escapes it and picks fonts; the fixed
wording here is the program's own.  Tables hold only shortened text so that
no row can outgrow a page; the full texts flow as text blocks, which can
split.  Each hypothesis, evidence item and note is one `Stack` (title,
facts, text): a thousand items make a thousand flowables, not four thousand.
"""

from __future__ import annotations

import re
from typing import Unpack

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from app.domain import palette
from app.domain.model import RATING_LABELS, Rating
from app.domain.sources import INFO_CREDIBILITY_LABELS, RELIABILITY_LABELS
from app.domain.text import shorten
from app.report.brief import (
    NORMALIZED_EXPLANATION,
    UNTITLED_SOURCE,
    Brief,
    CitedQuote,
    Ref,
    SourceEntry,
    format_score,
)
from app.report.fonts import MAIN, TextSetter
from app.report.styles import ACCENT, LEADER_FILL, QUOTE_RULE, RULE, WARNING, Styles
from app.report.textblock import BlockOptions, Stack, TextBlock

TABLE_TITLE_LIMIT = 300  # characters of a title inside a table
LIST_TITLE_LIMIT = 150  # characters of a title named in a list of items

# A section heading moves to the next page unless this much room is left below it
# (instead of keepWithNext, which would move a long first paragraph along with it).
HEADING_ROOM = 90
# Likewise an item (a hypothesis, an evidence item, a note) that does not fit whole:
# each is one `Stack` of its title, facts and text.
ITEM_ROOM = 48
# Analyst text longer than this is never set as one Paragraph (see milestones()).
PARAGRAPH_LIMIT = 2_000
CITED_BY_LIMIT = 30  # item labels named under a source; the rest are counted
WARNING_SIGN = "\u26a0"  # before the words that mark a source graded E or F


def heading(text: str, st: Styles) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(text, st.h1)]


STATUS_MARK = {"open": "\u2610", "observed": "\u2611", "not observed": "\u2612"}


def paragraphs(setter: TextSetter, text: str, style: ParagraphStyle) -> list[Flowable]:
    """Analyst text as paragraphs: blank lines separate them, single newlines break lines."""
    return [
        TextBlock(
            setter,
            block,
            size=style.fontSize,
            leading=style.leading,
            bold=style.fontName == MAIN.bold,
            colour=_hex(style.textColor),
            indent=style.leftIndent,
            space_before=style.spaceBefore,
            space_after=style.spaceAfter,
        )
        for block in (b.strip("\n") for b in re.split(r"\n[ \t]*\n", text))
        if block.strip()
    ]


def _hex(colour: colors.Color) -> str:
    hexval: str = colour.hexval()  # "0x1a1a1a"; reportlab is untyped
    return "#" + hexval[2:]


def block(
    setter: TextSetter, text: str, style: ParagraphStyle, **kwargs: Unpack[BlockOptions]
) -> TextBlock:
    """One TextBlock in the size, colour and spacing of a paragraph style."""
    args: BlockOptions = {
        "size": style.fontSize,
        "leading": style.leading,
        "bold": style.fontName == MAIN.bold,
        "colour": _hex(style.textColor),
        "indent": style.leftIndent,
        "space_before": style.spaceBefore,
        "space_after": style.spaceAfter,
        "keep_with_next": bool(getattr(style, "keepWithNext", 0)),
    }
    args.update(kwargs)
    return TextBlock(setter, text, **args)


def _ref(setter: TextSetter, ref: Ref, limit: int = LIST_TITLE_LIMIT, *, bold: bool = False) -> str:
    title = setter.markup(shorten(ref.title, limit), bold=bold)
    return f"<b>{ref.label}</b> \u201c{title}\u201d"


SUMMARY_LIST_LIMIT = 10  # items named in one sensitivity line of the summary


def _refs(setter: TextSetter, refs: tuple[Ref, ...]) -> str:
    shown = "; ".join(_ref(setter, r) for r in refs[:SUMMARY_LIST_LIMIT])
    more = len(refs) - SUMMARY_LIST_LIMIT
    if more > 0:
        shown += f"; and {more} more, marked in the evidence list"
    return shown


class Sections:
    """Builds the flowables of each section of the brief."""

    def __init__(self, brief: Brief, setter: TextSetter, styles: Styles) -> None:
        self.brief = brief
        self.setter = setter
        self.st = styles

    def text(self, value: str, *, bold: bool = False) -> str:
        """Safe markup for analyst text; ``bold`` must match the paragraph's weight.

        (A ``<font face>`` run resets reportlab's bold, so the fallback font's
        weight is chosen here, not inherited from the style.)
        """
        return self.setter.markup(value, bold=bold)

    # -- front page -------------------------------------------------------

    def title_block(self, width: float) -> list[Flowable]:
        b, st = self.brief, self.st
        out: list[Flowable] = [
            Paragraph("ANALYSIS OF COMPETING HYPOTHESES \u00b7 BRIEF", st.kicker),
            # A TextBlock breaks its lines once; a Paragraph breaks the rest of its text
            # again for every page it runs onto (a long title grew the time quadratically).
            block(self.setter, b.title if b.title.strip() else "Untitled worksheet", st.title),
        ]
        if b.question.strip():
            out += paragraphs(self.setter, b.question, st.question)
        rated = b.cells_total - b.cells_blank
        evidence = f"{len(b.evidence)} item{'s' if len(b.evidence) != 1 else ''}"
        if b.excluded_count:
            evidence += f" ({b.excluded_count} excluded)"
        ratings = f"{rated} of {b.cells_total} cell{'s' if b.cells_total != 1 else ''} rated"
        if b.cells_blank:
            ratings += f", {b.cells_blank} still blank"
        facts = [
            ("Analyst", self.text(shorten(b.analyst, 200)) if b.analyst.strip() else "not named"),
            ("Date", b.date),
            ("Hypotheses", str(len(b.hypotheses))),
            ("Evidence", evidence),
            ("Ratings", ratings),
            (
                "Ranked by",
                "inconsistency (unweighted)" if b.unweighted else "weighted inconsistency",
            ),
        ]
        rows = []
        for i in range(0, len(facts), 2):
            row: list[object] = []
            for label, value in facts[i : i + 2]:
                row += [Paragraph(label, st.cell_head), Paragraph(value, st.cell)]
            rows.append(row)
        table = Table(rows, colWidths=[62, width / 2 - 62, 62, width / 2 - 62], hAlign="LEFT")
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), MAIN.regular, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        out.append(table)
        return out

    def summary(self, width: float) -> list[Flowable]:
        b, st = self.brief, self.st
        out: list[Flowable] = [
            *heading("Summary", st),
            Paragraph(self.text(b.summary), st.summary),
        ]
        if b.ranking:
            out.append(self._ranking_table(width))
            key = "inconsistency" if b.unweighted else "weighted inconsistency"
            out.append(Spacer(1, 4))
            out.append(
                Paragraph(
                    "Scores closer to zero are better: the most likely hypothesis is the one "
                    "with the least evidence against it. Hypotheses are ranked by "
                    f"{key}, then consistency, then the share of cells left blank; equal "
                    "hypotheses share a rank. Weights combine each item's credibility and "
                    "relevance (PARC ACH). * " + NORMALIZED_EXPLANATION,
                    st.small,
                )
            )
        out += self._sensitivity()
        return out

    def _ranking_table(self, width: float) -> Table:
        b, st = self.brief, self.st
        numbers = [
            ("Weighted incon\u00adsistency", 64),
            ("Incon\u00adsistency", 58),
            ("Consis\u00adtency", 56),
            ("Normal\u00adized*", 60),
            ("Blank cells", 40),
        ]
        title_w = width - 34 - sum(w for _, w in numbers)
        key_col = 3 if b.unweighted else 2
        head = [Paragraph("Rank", st.cell_head), Paragraph("Hypothesis", st.cell_head)]
        head += [Paragraph(label, st.cell_head) for label, _ in numbers]
        rows: list[list[object]] = [head]
        style: list[tuple[object, ...]] = [
            ("FONT", (0, 0), (-1, -1), MAIN.regular, 8),
            ("FONT", (key_col, 1), (key_col, -1), MAIN.bold, 8),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for r, h in enumerate(b.ranking, start=1):
            title = f"<b>{h.label}</b> {self.text(shorten(h.title, TABLE_TITLE_LIMIT))}"
            if h.rank == 1:
                title = (
                    f"<b>{h.label}</b> {self.text(shorten(h.title, TABLE_TITLE_LIMIT), bold=True)}"
                )
                style.append(("BACKGROUND", (0, r), (-1, r), LEADER_FILL))
            rows.append(
                [
                    str(h.rank),
                    Paragraph(title, st.cell),
                    format_score(h.weighted_inconsistency),
                    format_score(h.inconsistency, unweighted=True),
                    format_score(h.consistency),
                    format_score(h.normalized),
                    str(h.blank),
                ]
            )
        table = Table(
            rows,
            colWidths=[34, title_w] + [w for _, w in numbers],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(style)
        return table

    def _sensitivity(self) -> list[Flowable]:
        b, st = self.brief, self.st
        out: list[Flowable] = [Paragraph("How much the conclusion hangs on single items", st.h2)]
        if b.margin is None:
            out.append(Paragraph("With fewer than two hypotheses there is no margin.", st.body))
            return out
        key = "inconsistency" if b.unweighted else "weighted inconsistency"
        margin = format_score(b.margin, unweighted=b.unweighted)
        out.append(
            Paragraph(
                f"<b>Margin:</b> {margin} (the {key} of the leading hypothesis minus that of "
                "the runner-up).",
                st.body,
            )
        )
        if not b.matrix:
            return out
        tests = [
            (
                "Linchpins",
                "removing any one of these items changes the leading hypothesis",
                b.linchpins,
                "No single item's removal changes the leading hypothesis.",
            ),
            (
                "If doubted",
                "setting the credibility of any one of these items to low changes the leader",
                b.doubt_sensitive,
                "Doubting the credibility of any single item leaves the leader unchanged.",
            ),
            (
                "If deception",
                "reversing the ratings of any one of these items (what if it was planted?) "
                "changes the leader",
                b.deception_sensitive,
                "Reversing the ratings of any single item leaves the leader unchanged.",
            ),
        ]
        for label, meaning, refs, none in tests:
            if refs:
                text = f"<b>{label}</b> ({meaning}): {_refs(self.setter, refs)}."
            else:
                text = f"<b>{label}:</b> {none}"
            out.append(Paragraph(text, st.body))
        return out

    def conclusions(self) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [*heading("Conclusions", st)]
        body = paragraphs(self.setter, self.brief.conclusions, st.body)
        return out + (body or [Paragraph("The analyst has not written conclusions yet.", st.muted)])

    def milestones(self) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [*heading("Milestones to watch", st)]
        if not self.brief.milestones:
            return [*out, Paragraph("No milestones recorded.", st.muted)]
        for group in self.brief.milestones:
            head = (
                _ref(self.setter, group.hypothesis, bold=True)
                if group.hypothesis is not None
                else "<b>Not tied to one hypothesis</b>"
            )
            out.append(Paragraph(head, st.h2))
            for m in group.milestones:
                if len(m.text) <= PARAGRAPH_LIMIT:
                    out.append(
                        Paragraph(
                            f"<b>{m.status}</b> \u2014 {self.text(m.text)}",
                            st.bullet,
                            bulletText=STATUS_MARK[m.status],
                        )
                    )
                    continue
                # A Paragraph breaks the rest of its text again on every page it runs
                # onto: a long text goes as text blocks under its status line instead.
                status = Paragraph(
                    f"<b>{m.status}</b> \u2014", st.bullet, bulletText=STATUS_MARK[m.status]
                )
                text = paragraphs(self.setter, m.text, st.bullet)
                out.append(Stack([status, *text], room=ITEM_ROOM))
        return out

    def hypotheses(self) -> list[Flowable]:
        b, st = self.brief, self.st
        out: list[Flowable] = [*heading("Hypotheses", st)]
        if not b.hypotheses:
            return [*out, Paragraph("No hypotheses yet.", st.muted)]
        key = "inconsistency" if b.unweighted else "weighted inconsistency"
        for h in b.hypotheses:
            value = h.inconsistency if b.unweighted else h.weighted_inconsistency
            meta = f"Rank {h.rank} \u00b7 {key} {format_score(value, unweighted=b.unweighted)}"
            parts: list[Flowable] = [
                block(self.setter, f"{h.label}\u2003{h.title}", st.item),
                block(self.setter, meta, st.item_meta),
                *paragraphs(self.setter, h.description, st.item_text),
            ]
            out.append(Stack(parts, room=ITEM_ROOM))
        return out

    # -- back matter ---------------------------------------------------------

    def evidence(self) -> list[Flowable]:
        b, st = self.brief, self.st
        out: list[Flowable] = [*heading("Evidence", st)]
        if not b.evidence:
            return [*out, Paragraph("No evidence yet.", st.muted)]
        dot = " \u00b7 "
        for e in b.evidence:
            head = [block(self.setter, f"{e.label}\u2003{e.title}", st.item)]
            facts = [
                f"{name}: {value}"
                for name, value in (
                    ("Source", e.source),
                    (b.event_label, e.date),
                    ("Reported", e.reported_date),
                    ("Type", e.type),
                )
                if value.strip()
            ]
            weighing = [
                f"Credibility: {e.credibility}",
                f"Relevance: {e.relevance} (weight {e.weight:.2f})",
            ]
            if e.diagnosticity is not None:
                weighing.append(f"Diagnosticity: {e.diagnosticity:.2f}")
            elif not e.excluded:
                weighing.append("Not rated yet")
            lines = [dot.join(facts + weighing)]
            if e.grading:
                grading = f"Graded {e.grading}"
                if e.grading_meaning:
                    grading += f": {e.grading_meaning}"
                lines.append(grading)
            if e.credibility_note:
                lines.append(e.credibility_note[0].upper() + e.credibility_note[1:])
            if e.flags:
                lines.append("Flags: " + ", ".join(e.flags))
            if e.link.strip():
                lines.append(f"Link: {e.link}")
            status = []
            if e.changes_leader:
                tests = " or ".join(f"if {word}" for word in e.changes_leader)
                status.append(f"Sensitive: the leading hypothesis changes {tests}")
            if e.excluded:
                status.append("Excluded from the analysis: counts nowhere")
            if e.score_neutral:
                status.append("Score-neutral: adds the same to every score")
            head.append(block(self.setter, "\n".join(lines), st.item_meta))
            if status:
                head.append(
                    block(
                        self.setter,
                        dot.join(status),
                        st.item_meta,
                        bold=True,
                        colour=palette.ACCENT,
                    )
                )
            head += paragraphs(self.setter, e.description, st.item_text)
            for q in e.quotes:
                head += self._quote(q)
            out.append(Stack(head, room=ITEM_ROOM))
        return out

    def _quote(self, q: CitedQuote) -> list[Flowable]:
        """A cited passage, in quotation marks by a rule, and under it its source."""
        st = self.st
        mark = f"{WARNING_SIGN} {q.warning}" if q.warning else ""
        if not q.quote:
            return [
                block(
                    self.setter,
                    f"Cites {q.source}",
                    st.quote_source,
                    mark=mark,
                    mark_colour=WARNING,
                    space_before=st.quote.spaceBefore,
                )
            ]
        return [
            block(self.setter, f"\u201c{q.quote}\u201d", st.quote, rule=QUOTE_RULE),
            block(
                self.setter, f"\u2014 {q.source}", st.quote_source, mark=mark, mark_colour=WARNING
            ),
        ]

    def rating_notes(self) -> list[Flowable]:
        b, st = self.brief, self.st
        if not b.rating_notes:
            # The matrix's legend says so: a heading and one line of "nothing here"
            # would take a page of their own when the evidence fills the one before.
            return []
        out: list[Flowable] = [*heading("Notes on ratings", st)]
        current = None
        for n in b.rating_notes:
            group: list[Flowable] = []
            if n.evidence.label != current:
                current = n.evidence.label
                head = f"{n.evidence.label}\u2003{shorten(n.evidence.title, LIST_TITLE_LIMIT)}"
                if n.excluded:
                    head += " (excluded)"
                group.append(block(self.setter, head, st.item))
            rating = f"{n.code} ({RATING_LABELS[Rating(n.code)]})" if n.code else "not rated yet"
            # Each note names its cell, so a note read on its own page is still clear.
            cell = (
                f"{n.evidence.label} \u00d7 {n.hypothesis.label} {shorten(n.hypothesis.title, 80)}"
            )
            group.append(
                block(
                    self.setter,
                    f"{cell} \u2014 {rating}",
                    st.item_meta,
                    bold=True,
                    space_before=3,
                )
            )
            group.append(block(self.setter, n.note, st.item_text, space_before=0))
            out.append(Stack(group, room=ITEM_ROOM))
        return out

    def sources(self) -> list[Flowable]:
        """Every source, S1, S2, ... in worksheet order: nothing without sources."""
        b, st = self.brief, self.st
        if not b.sources:
            return []
        grades = ", ".join(f"{r.value} {label}" for r, label in RELIABILITY_LABELS.items())
        credibility = ", ".join(
            f"{i.value} {label}" for i, label in INFO_CREDIBILITY_LABELS.items()
        )
        out: list[Flowable] = [
            *heading("Sources", st),
            Paragraph(
                "The documents the evidence cites, labelled S1, S2, ... in the worksheet's "
                "order (the evidence list quotes the passages each item cites). Graded on the "
                f"Admiralty scale: a source's reliability ({grades}) and an item's "
                f"information ({credibility}). Links are as the analyst recorded them; the "
                "brief does not follow them.",
                st.small,
            ),
        ]
        for s in b.sources:
            out.append(Stack(self._source(s), room=ITEM_ROOM))
        return out

    def _source(self, s: SourceEntry) -> list[Flowable]:
        st, dot = self.st, " \u00b7 "
        title = s.title if s.title.strip() else UNTITLED_SOURCE
        mark = f"{WARNING_SIGN} {s.warning}" if s.warning else ""
        parts: list[Flowable] = [
            block(self.setter, f"{s.label}\u2003{title}", st.item, mark=mark, mark_colour=WARNING)
        ]
        facts = [
            f"Reliability: {s.reliability} ({s.reliability_meaning})"
            if s.reliability
            else "Reliability: not graded"
        ]
        facts += [
            f"{name}: {value}"
            for name, value in (
                ("Author or publisher", s.author),
                ("Published", s.published),
                ("Kind", s.kind),
            )
            if value.strip()
        ]
        lines = [dot.join(facts)]
        if s.link.strip():
            lines.append(f"Link: {s.link}")
        lines.append(_cited_by(s.cited_by))
        parts.append(block(self.setter, "\n".join(lines), st.item_meta))
        parts += paragraphs(self.setter, s.notes, st.item_text)
        return parts


def _cited_by(labels: tuple[str, ...]) -> str:
    n = len(labels)
    if not n:
        return "Not cited by any item"
    shown = ", ".join(labels[:CITED_BY_LIMIT])
    if n > CITED_BY_LIMIT:
        shown += f" and {n - CITED_BY_LIMIT} more"
    return f"Cited by {n} item{'s' if n != 1 else ''}: {shown}"
