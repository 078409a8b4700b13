"""Where Save As suggests saving: the analyst's folders, never the program's own."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QSettings

from app.resources import sample_worksheet
from app.storage.address import FileAddress
from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench


@pytest.fixture
def settings(tmp_path):
    Path(platformdirs.user_documents_dir()).mkdir(parents=True, exist_ok=True)
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def test_without_a_documents_folder_save_suggests_the_home_folder(qtbot, tmp_path):
    """A stock Debian has no ~/Documents: the dialog would open in the program's folder."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert not Path(platformdirs.user_documents_dir()).exists()
    wb = make_workbench(settings, save_path=None)
    window = wb.new_worksheet(sample=True)
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.SAVE].trigger()
    assert wb.prompts.suggested.parent == Path.home()
    assert Path.home() != Path.cwd()


def test_save_after_new_from_sample_suggests_the_documents_folder(qtbot, settings, tmp_path):
    # the analyst once opened the shipped sample
    settings.add_recent(FileAddress.of(sample_worksheet()))
    wb = make_workbench(settings, save_path=None)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.NEW_FROM_SAMPLE].trigger()  # as the welcome page's button
    window.actions_by_id[ActionId.SAVE].trigger()
    suggested: Path = wb.prompts.suggested
    assert suggested.parent == Path(platformdirs.user_documents_dir())  # made by the fixture
    assert not suggested.resolve().is_relative_to(sample_worksheet().parent.parent.resolve())
    assert suggested.suffix == ".achw"


def test_save_as_suggests_the_folder_the_analyst_last_used(qtbot, settings, tmp_path):
    work = tmp_path / "cases"
    work.mkdir()
    wb = make_workbench(settings, save_path=[work / "first.achw", None])
    window = wb.new_worksheet(sample=True)
    qtbot.addWidget(window)
    window.actions_by_id[ActionId.SAVE].trigger()
    assert (work / "first.achw").exists()
    window.actions_by_id[ActionId.SAVE_AS].trigger()
    assert wb.prompts.suggested.parent == work


def test_export_and_open_never_suggest_the_program_folder(qtbot, settings):
    settings.add_recent(FileAddress.of(sample_worksheet()))
    assert settings.last_folder() == platformdirs.user_documents_dir()
