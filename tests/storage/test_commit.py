"""Every commit() is one transaction that makes the working copy hold what the model holds."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.model import (
    Cell,
    Evidence,
    Hypothesis,
    Level,
    Milestone,
    MilestoneStatus,
    Rating,
    Worksheet,
)
from app.storage import changes
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet
from app.storage.errors import ReadOnlyError


@pytest.fixture
def wf(saved: Path) -> Iterator[WorksheetFile]:
    with WorksheetFile.open(saved) as f:
        yield f


def in_file(wf: WorksheetFile) -> Worksheet:
    """What a fresh load of the working copy gives."""
    return read_worksheet(wf.working_copy)


def positions(wf: WorksheetFile, table: str) -> list[tuple[str, int]]:
    conn = sqlite3.connect(wf.working_copy)
    try:
        return conn.execute(f"SELECT id, position FROM {table} ORDER BY position").fetchall()
    finally:
        conn.close()


def assert_synced(wf: WorksheetFile) -> None:
    assert in_file(wf) == wf.worksheet
    ws = wf.worksheet
    assert positions(wf, "hypotheses") == [(h.id, i) for i, h in enumerate(ws.hypotheses)]
    assert positions(wf, "evidence") == [(e.id, i) for i, e in enumerate(ws.evidence)]
    assert positions(wf, "milestones") == [(m.id, i) for i, m in enumerate(ws.milestones)]


def test_meta(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.title, ws.question, ws.analyst = "Новый", "Why?", "분석가"
    ws.classification, ws.conclusions = "SECRET", "none yet"
    wf.commit(Change(meta=True))
    assert_synced(wf)
    assert wf.is_modified


def test_edit_one_evidence_item(wf: WorksheetFile) -> None:
    e = wf.worksheet.evidence[1]
    e.title, e.credibility, e.excluded = "changed", Level.HIGH, False
    e.flags = frozenset({"retracted"})
    e.date = "2024-02-29"
    wf.commit(Change(evidence={e.id}))
    assert_synced(wf)


def test_insert_in_the_middle_renumbers(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    h = Hypothesis("Inserted", id="HX")
    e = Evidence("Inserted", id="EX")
    ws.hypotheses.insert(1, h)
    ws.evidence.insert(0, e)
    ws.set_cell("EX", "HX", Cell(Rating.CC, "both new"))
    ws.set_cell("EX", "H1", Cell(Rating.I))
    wf.commit(Change(hypotheses={"HX"}, evidence={"EX"}, cells={("EX", "HX"), ("EX", "H1")}))
    assert_synced(wf)


def test_cells_of_inserted_items_are_written_without_listing(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.evidence.append(Evidence("New", id="EN"))
    ws.set_cell("EN", "H2", Cell(Rating.N, "unlisted"))
    wf.commit(Change(evidence={"EN"}))
    assert_synced(wf)


def test_reorder(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.evidence.reverse()
    ws.hypotheses.append(ws.hypotheses.pop(0))
    ws.milestones.reverse()
    wf.commit(Change(reorder=True))
    assert_synced(wf)


def test_moving_a_listed_item_is_noticed(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    moved = ws.evidence.pop(2)
    ws.evidence.insert(0, moved)
    wf.commit(Change(evidence={moved.id}))
    assert_synced(wf)


def test_cells_set_and_clear(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.set_cell("E1", "H1", Cell(Rating.NA, "changed"))
    ws.set_cell("E1", "H2", Cell())  # cleared: the row goes
    ws.set_cell("E2", "H2", Cell(None, "note only"))
    wf.commit(Change(cells={("E1", "H1"), ("E1", "H2"), ("E2", "H2")}))
    assert_synced(wf)
    conn = sqlite3.connect(wf.working_copy)
    rows = conn.execute("SELECT count(*) FROM cells WHERE evidence_id = 'E1'").fetchone()
    conn.close()
    assert rows == (1,)


def test_delete_evidence_takes_its_cells(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.evidence = [e for e in ws.evidence if e.id != "E1"]
    wf.commit(Change(deleted_evidence={"E1"}))
    assert not any(k[0] == "E1" for k in ws.cells)  # the model follows the file
    assert_synced(wf)


def test_delete_hypothesis_takes_its_cells_and_milestones(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.hypotheses = [h for h in ws.hypotheses if h.id != "H1"]
    wf.commit(Change(deleted_hypotheses={"H1"}))
    assert [m.id for m in ws.milestones] == ["M2", "M3"]
    assert not any(k[1] == "H1" for k in ws.cells)
    assert_synced(wf)


def test_undo_of_a_hypothesis_deletion_puts_everything_back(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    before = copy.deepcopy(ws)
    index = next(i for i, h in enumerate(ws.hypotheses) if h.id == "H1")
    h = ws.hypotheses.pop(index)
    kept_cells = {k: v for k, v in ws.cells.items() if k[1] == "H1"}
    kept_milestones = [(i, m) for i, m in enumerate(ws.milestones) if m.hypothesis_id == "H1"]
    wf.commit(Change(deleted_hypotheses={"H1"}))
    # undo
    ws.hypotheses.insert(index, h)
    ws.cells.update(kept_cells)
    for i, m in kept_milestones:
        ws.milestones.insert(i, m)
    wf.commit(Change(hypotheses={"H1"}, milestones={m.id for _, m in kept_milestones}))
    assert ws == before
    assert_synced(wf)


def test_milestones(wf: WorksheetFile) -> None:
    ws = wf.worksheet
    ws.milestones[0].status = MilestoneStatus.OBSERVED
    ws.milestones[0].hypothesis_id = "H2"
    ws.milestones.insert(1, Milestone("New one", None, id="MN"))
    ws.milestones = [m for m in ws.milestones if m.id != "M3"]
    wf.commit(Change(milestones={"M1", "MN"}, deleted_milestones={"M3"}))
    assert_synced(wf)


def test_everything(wf: WorksheetFile) -> None:
    from tests.storage.conftest import big_worksheet

    replacement = big_worksheet(7, 3)
    ws = wf.worksheet
    ws.hypotheses, ws.evidence, ws.cells = replacement.hypotheses, replacement.evidence, {}
    ws.cells.update(replacement.cells)
    ws.milestones = [Milestone("only", ws.hypotheses[0].id)]
    ws.title = "replaced"
    # a change naming the whole model, as replacing it wholesale would
    everything = Change(
        meta=True,
        hypotheses={h.id for h in ws.hypotheses},
        evidence={e.id for e in ws.evidence},
        cells=set(ws.cells),
        milestones={m.id for m in ws.milestones},
        reorder=True,
    )
    wf.commit(everything)
    assert_synced(wf)


def test_change_union() -> None:
    a = Change(meta=True, cells={("E1", "H1")})
    b = Change(evidence={"E2"}, deleted_hypotheses={"H3"}, reorder=True)
    both = a | b
    assert both.meta and both.reorder
    assert both.cells == {("E1", "H1")} and both.evidence == {"E2"}
    assert both.deleted_hypotheses == {"H3"}
    assert Change().is_empty() and not both.is_empty()


@pytest.mark.parametrize(
    ("spoil", "change", "words"),
    [
        (lambda ws: None, Change(evidence={"nope"}), "not in the list"),
        (lambda ws: None, Change(deleted_evidence={"E1"}), "listed as deleted"),
        (
            lambda ws: ws.milestones.append(Milestone("x", "H404", id="MX")),
            Change(milestones={"MX"}),
            "unknown hypothesis",
        ),
        (
            lambda ws: setattr(ws.evidence[0], "relevance", "very"),
            Change(evidence={"E1"}),
            "relevance",
        ),
        (
            lambda ws: ws.cells.__setitem__(("E1", "H404"), Cell(Rating.C)),
            Change(cells={("E1", "H404")}),
            "not in the worksheet",
        ),
        (
            lambda ws: ws.evidence.append(Evidence("dup", id="E1")),
            Change(evidence={"E1"}),
            "same id",
        ),
    ],
    ids=["unknown-id", "deleted-but-present", "bad-reference", "bad-value", "bad-cell", "dup"],
)
def test_inconsistent_changes_are_refused_before_writing(
    wf: WorksheetFile, spoil, change: Change, words: str
) -> None:
    before = in_file(wf)
    spoil(wf.worksheet)
    with pytest.raises(ValueError, match=words):
        wf.commit(change)
    assert in_file(wf) == before
    assert not wf.is_modified


def test_a_commit_is_all_or_nothing(wf: WorksheetFile, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = wf.worksheet
    before = in_file(wf)
    ws.title = "half"
    ws.evidence[0].title = "half"
    ws.set_cell("E1", "H1", Cell(Rating.II))

    real = changes.Plan.apply

    def apply_then_fail(self, conn):  # type: ignore[no-untyped-def]
        real(self, conn)
        raise RuntimeError("crash inside the transaction")

    monkeypatch.setattr(changes.Plan, "apply", apply_then_fail)
    with pytest.raises(RuntimeError):
        wf.commit(Change(meta=True, evidence={"E1"}, cells={("E1", "H1")}))
    assert in_file(wf) == before
    monkeypatch.undo()
    wf.commit(Change(meta=True, evidence={"E1"}, cells={("E1", "H1")}))
    assert_synced(wf)


def test_disk_trouble_is_explained(wf: WorksheetFile, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlalchemy.exc

    from app.storage.errors import WorksheetError

    def full(self, conn):  # type: ignore[no-untyped-def]
        raise sqlalchemy.exc.OperationalError(
            "INSERT", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(changes.Plan, "apply", full)
    wf.worksheet.title = "x"
    with pytest.raises(WorksheetError, match="the disk is full"):
        wf.commit(Change(meta=True))


def test_read_only_refuses_commits(saved: Path) -> None:
    with WorksheetFile.open(saved, read_only=True) as wf:
        wf.worksheet.title = "no"
        with pytest.raises(ReadOnlyError, match="read-only"):
            wf.commit(Change(meta=True))
        assert in_file(wf).title != "no"


def test_closed_file_refuses_use(saved: Path) -> None:
    wf = WorksheetFile.open(saved)
    wf.close()
    wf.close()  # twice is fine
    with pytest.raises(ValueError, match="closed"):
        wf.commit(Change(meta=True))


def test_empty_change_writes_nothing(wf: WorksheetFile) -> None:
    wf.commit(Change())
    assert not wf.is_modified


# --------------------------------------------------------------- random edit sequences

_ops = st.lists(
    st.tuples(
        st.sampled_from(
            ["rate", "clear", "add_e", "add_h", "del_e", "del_h", "move_e", "add_m", "edit_m"]
        ),
        st.integers(0, 20),
        st.integers(0, 20),
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=_ops)
def test_random_edits_keep_file_and_model_equal(saved: Path, ops) -> None:  # type: ignore[no-untyped-def]
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        for n, (op, a, b) in enumerate(ops):
            hs, es = ws.hypotheses, ws.evidence
            if op == "rate" and hs and es:
                e, h = es[a % len(es)].id, hs[b % len(hs)].id
                ws.set_cell(e, h, Cell(list(Rating)[(a + b) % 6], "n" * (a % 3)))
                wf.commit(Change(cells={(e, h)}))
            elif op == "clear" and hs and es:
                e, h = es[a % len(es)].id, hs[b % len(hs)].id
                ws.set_cell(e, h, Cell())
                wf.commit(Change(cells={(e, h)}))
            elif op == "add_e":
                item = Evidence(f"e{n}", id=f"e{n}")
                es.insert(a % (len(es) + 1), item)
                wf.commit(Change(evidence={item.id}))
            elif op == "add_h":
                hyp = Hypothesis(f"h{n}", id=f"h{n}")
                hs.insert(a % (len(hs) + 1), hyp)
                wf.commit(Change(hypotheses={hyp.id}))
            elif op == "del_e" and es:
                gone = es.pop(a % len(es))
                wf.commit(Change(deleted_evidence={gone.id}))
            elif op == "del_h" and hs:
                gone_h = hs.pop(a % len(hs))
                wf.commit(Change(deleted_hypotheses={gone_h.id}))
            elif op == "move_e" and es:
                es.insert(b % len(es), es.pop(a % len(es)))
                wf.commit(Change(reorder=True))
            elif op == "add_m":
                hid = hs[a % len(hs)].id if hs and a % 2 else None
                ws.milestones.insert(
                    b % (len(ws.milestones) + 1), Milestone(f"m{n}", hid, id=f"m{n}")
                )
                wf.commit(Change(milestones={f"m{n}"}))
            elif op == "edit_m" and ws.milestones:
                m = ws.milestones[a % len(ws.milestones)]
                m.text, m.hypothesis_id = f"edited {n}", hs[b % len(hs)].id if hs else None
                wf.commit(Change(milestones={m.id}))
        assert_synced(wf)
