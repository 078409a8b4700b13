"""A store other than the .achw file: the Document follows changes made elsewhere.

``Colleague`` is a second, in-memory ``WorksheetStore`` (as a team server's
worksheet will be): its worksheet changes under the Document, as if another
analyst had edited it, and it tells its listeners which ``Change`` it
applied.  What the analyst sees (the matrix and the scores) must then be
exactly what a freshly opened worksheet would show, and the analyst's own
undo history must be left alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Qt

from app.domain.model import Cell, Evidence, Hypothesis, Rating, Worksheet
from app.storage.address import Address
from app.storage.changes import Change
from app.storage.store import Listener, WorksheetStore
from app.ui.document.document import Document
from app.ui.matrix.model import EVIDENCE_ID_ROLE, MatrixModel
from app.ui.matrix.score_row import ScoreModel
from tests.ui.worksheets import realistic_worksheet


class Colleague:
    """A worksheet kept in memory that someone else edits too."""

    address: Address | None = None
    read_only = False
    is_modified = False
    folder_refuses_files = False

    def __init__(self, worksheet: Worksheet) -> None:
        self.worksheet = worksheet
        self.commits: list[Change] = []
        self._listeners: list[Listener] = []

    def commit(self, change: Change, /) -> None:
        self.commits.append(change)

    def save(self, path: Path | str | None = None, *, overwrite: bool = False) -> None:
        pass

    def changed_on_disk(self) -> bool:
        return False

    def close(self) -> None:
        self._listeners.clear()

    def subscribe(self, listener: Listener, /) -> None:
        self._listeners.append(listener)

    def edits(self, edit: Callable[[Worksheet], None], change: Change) -> None:
        """Another analyst's edit arrives: it is applied here, then told."""
        edit(self.worksheet)
        for listener in self._listeners:
            listener(change)


def _a_store(colleague: Colleague) -> WorksheetStore:  # mypy: it is a store
    return colleague


def shown(model: QAbstractItemModel) -> list[list[object]]:
    """Every header and cell the analyst can read, row by row."""
    cols = range(model.columnCount())
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in cols]
    rows = [[model.data(model.index(r, c)) for c in cols] for r in range(model.rowCount())]
    return [header, *rows]


def as_freshly_opened(document: Document) -> tuple[list, list]:
    fresh = Document(Colleague(copy.deepcopy(document.worksheet)))
    return shown(MatrixModel(fresh)), shown(ScoreModel(fresh))


def open_with_history(qtbot, qtmodeltester):
    store = Colleague(realistic_worksheet())
    document = Document(store)
    matrix, scores = MatrixModel(document), ScoreModel(document)
    qtmodeltester.check(matrix)  # it checks every signal the models get from here on
    qtmodeltester.check(scores)
    ws = document.worksheet
    mine = (ws.evidence[0].id, ws.hypotheses[0].id)
    was = ws.cell(*mine)
    document.set_ratings([mine], Rating.NA)  # the analyst's own edit, on the undo stack
    assert ws.cell(*mine).rating is Rating.NA and was.rating is not Rating.NA
    return store, document, matrix, scores, (mine, was)


def test_a_colleagues_rating_and_new_item_show_in_the_matrix_and_the_scores(qtbot, qtmodeltester):
    store, document, matrix, scores, (mine, was) = open_with_history(qtbot, qtmodeltester)
    ws = document.worksheet
    before_scores = shown(scores)
    rated = (ws.evidence[2].id, ws.hypotheses[1].id)
    new = Evidence(title="Satellite imagery of the Sohae launch pad")
    cells = {(new.id, h.id): Cell(rating=Rating.I) for h in ws.hypotheses[:2]}

    def edit(w: Worksheet) -> None:
        w.set_cell(*rated, Cell(rating=Rating.II))
        w.evidence.insert(1, new)
        w.cells.update(cells)

    store.edits(edit, Change(evidence={new.id}, cells={rated, *cells}))

    assert matrix.rowCount() == len(ws.evidence)
    assert matrix.data(matrix.index(1, 0), EVIDENCE_ID_ROLE) == new.id
    assert (shown(matrix), shown(scores)) == as_freshly_opened(document)
    assert shown(scores) != before_scores  # the colleague's ratings counted
    assert document.has_item(new.id)
    # The analyst's own history is untouched: one step, theirs, and undo takes back only it.
    assert document.undo_stack.count() == 1
    document.undo()
    assert ws.cell(*mine) == was
    assert ws.cell(*rated).rating is Rating.II and ws.evidence[1] is new
    assert (shown(matrix), shown(scores)) == as_freshly_opened(document)


def test_a_colleague_deletes_a_hypothesis_and_an_item_and_moves_another(qtbot, qtmodeltester):
    store, document, matrix, scores, _ = open_with_history(qtbot, qtmodeltester)
    ws = document.worksheet
    gone_h, gone_e, moved = ws.hypotheses[1], ws.evidence[3], ws.evidence[0]
    added = Hypothesis(title="A test of a new engine, not a launch")

    def edit(w: Worksheet) -> None:
        w.hypotheses.remove(gone_h)
        w.hypotheses.append(added)
        w.evidence.remove(gone_e)
        w.evidence.remove(moved)
        w.evidence.insert(4, moved)
        for key in [k for k in w.cells if gone_h.id in k or gone_e.id in k]:
            del w.cells[key]
        w.milestones[:] = [m for m in w.milestones if m.hypothesis_id != gone_h.id]
        w.set_cell(moved.id, added.id, Cell(rating=Rating.C))

    store.edits(
        edit,
        Change(
            hypotheses={added.id},
            deleted_hypotheses={gone_h.id},
            deleted_evidence={gone_e.id},
            evidence={moved.id},
            cells={(moved.id, added.id)},
        ),
    )

    assert (shown(matrix), shown(scores)) == as_freshly_opened(document)
    assert not document.has_hypothesis(gone_h.id) and document.has_hypothesis(added.id)
    assert document.item_index(moved.id) == 4
    assert document.undo_stack.count() == 1
    assert store.commits[-1].cells  # the only commit is the analyst's own rating
    assert len(store.commits) == 1
