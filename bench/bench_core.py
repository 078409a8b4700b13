"""Worksheet core figures (issue 2): import, open, score, save, size, for three sizes.

Prints a table and the ratio of the largest worksheet to the smallest, plus the
two aims: `score` from the command line on 5,000x30 at most 3x the 50x5 run,
and opening at most 3x the time plain sqlite3 needs to read the rows.
Run: .venv/bin/python bench/bench_core.py
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_worksheet import worksheet_json

from app.domain.scoring import evidence_measures, score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from app.storage.achw.worksheet_file import WorksheetFile

SIZES = [(50, 5), (500, 10), (5000, 30)]
REPO = Path(__file__).resolve().parent.parent


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "app", *args], check=True, cwd=REPO, capture_output=True)


def raw_sqlite_read(path: Path) -> None:
    con = sqlite3.connect(path)
    for table in ("worksheet", "hypotheses", "evidence", "cells", "milestones"):
        con.execute(f"SELECT * FROM {table}").fetchall()
    con.close()


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for items, hyps in SIZES:
            src = Path(tmp) / f"w{items}.json"
            src.write_text(worksheet_json(items, hyps), encoding="utf-8")
            achw = Path(tmp) / f"w{items}.achw"

            def do_import(src: Path = src, achw: Path = achw) -> None:
                achw.unlink(missing_ok=True)
                cli("import", str(src), "-o", str(achw))

            t_import = best_of(3, do_import)

            def do_open(achw: Path = achw) -> None:
                WorksheetFile.open(achw, read_only=True).close()

            t_open = best_of(3, do_open)
            t_raw = best_of(3, lambda achw=achw: raw_sqlite_read(achw))
            t_score_cli = best_of(3, lambda achw=achw: cli("score", str(achw), "--json"))

            wf = WorksheetFile.open(achw, read_only=True)
            ws = wf.worksheet

            def in_process(ws=ws) -> None:
                score_worksheet(ws)
                evidence_measures(ws)
                analyse_sensitivity(ws)

            t_score = best_of(3, in_process)
            wf.close()

            wf = WorksheetFile.open(achw)
            out = Path(tmp) / f"saved{items}.achw"
            t_save = best_of(3, lambda wf=wf, out=out: wf.save(out, overwrite=True))
            wf.close()
            rows.append(
                {
                    "size": f"{items}x{hyps}",
                    "import_s": t_import,
                    "open_s": t_open,
                    "sqlite_rows_s": t_raw,
                    "score_cli_s": t_score_cli,
                    "score_in_process_s": t_score,
                    "save_s": t_save,
                    "file_kib": achw.stat().st_size / 1024,
                }
            )

    keys = list(rows[0])
    print(" | ".join(f"{k:>18}" for k in keys))
    for r in rows:
        cells = (f"{r[k]:>18.4f}" if isinstance(r[k], float) else f"{r[k]:>18}" for k in keys)
        print(" | ".join(cells))
    small, large = rows[0], rows[-1]
    print("\nratio largest / smallest:")
    for k in keys[1:]:
        print(f"  {k:>18}: {large[k] / small[k]:8.1f}x")
    print(
        f"\naim: score from the command line 5000x30 / 50x5 <= 3x: "
        f"{large['score_cli_s'] / small['score_cli_s']:.2f}x"
    )
    # The aim assumed start-up dominates.  Since reading needs no SQLAlchemy,
    # the 50x5 run is almost all interpreter start; the 5000x30 one is the
    # work itself: reading 150,000 cells plus scoring with sensitivity.
    work = large["score_cli_s"] - small["score_cli_s"]
    print(
        f"  (50x5 is start-up: {small['score_cli_s']:.3f} s; 5000x30 adds {work:.3f} s of work, "
        f"of which scoring with sensitivity in-process {large['score_in_process_s']:.3f} s "
        f"and opening {large['open_s']:.3f} s)"
    )
    print(
        f"aim: open 5000x30 / plain sqlite3 reading its rows <= 3x: "
        f"{large['open_s'] / large['sqlite_rows_s']:.2f}x"
    )
    print(
        f"(median of sizes' open/raw ratio: "
        f"{statistics.median(r['open_s'] / r['sqlite_rows_s'] for r in rows):.2f}x)"
    )


if __name__ == "__main__":
    main()
