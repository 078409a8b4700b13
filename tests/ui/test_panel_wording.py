"""The panels name menu items in the menu's own words."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.ui.window.actions import ActionId
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window


def test_sensitivity_panel_names_the_hide_scores_item_as_the_menu_does(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings))
    window.sensitivity_dock.raise_()
    hide = window.actions_by_id[ActionId.HIDE_SCORES]
    hide.setChecked(True)
    window.sensitivity.refresh()
    view_menu = window.menus["View"]
    assert hide in view_menu.actions()
    shown = f"{view_menu.title().replace('&', '')} › {hide.text().replace('&', '')}"
    assert shown == "View › Hide Scores While Rating"
    summary = window.sensitivity.summary.text()
    assert f"Hidden while rating ({shown}, {hide.shortcut().toString()})." in summary


def test_the_empty_matrix_names_only_menu_items_that_exist(qtbot, tmp_path):
    import re

    from app.domain.model import Worksheet

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = open_window(qtbot, make_workbench(settings), Worksheet())
    hint = window.pane.hint.text()
    named = re.findall(r"(File|Edit|View|Help) › ([A-Z][A-Za-z ]+?)(?= \(|\.|<|$)", hint)
    assert len(named) == 3, hint  # Add Hypothesis, Add Evidence, Keyboard Shortcuts
    items = {
        (menu, act.text().replace("&", "").rstrip("…"))
        for menu, m in window.menus.items()
        for act in m.actions()
    }
    for path in named:
        assert path in items, path
