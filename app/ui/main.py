"""Start the window: ``run_gui(path)``.

Imports are kept to what the first window needs.  Opening a worksheet
reads it with plain ``sqlite3``; SQLAlchemy, which writes edits, is
imported in a background thread once the window has painted (and by the
first edit at the latest); the PDF report and the interchange formats load
when first used.  Measured with ``bench/bench_ui.py``.

For measuring the start (``bench/bench_ui.py``): with the environment
variable ``ACH_WORKBENCH_EXIT_WHEN_SHOWN=1`` the program prints one line
``ACH_WORKBENCH_SHOWN <time.monotonic()>`` to standard output as soon as
its first window has been painted with the worksheet in it, then closes
its windows and exits with status 0.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used, to keep the start light (see above)
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from app.ui.dialogs.file_prompts import Prompts
    from app.ui.window.main_window import MainWindow
    from app.ui.window.workbench import Workbench

DESKTOP_FILE_NAME = "ach-workbench"  # resources/desktop/ach-workbench.desktop, the icon's name
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
EXIT_WHEN_SHOWN = "ACH_WORKBENCH_EXIT_WHEN_SHOWN"
SHOWN_MARK = "ACH_WORKBENCH_SHOWN"


def run_gui(path: str | None = None, *, sample: bool = False, argv: list[str] | None = None) -> int:
    """Start the program's window (opening ``path`` if given) and run until it quits.

    ``sample``: start from an untitled copy of the sample worksheet, as the
    welcome page's "Open the sample worksheet" does, so saving never writes
    over the shipped file.
    """
    import gc

    gc.disable()  # the start makes no garbage worth a collection
    try:
        workbench = start_gui(path, sample=sample, argv=argv)
    finally:
        gc.enable()
    app = _application()
    app.setQuitOnLastWindowClosed(True)
    if os.environ.get(EXIT_WHEN_SHOWN):
        _exit_when_shown(workbench, path)
    from app.ui.dialogs.crash import install as install_crash_handler

    install_crash_handler()  # a bug: one sentence on screen, the traceback in crash.log
    return app.exec()


def start_gui(
    path: str | None = None, *, sample: bool = False, argv: list[str] | None = None
) -> Workbench:
    """The QApplication and the first window (the start page if no file opened); the Workbench."""
    from PySide6.QtWidgets import QApplication

    running = QApplication.instance()
    app = (
        running
        if isinstance(running, QApplication)
        else QApplication(argv if argv is not None else sys.argv[:1])
    )
    app.setApplicationName("ACH Workbench")
    app.setOrganizationName("ACH Workbench")
    app.setApplicationDisplayName("ACH Workbench")
    app.setDesktopFileName(DESKTOP_FILE_NAME)  # Wayland and taskbars match the .desktop entry
    _set_window_icon(app)
    register_shipped_fonts()  # before the first window lays out any text

    from app.ui.window.workbench import Workbench

    workbench = Workbench()
    if path:
        window = _open_named(workbench, path)
    else:
        window = workbench.new_worksheet(sample=True) if sample else None
    if window is None:  # no file, or it could not be opened (the analyst was told why)
        window = workbench.show_start_page()

    # Once the window is up: crashed sessions are offered over it, and the
    # worksheet writer loads in the background, ready for the first edit.
    def after_first_paint() -> None:
        _import_writer_in_background()
        workbench.offer_recovery(window)

    when_painted(window, after_first_paint)
    return workbench


def _open_named(workbench: Workbench, text: str) -> MainWindow | None:
    """The worksheet named ``text`` (as on the command line) opened in a window, or None."""
    from app.storage.address import parse_address
    from app.storage.errors import WorksheetError

    try:
        address = parse_address(text)
    except WorksheetError as exc:  # a kind of address this version has no store for
        workbench.prompts.error(None, str(exc))
        return None
    opened: MainWindow | None = workbench.open(address)
    return opened


# Fonts shipped for the PDF brief that the window needs too: Hangul, which a stock
# Debian has no font for (Qt would draw boxes).  Latin text uses the desktop's font.
HANGUL_FONTS = ("NanumSquareR.ttf", "NanumSquareB.ttf")


def register_shipped_fonts() -> list[str]:
    """Give Qt the shipped Hangul fonts when no installed font writes Korean.

    Qt's fallback then finds them for any Hangul in the window.  About 4 ms
    (bench/bench_ui.py), and nothing at all where the desktop has a Korean
    font of its own, which then keeps its look.  Returns the families added.
    """
    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.Korean):
        return []
    from app.resources import resource_path

    added: list[str] = []
    for name in HANGUL_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id >= 0:  # a missing or broken file: boxes, as before, never a failed start
            added += QFontDatabase.applicationFontFamilies(font_id)
    return added


WRITER_MODULES = ("app.storage.changes", "app.storage.achw.rows")
"""What the first edit or save needs besides what opening a worksheet loaded (SQLAlchemy)."""


def _import_writer_in_background() -> None:
    """Start importing the worksheet writer in a thread (named "import writer").

    An edit made meanwhile imports the same modules in the GUI thread, where
    Python's import lock makes it wait for this import instead of repeating it.
    """
    import importlib
    import threading

    def work() -> None:
        for name in WRITER_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the same import in the GUI thread will report it
                return

    thread = threading.Thread(target=work, name="import writer", daemon=True)
    thread.start()


def program_icon() -> QIcon:
    """The program's icon: the hicolor PNGs drawn for each size, the SVG for any other size."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from app.resources import resource_path

    icon = QIcon()
    name = DESKTOP_FILE_NAME
    for size in ICON_SIZES:
        png = resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{name}.png")
        if png.exists():
            icon.addFile(str(png), QSize(size, size))  # the size given: no file read now
    svg = resource_path("icons", f"{name}.svg")
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon


def _application() -> QApplication:
    """The running QApplication, which start_gui made."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)  # start_gui made it before anything asks
    return app


def _set_window_icon(app: QApplication) -> None:
    icon = program_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)


def when_painted(widget: QWidget, then: Callable[[], object]) -> None:
    """Call ``then`` once ``widget`` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                self.deleteLater()
                QTimer.singleShot(0, then)  # after the whole window has painted
            return False

    widget.installEventFilter(Watch(widget))


def _discarding_prompts() -> Prompts:
    """Prompts that answer "discard" to unsaved changes (the measuring mode only)."""
    from app.ui.dialogs.file_prompts import Choice, Prompts

    class Discard(Prompts):
        def unsaved_changes(self, parent: QWidget | None, name: str) -> Choice:
            return Choice.DISCARD

    return Discard()


def _exit_when_shown(workbench: Workbench, path: str | None) -> None:
    """Print when the first window has painted with the file in it, then close and exit."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    app = _application()

    def finish() -> None:
        print(f"{SHOWN_MARK} {time.monotonic():.6f}", flush=True)
        # Nothing was edited while measuring, but an untitled copy of the
        # sample (--sample) counts as unsaved work: close it without a question.
        workbench.prompts = _discarding_prompts()  # every window asks the workbench's
        workbench.quit()
        app.exit(0)

    def showing(watched: QObject) -> bool:
        """The window itself (no file), or its matrix once the file is in it."""
        window = workbench.windows[0] if workbench.windows else None
        if window is None or path is None:
            return watched is window
        pane = window.pane  # None while the start page shows
        return (
            window.document.address is not None
            and pane is not None
            and watched is pane.view.viewport()
        )

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and showing(watched):
                app.removeEventFilter(self)
                QTimer.singleShot(0, finish)  # after the whole window has painted
            return False

    app.installEventFilter(Watch(workbench))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None))
