"""File › Import of a CSV evidence list while a worksheet is open: add it to that worksheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.storage.achw.worksheet_file import read_worksheet
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window, saved_worksheet

LEADS = (
    "title,date,credibility,type\n"
    "Rail traffic surge at Sinuiju,2023-09-14,high,IMINT\n"
    "Defector report of night trains,,low,HUMINT\n"
)


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def leads(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    return path


def test_adding_a_list_to_the_open_worksheet_is_one_undoable_step(qtbot, settings, tmp_path, leads):
    path = saved_worksheet(tmp_path / "dprk.achw")
    wb = make_workbench(settings, import_path=leads, import_into=Choice.ADD, save_path=None)
    window = wb.open_path(path)
    qtbot.addWidget(window)
    doc = window.document
    before = [e.title for e in doc.worksheet.evidence]
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.import_offer == ("leads.csv", 2, "dprk.achw")
    assert wb.windows == [window]  # no new window
    titles = [e.title for e in doc.worksheet.evidence]
    assert titles == [*before, "Rail traffic surge at Sinuiju", "Defector report of night trains"]
    assert doc.worksheet.evidence[-2].credibility.value == "high"
    assert window.pane.model.rowCount() == len(titles)  # the matrix shows them
    assert window.statusBar().currentMessage() == "Added 2 items from leads.csv to dprk.achw."
    assert window.pane.view.currentIndex().row() == len(before)  # the first new item
    assert window.isWindowModified()
    doc.undo_stack.undo()  # one step takes them all out
    assert [e.title for e in doc.worksheet.evidence] == before
    doc.undo_stack.redo()
    window.files.save()
    assert [e.title for e in read_worksheet(path).evidence] == titles
    assert wb.prompts.errors == []


def test_items_the_worksheet_already_has_are_not_added_twice(qtbot, settings, tmp_path):
    wb = make_workbench(settings, import_into=Choice.ADD)
    window = open_window(qtbot, wb)
    doc = window.document
    first, second = doc.worksheet.evidence[:2]
    again = tmp_path / "again.csv"
    again.write_text(  # two of its items, by id, and one new
        f"id,title\n{first.id},{first.title}\n{second.id},Renamed\n,A new lead\n",
        encoding="utf-8",
    )
    wb.prompts.answers["import_path"] = again
    count = len(doc.worksheet.evidence)
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.errors == []
    assert len(doc.worksheet.evidence) == count + 1
    assert doc.worksheet.evidence[-1].title == "A new lead" and second.title != "Renamed"
    assert window.statusBar().currentMessage() == (
        f"Added 1 item from again.csv to {doc.display_name()}"
        " (2 items already in it were left out: same id)."
    )


def test_cancel_imports_nothing(qtbot, settings, leads):
    wb = make_workbench(settings, import_path=leads, import_into=Choice.CANCEL)
    window = open_window(qtbot, wb)
    count = len(window.document.worksheet.evidence)
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert len(window.document.worksheet.evidence) == count and wb.windows == [window]
    assert not window.document.undo_stack.canUndo()


def test_from_the_welcome_page_a_list_is_a_new_worksheet_without_asking(qtbot, settings, leads):
    wb = make_workbench(settings, import_path=leads)  # no answer for import_into: not asked
    window = wb.show_start_page()
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert not window.welcome_shown()
    assert window.document.worksheet.evidence[0].title.startswith("Rail traffic")
    assert not hasattr(wb.prompts, "import_offer")
