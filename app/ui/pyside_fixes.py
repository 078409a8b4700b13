"""Work-arounds for defects of the PySide6 build in use, each probed before it is applied.

PySide6 6.12.0 on CPython 3.11: ``SignalInstance.emit()`` returns ``True``
without a new reference, so every emit from Python takes one reference
from the ``True`` singleton.  After a few thousand edits ``True`` is
deallocated and the interpreter aborts ("bool_dealloc: deallocating True or
False"), at the latest when it exits.  (Python 3.12+ makes ``True``
immortal, so there the leak is harmless.)  ``install()`` measures the leak
once and, only if it is there, wraps ``emit`` to give the reference back.
"""

from __future__ import annotations

import ctypes
import sys

_installed = False


def _emit_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    results = [probe.ping.emit() for _ in range(8)]
    leaked = before - sys.getrefcount(True) + results.count(True)
    del results
    # `results` held 8 counted references; a healthy emit nets 0, the bug -8.
    return leaked >= 8


def install() -> None:
    """Apply the work-arounds this PySide6 needs (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    if sys.version_info >= (3, 12) or not _emit_leaks_true():
        return
    from PySide6.QtCore import SignalInstance

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    original = SignalInstance.emit

    def emit(self, *args):  # type: ignore[no-untyped-def]
        result = original(self, *args)
        if result is True:
            incref(True)
        return result

    SignalInstance.emit = emit
