"""What the window shows of the scores: excluded items, provisional leaders."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.ui.matrix_model import COL_DIAGNOSTICITY
from app.ui.matrix_proxy import SortKey
from app.ui.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane.view)
    return window


def diag_shown(window, row):
    return window.pane.proxy.index(row, COL_DIAGNOSTICITY).data()


def test_an_excluded_item_shows_no_diagnosticity_and_no_score_neutral_mark(qtbot, window):
    ws = window.document.worksheet
    denial = 3  # "DPRK denies any arms transfers": N N C C, score-neutral
    assert diag_shown(window, denial) == "≡ 0.50"
    window.pane.select_cell(ws.evidence[denial].id, ws.hypotheses[0].id)
    assert "Score-neutral" in window.details.item_measures.text()
    qtbot.keyClick(window.pane.view, Qt.Key.Key_X, CTRL_SHIFT)  # Exclude / Include Evidence
    assert ws.evidence[denial].excluded
    assert diag_shown(window, denial) == "—"
    tip = window.pane.proxy.index(denial, COL_DIAGNOSTICITY).data(Qt.ItemDataRole.ToolTipRole)
    assert "Excluded" in tip and "≡" not in tip
    measures = window.details.item_measures.text()
    assert "Diagnosticity —" in measures and "Score-neutral" not in measures
    assert "0.50" not in measures
    qtbot.keyClick(window.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert diag_shown(window, denial) == "≡ 0.50"
    assert "Score-neutral" in window.details.item_measures.text()


def test_an_item_excluded_in_the_file_looks_the_same_everywhere(window):
    ws = window.document.worksheet
    retracted = next(i for i, e in enumerate(ws.evidence) if e.excluded)
    assert diag_shown(window, retracted) == "—"
    window.pane.select_item(ws.evidence[retracted].id)
    assert "Diagnosticity —" in window.details.item_measures.text()
    pane = window.pane
    pane.sort_key.setCurrentIndex(pane.sort_key.findData(SortKey.DIAGNOSTICITY))
    pane.sort_key.activated.emit(pane.sort_key.currentIndex())
    last = pane.proxy.rowCount() - 1
    assert pane.proxy.evidence_at(last) is ws.evidence[retracted]  # no diagnosticity: last
