"""Start the window: ``run_gui(path)``.

Imports are kept to what the first window needs; storage, scoring and the
PDF report load when first used, so the window appears about as fast as a
bare PySide6 window.
"""

from __future__ import annotations

import sys


def run_gui(path: str | None = None, *, argv: list[str] | None = None) -> int:
    """Start the program's window (opening ``path`` if given) and run until it quits."""
    from PySide6.QtWidgets import QApplication

    workbench = start_gui(path, argv=argv)
    if workbench is None:  # pragma: no cover - storage refused even a blank worksheet
        return 1
    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(True)
    return app.exec()


def start_gui(path: str | None = None, *, argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication and the first window; returns the Workbench (None if nothing opened)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ACH Workbench")
    app.setOrganizationName("ACH Workbench")
    app.setApplicationDisplayName("ACH Workbench")
    _set_window_icon(app)

    from app.ui.workbench import Workbench

    workbench = Workbench()
    window = workbench.open_path(path) if path else None
    if window is None:
        window = workbench.new_worksheet()
    if window is None:  # pragma: no cover
        return None
    QTimer.singleShot(0, lambda: workbench.offer_recovery(window))
    return workbench


def _set_window_icon(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QIcon

    from app.resources import resource_path

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = resource_path("icons", "hicolor", f"{size}x{size}", "apps", "ach-workbench.png")
        if png.exists():
            icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None))
