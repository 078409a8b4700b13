"""A structural edit the disk refuses: nothing of it stays on screen or in memory.

The disk refuses for real: the process may grow no file (``RLIMIT_FSIZE``),
so SQLite cannot write the working copy's journal, as on a full disk.  (The
tests may run as root, whom a read-only folder would not stop.)  The window
must then show the worksheet and the matrix exactly as before the edit, and
the analyst gets one sentence.
"""

from __future__ import annotations

import contextlib
import copy
import resource
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, Qt

from app.domain.model import Evidence, Hypothesis
from app.storage.achw.worksheet_file import read_worksheet
from app.ui.window.settings import Settings
from tests.ui.test_main_window import make_workbench, open_window

REFUSED = "The edit could not be written to the working copy of the untitled worksheet"


@contextlib.contextmanager
def disk_refuses() -> Iterator[None]:
    """No file may grow while inside: every write SQLite needs fails (EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def shown(model) -> list[list[object]]:
    """Everything a table model shows: headers and cells, text, colour and tooltip."""
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole)
    rows = [
        [model.headerData(c, Qt.Orientation.Horizontal, r) for r in roles]
        for c in range(model.columnCount())
    ]
    for row in range(model.rowCount()):
        rows.append(
            [model.index(row, c).data(r) for c in range(model.columnCount()) for r in roles]
        )
    return rows


def first_milestone(doc) -> str:
    return doc.worksheet.milestones[0].id


EDITS: dict[str, Callable[..., object]] = {
    "add hypothesis": lambda doc: doc.add_hypothesis(Hypothesis("H new"), 1),
    "duplicate hypothesis": lambda doc: doc.duplicate_hypothesis(doc.worksheet.hypotheses[0].id),
    "delete hypothesis": lambda doc: doc.delete_hypothesis(doc.worksheet.hypotheses[0].id),
    "move hypothesis": lambda doc: doc.move_hypothesis(doc.worksheet.hypotheses[0].id, 2),
    "add item": lambda doc: doc.add_item(Evidence("New report"), 0),
    "add imported items": lambda doc: doc.edit.add_items(
        [Evidence("Lead one"), Evidence("Lead two")], "Import leads.csv"
    ),
    "duplicate item": lambda doc: doc.duplicate_item(doc.worksheet.evidence[1].id),
    "delete item": lambda doc: doc.delete_items([doc.worksheet.evidence[1].id]),
    "delete two items": lambda doc: doc.delete_items([e.id for e in doc.worksheet.evidence[:2]]),
    "exclude items": lambda doc: doc.set_excluded([e.id for e in doc.worksheet.evidence[:2]], True),
    "move item": lambda doc: doc.move_item(doc.worksheet.evidence[0].id, 3),
    "add milestone": lambda doc: doc.add_milestone(doc.worksheet.hypotheses[0].id, "Watch"),
    "delete milestone": lambda doc: doc.delete_milestone(first_milestone(doc)),
}


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return open_window(qtbot, make_workbench(settings))


def test_the_worksheet_has_what_the_edits_need(window):
    doc = window.document
    has_milestone = any(
        m.hypothesis_id == doc.worksheet.hypotheses[0].id for m in doc.worksheet.milestones
    )
    assert doc.worksheet.milestones and has_milestone  # "delete hypothesis" takes one with it
    assert len(doc.worksheet.hypotheses) >= 3 and len(doc.worksheet.evidence) >= 4


# Delete Evidence and Exclude push their commands inside a macro (one step for many
# items): a macro the disk refused wholly must not stay behind as an empty undo step.
@pytest.mark.parametrize("edit", list(EDITS.values()), ids=list(EDITS))
def test_a_refused_edit_leaves_the_worksheet_and_the_matrix_as_they_were(window, edit):
    doc, pane = window.document, window.pane
    before = copy.deepcopy(doc.worksheet)
    matrix, scores = shown(pane.proxy), shown(pane.score_model)
    title, steps = window.windowTitle(), doc.undo_stack.count()
    with disk_refuses():
        edit(doc)
    [sentence] = window.prompts.errors
    assert sentence.startswith(REFUSED) and sentence.endswith(").")
    assert "\n" not in sentence and "Traceback" not in sentence and "Errno" not in sentence
    assert doc.worksheet == before
    assert shown(pane.proxy) == matrix and shown(pane.score_model) == scores
    assert window.windowTitle() == title and doc.undo_stack.count() == steps
    # the document's own indexes were put back too: the next edit works on what is shown
    for i, h in enumerate(doc.worksheet.hypotheses):
        assert doc.hypothesis(h.id) is h and doc.hypothesis_index(h.id) == i
    for i, e in enumerate(doc.worksheet.evidence):
        assert doc.item(e.id) is e and doc.item_index(e.id) == i
    # and the working copy holds what the window shows, before and after one more edit
    assert read_worksheet(doc.file.working_copy) == doc.worksheet
    edit(doc)
    assert window.prompts.errors == [sentence]
    assert read_worksheet(doc.file.working_copy) == doc.worksheet != before


@pytest.mark.parametrize(
    "edit", ["delete hypothesis", "move hypothesis", "delete item", "add milestone"]
)
def test_a_refused_undo_leaves_the_edit_on_screen(window, edit):
    doc, pane = window.document, window.pane
    EDITS[edit](doc)
    after = copy.deepcopy(doc.worksheet)
    matrix = shown(pane.proxy)
    with disk_refuses():
        doc.undo()
    [sentence] = window.prompts.errors
    assert sentence.startswith(REFUSED)
    assert sentence.endswith("The undo history was cleared; nothing on screen was lost.")
    assert doc.worksheet == after and shown(pane.proxy) == matrix
    assert read_worksheet(doc.file.working_copy) == doc.worksheet
    assert window.isWindowModified()
