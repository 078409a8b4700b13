"""Hostile worksheet content opened in the window: one sentence, no window, nothing left.

The same files as tests/storage/test_hostile_content.py, opened through the
workbench as File › Open does; and text no file may hold, typed in the window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.storage import limits
from app.ui.document.edits import CommitFailed, Target
from app.ui.window.settings import Settings
from tests.storage.conftest import session_folders, tamper
from tests.storage.test_hostile_content import DAMAGE, _duplicate
from tests.ui.test_main_window import make_workbench, open_window, saved_worksheet


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


CASES = [
    *[(name, spoil, words) for name, spoil, words in DAMAGE],
    (
        "duplicate-id",
        _duplicate("hypotheses", "sqlite_autoindex_hypotheses_1"),
        "have the same id",
    ),
    (
        "nul-in-a-title",
        lambda path: tamper(path, "UPDATE hypotheses SET title = 'a' || char(0)"),
        "holds what a worksheet cannot: hypothesis 1 has a title that contains",
    ),
    (
        "oversize-title",
        lambda path: tamper(path, "UPDATE worksheet SET title = printf('%.*c', 600, 't')"),
        "is 600 characters long; the limit is 500",
    ),
]


@pytest.mark.parametrize(("spoil", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_file_is_one_sentence_and_opens_no_window(
    qtbot, settings, tmp_path, spoil, words
):
    path = saved_worksheet(tmp_path / "hostile.achw")
    spoil(path)
    before = path.read_bytes()
    folders = session_folders()
    wb = make_workbench(settings)
    assert wb.open_path(path) is None
    [error] = wb.prompts.errors
    assert error.startswith("“hostile.achw” ") and words in error, error
    assert error.endswith(".") and "\n" not in error and "\x1b" not in error
    assert "Traceback" not in error and "internal error" not in error
    assert wb.windows == []
    assert path.read_bytes() == before  # nothing replaced
    assert session_folders() == folders  # no working copy left behind
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini"] == ["hostile.achw"]


def test_a_title_too_long_for_a_file_is_refused_in_a_sentence_and_kept_as_it_was(
    qtbot, settings, tmp_path
):
    wb = make_workbench(settings)
    window = open_window(qtbot, wb)
    document = window.document
    old = document.worksheet.title
    with pytest.raises(CommitFailed) as refused:
        document.apply_fields(Target.META, "", {"title": "t" * (limits.MAX_TITLE + 1)})
    assert str(refused.value) == (
        "This title is 501 characters long; the limit is 500; the edit was not kept."
    )
    assert document.worksheet.title == old
