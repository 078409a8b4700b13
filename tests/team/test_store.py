"""The team worksheet as the window edits it (``TeamStore``), against a real server."""

from __future__ import annotations

import pytest

from app.domain.model import Cell, Evidence, Rating
from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from app.storage.changes import Change
from app.storage.errors import ReadOnlyError
from app.storage.team.connection import ServerAddress, TeamServerError
from app.storage.team.store import TeamConflictError, TeamStore
from app.storage.team.worksheets import publish, read_team_worksheet


@pytest.fixture
def shared(team):
    """The sample published by alice; a function opening it as each analyst."""
    wid = publish(read_worksheet(sample_worksheet()), team.uri("alice"))
    opened: list[TeamStore] = []

    def open_as(who: str) -> TeamStore:
        store = TeamStore.open(ServerAddress(team.uri(who), wid))
        opened.append(store)
        return store

    yield open_as
    for store in opened:
        store.close()


def test_each_analyst_sees_the_teams_items_and_only_their_own_ratings(shared):
    alice, bob = shared("alice"), shared("bob")
    sample = read_worksheet(sample_worksheet())
    assert [e.title for e in alice.worksheet.evidence] == [e.title for e in sample.evidence]
    assert alice.worksheet.cells == sample.cells  # the publisher's ratings are hers
    assert bob.worksheet.cells == {}  # nobody else's show while bob rates: no anchoring
    assert not alice.read_only and not bob.read_only


def test_a_colleagues_edits_arrive_in_place_and_are_told(shared):
    alice, bob = shared("alice"), shared("bob")
    told: list[Change] = []
    bob.subscribe(told.append)
    item = alice.worksheet.evidence[2]
    bobs_item = bob.worksheet.evidence[2]
    item.title = "Shells shipped without moisture-proofing (confirmed by a second source)"
    alice.commit(Change(evidence={item.id}))
    new = Evidence(title="Rail cars seen at Tumangang")
    alice.worksheet.evidence.insert(0, new)
    alice.worksheet.set_cell(new.id, alice.worksheet.hypotheses[0].id, Cell(Rating.C))
    alice.commit(Change(evidence={new.id}))

    change = bob.refresh()
    assert bob.worksheet.evidence[3] is bobs_item  # the same object, moved down by one
    assert bobs_item.title == item.title
    assert bob.worksheet.evidence[0].title == "Rail cars seen at Tumangang"
    assert change.evidence == {item.id, new.id} and told == [change]
    assert bob.worksheet.cells == {}  # alice's rating of the new item is hers
    assert bob.refresh().is_empty() and len(told) == 1  # nothing new: nothing told

    # Bob's own rating and note are kept as his; alice's stay as they were.
    key = (new.id, bob.worksheet.hypotheses[1].id)
    bob.worksheet.set_cell(*key, Cell(Rating.II, "Tumangang is the border crossing"))
    bob.commit(Change(cells={key}))
    assert shared("bob").worksheet.cells == {
        key: Cell(Rating.II, "Tumangang is the border crossing")
    }
    assert key not in shared("alice").worksheet.cells


def test_two_analysts_editing_one_field_the_later_is_told_and_sees_the_current_value(shared):
    alice, bob = shared("alice"), shared("bob")
    woken: list[bool] = []
    bob.watch(lambda: woken.append(True))
    h = alice.worksheet.hypotheses[1]
    h.title = "Stockpiling for the North's own artillery"
    alice.commit(Change(hypotheses={h.id}))
    bob.worksheet.hypotheses[1].title = "Stockpiles"
    with pytest.raises(TeamConflictError, match="Someone else changed the hypothesis “Stock"):
        bob.commit(Change(hypotheses={h.id}))
    assert woken == [True]  # the window is asked to read it again
    bob.refresh()
    assert bob.worksheet.hypotheses[1].title == "Stockpiling for the North's own artillery"
    # Now that bob has seen it, his edit wins, and alice's next one is the later.
    bob.worksheet.hypotheses[1].title = "Stockpiles"
    bob.commit(Change(hypotheses={h.id}))
    assert read_team_worksheet(alice.address).hypotheses[1].title == "Stockpiles"


def test_an_edit_of_an_item_a_lead_deleted_is_refused_by_name(shared):
    lead, bob = shared("lead"), shared("bob")
    gone = lead.worksheet.evidence.pop(4)
    lead.commit(Change(deleted_evidence={gone.id}))
    bob.worksheet.evidence[4].title = "An edit too late"
    with pytest.raises(TeamConflictError, match="Someone else deleted the evidence item"):
        bob.commit(Change(evidence={gone.id}))


def test_roles_a_reader_only_reads_and_only_a_lead_deletes(shared):
    reader = shared("reader")
    assert reader.read_only
    with pytest.raises(ReadOnlyError, match="only read this worksheet"):
        reader.commit(Change(meta=True))
    bob = shared("bob")
    gone = bob.worksheet.hypotheses.pop(0)
    with pytest.raises(TeamServerError, match="Only a lead may delete"):
        bob.commit(Change(deleted_hypotheses={gone.id}))
    assert len(read_team_worksheet(bob.address).hypotheses) == len(bob.worksheet.hypotheses) + 1


def test_save_a_copy_as_takes_the_worksheet_offline_with_my_ratings(shared, tmp_path):
    alice = shared("alice")
    alice.save(tmp_path / "offline.achw")
    copy = read_worksheet(tmp_path / "offline.achw")
    assert copy.cells == alice.worksheet.cells and copy.title == alice.worksheet.title
    assert alice.address.worksheet_id  # the window stays on the server


def test_the_stores_module_opens_and_reads_a_team_worksheet_by_its_address(shared, team):
    from app.storage.stores import open_store, read_stored

    alice = shared("alice")
    store = open_store(alice.address)
    try:
        assert isinstance(store, TeamStore) and store.worksheet == alice.worksheet
    finally:
        store.close()
    assert read_stored(alice.address).title == alice.worksheet.title
    assert str(alice.address).endswith(f"#{alice.address.worksheet_id}")
    assert "correct-horse" not in str(alice.address)  # never shown with its password
