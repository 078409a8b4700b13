"""The evidence columns and the score row's label stay put while the hypotheses scroll."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from app.domain.model import Hypothesis, Rating
from app.ui.matrix.model import (
    COL_CREDIBILITY,
    COL_DIAGNOSTICITY,
    COL_RELEVANCE,
    COL_TITLE,
    FIRST_HYPOTHESIS,
)
from app.ui.matrix.pane import MatrixPane
from app.ui.matrix.proxy import SortKey

KEYS = {Rating.C: Qt.Key.Key_2, Rating.N: Qt.Key.Key_3, Rating.I: Qt.Key.Key_4}


@pytest.fixture
def pane(qtbot, document):
    """Ten hypotheses in a pane too narrow for them: the matrix scrolls sideways."""
    for i in range(6):
        document.add_hypothesis(Hypothesis(f"H{5 + i}: another explanation"))
    pane = MatrixPane(document)
    qtbot.addWidget(pane)
    pane.resize(1000, 520)
    pane.show()
    qtbot.waitExposed(pane)
    pane.focus_matrix()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.view)
    return pane


def in_pane(pane, widget, point):
    return widget.mapTo(pane, point)


def what_is_seen_at(pane, point):
    """The table and model index the analyst sees at a point of the pane."""
    widget = pane.childAt(point)
    for view in (pane.view.frozen, pane.view, pane.footer.frozen, pane.footer):
        if widget is view.viewport():
            return view, view.indexAt(view.viewport().mapFrom(pane, point))
    return widget, None


def title_seen_beside(pane, row):
    """The text seen at the left end of a row of the matrix."""
    view = pane.view
    y = view.rowViewportPosition(row) + view.rowHeight(row) // 2
    point = in_pane(pane, view.viewport(), QPoint(20, y))
    shown_by, index = what_is_seen_at(pane, point)
    assert shown_by is view.frozen, "the title column is covered or scrolled away"
    return index.data()


def double_click(qtbot, widget, pos):
    """Press, release, then the double click, as a real mouse sends them."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def cell_is_in_sight(pane, index):
    view = pane.view
    rect = view.visualRect(index)
    return rect.left() >= view.frozen_edge() and rect.right() <= view.viewport().width()


def test_rating_across_a_long_row_keeps_the_item_in_sight(qtbot, pane, document):
    ws = document.worksheet
    view = pane.view
    row = 2
    pane.select_cell(ws.evidence[row].id, ws.hypotheses[0].id)
    assert view.horizontalScrollBar().maximum() > 0, "the test needs a matrix wider than its pane"
    for n, h in enumerate(ws.hypotheses):
        assert view.cell_key(view.currentIndex()) == (ws.evidence[row].id, h.id)
        assert cell_is_in_sight(pane, view.currentIndex()), f"cell {n + 1} is hidden"
        assert title_seen_beside(pane, row) == ws.evidence[row].title
        qtbot.keyClick(view, KEYS[Rating.I if n % 2 else Rating.C])
    assert [ws.rating(ws.evidence[row].id, h.id) for h in ws.hypotheses[:3]] == [
        Rating.C,
        Rating.I,
        Rating.C,
    ]
    # The last rating moved the cursor to the next item's first hypothesis: the matrix
    # scrolled back so that it is not hidden under the evidence columns.
    assert view.currentIndex().row() == row + 1
    assert view.currentIndex().column() == FIRST_HYPOTHESIS
    assert cell_is_in_sight(pane, view.currentIndex())
    assert title_seen_beside(pane, row + 1) == ws.evidence[row + 1].title


def test_arrow_keys_never_leave_the_cursor_under_the_evidence_columns(qtbot, pane, document):
    view = pane.view
    pane.select_cell(document.worksheet.evidence[0].id, document.worksheet.hypotheses[-1].id)
    assert view.horizontalScrollBar().value() > 0
    for _ in range(len(document.worksheet.hypotheses) - 1):
        qtbot.keyClick(view, Qt.Key.Key_Left)
        assert cell_is_in_sight(pane, view.currentIndex())
    assert view.currentIndex().column() == FIRST_HYPOTHESIS
    qtbot.keyClick(view, Qt.Key.Key_Left)  # onto Diag., which is always in sight
    assert view.currentIndex().column() == COL_DIAGNOSTICITY
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert cell_is_in_sight(pane, view.currentIndex())


