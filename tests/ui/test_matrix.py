"""The matrix models, keyboard rating and the live score row."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.model import Evidence, Rating
from app.ui.matrix.model import (
    COL_DIAGNOSTICITY,
    COL_TITLE,
    FIRST_HYPOTHESIS,
    RATING_ROLE,
    MatrixModel,
)
from app.ui.matrix.pane import MatrixPane
from app.ui.matrix.proxy import SortKey
from app.ui.matrix.score_row import ScoreModel


@pytest.fixture
def pane(qtbot, document):
    pane = MatrixPane(document)
    qtbot.addWidget(pane)
    pane.resize(1200, 600)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_models_pass_qtmodeltester_through_edits(qtmodeltester, document):
    matrix, scores = MatrixModel(document), ScoreModel(document)
    qtmodeltester.check(matrix)
    qtmodeltester.check(scores)
    ws = document.worksheet
    # structural edits with the testers watching (they check every signal)
    document.add_item(Evidence("New"), 1)
    document.add_hypothesis(index=1)
    document.move_item(ws.evidence[0].id, 4)
    document.move_item(ws.evidence[6].id, 0)
    document.move_hypothesis(ws.hypotheses[0].id, 3)
    document.move_hypothesis(ws.hypotheses[3].id, 1)
    document.delete_hypothesis(ws.hypotheses[2].id)
    document.set_ratings([(ws.evidence[0].id, ws.hypotheses[0].id)], Rating.C)
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    qtmodeltester.check(matrix)
    qtmodeltester.check(scores)
    assert matrix.rowCount() == len(ws.evidence)
    assert matrix.columnCount() == FIRST_HYPOTHESIS + len(ws.hypotheses)
    for row, e in enumerate(ws.evidence):
        assert matrix.evidence_at(row) is e
    for col, h in enumerate(ws.hypotheses, start=FIRST_HYPOTHESIS):
        assert matrix.hypothesis_at(col) is h


def test_proxy_passes_qtmodeltester(qtmodeltester, pane):
    pane.proxy.set_sort_key(SortKey.DIAGNOSTICITY)
    pane.proxy.set_filter(text="dprk")
    qtmodeltester.check(pane.proxy)


def test_cell_shows_code_colour_and_note(document):
    model = MatrixModel(document)
    idx = model.index(0, FIRST_HYPOTHESIS)
    assert idx.data() == "CC"
    assert idx.data(RATING_ROLE) == Rating.CC
    assert idx.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Three times" in idx.data(Qt.ItemDataRole.ToolTipRole)
    blank = model.index(8, FIRST_HYPOTHESIS + 3)
    assert blank.data() == "" and blank.data(RATING_ROLE) is None


def test_keyboard_rates_a_whole_row_and_score_row_follows(qtbot, pane, document):
    ws = document.worksheet
    e = ws.evidence[1]
    view = pane.view
    pane.select_cell(e.id, ws.hypotheses[0].id)
    view.setFocus()
    scores_before = [pane.footer.model().index(0, c).data() for c in range(FIRST_HYPOTHESIS, 8)]
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5):
        qtbot.keyClick(view, key)
    assert [ws.rating(e.id, h.id) for h in ws.hypotheses] == [
        Rating.C,
        Rating.N,
        Rating.I,
        Rating.II,
    ]
    # after the last hypothesis the cursor is on the next item's first hypothesis
    assert view.currentIndex().row() == 2
    assert view.currentIndex().column() == FIRST_HYPOTHESIS
    scores_after = [pane.footer.model().index(0, c).data() for c in range(FIRST_HYPOTHESIS, 8)]
    assert scores_after != scores_before
    s = document.scoreboard.score(ws.hypotheses[3].id)
    shown = pane.footer.model().index(0, FIRST_HYPOTHESIS + 3).data()
    assert re.search(rf"  #{s.rank}(?!\d)", shown)  # #1 is not #12
    # letters and shift
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_A)
    qtbot.keyClick(view, Qt.Key.Key_N)
    e2 = ws.evidence[2]
    assert [ws.rating(e2.id, h.id) for h in ws.hypotheses] == [
        Rating.CC,
        Rating.II,
        Rating.NA,
        Rating.N,
    ]
    # arrows move, Delete clears without moving
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ws.rating(e2.id, ws.hypotheses[1].id) is None
    assert view.currentIndex().column() == FIRST_HYPOTHESIS + 1
    assert document.undo_stack.count() == 9


def test_leader_is_marked(pane, document):
    leader = document.scoreboard.ranking()[0].hypothesis_id
    col = pane.model.column_of(leader)
    idx = pane.score_model.index(0, col)
    assert idx.data().startswith("★")
    assert idx.data(Qt.ItemDataRole.BackgroundRole) is not None
    pane.set_scores_hidden(True)
    assert idx.data() is None
    assert "hidden" in pane.score_model.index(0, COL_TITLE).data()


def test_unweighted_switch(pane, document):
    h = document.worksheet.hypotheses[2]
    col = pane.model.column_of(h.id)
    document.set_unweighted(True)
    s = document.scoreboard.score(h.id)
    text = pane.score_model.index(0, col).data()
    assert str(abs(s.inconsistency)) in text and "." not in text


def test_note_dialog_from_keyboard(qtbot, pane, document):
    ws = document.worksheet
    e, h = ws.evidence[4], ws.hypotheses[2]
    pane.select_cell(e.id, h.id)
    pane.view.setFocus()

    def type_and_ok():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        qtbot.keyClicks(dialog.editor, "Night shifts fit H1 and H2 too.")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, type_and_ok)
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert ws.cell(e.id, h.id).note == "Night shifts fit H1 and H2 too."
    assert ws.cell(e.id, h.id).rating is Rating.I


def test_multi_selection_rates_all_at_once(qtbot, pane, document):
    ws = document.worksheet
    view = pane.view
    sel = view.selectionModel()
    first = pane.proxy.index(0, FIRST_HYPOTHESIS + 2)
    last = pane.proxy.index(3, FIRST_HYPOTHESIS + 2)
    view.setCurrentIndex(first)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    sel.select(QItemSelection(first, last), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert all(ws.rating(e.id, ws.hypotheses[2].id) is Rating.N for e in ws.evidence[:4])
    assert document.undo_stack.count() == 1


def test_sort_and_filter(pane, document):
    ws = document.worksheet
    proxy = pane.proxy
    proxy.set_sort_key(SortKey.DIAGNOSTICITY)
    shown = [proxy.evidence_at(r) for r in range(proxy.rowCount())]
    included = [e for e in shown if not e.excluded]
    diags = [document.scoreboard.measure(e.id).diagnosticity for e in included]
    assert diags == sorted(diags, reverse=True)
    assert shown[len(included) :] == [e for e in ws.evidence if e.excluded]  # none: last
    proxy.set_sort_key(SortKey.DATE)
    dates = [proxy.evidence_at(r).date for r in range(proxy.rowCount())]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[-1] == ""
    proxy.set_sort_key(SortKey.CREDIBILITY)
    assert proxy.evidence_at(0).credibility.value == "high"
    proxy.set_sort_key(SortKey.OWN_ORDER)
    assert [proxy.evidence_at(r) for r in range(proxy.rowCount())] == ws.evidence
    pane.filter_text.setText("satellite")
    assert proxy.rowCount() == 1
    pane.filter_text.clear()
    pane.filter_type.setCurrentIndex(pane.filter_type.findData("IMINT"))
    assert {proxy.evidence_at(r).type for r in range(proxy.rowCount())} == {"IMINT"}
    pane.filter_type.setCurrentIndex(0)
    pane.filter_flag.setCurrentIndex(pane.filter_flag.findData("official-statement"))
    assert proxy.rowCount() == 2
    pane.filter_flag.setCurrentIndex(0)
    assert proxy.rowCount() == len(ws.evidence)


def test_score_neutral_and_excluded_are_marked(document):
    model = MatrixModel(document)
    ws = document.worksheet
    neutral_row = next(
        i for i, e in enumerate(ws.evidence) if document.scoreboard.measure(e.id).score_neutral
    )
    assert model.index(neutral_row, COL_DIAGNOSTICITY).data().startswith("≡")
    excluded_row = next(i for i, e in enumerate(ws.evidence) if e.excluded)
    font = model.index(excluded_row, COL_TITLE).data(Qt.ItemDataRole.FontRole)
    assert font.strikeOut()


def test_shuffle_changes_only_visual_order(pane, document):
    view = pane.view
    order = [h.id for h in document.worksheet.hypotheses]
    view.shuffle_hypothesis_columns(seed=3)
    visual = view.hypothesis_columns()
    assert visual != sorted(visual)
    assert [h.id for h in document.worksheet.hypotheses] == order
    fh = pane.footer.horizontalHeader()
    assert [fh.visualIndex(c) for c in visual] == sorted(fh.visualIndex(c) for c in visual)
    # rating still walks the row in on-screen order
    e = document.worksheet.evidence[5]
    pane.view.setCurrentIndex(pane.proxy.index(5, visual[0]))
    for _ in visual:
        pane.view.rate(Rating.NA)
    assert all(document.worksheet.rating(e.id, h) is Rating.NA for h in order)
    view.unshuffle_hypothesis_columns()
    assert view.hypothesis_columns() == sorted(visual)


def test_right_click_offers_ratings_and_note(qtbot, pane, document):
    from PySide6.QtWidgets import QMenu

    ws = document.worksheet
    index = pane.proxy.index(3, FIRST_HYPOTHESIS + 1)
    pos = pane.view.visualRect(index).center()
    pane.view.customContextMenuRequested.emit(pos)
    menu = pane.view.findChildren(QMenu)[-1]
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("II — very inconsistent") for t in texts)
    assert any(t.startswith("Edit note") for t in texts)
    next(a for a in menu.actions() if a.text().startswith("II ")).trigger()
    menu.close()
    assert ws.rating(ws.evidence[3].id, ws.hypotheses[1].id) is Rating.II


def test_a_refused_rating_leaves_the_cursor_on_its_cell(qtbot, pane, document, monkeypatch):
    ws = document.worksheet
    e, h = ws.evidence[1], ws.hypotheses[0]
    pane.select_cell(e.id, h.id)
    before = ws.rating(e.id, h.id)
    where = (pane.view.currentIndex().row(), pane.view.currentIndex().column())

    def disk_full(change):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.file, "commit", disk_full)
    with qtbot.waitSignal(document.failed):
        qtbot.keyClick(pane.view, Qt.Key.Key_5)
    assert ws.rating(e.id, h.id) is before
    assert (pane.view.currentIndex().row(), pane.view.currentIndex().column()) == where
