"""The team commands from the shell, against a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from app.domain.consensus import consensus_of
from app.domain.model import Rating
from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from tests.cli.helpers import refused, run_as_user
from tests.team.conftest import PASSWORD


def team_run(*args, password: str | None = PASSWORD, **env: str):
    """The command with libpq's PGPASSWORD (no password in any address)."""
    environment = {**os.environ, **env}
    environment.pop("PGPASSWORD", None)
    if password is not None:
        environment["PGPASSWORD"] = password
    return run_as_user(*args, env=environment)


def ok(done) -> str:
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


@pytest.fixture
def server(cluster, empty_database):
    """The server's address as the administrator, and a function for each analyst's."""
    admin = cluster.uri(database=empty_database)
    assert "Created the team workspace" in ok(team_run("team", "init", admin, password=None))
    assert "up to date" in ok(team_run("team", "init", admin, password=None))
    names = {}
    for who, role in (("alice", "analyst"), ("bob", "analyst"), ("rita", "reader")):
        names[who] = cluster.fresh_name(who)
        said = ok(
            team_run(
                "team",
                "add",
                admin,
                names[who],
                "--role",
                role,
                password=None,
                ACH_NEW_PASSWORD=PASSWORD,
            )
        )
        assert said.startswith(f"Created {names[who]} as {role}")
    return lambda who: cluster.uri(names[who], empty_database)


def test_publish_list_rate_and_score_as_each_analyst_and_as_the_group(server, tmp_path):
    sample = tmp_path / "dprk.achw"
    shutil.copy(sample_worksheet(), sample)
    ws = read_worksheet(sample)
    done = team_run("team", "publish", sample, server("alice"))
    address = ok(done).strip()
    assert done.stderr.decode() == (
        "ach-workbench: the team server does not keep sources and milestones in this version:"
        f" they stay in {sample} only\n"
    )
    server_part, _, wid = address.rpartition("#")
    assert server_part == server("alice") and len(wid) == 36
    listed = ok(team_run("team", "list", server("rita")))
    assert wid in listed and ws.title in listed

    e, h = ws.evidence[0].id, ws.hypotheses[0].id
    bob = f"{server('bob')}#{wid}"
    alice = f"{server('alice')}#{wid}"
    ok(team_run("rate", bob, e, h, "II", "--note", "the order came too early"))
    mine = json.loads(ok(team_run("export", alice, "--format", "json", "-o", "-")))
    cells = {(c["evidence"], c["hypothesis"]): c for c in mine["ratings"]}
    assert cells[(e, h)]["rating"] == ws.cells[(e, h)].rating.value  # alice's own, not bob's
    bobs = json.loads(ok(team_run("export", bob, "--format", "json", "-o", "-")))
    assert [
        (c["evidence"], c["hypothesis"], c["rating"], c.get("note")) for c in bobs["ratings"]
    ] == [(e, h, "II", "the order came too early")]
    group = json.loads(ok(team_run("export", alice, "--format", "json", "--group", "-o", "-")))
    grouped = {(c["evidence"], c["hypothesis"]): c["rating"] for c in group["ratings"]}
    expected = consensus_of([ws.cells[(e, h)].rating, Rating.II]).rating
    assert grouped[(e, h)] == expected.value
    assert ok(team_run("score", alice, "--group")) != ok(team_run("score", alice))

    # a reader rates nothing: the server says no, in one sentence
    said = refused(team_run("rate", f"{server('rita')}#{wid}", e, h, "C"))
    assert "does not let this analyst rate" in said


def test_a_wrong_password_and_a_server_that_is_not_there_are_refused(server, cluster):
    said = refused(team_run("team", "list", server("alice"), password="wrong"))
    assert "refused the password" in said and "wrong" not in said
    nowhere = f"postgresql://alice@/team?host={cluster.root / 'nowhere'}&port=5"
    said = refused(team_run("team", "list", nowhere))
    assert "Could not reach the team server" in said


def test_rate_on_a_worksheet_file_changes_that_cell_only(tmp_path):
    sample = tmp_path / "dprk.achw"
    shutil.copy(sample_worksheet(), sample)
    ws = read_worksheet(sample)
    e, h = ws.evidence[2].id, ws.hypotheses[1].id
    ok(run_as_user("rate", sample, e, h, "na", "--note", "not about this"))
    after = read_worksheet(sample)
    assert after.cells[(e, h)].rating is Rating.NA and after.cells[(e, h)].note == "not about this"
    assert {k: v for k, v in after.cells.items() if k != (e, h)} == {
        k: v for k, v in ws.cells.items() if k != (e, h)
    }
    said = refused(run_as_user("rate", sample, "nope", h, "C"))
    assert "has no evidence item" in said
