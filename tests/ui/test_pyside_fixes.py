"""The PySide6 work-around keeps the interpreter alive through heavy painting and editing."""

from __future__ import annotations

import sys

from PySide6.QtCore import QStringListModel, Qt

from app.ui import pyside_fixes


def test_singletons_survive_many_invalid_variants_and_emits(qtbot):
    pyside_fixes.install()
    model = QStringListModel(["a"])
    index = model.index(0, 0)
    for _ in range(20000):  # more than the references None has in a fresh interpreter
        index.data(Qt.ItemDataRole.DecorationRole)
        model.dataChanged.emit(index, index)
    assert sys.getrefcount(None) > 0 and sys.getrefcount(True) > 0
