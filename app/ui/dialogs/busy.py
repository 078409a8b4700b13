"""Long work (a large import) off the window's thread, behind a dialog that names it.

Reading and storing a 50 MB evidence list takes seconds.  Done on the
window's thread it would freeze the window: no repaint, a "not responding"
title, and no way to give up.  :func:`run` does the work on a worker thread
while the window's thread shows a modal "Importing big.csv…" dialog with
Cancel and keeps painting.  Work on a small file is done at once, on the
window's thread: no dialog flashes for the everyday import.

What the worker makes (a new worksheet file) is touched by nothing else
until it is handed over: the dialog is application-modal, so no command of
any window runs meanwhile.  Cancel returns at once; the worker cannot be
stopped midway (a parser is one call), so it finishes its step in the
background and ``discard`` throws the result away (the new working copy is
deleted); nothing of it reaches the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

IN_BACKGROUND_BYTES = 2_000_000
"""From this size on, a file's work is done on a worker thread (about 0.2 s and more)."""

_POLL_MS = 25  # how often the window's thread looks whether the worker is done


class Cancelled(Exception):
    """The analyst cancelled the work; whatever it made was thrown away."""


class _Handover(Generic[T]):
    """The worker's result or error, and whether anyone still wants it.

    One lock decides, once, between "handed over" and "thrown away", so that a
    result that arrives just as the analyst cancels is never both.
    """

    def __init__(self, discard: Callable[[T], None]) -> None:
        self._lock = threading.Lock()
        self._discard = discard
        self.done = threading.Event()
        self.made: tuple[T] | None = None  # (value,) once the work returned one
        self.error: BaseException | None = None
        self._abandoned = False

    def finish(self, made: tuple[T] | None, error: BaseException | None) -> None:
        """On the worker's thread, when the work ends."""
        with self._lock:
            self.made, self.error = made, error
            abandoned = self._abandoned
            self.done.set()
        if abandoned and made is not None:
            self._discard(made[0])

    def abandon(self) -> None:
        """On the window's thread, when the analyst cancels."""
        with self._lock:
            self._abandoned = True
            made = self.made
        if made is not None:
            self._discard(made[0])


def run(
    parent: QWidget | None,
    text: str,
    work: Callable[[], T],
    *,
    size: int,
    discard: Callable[[T], None] = lambda _value: None,
) -> T:
    """``work()``, on a worker thread behind a modal dialog saying ``text`` when
    ``size`` (the bytes it reads) is large.

    Its exception is raised here, on the window's thread.  Raises
    :class:`Cancelled` when the analyst cancels; ``discard`` then receives the
    result whenever the work ends (on the worker's thread).
    """
    if size < IN_BACKGROUND_BYTES:
        return work()
    handover: _Handover[T] = _Handover(discard)

    def body() -> None:
        try:
            value = work()
        except BaseException as exc:  # handed to the window's thread, raised there
            handover.finish(None, exc)
        else:
            handover.finish((value,), None)

    # Not a daemon: the program waits for it when it quits, so that a working
    # copy being written is finished and then deleted, never left half-made.
    worker = threading.Thread(target=body, name="ach-workbench background work")
    dialog = QProgressDialog(text, "Cancel", 0, 0, parent)  # 0, 0: a busy bar, no percentage
    dialog.setWindowTitle("ACH Workbench")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    cancelled = False

    def cancel() -> None:
        nonlocal cancelled
        cancelled = True
        loop.quit()

    dialog.canceled.connect(cancel)
    timer = QTimer()
    timer.setInterval(_POLL_MS)

    def look() -> None:
        if handover.done.is_set():
            loop.quit()

    timer.timeout.connect(look)
    worker.start()
    timer.start()
    dialog.show()
    try:
        if not handover.done.is_set():
            loop.exec()
    finally:
        timer.stop()
        dialog.canceled.disconnect(cancel)
        dialog.hide()
        dialog.deleteLater()
    if cancelled:
        handover.abandon()
        raise Cancelled(text)
    worker.join()
    if handover.made is None:
        assert handover.error is not None  # the work ended either way
        raise handover.error
    return handover.made[0]
