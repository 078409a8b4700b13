"""PDF brief figures (issue 4): exporting a 1,000 x 10 worksheet against a bare reportlab table.

Both run in the same process, interleaved, best of several runs:

* export: the whole brief, ``render_brief(ws)``: gathering scores and the
  sensitivity analysis, then title page, summary, matrix, evidence list and
  notes, with fonts embedded;
* matrix only: gathering the brief, then its matrix section on its own
  (heading, legend and the `MatrixBand` of the ten hypotheses: the part that
  is "the same cells" as the bare table, coloured, coded and with every
  column of the brief);
* bare table: one reportlab ``Table`` of the same cells (item label, item
  title, ten rating codes) with a repeated header row, default styles.

The brief draws its matrix and most of its text straight into the page
(app/report/ink.py) rather than through reportlab's Table and text objects;
the bare table is reportlab as it comes (a default Table in Helvetica, the
default page streams).  Both go through reportlab's page layout (platypus).

Aim: export at most 2x the bare table.
Run: .venv/bin/python bench/bench_pdf.py [runs]
"""

from __future__ import annotations

import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib import rl_accel
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.report.brief import gather_brief
from app.report.render import BriefRenderer, render_brief

ITEMS, HYPOTHESES = 1000, 10


def worksheet(items: int = ITEMS, hypotheses: int = HYPOTHESES, seed: int = 1) -> Worksheet:
    rnd = random.Random(seed)
    ws = Worksheet(
        title=f"Benchmark, {items} x {hypotheses}",
        question="Which hypothesis survives the evidence best?",
        analyst="Bench",
        classification="UNCLASSIFIED",
        hypotheses=[Hypothesis(f"Hypothesis {j + 1}", id=f"H{j + 1}") for j in range(hypotheses)],
    )
    for i in range(items):
        ws.evidence.append(
            Evidence(
                f"Evidence item {i + 1} reported by source {rnd.randint(1, 99)}",
                "Synthetic benchmark item. " * rnd.randint(0, 6),
                source=f"Source {rnd.randint(1, 40)}",
                date=f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                type=rnd.choice(["HUMINT", "SIGINT", "IMINT", "OSINT", "assumption"]),
                credibility=rnd.choice(list(Level)),
                relevance=rnd.choice(list(Level)),
                id=f"E{i + 1}",
            )
        )
        for h in ws.hypotheses:
            ws.set_cell(f"E{i + 1}", h.id, Cell(rnd.choice(list(Rating))))
    return ws


def bare_table(ws: Worksheet) -> bytes:
    rows = [["", "Evidence", *(f"H{j + 1}" for j in range(len(ws.hypotheses)))]]
    for i, e in enumerate(ws.evidence, start=1):
        codes = [ws.rating(e.id, h.id) for h in ws.hypotheses]
        rows.append([f"E{i}", e.title, *(c.value if c else "" for c in codes)])
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build([Table(rows, repeatRows=1)])
    return buffer.getvalue()


def matrix_only(ws: Worksheet) -> bytes:
    renderer = BriefRenderer(gather_brief(ws))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build(renderer.matrix_story())
    return buffer.getvalue()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    ws = worksheet()
    jobs = {
        "export (whole brief)": lambda: render_brief(ws).pdf,
        "matrix only": lambda: matrix_only(ws),
        "bare table": lambda: bare_table(ws),
    }
    best = dict.fromkeys(jobs, float("inf"))
    size = {}
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            data = job()
            best[name] = min(best[name], time.perf_counter() - start)
            size[name] = len(data)
    accelerated = type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    print(f"{ITEMS} items x {HYPOTHESES} hypotheses, best of {runs} runs")
    print(f"reportlab C accelerator (rl_accel): {'yes' if accelerated else 'no'}")
    for name, seconds in best.items():
        print(f"  {name:22s} {seconds:7.3f} s  {size[name] / 1024:7.0f} KiB")
    bare = best["bare table"]
    print(f"ratio export / bare table: {best['export (whole brief)'] / bare:.2f}x (aim <= 2x)")
    print(f"ratio matrix / bare table: {best['matrix only'] / bare:.2f}x")


if __name__ == "__main__":
    main()
