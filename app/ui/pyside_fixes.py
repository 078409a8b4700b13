"""Work-arounds for defects of the PySide6 build in use, each probed before it is applied.

PySide6 6.12.0 on CPython 3.11 hands some singletons to Python without the
reference it owes: ``SignalInstance.emit()`` returns ``True``, and an
invalid QVariant (``index.data(role)`` for a role a model leaves unset,
which a table view asks for thousands of times while painting) comes back
as ``None``.  Each such call takes one reference from the singleton; after
enough painting or edits ``None`` or ``True`` is deallocated and the
interpreter aborts ("none_dealloc: deallocating None").

CPython 3.12 made these singletons immortal, so there the leak is harmless.
On older versions ``install()`` does the same by hand when the probe finds
the leak: it raises the reference count of ``None``, ``True`` and ``False``
by 2**40, which no run of the program can use up.  Singletons are never
deallocated in a healthy interpreter, so this changes nothing else.
"""

from __future__ import annotations

import ctypes
import sys

_installed = False
_HEADROOM = 1 << 40


def _leaks() -> bool:
    from PySide6.QtCore import QObject, QStringListModel, Qt, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    model = QStringListModel(["probe"])
    index = model.index(0, 0)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        index.data(Qt.ItemDataRole.DecorationRole)  # unset role: an invalid QVariant
        probe.ping.emit()
    none_lost = none_before - sys.getrefcount(None)
    true_lost = true_before - sys.getrefcount(True)
    return none_lost >= 16 or true_lost >= 16


def _add_references(obj: object, count: int) -> None:
    # ob_refcnt is the first field of every object in CPython (non-debug builds).
    cell = ctypes.c_ssize_t.from_address(id(obj))
    cell.value += count


def install() -> None:
    """Apply the work-arounds this PySide6 needs (idempotent, cheap)."""
    global _installed
    if _installed:
        return
    _installed = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    if not _leaks():
        return
    for singleton in (None, True, False):
        _add_references(singleton, _HEADROOM)
