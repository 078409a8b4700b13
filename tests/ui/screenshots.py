"""Screenshots of the main window in light and dark palettes.

    python -m tests.ui.screenshots OUTDIR [worksheet.achw]

Uses the sample worksheet when it exists, else the realistic test worksheet.
Runs offscreen; writes OUTDIR/main-window-light.png, -dark.png and
-sensitivity.png, help.png (the Help window) and welcome.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    for role, colour in (
        (R.Window, "#2b2b2b"),
        (R.WindowText, "#e6e6e6"),
        (R.Base, "#1f1f1f"),
        (R.AlternateBase, "#2a2a2a"),
        (R.Text, "#e6e6e6"),
        (R.Button, "#353535"),
        (R.ButtonText, "#e6e6e6"),
        (R.Highlight, "#3d7bd9"),
        (R.HighlightedText, "#ffffff"),
        (R.ToolTipBase, "#353535"),
        (R.ToolTipText, "#e6e6e6"),
        (R.PlaceholderText, "#8a8a8a"),
        (R.Mid, "#4a4a4a"),
    ):
        p.setColor(role, QColor(colour))
    p.setColor(G.Disabled, R.Text, QColor("#7a7a7a"))
    p.setColor(G.Disabled, R.WindowText, QColor("#7a7a7a"))
    return p


def offscreen_workbench() -> tuple[Any, Path, Any, Any]:
    """(the application, a private home folder, its settings, a workbench), offscreen,
    in the Fusion style, with every per-user folder inside that home."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp())
    for var in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        os.environ[var] = str(home / var.lower())
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    from app.ui.window.settings import Settings
    from app.ui.window.workbench import Workbench

    settings = Settings(QSettings(str(home / "s.ini"), QSettings.Format.IniFormat))
    return app, home, settings, Workbench(settings)


def main(out: Path, source: Path | None = None) -> list[Path]:
    app, home, settings, workbench = offscreen_workbench()
    from PySide6.QtWidgets import QDockWidget

    from app.storage.achw.worksheet_file import WorksheetFile
    from app.storage.address import FileAddress
    from tests.ui.worksheets import realistic_worksheet

    if source is None:
        from app.resources import sample_worksheet

        if sample_worksheet().exists():
            source = sample_worksheet()
    sample_json = Path(__file__).resolve().parents[2] / "resources/sample/dprk-munitions.json"
    if source is not None:
        # A private copy: the shipped file is not locked, and the window shows
        # the worksheet as an analyst editing it sees it (no read-only bar).
        import shutil

        copy = home / source.name
        shutil.copy(source, copy)
        file = WorksheetFile.open(copy)
    elif sample_json.exists():
        from app.interchange.json_form import worksheet_from_json

        ws = worksheet_from_json(sample_json.read_bytes(), source=sample_json.name)
        file = WorksheetFile.create(ws)
    else:
        file = WorksheetFile.create(realistic_worksheet())
    window = workbench.show_document(workbench.make_document(file))
    window.resize(1500, 860)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, palette in (("light", app.style().standardPalette()), ("dark", dark_palette())):
        app.setPalette(palette)
        ws = window.document.worksheet
        window.pane.select_cell(ws.evidence[1].id, ws.hypotheses[1].id)
        for _ in range(20):
            app.processEvents()
        window.sensitivity.refresh()
        for _ in range(5):
            app.processEvents()
        path = out / f"main-window-{name}.png"
        window.grab().save(str(path))
        written.append(path)
    app.setPalette(app.style().standardPalette())
    dock = window.findChild(QDockWidget, "sensitivity_dock")
    dock.raise_()
    window.sensitivity.refresh()
    for _ in range(20):
        app.processEvents()
    path = out / "main-window-sensitivity.png"
    window.grab().save(str(path))
    written.append(path)
    window.show_help()
    for _ in range(10):
        app.processEvents()
    path = out / "help.png"
    window.help_window.grab().save(str(path))
    written.append(path)
    window.help_window.close()
    window.document.undo_stack.clear()
    window._closed = True
    window.close()
    file.close()
    if source is not None:
        settings.add_recent(FileAddress.of(source))
    welcome = workbench.show_start_page()
    welcome.resize(1200, 760)
    for _ in range(10):
        app.processEvents()
    path = out / "welcome.png"
    welcome.grab().save(str(path))
    written.append(path)
    welcome.close()
    return written


if __name__ == "__main__":
    args = sys.argv[1:]
    for p in main(Path(args[0]), Path(args[1]) if len(args) > 1 else None):
        print(p)
