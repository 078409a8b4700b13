"""``ach-workbench import LIST.csv --into FILE.achw``: an evidence list added to a worksheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.storage.achw.worksheet_file import read_worksheet
from tests.cli.helpers import refused, run, small_doc, small_worksheet_file

LEADS = "title,date,credibility\nRail surge at Sinuiju,2023-09-14,high\nNight trains,,low\n"


@pytest.fixture
def worksheet(tmp_path: Path) -> Path:
    return small_worksheet_file(tmp_path)


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    return path


def test_the_items_are_added_at_the_end_and_nothing_else_changes(worksheet, leads, tmp_path):
    before = read_worksheet(worksheet)
    done = run("import", leads, "--into", worksheet)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"Added 2 items from {leads} to {worksheet}.\n"
    after = read_worksheet(worksheet)
    assert [e.title for e in after.evidence] == [
        *(e.title for e in before.evidence),
        "Rail surge at Sinuiju",
        "Night trains",
    ]
    assert after.evidence[-2].date == "2023-09-14" and after.evidence[-1].credibility == "low"
    assert after.hypotheses == before.hypotheses and after.cells == before.cells
    assert after.title == before.title
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.csv", "small.achw"]  # no leftovers
    check = run("check", worksheet)
    assert check.returncode == 0, check.stderr


def test_items_already_in_the_worksheet_by_id_are_left_out(worksheet, tmp_path):
    again = tmp_path / "again.csv"
    again.write_text("id,title\nE1,Moisture-proofing omitted\nE9,A new one\n", encoding="utf-8")
    done = run("import", again, "--into", worksheet)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        f"Added 1 item from {again} to {worksheet} (1 item already in it was left out: same id).\n"
    )
    assert [e.id for e in read_worksheet(worksheet).evidence] == ["E1", "E2", "E3", "E9"]


def test_the_list_from_stdin(worksheet):
    done = run("import", "-", "--into", worksheet, stdin=LEADS.encode())
    assert done.returncode == 0, done.stderr
    assert len(read_worksheet(worksheet).evidence) == 5


def test_a_json_worksheet_is_refused_and_the_file_is_untouched(worksheet, tmp_path):
    source = tmp_path / "other.json"
    source.write_text(json.dumps(small_doc()), encoding="utf-8")
    before = worksheet.read_bytes()
    sentence = refused(run("import", source, "--into", worksheet))
    assert sentence == (
        f"{source} holds a worksheet in JSON form; --into adds only a CSV evidence list or an"
        " Excel workbook (.xlsx) to a worksheet (to combine two worksheets, compare them in the"
        " window)"
    )
    assert worksheet.read_bytes() == before


def test_a_bad_list_is_one_sentence_and_the_file_is_untouched(worksheet, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("title,date\nA,2023-13-40\n", encoding="utf-8")
    before = worksheet.read_bytes()
    sentence = refused(run("import", bad, "--into", worksheet))
    assert sentence.startswith(f'{bad}: line 2, column "date"')
    assert worksheet.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "small.achw"]


def test_into_a_file_that_is_not_a_worksheet(leads, tmp_path):
    missing = tmp_path / "missing.achw"
    assert "missing.achw" in refused(run("import", leads, "--into", missing))
    assert not missing.exists()
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert refused(run("import", leads, "--into", text)) == (
        f"{text} is not a worksheet file (.achw); --into adds to a worksheet file"
    )


def test_into_a_worksheet_someone_has_open_is_refused(worksheet, leads):
    from app.storage.achw.worksheet_file import WorksheetFile

    before = worksheet.read_bytes()
    with WorksheetFile.open(worksheet):  # the window has it open
        sentence = refused(run("import", leads, "--into", worksheet))
    assert "small.achw" in sentence and "open" in sentence
    assert worksheet.read_bytes() == before


@pytest.mark.parametrize("extra", [["-o", "x.achw"], ["--force"]])
def test_into_with_output_or_force_is_a_wrong_call(worksheet, leads, extra):
    done = run("import", leads, "--into", worksheet, *extra)
    assert done.returncode == 2
    assert "--into changes FILE.achw in place: give neither -o nor --force" in done.stderr.decode()


def test_neither_output_nor_into_is_a_wrong_call(leads):
    done = run("import", leads)
    assert done.returncode == 2
    assert "give -o OUT.achw (a new worksheet) or --into FILE.achw" in done.stderr.decode()


def test_the_help_names_the_option():
    done = run("import", "--help")
    assert done.returncode == 0
    assert "--into FILE.achw" in done.stdout.decode()
