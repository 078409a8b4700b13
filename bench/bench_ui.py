"""Window figures (issue 3): launch time against a bare PySide6 window, and rating time.

(a) Launch: the time from starting ``python -m app SAMPLE.achw`` until its
    matrix has painted with the worksheet in it, against a bare PySide6
    program (QApplication + QMainWindow + show) started the same way until
    its window has painted; for the record also the start without a file
    (until the welcome page has painted).  All run as subprocesses with
    ``QT_QPA_PLATFORM=offscreen`` and private per-user folders, and print a
    ``time.monotonic()`` stamp at that moment and exit (the program does so
    under ``ACH_WORKBENCH_EXIT_WHEN_SHOWN=1``, see ``app/ui/main.py``).
    One warm-up run each, then the best of N, interleaved.  Bytecode is
    cached (in a private folder) as it is in an installed program, even when
    the shell sets PYTHONDONTWRITEBYTECODE.
    Aim: at most 1.5x the bare window.
    For reference, also a minimal *table* window: a menu bar and a plain
    QTableView of 13 x 5 short texts, until the table has painted.  It is
    the floor for any window that shows a worksheet: Qt's namespace of
    enums, the fonts and a table view cost that much before any code of
    this program runs.

(b) Rating: the time from one key press on a matrix cell to the repainted
    score row, on the sample worksheet and on a generated 5,000 x 30 one
    (median and worst of many, in-process, offscreen).  The edit must cost
    about the same on both.  A generated 50 x 30 worksheet fills the screen
    as the large one does (the sample's 13 x 5 does not), so 5,000 x 30
    against 50 x 30 isolates what the worksheet's size alone costs.  The
    sensitivity analysis is left out: it runs 150 ms after the last edit,
    only while its panel is on screen, and is O(evidence x hypotheses) by
    nature.

Run: .venv/bin/python bench/bench_ui.py [--runs N] [--ratings N] [--launch-only | --rating-only]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

SHOWN_MARK = "ACH_WORKBENCH_SHOWN"  # app.ui.main.SHOWN_MARK, not imported to keep it honest

# Both reference programs end the same way: print the stamp once ``painted``
# has painted, then quit.  The bare window watches itself; the table window
# watches its table's viewport (the cells, not just the frame).
_STAMP_WHEN_PAINTED = f"""

def finish():
    print(f"{SHOWN_MARK} {{time.monotonic():.6f}}", flush=True)
    window.close()
    app.exit(0)


class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is painted:
            app.removeEventFilter(self)
            QTimer.singleShot(0, finish)
        return False


watch = Watch()
app.installEventFilter(watch)
window.show()
sys.exit(app.exec())
"""

BARE_WINDOW = (
    """\
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1400, 860)
painted = window
"""
    + _STAMP_WHEN_PAINTED
)

TABLE_WINDOW = (
    """\
import sys
import time

from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class Cells(QAbstractTableModel):
    def rowCount(self, parent=None):
        return 13

    def columnCount(self, parent=None):
        return 5

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"cell {index.row()}, {index.column()}"
        return None


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1400, 860)
window.menuBar().addMenu("&File").addAction("&Open")
table = QTableView()
table.setModel(Cells())
window.setCentralWidget(table)
painted = table.viewport()
"""
    + _STAMP_WHEN_PAINTED
)


# -- shared setup ---------------------------------------------------------------------------


def private_env(home: Path) -> dict[str, str]:
    """The environment of a program run that must not touch the user's own settings."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    for var in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env[var] = str(home / var.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its bytecode
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def sample_worksheet():  # type: ignore[no-untyped-def]
    """The sample as the program would open it: the shipped .achw, else its JSON source."""
    from app.resources import resource_path, sample_worksheet
    from app.storage.achw.worksheet_file import read_worksheet

    path = sample_worksheet()
    if path.exists():
        return read_worksheet(path)
    from app.interchange.json_form import worksheet_from_json

    source = resource_path("sample", "dprk-munitions.json")
    return worksheet_from_json(source.read_bytes(), source=source.name)


