"""What each role may do, tried with raw SQL as that role: the server, not the program, says no."""

from __future__ import annotations

import psycopg
import pytest

from app.domain.model import Rating
from app.resources import sample_worksheet
from app.storage.achw.oneshot import read_worksheet
from app.storage.team.connection import ServerAddress, TeamServerError
from app.storage.team.worksheets import publish, rate, read_team_worksheet


@pytest.fixture
def published(team):
    """The sample, published by alice: (its id, the sample)."""
    ws = read_worksheet(sample_worksheet())
    return publish(ws, team.uri("alice")), ws


def refused(conn: psycopg.Connection, statement: str, *args: object) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement, args or None)


def test_a_reader_reads_everything_and_changes_nothing(team, published):
    wid, ws = published
    with team.sql("reader") as conn:
        assert conn.execute(
            "SELECT count(*) FROM ach.evidence WHERE worksheet_id = %s", [wid]
        ).fetchone() == (len(ws.evidence),)
        refused(conn, "UPDATE ach.evidence SET title = 'x' WHERE worksheet_id = %s", wid)
        refused(conn, "DELETE FROM ach.hypotheses")
        refused(
            conn,
            "INSERT INTO ach.worksheets (id, title, question, analyst, classification,"
            " conclusions) VALUES ('w', '', '', '', '', '')",
        )
        refused(conn, "UPDATE ach.ratings SET rating = 'II'")
        refused(conn, "TRUNCATE ach.ratings")


def test_an_analyst_cannot_touch_another_analysts_ratings(team, published):
    wid, ws = published
    with team.sql("bob") as conn:
        theirs = conn.execute(
            "SELECT count(*) FROM ach.ratings WHERE worksheet_id = %s", [wid]
        ).fetchone()[0]
        assert theirs > 0  # alice's are visible (the Group view needs them)...
        # ...but an UPDATE or DELETE of them finds no row it may touch.
        assert conn.execute("UPDATE ach.ratings SET rating = 'II'").rowcount == 0
        assert conn.execute("DELETE FROM ach.ratings").rowcount == 0
        e, h = ws.evidence[0].id, ws.hypotheses[0].id
        alice = team.names["alice"]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security
            conn.execute(
                "INSERT INTO ach.ratings (worksheet_id, evidence_id, hypothesis_id, analyst,"
                " rating, note) VALUES (%s, %s, %s, %s, 'II', '')",
                [wid, e, h, alice],
            )
    with team.sql("alice") as conn:
        after = conn.execute(
            "SELECT count(*) FROM ach.ratings WHERE worksheet_id = %s AND rating = 'II'", [wid]
        ).fetchone()[0]
    assert after == sum(1 for c in ws.cells.values() if c.rating is Rating.II)


def test_an_analyst_cannot_delete_items_but_a_lead_can(team, published):
    wid, ws = published
    item = ws.evidence[0].id
    with team.sql("alice") as conn:
        refused(conn, "DELETE FROM ach.evidence WHERE worksheet_id = %s AND id = %s", wid, item)
        refused(conn, "DELETE FROM ach.worksheets")
    with team.sql("lead") as conn:
        assert (
            conn.execute(
                "DELETE FROM ach.evidence WHERE worksheet_id = %s AND id = %s", [wid, item]
            ).rowcount
            == 1
        )
    # alice's ratings of it went with it (the cascade passes row security as it should)
    assert item not in {
        e.id for e in read_team_worksheet(ServerAddress(team.uri("alice"), wid)).evidence
    }


def test_the_history_is_append_only_for_everyone(team, published):
    wid, _ws = published
    with team.sql("alice") as conn:
        kept = conn.execute(
            "SELECT count(*) FROM ach.history WHERE worksheet_id = %s", [wid]
        ).fetchone()[0]
        assert kept > 0
        refused(
            conn,
            "INSERT INTO ach.history (worksheet_id, who, what, target, detail)"
            " VALUES (%s, 'x', 'insert', 'evidence', '{}')",
            wid,
        )
    for who in ("lead", "alice", "reader"):
        with team.sql(who) as conn:
            refused(conn, "UPDATE ach.history SET who = 'nobody'")
            refused(conn, "DELETE FROM ach.history")
            refused(conn, "TRUNCATE ach.history")
    with team.sql("lead") as conn:
        who = conn.execute(
            "SELECT DISTINCT who FROM ach.history WHERE worksheet_id = %s", [wid]
        ).fetchall()
    assert who == [(team.names["alice"],)]


def test_sql_in_titles_and_notes_is_inert(team, published):
    wid, ws = published
    hostile = "x'); DROP TABLE ach.ratings; --"
    with team.sql("alice") as conn:
        conn.execute(
            "UPDATE ach.evidence SET title = %s WHERE worksheet_id = %s AND id = %s",
            [hostile, wid, ws.evidence[1].id],
        )
    address = ServerAddress(team.uri("alice"), wid)
    rate(address, ws.evidence[2].id, ws.hypotheses[0].id, Rating.I, hostile)
    back = read_team_worksheet(address)
    assert back.item(ws.evidence[1].id).title == hostile
    assert back.cells[(ws.evidence[2].id, ws.hypotheses[0].id)].note == hostile


def test_a_text_no_worksheet_may_hold_is_refused_with_its_place(team, published):
    wid, ws = published
    with team.sql("alice") as conn:
        conn.execute(
            "UPDATE ach.evidence SET credibility = 'enormous' WHERE worksheet_id = %s AND id = %s",
            [wid, ws.evidence[0].id],
        )
    with pytest.raises(TeamServerError) as caught:
        read_team_worksheet(ServerAddress(team.uri("alice"), wid))
    message = str(caught.value)
    assert message.startswith("The team worksheet ") and "evidence item 1" in message
    assert "correct-horse" not in message  # the password never shows
