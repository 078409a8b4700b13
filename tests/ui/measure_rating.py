"""Time from one keyboard rating to the repainted score row, sample-sized vs 5,000 x 30.

    python -m tests.ui.measure_rating

Prints the median and worst of 20 ratings for each size (offscreen).  The
edit must cost about the same on both: nothing in the path may grow with
the worksheet.  The debounced sensitivity analysis is left out (it runs
150 ms after the last edit, by design O(evidence x hypotheses)).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp()
    for var in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        os.environ[var] = os.path.join(home, var.lower())
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDockWidget

    qapp = QApplication.instance() or QApplication([])
    from app.domain.model import Rating
    from app.storage.worksheet_file import WorksheetFile
    from app.ui.settings import Settings
    from app.ui.workbench import Workbench
    from tests.ui.worksheets import big_worksheet, realistic_worksheet

    settings = Settings(QSettings(os.path.join(home, "s.ini"), QSettings.Format.IniFormat))
    workbench = Workbench(settings)
    for name, ws in (("sample 12x4", realistic_worksheet()), ("5000x30", big_worksheet(5000, 30))):
        file = WorksheetFile.create(ws)
        window = workbench.show_document(workbench.make_document(file))
        window.findChild(QDockWidget, "details_dock").raise_()  # sensitivity tab behind
        qapp.processEvents()
        print(f"{name}: sensitivity panel on screen: {window.sensitivity._on_screen()}")
        times = []
        for i in range(20):
            e = ws.evidence[(len(ws.evidence) // 2 + i) % len(ws.evidence)]
            h = ws.hypotheses[i % len(ws.hypotheses)]
            window.pane.select_cell(e.id, h.id)
            qapp.processEvents()
            start = time.perf_counter()
            window.pane.view.rate(Rating.I if i % 2 else Rating.C)
            col = window.pane.model.column_of(h.id)
            window.pane.score_model.index(0, col).data()
            window.pane.footer.viewport().repaint()
            qapp.processEvents()
            times.append(time.perf_counter() - start)
        print(
            f"{name}: rating to score row median {statistics.median(times) * 1000:.1f} ms,"
            f" worst {max(times) * 1000:.1f} ms"
        )
        window.document.undo_stack.clear()
        window._closed = True
        window.close()
        file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
