"""Every kind of edit goes through the undo stack and comes back exactly."""

from __future__ import annotations

import copy

import pytest

from app.domain.model import Cell, Evidence, Level, Milestone, MilestoneStatus, Rating


def snapshot(ws):
    return copy.deepcopy(ws)


def assert_persisted(doc):
    """The working copy holds exactly what the window shows (every edit was committed)."""
    from app.storage.achw.worksheet_file import read_worksheet

    assert read_worksheet(doc.file.working_copy) == doc.worksheet


def undo_redo_roundtrip(doc, edit):
    """Apply edit; undo must restore the worksheet exactly, redo must redo it exactly."""
    before = snapshot(doc.worksheet)
    edit()
    after = snapshot(doc.worksheet)
    assert after != before, "the edit changed nothing"
    assert doc.is_modified
    assert_persisted(doc)
    doc.undo_stack.undo()
    assert doc.worksheet == before
    assert_persisted(doc)
    doc.undo_stack.redo()
    assert doc.worksheet == after
    assert_persisted(doc)
    return before, after


def test_rating_and_scores_follow(document):
    ws = document.worksheet
    e, h = ws.evidence[2], ws.hypotheses[2]
    old = document.scoreboard.score(h.id).weighted_inconsistency
    undo_redo_roundtrip(document, lambda: document.set_ratings([(e.id, h.id)], Rating.II))
    assert ws.rating(e.id, h.id) is Rating.II
    assert document.scoreboard.score(h.id).weighted_inconsistency < old
    document.undo_stack.undo()
    assert document.scoreboard.score(h.id).weighted_inconsistency == old


def test_multi_cell_rating_is_one_step(document):
    ws = document.worksheet
    keys = [(e.id, ws.hypotheses[1].id) for e in ws.evidence[:5]]
    undo_redo_roundtrip(document, lambda: document.set_ratings(keys, Rating.NA))
    assert document.undo_stack.count() == 1
    assert all(ws.rating(*k) is Rating.NA for k in keys)
    commit = document.file.commits[-1]
    assert commit.cells == set(keys)


def test_clear_rating_keeps_note(document):
    ws = document.worksheet
    e, h = ws.evidence[0], ws.hypotheses[0]
    undo_redo_roundtrip(document, lambda: document.set_ratings([(e.id, h.id)], None))
    assert ws.cell(e.id, h.id) == Cell(None, "Three times the 2022 average.")


def test_note(document):
    ws = document.worksheet
    e, h = ws.evidence[3], ws.hypotheses[1]
    undo_redo_roundtrip(document, lambda: document.set_note(e.id, h.id, "Says nothing new."))
    assert ws.cell(e.id, h.id).note == "Says nothing new."


def test_item_fields(document):
    e = document.worksheet.evidence[1]

    def edit():
        document.set_item_fields(
            e.id, title="Casings, lot 2022", credibility=Level.LOW, flags=frozenset()
        )

    undo_redo_roundtrip(document, edit)
    assert document.undo_stack.count() == 1


def test_unknown_field_is_refused(document):
    e = document.worksheet.evidence[1]
    with pytest.raises(ValueError):
        document.set_item_fields(e.id, colour="red")


def test_exclude_include(document):
    ws = document.worksheet
    ids = [ws.evidence[0].id, ws.evidence[1].id]
    h = ws.hypotheses[0].id
    before = document.scoreboard.score(h).weighted_inconsistency
    undo_redo_roundtrip(document, lambda: document.set_excluded(ids, True))
    assert document.undo_stack.count() == 1  # one macro
    assert document.scoreboard.score(h).weighted_inconsistency == before  # CC counts 0
    h3 = ws.hypotheses[3].id
    b3 = document.scoreboard.score(h3).weighted_inconsistency
    document.set_excluded(ids, False)
    assert document.scoreboard.score(h3).weighted_inconsistency < b3


def test_meta(document):
    def edit():
        document.set_meta(title="New title", question="Q?", conclusions="H1 leads.")

    undo_redo_roundtrip(document, edit)