def test_score_row_label_stays_and_scores_stay_under_their_columns(qtbot, pane, document):
    view, footer = pane.view, pane.footer
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    qtbot.waitUntil(lambda: footer.horizontalScrollBar().value() > 0)
    label_at = in_pane(pane, footer.viewport(), QPoint(20, footer.viewport().height() // 2))
    shown_by, index = what_is_seen_at(pane, label_at)
    assert shown_by is footer.frozen and index.data() == "Weighted inconsistency"
    for col in view.hypothesis_columns():
        cell = view.visualRect(pane.proxy.index(0, col))
        score = footer.visualRect(pane.score_model.index(0, col))
        if cell.left() < view.frozen_edge():
            continue  # under the evidence columns, like its cells
        assert in_pane(pane, view.viewport(), cell.topLeft()).x() == (
            in_pane(pane, footer.viewport(), score.topLeft()).x()
        )
        assert cell.width() == score.width()
    last = view.hypothesis_columns()[-1]
    h = document.worksheet.hypotheses[-1]
    rect = footer.visualRect(pane.score_model.index(0, last))
    shown_by, index = what_is_seen_at(pane, in_pane(pane, footer.viewport(), rect.center()))
    assert shown_by is footer
    rank = document.scoreboard.score(h.id).rank
    assert re.search(rf"  #{rank}(?!\d)", index.data())  # #1 is not #12


def test_clicking_a_title_selects_its_row_and_the_keyboard_stays_in_the_matrix(qtbot, pane):
    view, frozen = pane.view, pane.view.frozen
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    rect = frozen.visualRect(pane.proxy.index(5, COL_TITLE))
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.currentIndex().row() == 5 and view.currentIndex().column() == COL_TITLE
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().column() == COL_CREDIBILITY


def test_title_edited_in_the_frozen_column_by_double_click_and_f2(qtbot, pane, document):
    view, frozen = pane.view, pane.view.frozen
    item = document.worksheet.evidence[1]
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    rect = frozen.visualRect(pane.proxy.index(1, COL_TITLE))
    double_click(qtbot, frozen.viewport(), rect.center())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and frozen.isAncestorOf(editor)
    editor.selectAll()
    qtbot.keyClicks(editor, "Casings with DPRK lot marks")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: item.title == "Casings with DPRK lot marks")  # a queued commit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_F2)  # the keyboard's way: the editor shows where it can be seen
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and frozen.isAncestorOf(editor)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert item.title == "Casings with DPRK lot marks"


def test_right_click_on_a_title_offers_the_item_commands_for_that_item(qtbot, pane):
    from PySide6.QtGui import QAction

    frozen = pane.view.frozen
    excluded = QAction("Exclude / Include Evidence", pane)
    pane.view.extra_actions = [excluded]
    rect = frozen.visualRect(pane.proxy.index(7, COL_TITLE))
    frozen.customContextMenuRequested.emit(rect.center())
    menu = pane.view.findChildren(QMenu)[-1]
    assert [a.text() for a in menu.actions()] == ["Exclude / Include Evidence"]
    menu.close()
    assert pane.view.selected_evidence_ids() == [pane.proxy.evidence_at(7).id]


def test_sorting_and_filtering_show_in_the_frozen_columns(qtbot, pane, document):
    pane.sort_key.setCurrentIndex(pane.sort_key.findData(SortKey.DIAGNOSTICITY))
    pane.sort_key.activated.emit(pane.sort_key.currentIndex())
    assert pane.proxy.evidence_at(0).title != document.worksheet.evidence[0].title
    assert title_seen_beside(pane, 0) == pane.proxy.evidence_at(0).title
    qtbot.keyClicks(pane.filter_text, "satellite")
    assert pane.proxy.rowCount() == 1
    assert title_seen_beside(pane, 0).startswith("Satellite")


def test_vertical_scrolling_moves_titles_and_cells_together(qtbot, document):
    from app.domain.model import Evidence

    for i in range(60):
        document.add_item(Evidence(f"Extra item {i + 1}"))
    pane = MatrixPane(document)
    qtbot.addWidget(pane)
    pane.resize(1000, 400)
    pane.show()
    qtbot.waitExposed(pane)
    pane.focus_matrix()
    view = pane.view
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    row = view.currentIndex().row()
    assert row == pane.proxy.rowCount() - 1 and view.verticalScrollBar().value() > 0
    assert view.frozen.verticalScrollBar().value() == view.verticalScrollBar().value()
    assert title_seen_beside(pane, row) == "Extra item 60"


def test_hiding_credibility_and_relevance_narrows_the_frozen_columns(qtbot, pane):
    view = pane.view
    wide = view.frozen.width()
    pane.set_leading_columns_visible(False)
    assert view.frozen.width() == view.columnWidth(COL_TITLE) + view.columnWidth(COL_DIAGNOSTICITY)
    assert view.frozen.isColumnHidden(COL_RELEVANCE) and view.frozen.width() < wide
    assert view.frozen.horizontalHeader().height() == view.horizontalHeader().height()
    pane.set_leading_columns_visible(True)
    assert view.frozen.width() == wide


def test_widening_the_evidence_column_in_its_header_widens_it_everywhere(qtbot, pane):
    view, frozen = pane.view, pane.view.frozen
    header = frozen.horizontalHeader()
    border = header.sectionViewportPosition(COL_TITLE) + header.sectionSize(COL_TITLE) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(border, y))
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(border + 60, y),
        header.viewport().mapToGlobal(QPointF(border + 60, y)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(header.viewport(), move)
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(border + 60, y))
    assert view.columnWidth(COL_TITLE) == 360
    assert pane.footer.columnWidth(COL_TITLE) == 360
    assert frozen.width() == frozen.leading_width() == pane.footer.frozen.width()


def test_the_current_item_is_tinted_in_the_frozen_columns(qtbot, pane, document):
    view, frozen = pane.view, pane.view.frozen
    pane.select_cell(document.worksheet.evidence[3].id, document.worksheet.hypotheses[-1].id)
    image = frozen.viewport().grab().toImage()
    x = (
        frozen.columnViewportPosition(COL_TITLE) + frozen.columnWidth(COL_TITLE) - 4
    )  # past the text
    current = image.pixelColor(x, frozen.rowViewportPosition(3) + 4)
    other = image.pixelColor(x, frozen.rowViewportPosition(4) + 4)
    assert current != other
    assert view.currentIndex().row() == 3
