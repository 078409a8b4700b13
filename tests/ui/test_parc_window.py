"""PARC ACH projects in the window: File › Import, File › Open, a drop; a matrix is chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.domain.model import Rating
from app.ui.dialogs.file_prompts import import_filter, open_filter
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.interchange.parc_files import SHELLS, Item, Matrix, achz, project_xml
from tests.ui.test_main_window import drop, make_workbench, open_window


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


SECOND = Matrix(["Alone", "Together"], [Item("Rail", values="I,C")], name="Second look")


def project(tmp_path, *matrices: Matrix, name: str = "case.achz"):
    path = tmp_path / name
    path.write_bytes(achz(project_xml("Shells for Russia", list(matrices) or [SHELLS])))
    return path


def test_the_dialogs_offer_parc_projects():
    assert "PARC ACH projects (*.achz)" in open_filter().split(";;")
    assert open_filter().startswith("ACH worksheets and PARC ACH projects (*.achw *.achz);;")
    assert "PARC ACH projects (*.achz)" in import_filter().split(";;")


def test_file_import_asks_which_matrix_and_imports_that_one(qtbot, settings, tmp_path):
    source = project(tmp_path, SHELLS, SECOND)
    wb = make_workbench(settings, import_path=source, part=2)
    first = open_window(qtbot, wb)
    first.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.errors == []
    assert wb.prompts.parts_offered == (
        "case.achz",
        [
            "1. Matrix 1 (3 hypotheses, 5 evidence items)",
            "2. Second look (2 hypotheses, 1 evidence item)",
        ],
    )
    imported = wb.windows[-1]
    qtbot.addWidget(imported)
    ws = imported.document.worksheet
    assert ws.title == "Shells for Russia: Second look" and imported.document.path is None
    assert [h.title for h in ws.hypotheses] == ["Alone", "Together"]
    rail = ws.evidence[0]
    assert [ws.rating(rail.id, h.id) for h in ws.hypotheses] == [Rating.I, Rating.C]
    assert "Shells for Russia: Second look" in imported.windowTitle()


def test_choosing_no_matrix_imports_nothing(qtbot, settings, tmp_path):
    wb = make_workbench(settings, import_path=project(tmp_path, SHELLS, SECOND), part=None)
    first = open_window(qtbot, wb)
    first.actions_by_id[ActionId.IMPORT].trigger()
    assert len(wb.windows) == 1 and wb.prompts.errors == []


def test_opening_a_project_makes_an_untitled_worksheet_named_after_it(qtbot, settings, tmp_path):
    wb = make_workbench(settings)
    window = wb.open_path(project(tmp_path))
    qtbot.addWidget(window)
    assert wb.prompts.errors == []
    assert window.document.path is None and not window.welcome_shown()
    assert window.document.worksheet.title == "Shells for Russia"
    assert window.windowTitle().startswith("Shells for Russia")
    assert len(window.document.worksheet.evidence) == 5
    assert settings.recent_files() == []  # nothing on disk is this worksheet yet


def test_a_refused_project_says_so_and_leaves_the_start_page(qtbot, settings, tmp_path):
    bad = tmp_path / "bad.achz"
    bad.write_bytes(achz(project_xml("p", [Matrix(["A"], [Item("Rail", values="X")])])))
    wb = make_workbench(settings)
    window = wb.open_path(bad)
    qtbot.addWidget(window)
    assert window.welcome_shown() and len(wb.windows) == 1
    (said,) = wb.prompts.errors
    assert "bad.achz" in said and '"X" is not one of I I, I, NA, N, C or C C' in said


def test_dropping_a_project_imports_it(qtbot, settings, tmp_path):
    wb = make_workbench(settings)
    window = open_window(qtbot, wb)
    window.files.close_document()
    drop(window, project(tmp_path))
    assert wb.prompts.errors == []
    assert window.document.worksheet.title == "Shells for Russia"
    assert len(wb.windows) == 1  # the window that showed nothing shows it
