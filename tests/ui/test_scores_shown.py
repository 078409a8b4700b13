"""What the window shows of the scores: excluded items, provisional leaders."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.ui.matrix.model import COL_DIAGNOSTICITY
from app.ui.matrix.proxy import SortKey
from app.ui.window.settings import Settings
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


def score_shown(window, hypothesis_id):
    pane = window.pane
    return pane.score_model.index(0, pane.model.column_of(hypothesis_id))


def test_a_leader_with_unrated_cells_is_called_provisional(qtbot, window):
    from PySide6.QtWidgets import QDockWidget

    ws = window.document.worksheet
    # Every hypothesis has something held against it (H2 had nothing yet) ...
    window.pane.select_cell(ws.evidence[0].id, ws.hypotheses[1].id)
    qtbot.keyClick(window.pane.view, Qt.Key.Key_4)
    assert all(
        window.document.scoreboard.score(h.id).weighted_inconsistency < 0 for h in ws.hypotheses
    )
    # ... and a new one, rated against nothing, comes first.
    qtbot.keyClick(window.pane.view, Qt.Key.Key_H, CTRL_SHIFT)  # Add Hypothesis
    fresh = ws.hypotheses[-1]
    included = sum(1 for e in ws.evidence if not e.excluded)
    index = score_shown(window, fresh.id)
    assert index.data() == f"★ 0.00  #1\n⚠ {included} unrated"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Provisional: may lead only because nothing has been held against it yet")
    # the Sensitivity panel's Leading line says the same
    window.findChild(QDockWidget, "sensitivity_dock").raise_()
    summary = window.sensitivity.summary
    qtbot.waitUntil(lambda: "provisional" in summary.text(), timeout=3000)
    # the count itself, not a number that merely contains it ("1" is in "12")
    assert re.search(rf"(?<!\d){included} cells not rated", summary.text())
    assert "nothing has been held against it yet" in summary.text()
    # the others say how many of their cells are blank, with no mark: they do not lead
    others = [h for h in ws.hypotheses if h is not fresh]
    for h in others:
        blank = window.document.scoreboard.score(h.id).blank
        shown = score_shown(window, h.id).data()
        assert shown.endswith(f"\n{blank} unrated") if blank else "unrated" not in shown
        assert "⚠" not in shown
    # rated C against every included item: still first, no longer provisional
    view = window.pane.view
    for item in ws.evidence:
        if not item.excluded:
            window.pane.select_cell(item.id, fresh.id)
            qtbot.keyClick(view, Qt.Key.Key_2)
    assert score_shown(window, fresh.id).data() == "★ 0.00  #1"
    assert "Provisional" not in score_shown(window, fresh.id).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: "provisional" not in summary.text(), timeout=3000)


def test_both_lines_of_a_provisional_leader_can_be_read(qtbot, window):
    qtbot.keyClick(window.pane.view, Qt.Key.Key_H, CTRL_SHIFT)
    footer = window.pane.footer
    qtbot.waitUntil(lambda: footer.rowHeight(0) >= 2 * footer.fontMetrics().lineSpacing())
    assert footer.height() >= footer.rowHeight(0)


def test_every_hypothesis_says_how_many_of_its_cells_are_blank(qtbot, window):
    """Not only a provisional leader: the analyst sees where rating is unfinished."""
    ws = window.document.worksheet
    ranking = window.document.scoreboard.ranking()
    last = ranking[-1].hypothesis_id
    rated = [e for e in ws.evidence if not e.excluded and ws.cell(e.id, last).rating is not None]
    before = score_shown(window, last).data()
    blank = window.document.scoreboard.score(last).blank
    window.document.set_ratings([(e.id, last) for e in rated[:2]], None)
    assert score_shown(window, last).data().endswith(f"\n{blank + 2} unrated")
    assert "⚠" not in score_shown(window, last).data()  # it does not lead
    window.document.undo()
    assert score_shown(window, last).data() == before


def test_a_rank_decided_by_a_tie_break_says_so_and_every_line_fits(qtbot, tmp_path):
    """Unweighted, two hypotheses with one I each are level: the tie-break note used to
    follow the rank on the first line, and a normal column cut it off ("tie-…")."""
    from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet
    from app.ui.window.actions import ActionId as A

    ws = Worksheet(
        hypotheses=[Hypothesis("Export to Russia", id="H1"), Hypothesis("Stockpile", id="H2")],
        evidence=[Evidence("Hiring", id="E1"), Evidence("Denial", id="E2")],
    )
    ws.set_cell("E1", "H1", Cell(Rating.I))
    ws.set_cell("E1", "H2", Cell(Rating.I))
    ws.set_cell("E2", "H1", Cell(Rating.C))
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings), ws)
    window.actions_by_id[A.UNWEIGHTED].trigger()
    footer = window.pane.footer
    shown = [score_shown(window, h).data() for h in ("H1", "H2")]
    assert shown == ["★ −1  #1\ntie-break", "−1  #2\ntie-break\n1 unrated"]
    qtbot.waitUntil(lambda: footer.rowHeight(0) >= 3 * footer.fontMetrics().lineSpacing())
    for h, text in zip(("H1", "H2"), shown, strict=True):
        width = footer.columnWidth(window.pane.model.column_of(h))
        for line in text.split("\n"):
            assert footer.fontMetrics().horizontalAdvance(line) + 8 <= width, line
    # rated: no blank cells under a tie-break, and the row is two lines again
    window.document.set_ratings([("E2", "H2")], Rating.N)
    assert score_shown(window, "H2").data() == "−1  #2\ntie-break"
    qtbot.waitUntil(lambda: footer.rowHeight(0) < 3 * footer.fontMetrics().lineSpacing())
