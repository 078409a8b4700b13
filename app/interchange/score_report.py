"""The scores of a worksheet as the command line prints them: JSON and a table.

The JSON object is the one of interchange.md (`score --json`); the table is
for a person at a terminal.
"""

from __future__ import annotations

import json
from typing import Any

from app.domain.model import Worksheet, display_labels


def dumps_one_per_line(value: Any, indent: str = "") -> str:
    """JSON text, indented, with each object inside a list on one line.

    The standard library's indenting encoder is pure Python and cost more
    than the scoring itself on a 5,000-item worksheet; here every line is
    written by the C encoder, and a list of 5,000 items stays readable.
    """
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (
            f"{inner}{json.dumps(k)}: {dumps_one_per_line(v, inner)}" for k, v in value.items()
        )
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value and any(isinstance(v, dict | list) for v in value):
        lines = (inner + json.dumps(v, ensure_ascii=False) for v in value)
        return "[\n" + ",\n".join(lines) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


def score_json(ws: Worksheet, *, unweighted: bool = False) -> str:
    """The object ``score --json`` prints (interchange.md), as JSON text."""
    from app.domain.scoring import evidence_measures, score_worksheet
    from app.domain.sensitivity import analyse_sensitivity

    titles = {h.id: h.title for h in ws.hypotheses}
    sens = analyse_sensitivity(ws, unweighted=unweighted)
    doc = {
        "hypotheses": [
            {
                "id": s.hypothesis_id,
                "title": titles[s.hypothesis_id],
                "rank": s.rank,
                "inconsistency": float(s.inconsistency),
                "weighted_inconsistency": s.weighted_inconsistency,
                "consistency": s.consistency,
                "normalized": s.normalized,
                "blank": s.blank,
            }
            for s in score_worksheet(ws, unweighted=unweighted)
        ],
        "evidence": [
            {
                "id": m.evidence_id,
                "diagnosticity": m.diagnosticity,
                "score_neutral": m.score_neutral,
            }
            for m in evidence_measures(ws)
        ],
        "sensitivity": {
            "leaders": list(sens.leaders),
            "margin": sens.margin,
            "linchpins": list(sens.linchpins),
            "items": [
                {
                    "evidence": item.evidence_id,
                    "without": item.without,
                    "doubted": item.doubted,
                    "reversed": item.reversed,
                }
                for item in sens.items
            ],
        },
    }
    return dumps_one_per_line(doc) + "\n"


def score_table(ws: Worksheet, *, unweighted: bool = False) -> str:
    """The scores as a readable table for a person at a terminal."""
    import textwrap

    from app.domain.lead import lead_of, lead_sentence
    from app.domain.scoring import evidence_measures, provisional_leaders, score_worksheet
    from app.domain.sensitivity import analyse_sensitivity
    from app.storage.limits import count

    short = display_labels(ws)
    titles = {h.id: h.title for h in ws.hypotheses}
    labels = {e.id: e.title for e in ws.evidence}

    def named_item(item_id: str, title: str) -> str:
        # Shorten the title, not the parenthesis around it.
        return f"{short[item_id]} ({_plain(title, 48)})"

    scores = score_worksheet(ws, unweighted=unweighted)
    sens = analyse_sensitivity(ws, unweighted=unweighted)
    measures = evidence_measures(ws)
    first = "inconsistency" if unweighted else "weighted inconsistency"
    lines = [
        _plain(ws.title or "Untitled worksheet", 100),
        "",
        f"Hypotheses, most likely first (ranked by {first}; closer to 0 is better):",
        "",
    ]
    head = ("rank", "weighted", "incons.", "consist.", "normalized", "blank", "hypothesis")
    rows = [head] + [
        (
            str(s.rank),
            f"{s.weighted_inconsistency:.3f}",
            str(s.inconsistency),
            f"{s.consistency:.3f}",
            f"{s.normalized:.3f}",
            str(s.blank),
            f"{short[s.hypothesis_id]}  {_plain(titles[s.hypothesis_id], 60)}",
        )
        for s in scores
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    for r in rows:
        cells = [r[i].rjust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    neutral = sum(1 for m in measures if m.score_neutral)
    notes = [
        "weighted = weighted inconsistency (PARC ACH), incons. = inconsistency, "
        "consist. = weighted consistency (breaks ties), blank = cells not yet rated.",
        "normalized is this program's own measure, not PARC ACH's (whose formula is not "
        "public): weighted inconsistency divided by the weight of the items rated CC, C, N, "
        "I or II against the hypothesis, from 0 (nothing against it) to -2.",
        "",
        f"Evidence: {count(len(measures), 'included item', grouped=False)}, "
        f"{neutral} score-neutral (rated alike against every hypothesis, so "
        f"{'it cannot' if neutral == 1 else 'they cannot'} change the ranking).",
    ]
    if sens.leaders:
        lead = lead_of(scores, sens.margin, unweighted=unweighted)
        number = (lambda v: str(int(v))) if unweighted else (lambda v: f"{v:.3f}")
        sentence = lead_sentence(
            lead,
            lambda s: named_item(s.hypothesis_id, titles[s.hypothesis_id]),
            number,
            unweighted=unweighted,
        )
        notes.append(f"Leading: {sentence}")
        for s in provisional_leaders(scores):
            notes.append(
                f"Provisional: {short[s.hypothesis_id]} still has {s.blank} cell"
                f"{'' if s.blank == 1 else 's'} not rated, so it may lead only because "
                "nothing has been held against it yet."
            )

    def named(ids: list[str]) -> str:
        if not ids:
            return "none"
        shown = ", ".join(named_item(i, labels[i]) for i in ids[:20])
        return shown + (f", and {len(ids) - 20} more" if len(ids) > 20 else "")

    tests = [
        ("left out (linchpins)", list(sens.linchpins)),
        ("doubted (credibility low)", [i.evidence_id for i in sens.items if i.doubted]),
        ("reversed (deception)", [i.evidence_id for i in sens.items if i.reversed]),
    ]
    lines.append("")
    for note in notes:
        lines.extend(textwrap.wrap(note, 78, break_on_hyphens=False) or [""])
    lines.append("Sensitivity: the leaders change when the item is")
    for label, ids in tests:
        lines.extend(
            textwrap.wrap(
                f"{label}: {named(ids)}",
                78,
                initial_indent="  ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + "\n"


def _plain(text: str, width: int) -> str:
    """Analyst text made safe and short for a terminal: no control characters, one line."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
