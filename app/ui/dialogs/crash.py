"""One handler for bugs while the window runs: a sentence for the analyst, details in a log.

Explainable failures (a file refused, a full disk) are caught where they
happen and told in their own words.  Anything else that escapes a menu
command, a slot or an event handler is a bug: PySide6 hands it to
``sys.excepthook`` and the event loop carries on.  ``install()`` puts a
hook there that appends the traceback to ``crash.log`` in the per-user log
folder (``platformdirs.user_log_dir("ach-workbench")``) and shows one
sentence in a message box naming that file.  While that box is open,
further errors are only logged (an error in a paint event would otherwise
open a box per repaint).

Call ``install()`` once the QApplication exists (``run_gui``); it returns
the hook, whose ``uninstall()`` puts the previous one back.
"""

from __future__ import annotations

import datetime
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

APP_DIR_NAME = "ach-workbench"
LOG_NAME = "crash.log"
MAX_LOG_BYTES = 1_000_000  # then the log starts again, the old one kept as crash.log.1

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME))


def write_log(
    folder: Path, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """Append one report to ``folder/crash.log``; returns the file."""
    from app import __version__

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
        path.replace(path.with_name(LOG_NAME + ".1"))
    try:
        from PySide6 import __version__ as pyside
    except ImportError:  # pragma: no cover - the window runs on PySide6
        pyside = "?"
    lines = traceback.format_exception(exc_type, exc, tb)
    report = (
        f"=== {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z} · "
        f"ACH Workbench {__version__} · Python {sys.version.split()[0]} · PySide6 {pyside}\n"
        + "".join(lines)
        + "\n"
    )
    with open(path, "a", encoding="utf-8") as f:
        f.write(report)
    return path


def sentence(exc_type: type[BaseException], exc: BaseException, log: Path | None) -> str:
    """What the analyst reads: one sentence, the error's name, and where the details are."""
    what = exc_type.__name__
    detail = str(exc).splitlines()[0][:120] if str(exc) else ""
    error = f"{what}: {detail}" if detail else what
    where = f"the details are in {log}" if log else "the details could not be written down"
    return f"ACH Workbench ran into a bug ({error}) and that command did not finish; {where}."


def _show_in_a_box(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:  # pragma: no cover - no window to show it in
        print(text, file=sys.stderr)
        return
    QMessageBox.critical(QApplication.activeWindow(), "ACH Workbench", text)


class CrashHook:
    """The ``sys.excepthook`` of the running window."""

    def __init__(
        self,
        show: Callable[[str], None] = _show_in_a_box,
        folder: Callable[[], Path] = log_folder,
    ):
        self.show = show
        self.folder = folder
        self.previous = sys.excepthook
        self.showing = False

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            self.previous(exc_type, exc, tb)
            return
        try:
            log: Path | None = write_log(self.folder(), exc_type, exc, tb)
        except OSError:
            log = None
        traceback.print_exception(exc_type, exc, tb)  # a terminal, if any, sees it too
        if self.showing:
            return
        self.showing = True
        try:
            self.show(sentence(exc_type, exc, log))
        finally:
            self.showing = False

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install(
    show: Callable[[str], None] | None = None, folder: Callable[[], Path] | None = None
) -> CrashHook:
    """Make this module the handler of unexpected errors; returns the hook."""
    hook = CrashHook(show or _show_in_a_box, folder or log_folder)
    sys.excepthook = hook
    return hook
