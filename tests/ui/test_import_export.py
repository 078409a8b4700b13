"""File › Import… (JSON worksheet, CSV evidence list) and File › Export as JSON…/CSV…."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings

from app.interchange.csv_form import matrix_to_csv
from app.interchange.json_form import worksheet_from_json, worksheet_to_json
from app.ui.dialogs.file_prompts import Choice
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window
from tests.ui.worksheets import realistic_worksheet


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def file_menu_texts(window):
    return [a.text() for a in window.menus["File"].actions() if a.text()]


def test_the_file_menu_offers_import_and_both_exports(qtbot, settings):
    window = open_window(qtbot, make_workbench(settings))
    texts = file_menu_texts(window)
    for wanted in ("&Import…", "Export as &JSON…", "Export Matrix as CS&V…"):
        assert wanted in texts
    assert texts.index("&Import…") == texts.index("&Open…") + 1


def test_import_a_json_worksheet_opens_it_in_a_new_window(qtbot, settings, tmp_path):
    source = tmp_path / "dprk.json"
    source.write_text(worksheet_to_json(realistic_worksheet()), encoding="utf-8")
    wb = make_workbench(settings, import_path=source)
    first = open_window(qtbot, wb)
    first.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.errors == []
    assert len(wb.windows) == 2
    imported = wb.windows[-1]
    qtbot.addWidget(imported)
    assert imported is not first
    assert imported.document.worksheet == worksheet_from_json(source.read_bytes(), source="x")
    assert imported.document.path is None  # untitled until saved
    assert imported.pane.model.rowCount() == len(realistic_worksheet().evidence)
    assert "Imported dprk.json" in imported.statusBar().currentMessage()


def test_import_a_csv_evidence_list_starts_an_untitled_worksheet(qtbot, settings, tmp_path):
    source = tmp_path / "leads.csv"
    source.write_text(
        "title,date,credibility,type\n"
        "Rail traffic surge,2023-09-14,high,IMINT\n"
        "Defector report,,low,HUMINT\n",
        encoding="utf-8",
    )
    wb = make_workbench(settings, import_path=source, import_into=Choice.NEW)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.import_offer == ("leads.csv", 2, window.document.display_name())
    new = wb.windows[-1]
    qtbot.addWidget(new)
    ws = new.document.worksheet
    assert [e.title for e in ws.evidence] == ["Rail traffic surge", "Defector report"]
    assert ws.hypotheses == [] and ws.title == "leads" and new.document.path is None
    assert new.pane.hint.isVisible() and "Add Hypothesis" in new.pane.hint.text()


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        (
            "broken.json",
            '{"format": "ach-worksheet", "version": 1,',
            "broken.json: line 1, column 42: not valid JSON",
        ),
        ("bad.csv", "title,date\nA,2023-13-40\n", 'bad.csv: line 2, column "date"'),
    ],
)
def test_a_refused_file_is_one_sentence_and_nothing_opens(
    qtbot, settings, tmp_path, name, content, sentence
):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    wb = make_workbench(settings, import_path=source)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.IMPORT].trigger()
    [error] = wb.prompts.errors
    assert error.startswith(sentence) and error.endswith(".") and "\n" not in error
    assert "Traceback" not in error
    assert len(wb.windows) == 1


def test_export_json_writes_the_worksheet_atomically(qtbot, settings, tmp_path):
    target = tmp_path / "out" / "dprk.json"
    target.parent.mkdir()
    target.write_text("the previous export")
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.EXPORT_JSON].trigger()
    assert wb.prompts.saving == "json" and wb.prompts.errors == []
    assert worksheet_from_json(target.read_bytes(), source="x") == window.document.worksheet
    assert os.listdir(target.parent) == ["dprk.json"]  # no temporary file left
    assert "Exported dprk.json" in window.statusBar().currentMessage()
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # readable like any new file


def test_export_csv_writes_the_matrix(qtbot, settings, tmp_path):
    target = tmp_path / "matrix.csv"
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.EXPORT_CSV].trigger()
    assert wb.prompts.saving == "csv" and wb.prompts.errors == []
    assert target.read_bytes() == matrix_to_csv(window.document.worksheet)


def test_a_failed_export_leaves_the_old_file_and_says_why(qtbot, settings, tmp_path, monkeypatch):
    target = tmp_path / "out" / "dprk.json"
    target.parent.mkdir()
    target.write_text("the previous export")
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    window.actions_by_id[ActionId.EXPORT_JSON].trigger()
    assert wb.prompts.errors == ["Could not export “dprk.json” (the disk is full)."]
    assert target.read_text() == "the previous export"
    assert os.listdir(target.parent) == ["dprk.json"]  # the temporary file is gone


def test_export_cancelled_writes_nothing(qtbot, settings, tmp_path):
    wb = make_workbench(settings, save_path=None)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.EXPORT_CSV].trigger()
    assert wb.prompts.errors == [] and not list(tmp_path.glob("*.csv"))


def test_import_from_the_welcome_page_uses_that_window(qtbot, settings, tmp_path):
    source = tmp_path / "dprk.json"
    source.write_text(worksheet_to_json(realistic_worksheet()), encoding="utf-8")
    wb = make_workbench(settings, import_path=source)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    assert window.welcome_shown() and window.actions_by_id[ActionId.IMPORT].isEnabled()
    assert not window.actions_by_id[ActionId.EXPORT_JSON].isEnabled()  # nothing to export
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.windows == [window] and not window.welcome_shown()
    assert window.document.worksheet.title == "DPRK munitions to Russia"
    assert window.actions_by_id[ActionId.EXPORT_JSON].isEnabled()


def test_a_brief_that_cannot_be_written_is_one_plain_sentence(
    qtbot, settings, tmp_path, monkeypatch
):
    target = tmp_path / "brief.pdf"
    wb = make_workbench(settings, save_path=target)
    window = open_window(qtbot, wb)

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    window.actions_by_id[ActionId.EXPORT_PDF].trigger()
    assert wb.prompts.errors == [
        "The brief could not be written to “brief.pdf” (the disk is full)."
    ]
    assert os.listdir(tmp_path) == []  # no half PDF, no temporary file


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_json_worksheet_under_another_suffix_is_still_read_as_json(
    qtbot, settings, tmp_path, encoding
):
    source = tmp_path / "dprk-export.txt"  # as mail programs sometimes rename attachments
    text = worksheet_to_json(realistic_worksheet())
    source.write_text(text, encoding=encoding)
    wb = make_workbench(settings, import_path=source)
    first = open_window(qtbot, wb)
    first.actions_by_id[ActionId.IMPORT].trigger()
    assert wb.prompts.errors == []
    imported = wb.windows[-1]
    qtbot.addWidget(imported)
    assert imported.document.worksheet == worksheet_from_json(text.encode(), source="x")


def test_the_exported_matrix_imported_again_is_named_for_what_it_is(qtbot, settings, tmp_path):
    # An analyst who exported the matrix for a spreadsheet tries to bring it back.
    exported = tmp_path / "matrix.csv"
    wb = make_workbench(settings, save_path=exported)
    window = open_window(qtbot, wb)
    window.actions_by_id[ActionId.EXPORT_CSV].trigger()
    assert exported.exists()
    wb.prompts.answers["import_path"] = exported
    window.actions_by_id[ActionId.IMPORT].trigger()
    [error] = wb.prompts.errors
    assert "matrix.csv is a matrix exported for a spreadsheet, not an evidence list" in error
    assert "JSON" in error and "\n" not in error
    assert len(wb.windows) == 1  # nothing opened
