"""Hostile worksheet content: each file is refused in one clean sentence, by the command line.

The files are made as an attacker would: a header field SQLite rejects, a
schema edited with ``writable_schema``, rows that break the rules the
primary key or the text limits keep.  The command line runs in a
subprocess (``tests/cli/helpers.py``); the window's side is in
``tests/ui/test_hostile_content_window.py``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app.domain.model import Cell, Evidence, Hypothesis, Milestone, Rating, Worksheet
from app.interchange.json_form import worksheet_from_json
from app.storage import limits
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet, write_worksheet
from app.storage.errors import CorruptWorksheetError, TextRefusedError, one_line
from tests.cli.helpers import refused, run
from tests.storage.conftest import tamper

Maker = Callable[[Path], None]


def _header(offset: int, data: bytes) -> Maker:
    def spoil(path: Path) -> None:
        raw = bytearray(path.read_bytes())
        raw[offset : offset + len(data)] = data
        path.write_bytes(bytes(raw))

    return spoil


def _schema(*statements: str) -> Maker:
    """Edit ``sqlite_master`` itself, as ``PRAGMA writable_schema`` lets anyone do."""
    return lambda path: tamper(path, "PRAGMA writable_schema = ON", *statements)


def _nulls(path: Path) -> None:
    """Titles set to NULL behind the NOT NULL rule's back: quick_check reports each row."""
    conn = sqlite3.connect(path, isolation_level=None)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'evidence'").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    loose = sql.replace("title TEXT NOT NULL", "title TEXT")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'evidence'", (loose,))
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE evidence SET title = NULL")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'evidence'", (sql,))
    conn.close()


# (name, how to spoil a valid worksheet, words the sentence must hold)
DAMAGE: list[tuple[str, Maker, str]] = [
    ("reserved-byte-20", _header(20, b"\x05"), "is damaged (SQLite found damaged pages"),
    ("payload-fraction", _header(21, b"\x20"), "is damaged (its header is invalid)"),
    ("schema-format-9", _header(44, (9).to_bytes(4, "big")), "schema format"),
    ("text-encoding-7", _header(56, (7).to_bytes(4, "big")), "no text encoding"),
    ("page-size-lies-small", _header(16, (1024).to_bytes(2, "big")), "is damaged"),
    ("page-size-lies-large", _header(16, (8192).to_bytes(2, "big")), "is incomplete"),
    (
        "bad-rootpage",
        _schema("UPDATE sqlite_master SET rootpage = 9999 WHERE name = 'evidence'"),
        "is damaged (its list of tables is damaged)",
    ),
    (
        "cut-off-create",
        _schema("UPDATE sqlite_master SET sql = substr(sql, 1, 30) WHERE name = 'evidence'"),
        "is damaged (its list of tables is damaged)",
    ),
    (
        "escape-in-a-name",
        _schema(
            "UPDATE sqlite_master SET name = 'ev' || char(27) || '[2J' || char(10) || 'x', "
            "sql = 'CREATE TABLE (' WHERE name = 'evidence'"
        ),
        "is damaged (its list of tables is damaged)",
    ),
    ("not-null-broken", _nulls, "problems found by SQLite's check, first: NULL value in"),
]


def _sentence(result_err: str) -> None:
    assert "internal error" not in result_err
    assert "\x1b" not in result_err and "\r" not in result_err
    assert len(result_err) < 400


@pytest.mark.parametrize(("spoil", "words"), [c[1:] for c in DAMAGE], ids=[c[0] for c in DAMAGE])
def test_damaged_files_are_refused_in_one_sentence(saved: Path, spoil: Maker, words: str) -> None:
    path = saved.with_name("spoilt.achw")
    shutil.copy(saved, path)
    spoil(path)
    sentence = refused(run("check", path))
    _sentence(sentence)
    assert sentence.startswith("“spoilt.achw” is ") and words in sentence, sentence


def test_every_command_refuses_a_damaged_file_alike(saved: Path, tmp_path: Path) -> None:
    _schema("UPDATE sqlite_master SET rootpage = 9999 WHERE name = 'evidence'")(saved)
    sentences = {
        refused(run("check", saved)),
        refused(run("score", saved)),
        refused(run("export", saved, "--format", "json", "-o", tmp_path / "out.json")),
        refused(run("export", saved, "--format", "pdf", "-o", tmp_path / "out.pdf")),
    }
    assert sentences == {"“w.achw” is damaged (its list of tables is damaged)"}
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "out.pdf").exists()


def test_quick_checks_many_lines_become_one_short_sentence(saved: Path) -> None:
    _nulls(saved)
    with pytest.raises(CorruptWorksheetError) as caught:
        read_worksheet(saved)
    message = str(caught.value)
    assert message == (
        "“w.achw” is damaged (3 problems found by SQLite's check, first: "
        "NULL value in evidence.title)."
    )


def test_one_line_cleans_what_a_file_may_put_in_a_message() -> None:
    assert one_line("a\nb\x1b[31m red\x00\r\n\u2028end") == "a b [31m red end"
    long = one_line("x" * 10_000)
    assert len(long) == 160 and long.endswith("…")


# -- duplicate ids that quick_check does not see ------------------------------------


