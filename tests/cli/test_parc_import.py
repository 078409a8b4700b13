"""ach-workbench import x.achz -o y.achw: a PARC ACH project becomes a worksheet file."""

from __future__ import annotations

import gzip
import json

from tests.cli.helpers import refused, run
from tests.interchange.parc_files import SHELLS, Item, Matrix, achz, project_xml

SECOND = Matrix(["Alone", "Together"], [Item("Rail", values="I,C")], name="Second look")


def test_import_then_export_keeps_every_field(tmp_path):
    source = tmp_path / "case.achz"
    source.write_bytes(achz(project_xml("Shells", [SHELLS], classification="secret")))
    out = tmp_path / "case.achw"
    done = run("import", source, "-o", out)
    assert done.returncode == 0, done.stderr
    exported = run("export", out, "--format", "json", "-o", "-")
    doc = json.loads(exported.stdout)
    assert (doc["title"], doc["classification"]) == ("Shells", "secret")
    first = doc["evidence"][0]
    assert (first["date"], first["credibility"], first["relevance"], first["flags"]) == (
        "2023-11-09",
        "high",
        "high",
        ["flagged"],
    )
    ids = {h["id"]: h["title"] for h in doc["hypotheses"]}
    mine = {
        (ids[r["hypothesis"]], r["rating"]) for r in doc["ratings"] if r["evidence"] == first["id"]
    }
    assert mine == {("Export to Russia", "CC"), ("Domestic stockpile", "I"), ("Exercise", "N")}


def test_several_matrices_want_a_choice(tmp_path):
    source = tmp_path / "two.achz"
    source.write_bytes(achz(project_xml("Shells", [SHELLS, SECOND])))
    out = tmp_path / "two.achw"
    assert refused(run("import", source, "-o", out)) == (
        f"{source} holds 2 matrices; choose one with --matrix N (1 to 2)"
    )
    assert not out.exists()
    assert (
        refused(run("score", source))
        == f"{source} holds 2 matrices; import one with --matrix N first"
    )
    done = run("import", source, "-o", out, "--matrix", "2")
    assert done.returncode == 0, done.stderr
    scored = run("score", out, "--json")
    assert [h["title"] for h in json.loads(scored.stdout)["hypotheses"]] == ["Together", "Alone"]
    assert refused(run("import", source, "-o", tmp_path / "x.achw", "--matrix", "3")) == (
        f"{source} has 2 matrices; there is no matrix 3"
    )


def test_matrix_is_only_for_parc_projects(tmp_path):
    source = tmp_path / "leads.csv"
    source.write_text("title\nRail traffic\n", encoding="utf-8")
    assert refused(run("import", source, "-o", tmp_path / "x.achw", "--matrix", "1")) == (
        f"--matrix chooses a matrix of a PARC ACH project; {source} is a CSV evidence list"
    )


def test_a_project_on_standard_input(tmp_path):
    out = tmp_path / "in.achw"
    done = run("import", "-", "-o", out, stdin=achz(project_xml("Piped", [SHELLS]), "utf-8"))
    assert done.returncode == 0, done.stderr
    assert json.loads(run("export", out, "--format", "json", "-o", "-").stdout)["title"] == "Piped"


def test_hostile_projects_are_refused_in_one_line_and_leave_nothing(tmp_path):
    entity = b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    cases = {
        "entity.achz": gzip.compress(entity),
        "malformed.achz": gzip.compress(b"<a><b></a>"),
        "cut.achz": achz(project_xml("p", [SHELLS]))[:40],
        "zip.achz": b"PK\x03\x04" + b"\0" * 40,
    }
    for name, data in cases.items():
        source = tmp_path / name
        source.write_bytes(data)
        said = refused(run("import", source, "-o", tmp_path / "out.achw"))
        assert said.startswith(str(source)) and "root:" not in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(cases)
