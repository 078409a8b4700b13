"""The command line names worksheets by address; a team server's is refused until it has a store."""

from __future__ import annotations

import pytest

from tests.cli.helpers import REPO, refused, run

SERVER = "postgresql://analyst:s3cret@db.example/ach#W1"
SAMPLE = REPO / "resources" / "sample" / "dprk-munitions.achw"


@pytest.mark.parametrize(
    "args",
    [
        ("score", SERVER),
        ("export", SERVER, "--format", "json", "-o", "-"),
        ("import", str(SAMPLE), "--into", SERVER),
        (SERVER,),  # the window, given a worksheet to open
    ],
    ids=["score", "export", "import-into", "window"],
)
def test_a_team_servers_address_is_refused_in_one_sentence(args):
    said = refused(run(*args))
    assert said == (
        "“postgresql://…” is a team server's address; this version of ACH Workbench"
        " opens worksheet files (.achw) only"
    )
    assert "s3cret" not in said


def test_a_file_address_is_read_as_before(tmp_path):
    done = run("score", SAMPLE)
    assert done.returncode == 0 and b"Covert export" in done.stdout
