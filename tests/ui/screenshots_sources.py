"""Screenshots of the Sources panel and of the Details panel's citations.

    python -m tests.ui.screenshots_sources OUTDIR

Offscreen, on a private copy of the sample worksheet (its article is a source
that a dozen items cite); writes OUTDIR/sources-panel.png (a passage shown among
the cited ones, light), sources-panel-dark.png and details-citations.png (an
item's grading line and citations), as tests/ui/screenshots.py does for the
main window.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def main(out: Path) -> list[Path]:
    from tests.ui.screenshots import dark_palette, offscreen_workbench

    app, home, _settings, workbench = offscreen_workbench()
    from app.domain.model import Level
    from app.resources import sample_worksheet
    from app.storage.achw.worksheet_file import WorksheetFile

    copy = home / "dprk.achw"
    shutil.copy(sample_worksheet(), copy)
    file = WorksheetFile.open(copy)
    window = workbench.show_document(workbench.make_document(file))
    window.resize(1500, 900)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def settle(n: int = 20) -> None:
        for _ in range(n):
            app.processEvents()

    ws = window.document.worksheet
    cited = next(e for e in ws.evidence if e.citations)
    # An item graded against the suggestion: the line says so and offers it.
    doc = window.document
    doc.set_item_fields(cited.id, info_credibility="2", credibility=Level.HIGH)
    window.pane.select_item(cited.id)
    settle()
    window.details_dock.raise_()
    settle()
    path = out / "details-citations.png"
    window.grab().save(str(path))
    written.append(path)
    c = cited.citations[0]
    for name, palette in (("", app.style().standardPalette()), ("-dark", dark_palette())):
        app.setPalette(palette)
        window.details.passage_requested.emit(c.source_id, c.start, c.end)
        settle()
        path = out / f"sources-panel{name}.png"
        window.grab().save(str(path))
        written.append(path)
    app.setPalette(app.style().standardPalette())
    window.document.undo_stack.clear()
    window._closed = True
    window.close()
    file.close()
    return written


if __name__ == "__main__":
    for p in main(Path(sys.argv[1])):
        print(p)