def write_sample(folder: Path) -> Path:
    """A copy of the sample worksheet file in ``folder`` (built from JSON in a fresh checkout)."""
    from app.storage.achw.worksheet_file import WorksheetFile

    target = folder / "dprk-munitions.achw"
    f = WorksheetFile.create(sample_worksheet())
    try:
        f.save(target)
    finally:
        f.close()
    return target


# -- (a) launch -----------------------------------------------------------------------------


def time_to_shown(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to the stamp it prints when its window has painted."""
    start = time.monotonic()
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    for line in done.stdout.splitlines():
        if line.startswith(SHOWN_MARK):
            return float(line.split()[1]) - start
    raise RuntimeError(f"{command} printed no {SHOWN_MARK} line: {done.stdout!r} {done.stderr!r}")


def bench_launch(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        sample = write_sample(tmp_path)
        bare = tmp_path / "bare_window.py"
        bare.write_text(BARE_WINDOW, encoding="utf-8")
        table = tmp_path / "table_window.py"
        table.write_text(TABLE_WINDOW, encoding="utf-8")
        env = private_env(tmp_path / "home")
        program_env = {**env, "ACH_WORKBENCH_EXIT_WHEN_SHOWN": "1"}
        program = [sys.executable, "-m", "app", str(sample)]
        bare_cmd = [sys.executable, str(bare)]
        table_cmd = [sys.executable, str(table)]
        welcome = [sys.executable, "-m", "app"]
        time_to_shown(program, program_env)  # warm-up: bytecode caches, file cache
        time_to_shown(bare_cmd, env)
        time_to_shown(table_cmd, env)
        t_program, t_bare, t_welcome, t_table = [], [], [], []
        for _ in range(runs):
            t_program.append(time_to_shown(program, program_env))
            t_bare.append(time_to_shown(bare_cmd, env))
            t_welcome.append(time_to_shown(welcome, program_env))
            t_table.append(time_to_shown(table_cmd, env))
    best_program, best_bare = min(t_program), min(t_bare)
    print(f"(a) launch to first painted window, best of {runs}, offscreen:")
    print(f"    ACH Workbench with the sample: {best_program * 1000:7.0f} ms")
    print(f"    bare PySide6 window:           {best_bare * 1000:7.0f} ms")
    print(f"    (ACH Workbench, welcome page:  {min(t_welcome) * 1000:7.0f} ms)")
    best_table = min(t_table)
    print(
        f"    (minimal table window:         {best_table * 1000:7.0f} ms, "
        f"{best_table / best_bare:.2f}x bare: the floor for showing any table)"
    )
    print(
        f"    ratio: {best_program / best_bare:.2f}x  (aim: at most 1.5x; medians "
        f"{statistics.median(t_program) * 1000:.0f} / {statistics.median(t_bare) * 1000:.0f} ms)"
    )
    return {"program": best_program, "bare": best_bare, "table": best_table}


# -- (b) one rating to the score row -----------------------------------------------------------


def _quiet_offscreen(_mode, _context, message: str) -> None:  # type: ignore[no-untyped-def]
    """Drop the offscreen plugin's "does not support raise()" notes; print anything else."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def bench_import(qapp, workbench, home: Path, rows: int) -> None:  # type: ignore[no-untyped-def]
    """(c) File › Import of a large CSV evidence list: how long, and the longest the
    window's event loop went without running (what the analyst sees as a freeze)."""
    from PySide6.QtCore import QTimer

    from app.ui.dialogs.file_prompts import Choice

    path = home / "large list.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("title,description,date,credibility\n")
        for n in range(rows):
            out.write(
                f"Report {n} of rail traffic,{'Trains seen at night. ' * (n % 60)},"
                f"2023-09-{n % 28 + 1:02d},{('low', 'medium', 'high')[n % 3]}\n"
            )
    size = path.stat().st_size
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()

    def imported(window, what: str) -> None:  # type: ignore[no-untyped-def]
        ticks.clear()
        start = time.perf_counter()
        window.interchange.import_path(path)
        end = time.perf_counter()
        beats = [start, *(t for t in ticks if t > start), end]
        pause = max(b - a for a, b in itertools.pairwise(beats))
        print(
            f"    {what}: {end - start:5.2f} s, the window's longest pause {pause * 1000:5.0f} ms"
        )

    print(f"(c) File › Import of a {size / 1e6:.0f} MB CSV evidence list ({rows} items):")
    window = workbench.show_start_page()
    imported(window, "into a new worksheet      ")
    workbench.prompts.import_into = lambda *_a: Choice.ADD
    imported(window, "added to the open one     ")
    timer.stop()
    assert len(window.document.worksheet.evidence) == 2 * rows, "the import did not add the items"
    assert window.close(), "the benchmarked window refused to close"


def bench_rating(count: int, rows: int = 0) -> dict[str, float]:
    home = Path(tempfile.mkdtemp())
    os.environ.update({k: v for k, v in private_env(home).items() if k != "HOME"})
    from PySide6.QtCore import QSettings, Qt, qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDockWidget

    qInstallMessageHandler(_quiet_offscreen)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    from make_worksheet import worksheet_json

    from app.domain.model import Rating
    from app.interchange.json_form import worksheet_from_json
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.ui.dialogs.file_prompts import Choice, Prompts
    from app.ui.window.settings import Settings
    from app.ui.window.workbench import Workbench

    class DiscardChanges(Prompts):
        """The analyst's answer when a benchmarked window closes: do not save."""

        def unsaved_changes(self, parent, name):  # type: ignore[no-untyped-def]
            return Choice.DISCARD

        def error(self, parent, text):  # type: ignore[no-untyped-def]
            raise SystemExit(f"the benchmark met a refusal: {text}")  # not a modal box

    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    workbench = Workbench(settings, DiscardChanges())
    if rows:
        bench_import(qapp, workbench, home, rows)
    sizes = (
        ("sample", sample_worksheet()),
        ("50x30", worksheet_from_json(worksheet_json(50, 30).encode(), source="bench")),
        ("5000x30", worksheet_from_json(worksheet_json(5000, 30).encode(), source="bench")),
    )
    medians = {}
    print(f"(b) one rating key press to the repainted score row, {count} ratings each:")
    for name, ws in sizes:
        file = WorksheetFile.create(ws)
        window = workbench.show_document(workbench.make_document(file))
        window.findChild(QDockWidget, "details_dock").raise_()  # sensitivity tab behind
        qapp.processEvents()
        view, pane = window.pane.view, window.pane
        times = []
        for i in range(count):
            e = ws.evidence[(len(ws.evidence) // 2 + i // len(ws.hypotheses)) % len(ws.evidence)]
            h = ws.hypotheses[i % len(ws.hypotheses)]
            pane.select_cell(e.id, h.id)
            qapp.processEvents()
            key = Qt.Key.Key_4 if i % 2 else Qt.Key.Key_2  # I, C: the score moves each time
            start = time.perf_counter()
            QTest.keyClick(view, key)
            pane.footer.viewport().repaint()
            qapp.processEvents()
            times.append(time.perf_counter() - start)
            wanted = Rating.I if i % 2 else Rating.C
            assert ws.rating(e.id, h.id) is wanted, "the key press did not rate the cell"
        medians[name] = statistics.median(times)
        print(
            f"    {name:>8} ({len(ws.evidence)} x {len(ws.hypotheses)}): median "
            f"{medians[name] * 1000:6.2f} ms, worst {max(times) * 1000:6.2f} ms"
        )
        # Closed as the analyst closes it (answering "discard"), so the
        # window leaves the workbench and closes its worksheet itself.
        assert window.close(), "the benchmarked window refused to close"
        assert window not in workbench.windows
    print(f"    ratio 5000x30 / sample: {medians['5000x30'] / medians['sample']:.2f}x")
    print(
        f"    ratio 5000x30 / 50x30:  {medians['5000x30'] / medians['50x30']:.2f}x"
        "  (the same screenful of cells: what the worksheet's size alone costs)"
    )
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="launches of each program (best of)")
    parser.add_argument("--ratings", type=int, default=101, help="ratings on each worksheet")
    parser.add_argument("--import-rows", type=int, default=40000, help="items of the large list")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--launch-only", action="store_true")
    only.add_argument("--rating-only", action="store_true")
    args = parser.parse_args(argv)
    if not args.rating_only:
        bench_launch(args.runs)
    if not args.launch_only:
        bench_rating(args.ratings, args.import_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