def test_add_duplicate_move_delete_evidence(document):
    ws = document.worksheet
    undo_redo_roundtrip(document, lambda: document.add_item(Evidence("Fresh report"), 2))
    assert ws.evidence[2].title == "Fresh report"
    src = ws.evidence[0]
    undo_redo_roundtrip(document, lambda: document.duplicate_item(src.id))
    copy_ = ws.evidence[1]
    assert copy_.title.endswith("(copy)") and copy_.id != src.id
    assert ws.cell(copy_.id, ws.hypotheses[0].id) == ws.cell(src.id, ws.hypotheses[0].id)
    undo_redo_roundtrip(document, lambda: document.move_item(src.id, 5))
    assert ws.evidence[5] is src
    undo_redo_roundtrip(document, lambda: document.delete_items([src.id, copy_.id]))
    assert src not in ws.evidence


def test_delete_hypothesis_restores_ratings_notes_milestones_in_place(document):
    ws = document.worksheet
    h = ws.hypotheses[0]
    cells = {k: c for k, c in ws.cells.items() if k[1] == h.id}
    assert any(c.note for c in cells.values())
    milestones = list(ws.milestones)
    ranking = document.scoreboard.ranking()
    undo_redo_roundtrip(document, lambda: document.delete_hypothesis(h.id))
    assert h not in ws.hypotheses
    assert not any(k[1] == h.id for k in ws.cells)
    assert all(m.hypothesis_id != h.id for m in ws.milestones)
    change = document.file.commits[-1]
    assert change.deleted_hypotheses == {h.id}
    document.undo_stack.undo()
    assert ws.hypotheses[0] is h
    assert {k: c for k, c in ws.cells.items() if k[1] == h.id} == cells
    assert ws.milestones == milestones
    assert document.scoreboard.ranking() == ranking


def test_add_duplicate_move_hypothesis(document):
    ws = document.worksheet
    undo_redo_roundtrip(document, lambda: document.add_hypothesis())
    assert ws.hypotheses[-1].title == "H5"
    h = ws.hypotheses[1]
    undo_redo_roundtrip(document, lambda: document.duplicate_hypothesis(h.id))
    dup = ws.hypotheses[2]
    assert document.scoreboard.score(dup.id).weighted_inconsistency == (
        document.scoreboard.score(h.id).weighted_inconsistency
    )
    undo_redo_roundtrip(document, lambda: document.move_hypothesis(h.id, 0))
    assert ws.hypotheses[0] is h
    undo_redo_roundtrip(document, lambda: document.set_hypothesis_fields(h.id, title="H2'"))


def test_milestones(document):
    ws = document.worksheet
    h = ws.hypotheses[2]
    undo_redo_roundtrip(document, lambda: document.add_milestone(h.id, "Port calls stop"))
    m = ws.milestones[-1]
    assert document.milestones_of(h.id) == [m]

    def edit():
        document.set_milestone_fields(
            m.id, text="Port calls stop for 3 months", status=MilestoneStatus.OBSERVED
        )

    undo_redo_roundtrip(document, edit)
    undo_redo_roundtrip(document, lambda: document.delete_milestone(m.id))


def test_clean_state_drives_modified(document, qtbot, tmp_path):
    assert document.is_modified  # untitled with content: never saved
    document.save(tmp_path / "first.achw")
    assert not document.is_modified
    e, h = document.worksheet.evidence[0].id, document.worksheet.hypotheses[1].id
    with qtbot.waitSignal(document.modified_changed) as sig:
        document.set_ratings([(e, h)], Rating.I)
    assert sig.args == [True]
    document.save(tmp_path / "w.achw")
    assert not document.is_modified
    document.undo_stack.undo()
    assert document.is_modified


def test_failed_commit_rolls_back_and_reports(document, qtbot, monkeypatch):
    ws = document.worksheet
    e, h = ws.evidence[0].id, ws.hypotheses[1].id
    before = snapshot(ws)

    def refuse(change):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.file, "commit", refuse)
    with qtbot.waitSignal(document.failed) as sig:
        document.set_ratings([(e, h)], Rating.II)
    assert sig.args[0] == "The edit could not be written (the disk is full)."
    assert ws == before
    assert document.undo_stack.count() == 0


