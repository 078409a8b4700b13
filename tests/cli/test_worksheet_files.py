"""The commands on real worksheet files (.achw), good and hostile."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import REFERENCE, STIRPARO, refused, run, small_doc, write_json

EXPECTED = json.loads((REFERENCE / "stirparo-v06.expected.json").read_bytes())


@pytest.fixture
def stirparo_achw(tmp_path: Path) -> Path:
    out = tmp_path / "stirparo.achw"
    result = run("import", STIRPARO, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"" and result.stderr == b""
    return out


def test_import_then_check_and_score(stirparo_achw: Path) -> None:
    assert stirparo_achw.read_bytes().startswith(b"SQLite format 3\x00")
    result = run("check", stirparo_achw)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == f"{stirparo_achw}: a valid worksheet file\n"
    result = run("score", stirparo_achw, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED


def test_ids_and_text_survive_import_and_export(tmp_path: Path) -> None:
    doc = small_doc()
    src = write_json(tmp_path / "in.json", doc)
    achw = tmp_path / "w.achw"
    assert run("import", src, "-o", achw).returncode == 0
    out = tmp_path / "out.json"
    result = run("export", achw, "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    back = json.loads(out.read_text(encoding="utf-8"))
    assert back["title"] == doc["title"]
    assert [(h["id"], h["title"]) for h in back["hypotheses"]] == [
        (h["id"], h["title"]) for h in doc["hypotheses"]
    ]
    assert [e["id"] for e in back["evidence"]] == ["E1", "E2", "E3"]
    assert back["evidence"][0]["date"] == "2023-11-09"
    assert back["evidence"][1]["credibility"] == "low"
    assert [(r["evidence"], r["hypothesis"], r["rating"]) for r in back["ratings"]] == [
        (r["evidence"], r["hypothesis"], r["rating"]) for r in doc["ratings"]
    ]
    assert back["ratings"][0]["note"] == "used soon"
    assert back["milestones"] == [
        {"id": "M1", "hypothesis": "H1", "text": "Rail traffic", "status": "open"}
    ]
    # exporting twice gives the same bytes
    again = run("export", achw, "--format", "json", "-o", "-")
    assert again.stdout == out.read_bytes()


def test_import_of_a_csv_evidence_list(tmp_path: Path) -> None:
    src = tmp_path / "Evidence list.csv"
    src.write_bytes(
        "\ufefftitle;source;date;credibility;flags\r\n"
        "Заказ снарядов;Daily NK;2023-11-09;high;single-source\r\n"
        "한국어 보도;연합뉴스;;;\r\n".encode()
    )
    achw = tmp_path / "list.achw"
    result = run("import", src, "-o", achw)
    assert result.returncode == 0, result.stderr
    back = json.loads(run("export", achw, "--format", "json", "-o", "-").stdout)
    assert back["title"] == "Evidence list"
    assert [(e["title"], e["source"], e["date"]) for e in back["evidence"]] == [
        ("Заказ снарядов", "Daily NK", "2023-11-09"),
        ("한국어 보도", "연합뉴스", ""),
    ]
    assert back["evidence"][0]["flags"] == ["single-source"]
    assert back["hypotheses"] == []


def test_export_csv_and_pdf_from_a_worksheet_file(stirparo_achw: Path, tmp_path: Path) -> None:
    csv_out = tmp_path / "matrix.csv"
    result = run("export", stirparo_achw, "--format", "csv", "-o", csv_out)
    assert result.returncode == 0, result.stderr
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfid,title,")
    pdf_out = tmp_path / "brief.pdf"
    result = run("export", stirparo_achw, "--format", "pdf", "-o", pdf_out)
    if result.returncode == 0:
        assert pdf_out.read_bytes().startswith(b"%PDF")
    else:
        assert not pdf_out.exists()
        assert "PDF" in refused(result)


def test_import_with_force_replaces_a_worksheet(stirparo_achw: Path, tmp_path: Path) -> None:
    src = write_json(tmp_path / "in.json", small_doc())
    result = run("import", src, "-o", stirparo_achw, "--force")
    assert result.returncode == 0, result.stderr
    back = json.loads(run("export", stirparo_achw, "--format", "json", "-o", "-").stdout)
    assert back["title"] == small_doc()["title"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "stirparo.achw"]


# -- hostile and broken worksheet files -------------------------------------------------


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        conn = sqlite3.connect(path)
        try:
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        finally:
            conn.close()

    return change


HOSTILE: list[tuple[str, Callable[[Path], None], str]] = [
    ("newer version", _sql("PRAGMA user_version = 99"), "format 99"),
    (
        "trigger",
        _sql("CREATE TRIGGER t AFTER INSERT ON evidence BEGIN SELECT 1; END"),
        "trigger",
    ),
    ("view", _sql("CREATE VIEW v AS SELECT 1"), "view"),
    ("another program's database", _sql("PRAGMA application_id = 42"), "not an ACH Workbench"),
]


@pytest.mark.parametrize(("change", "words"), [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_worksheet_is_refused_by_every_command(
    stirparo_achw: Path, tmp_path: Path, change: Callable[[Path], None], words: str
) -> None:
    bad = tmp_path / "bad.achw"
    bad.write_bytes(stirparo_achw.read_bytes())
    change(bad)
    before = bad.read_bytes()
    message = refused(run("check", bad))
    assert "bad.achw" in message and words in message
    assert refused(run("score", bad, "--json")) == message
    out = tmp_path / "out.json"
    assert refused(run("export", bad, "--format", "json", "-o", out)) == message
    assert not out.exists()
    assert bad.read_bytes() == before  # never touched


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello, I am text\n",
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"SQLite format 3\x00" + bytes(84),
    ],
    ids=["empty", "text", "png", "truncated sqlite"],
)
def test_file_that_is_not_a_worksheet(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "not.achw"
    bad.write_bytes(content)
    message = refused(run("check", bad))
    assert "not.achw" in message
    assert refused(run("score", bad)) == message


def test_check_of_a_missing_worksheet(tmp_path: Path) -> None:
    message = refused(run("check", tmp_path / "gone.achw"))
    assert "gone.achw" in message