def _duplicate(table: str, index: str) -> Maker:
    """Drop the primary key, copy a row, put the key back: the index misses the copy."""

    def spoil(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        entry = conn.execute("SELECT * FROM sqlite_master WHERE name = ?", (index,)).fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        keyless = sql.replace(",\n        PRIMARY KEY (id)", "")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (keyless, table))
        conn.execute("DELETE FROM sqlite_master WHERE name = ?", (index,))
        conn.close()
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, table))
        conn.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", entry)
        conn.close()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # SQLite sees nothing
        conn.close()

    return spoil


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("hypotheses", "is damaged: hypotheses 1 and "),
        ("evidence", "is damaged: evidence items 1 and "),
        ("milestones", "is damaged: milestones 1 and "),
    ],
)
def test_duplicate_ids_are_refused_by_name_of_their_kind(
    saved: Path, table: str, words: str
) -> None:
    _duplicate(table, f"sqlite_autoindex_{table}_1")(saved)
    sentence = refused(run("check", saved))
    assert sentence.startswith("“w.achw” " + words) and "have the same id" in sentence, sentence


def test_a_file_with_a_duplicate_id_never_opens_for_editing(saved: Path) -> None:
    _duplicate("hypotheses", "sqlite_autoindex_hypotheses_1")(saved)
    with pytest.raises(CorruptWorksheetError, match="have the same id"):
        WorksheetFile.open(saved)


# -- text the JSON import refuses is refused in a worksheet file too ----------------


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        (
            "UPDATE hypotheses SET title = 'a' || char(0) || 'b'",
            "hypothesis 1 has a title that contains the control character U+0000",
        ),
        (
            "UPDATE evidence SET source = 'x' || char(27) || '[2J'",
            "evidence item 1 has a source that contains the control character U+001B",
        ),
        (
            "UPDATE worksheet SET title = printf('%.*c', 501, 'x')",
            "its worksheet row has a title that is 501 characters long; the limit is 500",
        ),
        (
            "UPDATE cells SET note = printf('%.*c', 20001, 'n')",
            "has a note that is 20,001 characters long; the limit is 20,000",
        ),
        (
            "UPDATE hypotheses SET id = printf('%.*c', 199, 'h') || id",
            "hypothesis 1 has an id that is 201 characters long; the limit is 200",
        ),
    ],
    ids=["nul", "escape", "long-title", "long-note", "long-id"],
)
def test_text_the_import_refuses_is_refused_in_a_file(
    saved: Path, statement: str, words: str
) -> None:
    tamper(saved, statement)
    sentence = refused(run("check", saved))
    _sentence(sentence)
    assert sentence.startswith("“w.achw” holds what a worksheet cannot: "), sentence
    assert words in sentence, sentence


def test_a_60_mb_description_is_refused_by_its_length(saved: Path) -> None:
    tamper(saved, "UPDATE evidence SET description = printf('%.*c', 60000000, 'd') WHERE rowid = 1")
    sentence = refused(run("check", saved))
    assert sentence.endswith(
        "has a description that is 60,000,000 characters long; the limit is 20,000"
    )


def test_writing_refuses_text_a_file_may_not_hold(saved: Path) -> None:
    before = saved.read_bytes()
    with WorksheetFile.open(saved) as wf:
        hypothesis = wf.worksheet.hypotheses[0]
        old = hypothesis.title
        hypothesis.title = "x" * (limits.MAX_TITLE + 1)
        with pytest.raises(TextRefusedError, match="is 501 characters long; the limit is 500"):
            wf.commit(Change(hypotheses={hypothesis.id}))
        hypothesis.title = old
        assert not wf.is_modified
    assert saved.read_bytes() == before


def at_the_limits() -> Worksheet:
    """Every text exactly as long as it may be, with tabs, line breaks and other scripts."""

    def text(limit: int, seed: str) -> str:
        return (seed * limit)[:limit]

    ws = Worksheet(
        title=text(limits.MAX_TITLE, "Снаряды\t"),
        question=text(limits.MAX_TEXT, "한국어 \n"),
        analyst=text(limits.MAX_TITLE, "a"),
        classification=text(limits.MAX_TITLE, "UNCLASSIFIED "),
        conclusions=text(limits.MAX_TEXT, 'quote " and \\ '),
    )
    ws.hypotheses = [
        Hypothesis(
            text(limits.MAX_TITLE, "H🧭"),
            text(limits.MAX_TEXT, "d\r\n"),
            id=text(limits.MAX_ID, f"{i}"),
        )
        for i in range(3)
    ]
    ws.evidence = [
        Evidence(
            text(limits.MAX_TITLE, "E"),
            text(limits.MAX_TEXT, "évidence "),
            text(limits.MAX_SOURCE, "https://example.org/"),
            text(limits.MAX_SOURCE, "https://example.org/a"),
            date="2023-11-09",
            type=text(limits.MAX_TITLE, "HUMINT"),
            id=text(limits.MAX_ID, f"e{i}"),
        )
        for i in range(3)
    ]
    for e in ws.evidence:
        for h in ws.hypotheses:
            ws.set_cell(e.id, h.id, Cell(Rating.II, text(limits.MAX_NOTE, "note ")))
    ws.milestones = [
        Milestone(text(limits.MAX_TEXT, "m"), ws.hypotheses[0].id, id=text(limits.MAX_ID, "m"))
    ]
    return ws


def test_a_file_at_the_limits_checks_exports_and_imports_again(tmp_path: Path) -> None:
    path = tmp_path / "limits.achw"
    ws = at_the_limits()
    write_worksheet(ws, path)
    assert run("check", path).returncode == 0
    out = tmp_path / "limits.json"
    assert run("export", path, "--format", "json", "-o", out).returncode == 0
    again = tmp_path / "again.achw"
    result = run("import", out, "-o", again)
    assert result.returncode == 0, result.stderr
    assert read_worksheet(again) == ws == worksheet_from_json(out.read_bytes(), source="x")
    assert json.loads(out.read_text("utf-8"))["title"] == ws.title