def test_a_refused_undo_keeps_the_edit_and_asks_before_closing(
    document, qtbot, monkeypatch, tmp_path
):
    ws = document.worksheet
    e, h = ws.evidence[0].id, ws.hypotheses[1].id
    document.save(tmp_path / "saved.achw")
    assert not document.is_modified
    document.set_ratings([(e, h)], Rating.II)
    after = snapshot(ws)
    real_commit = document.file.commit

    def refuse(change):
        raise OSError("No space left on device")

    monkeypatch.setattr(document.file, "commit", refuse)
    with qtbot.waitSignal(document.failed) as sig:
        document.undo_stack.undo()
    assert "undo history was cleared" in sig.args[0]
    assert ws == after  # the screen still shows the edit, and so does the working copy
    monkeypatch.setattr(document.file, "commit", real_commit)
    assert_persisted(document)
    qtbot.waitUntil(lambda: document.undo_stack.count() == 0)
    assert document.is_modified  # so closing asks, and the working copy is not thrown away
    document.undo_stack.redo()  # nothing left to apply twice
    assert ws == after


def test_read_only_refuses_edits(document, qtbot, monkeypatch):
    monkeypatch.setattr(document.file, "read_only", True)
    with qtbot.waitSignal(document.failed):
        document.set_meta(title="x")
    assert document.worksheet.title != "x"


@pytest.fixture
def big_document(qtbot):
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.ui.document.document import Document
    from tests.ui.worksheets import big_worksheet

    ws = big_worksheet(300, 5)
    ws.milestones.extend(Milestone(f"M{i}", ws.hypotheses[i % 5].id) for i in range(6))
    file = WorksheetFile.create(ws)
    file.commits = []
    real_commit = file.commit

    def recording_commit(change):
        real_commit(change)
        file.commits.append(change)

    file.commit = recording_commit
    doc = Document(file)
    yield doc
    doc.close()


def last_change(doc):
    return doc.file.commits[-1]


def test_inserting_or_moving_an_item_names_only_that_item(big_document):
    """Storage keeps the others' positions itself; listing them rewrote whole rows."""
    doc = big_document
    ws = doc.worksheet
    new = Evidence("Fresh report")
    doc.add_item(new, 0)
    assert last_change(doc).evidence == {new.id}
    assert_persisted(doc)
    doc.duplicate_item(ws.evidence[5].id)
    assert last_change(doc).evidence == {ws.evidence[6].id}
    moving = ws.evidence[1]
    doc.move_item(moving.id, 250)
    assert last_change(doc).evidence == {moving.id} and ws.evidence[250] is moving
    assert_persisted(doc)
    doc.delete_items([ws.evidence[3].id])
    assert last_change(doc).evidence == set() and len(last_change(doc).deleted_evidence) == 1
    assert_persisted(doc)
    while doc.undo_stack.canUndo():  # undo re-inserts and moves back: one item each
        doc.undo_stack.undo()
        assert len(last_change(doc).evidence) <= 1
        assert_persisted(doc)
    assert ws.evidence[0].title == "E1" and len(ws.evidence) == 300


def test_inserting_or_moving_a_hypothesis_or_milestone_names_only_it(big_document):
    doc = big_document
    ws = doc.worksheet
    hid = doc.add_hypothesis(index=0)
    assert last_change(doc).hypotheses == {hid}
    assert last_change(doc).milestones == set()
    doc.move_hypothesis(ws.hypotheses[1].id, 4)
    assert last_change(doc).hypotheses == {ws.hypotheses[4].id}
    gone = ws.hypotheses[2]
    ms = [m.id for m in ws.milestones if m.hypothesis_id == gone.id]
    doc.delete_hypothesis(gone.id)
    assert last_change(doc).hypotheses == set() and last_change(doc).milestones == set()
    assert last_change(doc).deleted_milestones == set(ms)
    assert_persisted(doc)
    doc.undo_stack.undo()  # back in place with its milestones: only those are named
    assert last_change(doc).hypotheses == {gone.id}
    assert last_change(doc).milestones == set(ms)
    assert_persisted(doc)
    mid = doc.add_milestone(ws.hypotheses[0].id, "Port calls stop")
    assert last_change(doc).milestones == {mid}
    doc.delete_milestone(ws.milestones[0].id)
    assert last_change(doc).milestones == set()
    assert_persisted(doc)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        assert_persisted(doc)
