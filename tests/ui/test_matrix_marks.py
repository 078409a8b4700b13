"""What the matrix shows on its cells: ratings keep their colour when selected,
the cursor's frame is seen on every rating in both themes, the possible-deception
mark, and no diagnosticity for an item nobody has rated yet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from app.domain.model import Evidence, Rating
from app.ui.matrix.model import COL_DIAGNOSTICITY, COL_TITLE, FIRST_HYPOTHESIS
from app.ui.matrix.pane import MatrixPane
from app.ui.matrix.rating_style import rating_background
from app.ui.matrix.view import CURRENT_FRAME
from tests.ui.screenshots import dark_palette

THEMES = ["light", "dark"]


@pytest.fixture(params=THEMES)
def theme(request, qapp):
    old = qapp.palette()
    qapp.setPalette(qapp.style().standardPalette() if request.param == "light" else dark_palette())
    yield request.param
    qapp.setPalette(old)


@pytest.fixture
def pane(qtbot, document):
    pane = MatrixPane(document)
    qtbot.addWidget(pane)
    pane.resize(1300, 600)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def grab(view) -> QImage:
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def cell_rect(view, row, col):
    return view.visualRect(view.model().index(row, col))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def find_cell(pane, rating):
    for row in range(pane.proxy.rowCount()):
        for col in range(FIRST_HYPOTHESIS, pane.proxy.columnCount()):
            index = pane.proxy.index(row, col)
            if index.data() == rating.value and not pane.proxy.evidence_at(row).excluded:
                return row, col
    raise AssertionError(rating)


def test_selected_cells_keep_their_rating_colour(qtbot, pane, theme):
    view = pane.view
    model = view.model()
    view.selectionModel().select(
        QItemSelection(model.index(0, FIRST_HYPOTHESIS), model.index(model.rowCount() - 1, 7)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    image = grab(view)
    for rating in (Rating.I, Rating.II, Rating.CC, Rating.C, Rating.N):
        row, col = find_cell(pane, rating)
        assert view.selectionModel().isSelected(model.index(row, col))
        rect = cell_rect(view, row, col)
        # inside the frame, away from the code in the middle
        inside = image.pixelColor(rect.left() + 12, rect.top() + rect.height() // 2)
        assert inside == rating_background(rating), (rating, inside.name())


@pytest.mark.parametrize("rating", list(Rating))
def test_the_cursor_frame_is_seen_on_every_rating(qtbot, pane, theme, rating):
    view = pane.view
    row, col = find_cell(pane, rating)
    view.setFocus()
    view.move_to(view.model().index(row, col))
    qtbot.waitUntil(view.hasFocus)
    rect = cell_rect(view, row, col)
    image = grab(view)
    fill = rating_background(rating)
    y = rect.top() + rect.height() // 2
    frame = [image.pixelColor(rect.left() + dx, y) for dx in range(1, CURRENT_FRAME + 4)]
    # some line of the frame stands out clearly from the cell's own colour
    assert max(contrast(c, fill) for c in frame) >= 3.0, [c.name() for c in frame]
    # and the frame is the cursor's: the cell away from the cursor has none
    view.clearFocus()
    view.selectionModel().clearSelection()
    image = grab(view)
    plain = [image.pixelColor(rect.left() + dx, y) for dx in range(2, CURRENT_FRAME + 4)]
    assert all(c == fill for c in plain)


def test_possible_deception_is_marked_and_explained(qtbot, pane, document, theme):
    view = pane.view
    rows = {pane.proxy.evidence_at(r).title: r for r in range(pane.proxy.rowCount())}
    flagged = rows["DPRK denies any arms transfers"]
    plain = rows["Kim-Putin summit at Vostochny"]  # an official statement, not deception
    model = view.model()
    assert model.index(plain, COL_TITLE).data(Qt.ItemDataRole.DecorationRole) is None
    tip = model.index(flagged, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Possible deception: this item may have been planted to mislead." in tip
    frozen = view.frozen
    image = frozen.viewport().grab().toImage()

    def amber_pixels(row):
        rect = frozen.visualRect(model.index(row, COL_TITLE))
        return sum(
            1
            for x in range(rect.left(), rect.left() + 30)
            for y in range(rect.top(), rect.bottom())
            if _is_amber(image.pixelColor(x, y))
        )

    assert amber_pixels(flagged) > 20
    assert amber_pixels(plain) == 0
    # the flag removed: the mark goes
    item = document.worksheet.evidence[3]
    document.set_item_fields(item.id, flags=frozenset({"official-statement"}))
    assert model.index(flagged, COL_TITLE).data(Qt.ItemDataRole.DecorationRole) is None


def _is_amber(c: QColor) -> bool:
    return c.red() > 200 and 130 < c.green() < 190 and c.blue() < 60


def test_an_unrated_item_shows_no_diagnosticity(qtbot, pane, document):
    eid = document.add_item(Evidence("Fresh report, not yet rated"))
    model = pane.view.model()
    row = next(r for r in range(model.rowCount()) if pane.proxy.evidence_at(r).id == eid)
    diag = model.index(row, COL_DIAGNOSTICITY)
    assert diag.data() == ""
    assert diag.data(Qt.ItemDataRole.ToolTipRole).startswith("Not rated yet")
    h = document.worksheet.hypotheses
    document.set_ratings([(eid, h[0].id)], Rating.II)
    document.set_ratings([(eid, h[1].id)], Rating.C)
    assert diag.data() not in ("", None)
