"""File › Compare Colleagues' Ratings…: copies of one worksheet, merged cell by cell."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QSettings

from app.domain.model import Cell, Rating
from app.interchange.json_form import worksheet_to_json
from app.storage.achw.worksheet_file import write_worksheet
from app.ui.dialogs.consensus_window import ConsensusWindow
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window
from tests.ui.worksheets import realistic_worksheet


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def colleagues(tmp_path, mine):
    """Anna's copy as a worksheet file, Ben's as exported JSON; both re-rate E1 x H1."""
    e, h = mine.evidence[0].id, mine.hypotheses[0].id
    mine.set_cell(e, h, Cell(Rating.CC))
    anna, ben = copy.deepcopy(mine), copy.deepcopy(mine)
    anna.analyst, ben.analyst = "Anna Ivanova", ""
    anna.set_cell(e, h, Cell(Rating.II, "the order is for stockpiles"))
    ben.set_cell(e, h, Cell(Rating.C))
    write_worksheet(anna, tmp_path / "anna.achw")
    (tmp_path / "ben.json").write_text(worksheet_to_json(ben), encoding="utf-8")
    return [tmp_path / "anna.achw", tmp_path / "ben.json"], (e, h)


def test_colleagues_copies_show_consensus_and_where_they_part(qtbot, settings, tmp_path):
    mine = realistic_worksheet()
    paths, rerated = colleagues(tmp_path, mine)
    wb = make_workbench(settings, copies=paths)
    window = open_window(qtbot, wb, mine)
    window.actions_by_id[ActionId.COMPARE_COPIES].trigger()
    assert wb.prompts.errors == []
    [shown] = window.findChildren(ConsensusWindow)
    qtbot.addWidget(shown)
    assert [who for who, _ws in shown.copies] == ["Yours", "anna.achw (Anna Ivanova)", "ben.json"]

    assert shown._cells[rerated] == (0, 0)
    cell = shown.table.item(0, 0)  # E1 x H1: CC, II, C -> mean 1/3 -> N, spread 2.08
    assert cell.text() == "N\nextreme"
    assert cell.toolTip() == "Yours CC · anna.achw (Anna Ivanova) II · ben.json C\nextreme (2.08)"
    first = shown.discuss.item(0)
    assert first.text().startswith("E1 × H1 — extreme: Yours CC")
    shown.discuss.setCurrentRow(0)
    assert (shown.table.currentRow(), shown.table.currentColumn()) == (0, 0)
    # a cell they agree on shows just its rating
    agreed = mine.evidence[1].id, mine.hypotheses[1].id
    row, col = shown._cells[agreed]
    rating = mine.rating(*agreed)
    assert shown.table.item(row, col).text() == (rating.value if rating else "")


def test_a_worksheet_that_is_not_a_copy_is_refused_by_name(qtbot, settings, tmp_path):
    stranger = realistic_worksheet()  # the same wording, but made separately: new identities
    write_worksheet(stranger, tmp_path / "other.achw")
    wb = make_workbench(settings, copies=[tmp_path / "other.achw"])
    window = open_window(qtbot, wb, realistic_worksheet())
    window.actions_by_id[ActionId.COMPARE_COPIES].trigger()
    assert wb.prompts.errors == [
        "“other.achw” is not a copy of this worksheet: none of its hypotheses or items are "
        "this worksheet's (copies are matched by identity, not by wording), so it was left out."
    ]
    assert window.findChildren(ConsensusWindow) == []


def test_an_unreadable_copy_is_one_sentence(qtbot, settings, tmp_path):
    bad = tmp_path / "anna.json"
    bad.write_text("{not json", encoding="utf-8")
    wb = make_workbench(settings, copies=[bad])
    window = open_window(qtbot, wb, realistic_worksheet())
    window.actions_by_id[ActionId.COMPARE_COPIES].trigger()
    assert len(wb.prompts.errors) == 1 and wb.prompts.errors[0].startswith("anna.json")
    assert window.findChildren(ConsensusWindow) == []
