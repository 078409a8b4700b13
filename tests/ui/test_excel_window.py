"""Excel in the window: File › Export as Excel Workbook…, File › Import… of a workbook,
and File › Import into This Worksheet… (CSV or Excel lists, one step of Undo)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from app.domain.model import Rating
from app.interchange.xlsx_reader import worksheet_from_xlsx
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.interchange.xlsx_files import one_sheet
from tests.ui.test_main_window import make_workbench, open_window

A = ActionId
LIST = [["Title", "Date", "Credibility"], ["Rail traffic surge", dt.datetime(2023, 9, 14), "High"]]
MATRIX = [["Evidence", "Export", "Stockpile"], ["Denial", "I", "CC"], ["Hiring", "C", None]]


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def texts(window):
    return [a.text() for a in window.menus["File"].actions() if a.text()]


def test_the_file_menu_offers_excel_and_import_into(qtbot, settings):
    window = open_window(qtbot, make_workbench(settings))
    menu = texts(window)
    assert menu.index("Import into This &Worksheet…") == menu.index("&Import…") + 1
    assert "Export as E&xcel Workbook…" in menu


def test_export_as_excel_writes_a_workbook_that_reads_back(qtbot, settings, tmp_path):
    target = tmp_path / "dprk.xlsx"
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)
    window.actions_by_id[A.EXPORT_XLSX].trigger()
    assert wb.prompts.saving == "xlsx" and wb.prompts.errors == []
    back = worksheet_from_xlsx(target.read_bytes(), source="dprk.xlsx", title="dprk")
    ws = window.document.worksheet
    assert back.hypotheses == ws.hypotheses and back.evidence == ws.evidence
    assert back.cells == ws.cells
    assert "Exported dprk.xlsx" in window.statusBar().currentMessage()


def test_importing_a_filled_matrix_opens_it_as_a_worksheet(qtbot, settings, tmp_path):
    source = tmp_path / "matrix.xlsx"
    source.write_bytes(one_sheet(MATRIX))
    wb = make_workbench(settings, import_path=source)
    window = open_window(qtbot, wb)
    window.actions_by_id[A.IMPORT].trigger()
    assert wb.prompts.errors == [] and "import_into" not in wb.prompts.asked  # not a list
    new = wb.windows[-1]
    qtbot.addWidget(new)
    ws = new.document.worksheet
    assert [h.title for h in ws.hypotheses] == ["Export", "Stockpile"]
    assert ws.rating(ws.evidence[0].id, ws.hypotheses[1].id) is Rating.CC
    assert new.document.path is None and ws.title == "matrix"


@pytest.mark.parametrize("name", ["leads.xlsx", "leads.csv"])
def test_import_into_this_worksheet_adds_the_list_as_one_undoable_step(
    qtbot, settings, tmp_path, name
):
    source = tmp_path / name
    if name.endswith(".xlsx"):
        source.write_bytes(one_sheet(LIST))
    else:
        source.write_text("title,date,credibility\nRail traffic surge,2023-09-14,high\n")
    wb = make_workbench(settings, list_path=source)
    window = open_window(qtbot, wb)
    before = [e.title for e in window.document.worksheet.evidence]
    window.actions_by_id[A.IMPORT_INTO].trigger()
    assert wb.prompts.errors == [] and len(wb.windows) == 1
    ws = window.document.worksheet
    assert [e.title for e in ws.evidence] == [*before, "Rail traffic surge"]
    assert (ws.evidence[-1].date, ws.evidence[-1].credibility.value) == ("2023-09-14", "high")
    assert f"from {name}" in window.statusBar().currentMessage()
    window.document.undo_stack.undo()
    assert [e.title for e in window.document.worksheet.evidence] == before


def test_a_matrix_is_not_added_into_this_worksheet(qtbot, settings, tmp_path):
    source = tmp_path / "matrix.xlsx"
    source.write_bytes(one_sheet(MATRIX))
    wb = make_workbench(settings, list_path=source)
    window = open_window(qtbot, wb)
    before = list(window.document.worksheet.evidence)
    window.actions_by_id[A.IMPORT_INTO].trigger()
    assert wb.prompts.errors == [
        "“matrix.xlsx” holds a matrix of 2 hypotheses, not an evidence list, so nothing was "
        "added; File › Import… opens it as a worksheet of its own."
    ]
    assert window.document.worksheet.evidence == before


def test_a_worksheet_in_json_is_not_a_list_to_add(qtbot, settings, tmp_path):
    source = tmp_path / "other.json"
    source.write_text('{"format": "ach-worksheet", "version": 1, "title": "x"}')
    wb = make_workbench(settings, list_path=source)
    window = open_window(qtbot, wb)
    window.actions_by_id[A.IMPORT_INTO].trigger()
    assert wb.prompts.errors == [
        "other.json is neither a CSV evidence list nor an Excel workbook (.xlsx)."
    ]


def test_import_into_is_off_on_the_welcome_page(qtbot, settings):
    wb = make_workbench(settings)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    assert not window.actions_by_id[A.IMPORT_INTO].isEnabled()
    assert not window.actions_by_id[A.EXPORT_XLSX].isEnabled()
    assert window.actions_by_id[A.IMPORT].isEnabled()
