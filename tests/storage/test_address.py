"""A worksheet is named by its address: a file's path today, a team server's worksheet next."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.domain.model import Worksheet
from app.storage.achw.worksheet_file import WorksheetFile
from app.storage.address import FileAddress, file_of, parse_address
from app.storage.errors import WorksheetError
from app.storage.stores import open_store, read_stored


def test_a_path_is_a_file_address_written_back_as_itself(tmp_path):
    text = str(tmp_path / "Снаряды.achw")
    address = parse_address(text)
    assert address == FileAddress(Path(text)) and str(address) == text
    assert (address.name, address.stem, address.place) == (
        "Снаряды.achw",
        "Снаряды",
        tmp_path.name,
    )
    assert file_of(address) == Path(text) and file_of(None) is None


def test_written_two_ways_it_is_one_worksheet(tmp_path, monkeypatch):
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    monkeypatch.chdir(tmp_path)
    relative = parse_address("link/a.achw")
    assert relative != FileAddress(tmp_path / "real" / "a.achw")
    assert relative.canonical() == FileAddress(tmp_path / "real" / "a.achw").canonical()


def test_a_link_that_loops_still_has_an_address(tmp_path):
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    assert FileAddress.of(tmp_path / "a").path == tmp_path / "a"


@pytest.mark.parametrize(
    "text", ["postgresql://analyst:s3cret@db.example/ach#W1", "POSTGRES://db.example/ach"]
)
def test_a_team_servers_address_is_refused_in_one_sentence_without_its_password(text):
    with pytest.raises(WorksheetError) as refused:
        parse_address(text)
    said = str(refused.value)
    assert "team server" in said and "s3cret" not in said and "\n" not in said
    assert said.endswith(
        "opens worksheet files (.achw) only"
        " (the command line's team, rate, score and export commands take it)."
    )


def test_the_store_of_a_file_address_is_the_file(tmp_path):
    path = tmp_path / "w.achw"
    with WorksheetFile.create(Worksheet(title="Shells")) as file:
        assert file.address is None  # untitled: no place yet
        file.save(path)
        assert file.address == FileAddress.of(path)
    store = open_store(parse_address(str(path)))
    try:
        assert store.address == FileAddress.of(path) and store.worksheet.title == "Shells"
    finally:
        store.close()
    assert read_stored(FileAddress(path)).title == "Shells"
