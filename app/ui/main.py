"""Start the window: ``run_gui(path)``.

Imports are kept to what the first window needs; storage, scoring and the
PDF report load when first used, so the window appears about as fast as a
bare PySide6 window.
"""

from __future__ import annotations

import sys


def run_gui(path: str | None = None, *, argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ACH Workbench")
    app.setOrganizationName("ACH Workbench")
    app.setApplicationDisplayName("ACH Workbench")

    from app.ui.workbench import Workbench

    workbench = Workbench()
    window = workbench.open_path(path) if path else None
    if window is None:
        window = workbench.new_worksheet()
    if window is None:  # pragma: no cover - storage refused even a blank worksheet
        return 1
    QTimer.singleShot(0, lambda: workbench.offer_recovery(window))
    app.setQuitOnLastWindowClosed(True)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None))
