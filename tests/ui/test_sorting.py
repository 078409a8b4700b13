"""Sorting the evidence: header clicks, the Sort box, and moving items while sorted.

The view never claims a sort it does not show: the header's indicator, the
Sort box and the rows always agree.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.ui.matrix.model import COL_CREDIBILITY, COL_DIAGNOSTICITY, FIRST_HYPOTHESIS
from app.ui.matrix.pane import MatrixPane
from app.ui.matrix.proxy import SortKey
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

ALT = Qt.KeyboardModifier.AltModifier
DESC, ASC = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
H1 = FIRST_HYPOTHESIS


@pytest.fixture
def pane(qtbot, document):
    pane = MatrixPane(document)
    qtbot.addWidget(pane)
    pane.resize(1300, 600)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def click_header(qtbot, table, column):
    """A real click in the middle of the header section (as the analyst does)."""
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def column(pane, col):
    return [pane.proxy.index(r, col).data() for r in range(pane.proxy.rowCount())]


def titles(pane):
    return [pane.proxy.evidence_at(r).title for r in range(pane.proxy.rowCount())]


def indicator(table):
    header = table.horizontalHeader()
    return header.sortIndicatorSection(), header.sortIndicatorOrder()


def test_hypothesis_header_sorts_by_rating_reverses_then_returns(qtbot, pane, document):
    own = titles(pane)
    h1 = document.worksheet.hypotheses[0]
    blank_item = document.worksheet.evidence[3]
    document.set_ratings([(blank_item.id, h1.id)], None)  # one blank cell in H1's column

    click_header(qtbot, pane.view, H1)
    ratings = column(pane, H1)
    order = {"II": 0, "I": 1, "N": 2, "C": 3, "CC": 4}
    rated = [r for r in ratings if r]
    assert rated == sorted(rated, key=order.__getitem__)  # most inconsistent first
    assert ratings[0] == "I" and ratings[-1] == ""  # the blank cell last
    assert indicator(pane.view) == (H1, DESC)
    assert pane.view.horizontalHeader().isSortIndicatorShown()
    assert pane.sort_key.currentText() == f"Rating against “{h1.title}” (most inconsistent first)"

    click_header(qtbot, pane.view, H1)
    ratings = column(pane, H1)
    assert [r for r in ratings if r] == sorted(rated, key=order.__getitem__, reverse=True)
    assert ratings[-1] == ""  # blanks stay last reversed, too
    assert indicator(pane.view) == (H1, ASC)
    assert pane.sort_key.currentText().endswith("(most consistent first)")

    click_header(qtbot, pane.view, H1)
    assert titles(pane) == own
    assert indicator(pane.view)[0] == -1
    assert pane.sort_key.currentText() == "Own order"


def test_evidence_headers_sort_from_the_frozen_columns(qtbot, pane):
    frozen = pane.view.frozen
    click_header(qtbot, frozen, COL_DIAGNOSTICITY)
    values = [v for v in column(pane, COL_DIAGNOSTICITY) if v != "\N{EM DASH}"]
    numbers = [float(v.replace("≡", "").strip()) for v in values]
    assert numbers == sorted(numbers, reverse=True)  # most diagnostic first
    assert column(pane, COL_DIAGNOSTICITY)[-1] == "\N{EM DASH}"  # the excluded item last
    assert pane.sort_key.currentData() is SortKey.DIAGNOSTICITY
    assert indicator(frozen) == indicator(pane.view) == (COL_DIAGNOSTICITY, DESC)

    click_header(qtbot, frozen, COL_CREDIBILITY)
    levels = column(pane, COL_CREDIBILITY)
    rank = {"high": 0, "medium": 1, "low": 2}
    assert levels == sorted(levels, key=rank.__getitem__)
    assert indicator(frozen) == (COL_CREDIBILITY, DESC)
    # a header click sorts; it selects no column
    assert not pane.view.selectionModel().isColumnSelected(COL_CREDIBILITY)


def test_sort_box_and_header_agree(qtbot, pane):
    box = pane.sort_key
    box.setCurrentIndex(box.findData(SortKey.DIAGNOSTICITY))
    box.activated.emit(box.currentIndex())
    assert indicator(pane.view) == (COL_DIAGNOSTICITY, DESC)
    assert indicator(pane.view.frozen) == (COL_DIAGNOSTICITY, DESC)
    box.setCurrentIndex(box.findData(SortKey.DATE))  # no column shows the date
    box.activated.emit(box.currentIndex())
    assert indicator(pane.view)[0] == -1 and indicator(pane.view.frozen)[0] == -1
    dates = [pane.proxy.evidence_at(r).date for r in range(pane.proxy.rowCount())]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[-1] == ""


def test_deleting_the_sorted_hypothesis_returns_to_own_order(qtbot, pane, document):
    own = titles(pane)
    click_header(qtbot, pane.view, H1 + 1)
    assert titles(pane) != own
    document.delete_hypothesis(document.worksheet.hypotheses[1].id)
    assert pane.proxy.sort_key is SortKey.OWN_ORDER and titles(pane) == own
    assert indicator(pane.view)[0] == -1 and pane.sort_key.currentText() == "Own order"


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pane.view)
    return window


def test_header_click_still_makes_the_hypothesis_current(qtbot, window):
    pane = window.pane
    h3 = window.document.worksheet.hypotheses[2]
    click_header(qtbot, pane.view, H1 + 2)
    assert pane.proxy.sort_hypothesis_id == h3.id
    assert window.details.hyp_title.text() == h3.title


def test_alt_up_in_a_sorted_list_moves_in_own_order_and_shows_it(qtbot, window):
    pane, doc = window.pane, window.document
    click_header(qtbot, pane.view.frozen, COL_DIAGNOSTICITY)
    moving = pane.proxy.evidence_at(0)  # the most diagnostic item
    before = [e.id for e in doc.worksheet.evidence]
    at = before.index(moving.id)
    assert at > 0  # it has an item above it in the worksheet's own order
    pane.select_item(moving.id)
    qtbot.keyClick(pane.view, Qt.Key.Key_Up, ALT)
    after = [e.id for e in doc.worksheet.evidence]
    assert after.index(moving.id) == at - 1  # one up in the worksheet's own order
    # the list shows that order now, and says nothing of a sort any more
    assert [pane.proxy.evidence_at(r).id for r in range(pane.proxy.rowCount())] == after
    assert pane.sort_key.currentText() == "Own order"
    assert indicator(pane.view)[0] == -1 and indicator(pane.view.frozen)[0] == -1
    assert window.statusBar().currentMessage() == (
        "The list shows the worksheet's own order again, the order items move in;"
        " it was sorted by diagnosticity (most diagnostic first)."
    )
    assert pane.proxy.evidence_at(pane.view.currentIndex().row()).id == moving.id
    doc.undo_stack.undo()  # one step
    assert [e.id for e in doc.worksheet.evidence] == before
