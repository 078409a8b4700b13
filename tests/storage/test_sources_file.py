"""Sources in the worksheet file: kept whole (compressed), edited like everything else,
gone once removed and saved, and a hostile file's sources refused in one sentence."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from app.domain.sources import Source, citation_of
from app.storage.achw.worksheet_file import WorksheetFile, read_worksheet, write_worksheet
from app.storage.changes import Change
from app.storage.errors import CorruptWorksheetError
from tests.storage.conftest import tamper

MARKER = "Unmistakable passage about the Rajin rail yard, 0xC0FFEE. " * 4000


def test_a_source_is_kept_whole_and_compressed(saved: Path) -> None:
    before = saved.stat().st_size
    with WorksheetFile.open(saved) as wf:
        source = Source("Long report", text=MARKER, kind="text", reliability="C")
        wf.worksheet.sources.append(source)
        item = wf.worksheet.evidence[1]
        item.citations = (citation_of(source, 10, 60),)
        wf.commit(Change(sources={source.id}, evidence={item.id}))
        wf.save()
    data = saved.read_bytes()
    assert MARKER[:60].encode() not in data  # stored compressed
    assert len(data) - before < len(MARKER) / 10
    ws = read_worksheet(saved)
    assert ws.source(source.id).text == MARKER
    assert ws.evidence[1].citations[0].quote == MARKER[10:60]


def test_a_removed_source_does_not_survive_a_save(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        source = Source("To remove", text=MARKER, kind="text")
        wf.worksheet.sources.append(source)
        item = wf.worksheet.evidence[1]
        item.citations = (citation_of(source, 0, 20),)
        wf.commit(Change(sources={source.id}, evidence={item.id}))
        wf.save()
        packed = zlib.compress(MARKER.encode(), 6)
        assert packed[:200] in saved.read_bytes()
        wf.worksheet.sources.remove(source)
        wf.commit(Change(deleted_sources={source.id}))
        # the file took the citation with the source; so does the model
        assert wf.worksheet.evidence[1].citations == ()
        wf.save()
    assert packed[:200] not in saved.read_bytes()
    ws = read_worksheet(saved)
    assert [s.title for s in ws.sources] == ["Shells for export?", "Pasted wire"]
    assert ws.evidence[1].citations == ()


def test_a_worksheet_file_without_sources_still_writes_and_reads(tmp_path: Path) -> None:
    from app.domain.model import Evidence, Worksheet

    path = tmp_path / "plain.achw"
    write_worksheet(Worksheet(title="plain", evidence=[Evidence("x")]), path)
    assert read_worksheet(path).sources == []


def _compressed_bomb(size: int) -> bytes:
    squeeze = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    return b"".join(squeeze.compress(block) for _ in range(size >> 20)) + squeeze.flush()


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (
            "UPDATE sources SET text = x'00112233' WHERE id = 'S1'",
            "source 1 has a text that is not compressed text",
        ),
        (
            "UPDATE sources SET reliability = 'G' WHERE id = 'S1'",
            "source 1 has reliability 'G', which is not one of A, B, C, D, E, F",
        ),
        (
            "UPDATE citations SET end_at = 100000 WHERE evidence_id = 'E3'",
            "a citation of evidence 'E3' points outside its source's text",
        ),
        (
            "UPDATE citations SET source_id = 'S9' WHERE evidence_id = 'E3'",
            "a citation of evidence 'E3' refers to an item or a source that does not exist",
        ),
        (
            "UPDATE evidence SET info_credibility = '7' WHERE id = 'E1'",
            "evidence item 1 has information credibility '7', which is not one of 1, 2, 3, 4, 5, 6",
        ),
        (
            "UPDATE evidence SET reported_date = 'yesterday' WHERE id = 'E1'",
            "evidence item 1 has the reported date 'yesterday', which is not YYYY-MM-DD",
        ),
    ],
)
def test_a_tampered_source_or_citation_is_named(saved: Path, statement: str, problem: str) -> None:
    tamper(saved, statement)
    with pytest.raises(CorruptWorksheetError) as caught:
        read_worksheet(saved)
    assert str(caught.value) == f"\u201cw.achw\u201d is damaged: {problem}."


def test_a_compressed_bomb_in_a_source_stops_at_what_a_source_may_hold(saved: Path) -> None:
    bomb = _compressed_bomb(96 << 20)  # 96 MB of zeros, some 100 KB compressed
    conn = sqlite3.connect(saved)
    with conn:
        conn.execute("UPDATE sources SET text = ? WHERE id = 'S1'", (bomb,))
    conn.close()
    with pytest.raises(CorruptWorksheetError) as caught:
        read_worksheet(saved)
    assert str(caught.value) == (
        "\u201cw.achw\u201d is damaged: source 1 has a text that is longer than a source may be."
    )
