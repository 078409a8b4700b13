"""The command line names worksheets by address: a file's, or a team server's where it takes one."""

from __future__ import annotations

import pytest

from tests.cli.helpers import REPO, refused, run

SERVER = "postgresql://analyst:s3cret@db.example/ach#W1"
# Nothing listens on port 1 of this machine: refused at once, with no name to look up.
UNREACHABLE = "postgresql://analyst:s3cret@127.0.0.1:1/ach#W1"
SAMPLE = REPO / "resources" / "sample" / "dprk-munitions.achw"


@pytest.mark.parametrize(
    "args",
    [
        ("import", str(SAMPLE), "--into", SERVER),
        (SERVER,),  # the window, given a worksheet to open
    ],
    ids=["import-into", "window"],
)
def test_a_team_servers_address_is_refused_where_no_store_takes_it(args):
    said = refused(run(*args))
    assert said == (
        "“postgresql://…” is a team server's address; the window of this version opens"
        " worksheet files (.achw) only (the command line's team, rate, score and export"
        " commands take it)"
    )
    assert "s3cret" not in said


@pytest.mark.parametrize(
    "args",
    [("score", UNREACHABLE), ("export", UNREACHABLE, "--format", "json", "-o", "-")],
    ids=["score", "export"],
)
def test_score_and_export_go_to_the_team_server_and_say_when_it_is_not_there(args):
    said = refused(run(*args))
    assert said == (
        "Could not reach the team server ach on 127.0.0.1: check that it is running and"
        " that the address is right"
    )
    assert "s3cret" not in said


def test_a_file_address_is_read_as_before(tmp_path):
    done = run("score", SAMPLE)
    assert done.returncode == 0 and b"Covert export" in done.stdout
