"""``ach-workbench source add FILE.achw DOCUMENT`` and ``source list``: sources from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.storage.achw.worksheet_file import read_worksheet
from tests.cli.helpers import REPO, refused, run, small_worksheet_file

PAGES = REPO / "tests" / "fixtures" / "sources"


@pytest.fixture
def worksheet(tmp_path: Path) -> Path:
    return small_worksheet_file(tmp_path)


def _add(worksheet: Path, document: Path | str, *extra: str, stdin: bytes | None = None) -> str:
    done = run("source", "add", worksheet, document, *extra, stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    return done.stdout.decode().strip()


def test_a_saved_page_is_added_with_its_metadata_and_its_id_printed(worksheet):
    before = read_worksheet(worksheet)
    printed = _add(worksheet, PAGES / "article-en.html", "--reliability", "b")
    after = read_worksheet(worksheet)
    [source] = after.sources
    assert printed == source.id  # the id alone: a script can use it
    assert source.reliability == "B"
    assert source.kind == "html"
    assert source.title == "Port authority finds cargo records do not match"
    assert "shipping manifests" in source.text
    assert "cookie" not in source.text.lower()  # the page's banner is not the article
    # nothing else changed
    assert [e.title for e in after.evidence] == [e.title for e in before.evidence]
    assert after.cells == before.cells


def test_sources_in_korean_and_russian_and_pasted_text_keep_their_order(worksheet):
    ko = _add(worksheet, PAGES / "article-ko.html")
    ru = _add(worksheet, PAGES / "article-ru.html", "--reliability", "F")
    pasted = _add(worksheet, "-", stdin="Сообщение из Telegram-канала.\nВторая строка.".encode())
    ws = read_worksheet(worksheet)
    assert [s.id for s in ws.sources] == [ko, ru, pasted]
    assert [s.reliability for s in ws.sources] == ["", "F", ""]
    assert ws.sources[2].kind == "pasted"
    assert ws.sources[2].title == "Сообщение из Telegram-канала."
    listed = run("source", "list", worksheet).stdout.decode("utf-8").splitlines()
    assert [line.split("\t")[:3] for line in listed] == [
        ["S1", ko, "-"],
        ["S2", ru, "F"],
        ["S3", pasted, "-"],
    ]
    assert listed[0].split("\t")[3] == ws.sources[0].title


def test_the_json_export_carries_the_source_and_the_json_reads_back(worksheet, tmp_path):
    sid = _add(worksheet, PAGES / "article-en.html", "--reliability", "C")
    out = tmp_path / "out.json"
    assert run("export", worksheet, "--format", "json", "-o", out).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    [source] = doc["sources"]
    assert source["id"] == sid and source["reliability"] == "C"
    again = tmp_path / "again.achw"
    assert run("import", out, "-o", again).returncode == 0
    assert read_worksheet(again).sources == read_worksheet(worksheet).sources


@pytest.mark.parametrize(
    ("content", "name", "sentence"),
    [
        (b"", "empty.txt", "empty.txt is empty"),
        (b"<html><body>x</body></html>", "download.pdf", "download.pdf is not a PDF"),
        (b"%PDF-1.4\nno end", "cut.pdf", "cut.pdf is cut short"),
        (b"\x00\x01\x02binary" * 10, "blob.bin", "blob.bin is not a web page, PDF or text file"),
    ],
)
def test_a_bad_document_is_one_sentence_and_the_worksheet_is_untouched(
    worksheet, tmp_path, content, name, sentence
):
    before = worksheet.read_bytes()
    document = tmp_path / name
    document.write_bytes(content)
    said = refused(run("source", "add", worksheet, document))
    assert said.startswith(str(tmp_path / sentence)), said
    assert worksheet.read_bytes() == before


def test_a_document_over_20_mb_is_refused_by_its_size(worksheet, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: refused before it is read as text
    said = refused(run("source", "add", worksheet, big))
    assert said.startswith(f"{big} is larger than 20 MB")


def test_the_reliability_must_be_a_letter_of_the_scale(worksheet, tmp_path):
    done = run("source", "add", worksheet, PAGES / "article-en.html", "--reliability", "G")
    assert done.returncode == 2
    assert b"'G' is not a source reliability: give a letter from A" in done.stderr
    assert read_worksheet(worksheet).sources == []


def test_adding_to_what_is_not_a_worksheet_file(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Some notes.", encoding="utf-8")
    assert refused(run("source", "add", text, text)) == (
        f"{text} is not a worksheet file (.achw); source add adds to one"
    )


def test_adding_to_a_worksheet_someone_has_open_is_refused(worksheet):
    from app.storage.achw.worksheet_file import WorksheetFile

    before = worksheet.read_bytes()
    with WorksheetFile.open(worksheet):
        sentence = refused(run("source", "add", worksheet, PAGES / "article-en.html"))
    assert "small.achw" in sentence and "open" in sentence
    assert worksheet.read_bytes() == before


def test_standard_input_in_a_legacy_encoding_is_read_as_such(worksheet):
    text = "Сообщение из Telegram-канала о поставках снарядов в Россию.\n" * 20
    _add(worksheet, "-", stdin=text.encode("cp1251"))
    [source] = read_worksheet(worksheet).sources
    assert source.kind == "pasted"
    assert source.text.startswith("Сообщение из Telegram-канала")


def test_a_worksheet_without_sources_says_so(worksheet):
    done = run("source", "list", worksheet)
    assert done.returncode == 0
    assert done.stdout.decode() == f"{worksheet} has no sources.\n"
