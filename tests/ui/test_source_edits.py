"""Edits of sources and citations: each one step of Undo, stored as one transaction,
and refused in one sentence where a limit would be passed."""

from __future__ import annotations

import pytest

from app.domain.model import Level
from app.domain.sources import Source, citation_of
from app.storage.changes import Change
from app.ui.document import passages
from tests.ui.test_document_undo import assert_persisted, undo_redo_roundtrip
from tests.ui.worksheets import MIXED_TEXT, sourced_worksheet


@pytest.fixture
def worksheet():
    return sourced_worksheet()


@pytest.fixture
def refusals(document):
    said: list[str] = []
    document.refused.connect(said.append)
    return said


def one_sentence(text: str) -> bool:
    return text.endswith(".") and text.count(". ") == 0 and "Traceback" not in text


def test_add_source_is_one_step_at_the_end(document, qtbot):
    source = Source(title="Satellite note", text="Two trains at Tumangang.", kind="pasted")
    with qtbot.waitSignal(document.sources_changed):
        undo_redo_roundtrip(document, lambda: document.edit.add_source(source))
    assert document.worksheet.sources[-1].id == source.id
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Add source"
    assert document.file.commits[-1].sources == {source.id}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Port watchers' report, revised"),
        ("author", "Harbour Courier staff"),
        ("published", "2023-09-16"),
        ("link", "https://example.org/other"),
        ("reliability", "D"),
        ("notes", "Names its informant."),
    ],
)
def test_every_field_of_a_source_is_one_step(document, qtbot, field, value):
    sid = document.worksheet.sources[0].id
    with qtbot.waitSignal(document.source_changed, check_params_cb=lambda s: s == sid):
        undo_redo_roundtrip(document, lambda: document.set_source_fields(sid, **{field: value}))
    assert document.undo_stack.undoText() == f"Edit source {field}"
    assert document.file.commits[-1] == Change(sources={sid})


def test_removing_a_source_takes_its_citations_in_the_same_step(document):
    ws = document.worksheet
    s1 = ws.sources[0]
    e1, e2 = ws.evidence[0], ws.evidence[1]
    before, after = undo_redo_roundtrip(document, lambda: document.edit.remove_source(s1.id))
    assert [s.id for s in after.sources] == [ws.sources[0].id]  # S2 stays
    assert after.item(e1.id).citations == ()
    assert [c.source_id for c in after.item(e2.id).citations] == [ws.sources[0].id]
    assert len(before.item(e2.id).citations) == 3
    assert document.undo_stack.count() == 1
    commit = document.file.commits[-1]
    assert commit.deleted_sources == {s1.id} and commit.evidence == {e1.id, e2.id}
    document.undo()  # both back, in one step
    assert ws.item(e2.id).citations == before.item(e2.id).citations
    assert ws.sources[0].id == s1.id


def test_new_evidence_from_a_passage_fills_its_fields(document):
    ws = document.worksheet
    s1 = ws.sources[0]
    start = MIXED_TEXT.index("Свидетель")
    end = MIXED_TEXT.index("\n", start)
    n = len(ws.evidence)
    # The selection took the blank line before it: the citation is of the words.
    _before, after = undo_redo_roundtrip(
        document, lambda: document.edit.add_item_from_passage(s1.id, start - 2, end + 1)
    )
    item = after.evidence[n]
    quote = MIXED_TEXT[start:end]
    assert (item.title, item.description) == (quote, quote)
    assert item.source == "Port watchers' report — Harbour Courier"
    assert (item.reported_date, item.date, item.info_credibility) == ("2023-09-15", "", "")
    assert item.citations == (citation_of(s1, start, end),)
    assert item.credibility is Level.MEDIUM
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "New evidence from selection"


def test_a_long_passage_gives_a_title_of_one_short_line():
    text = "First words of a long passage\nthat goes on " + "and on " * 100
    item = passages.item_from_passage(Source(title="T", text=text), 0, len(text))
    assert "\n" not in item.title and len(item.title) <= passages.TITLE_CHARS
    assert item.title.startswith("First words of a long passage that goes on")
    assert item.title.endswith("…") and item.description == text.strip()


def test_citing_more_passages_corroborates_one_item(document):
    ws = document.worksheet
    e3, s1, s2 = ws.evidence[2], ws.sources[0], ws.sources[1]
    korean = MIXED_TEXT.index("목격자")
    undo_redo_roundtrip(
        document, lambda: document.edit.cite_passage(e3.id, s1.id, korean, korean + 3)
    )
    assert document.undo_stack.undoText() == "Cite passage"
    assert document.edit.cite_passage(e3.id, s2.id, 0, 6)
    assert [(c.source_id, c.quote) for c in ws.item(e3.id).citations] == [
        (s1.id, "목격자"),
        (s2.id, "Shells"),
    ]
    assert_persisted(document)


def test_removing_a_citation_is_one_step(document):
    e2 = document.worksheet.evidence[1]
    kept = (e2.citations[0], e2.citations[2])
    undo_redo_roundtrip(document, lambda: document.edit.remove_citation(e2.id, 1))
    assert document.worksheet.item(e2.id).citations == kept
    assert document.undo_stack.undoText() == "Remove citation"


def test_use_suggested_credibility_is_one_step(document):
    e1 = document.worksheet.evidence[0]  # cites S1, graded B
    document.set_item_fields(e1.id, info_credibility="2", credibility=Level.LOW)
    undo_redo_roundtrip(document, lambda: document.edit.use_suggested_credibility(e1.id))
    assert document.worksheet.item(e1.id).credibility is Level.HIGH  # B2 suggests high
    assert document.undo_stack.undoText() == "Use suggested credibility"


def test_a_selection_of_white_space_is_refused_in_one_sentence(document, refusals):
    s1 = document.worksheet.sources[0]
    blank = MIXED_TEXT.index("\n\n")
    assert document.edit.add_item_from_passage(s1.id, blank, blank + 2) is None
    assert refusals == [
        "Select a passage of the source's text first: the selection holds no words."
    ]
    assert document.undo_stack.count() == 0


def test_citing_a_passage_twice_is_refused_in_one_sentence(document, refusals):
    e1 = document.worksheet.evidence[0]
    cited = e1.citations[0]
    assert not document.edit.cite_passage(e1.id, cited.source_id, cited.start, cited.end)
    assert refusals == ["Evidence E1 already cites this passage."]
    assert all(one_sentence(text) for text in refusals)
    assert document.undo_stack.count() == 0


def test_the_limits_are_refused_in_one_sentence(document, refusals, monkeypatch):
    ws = document.worksheet
    monkeypatch.setattr(passages, "MAX_SOURCES", 2)
    assert document.edit.add_source(Source(title="third", text="x")) is None
    monkeypatch.setattr(passages, "MAX_CITATIONS", 3)
    e2, s1 = ws.evidence[1], ws.sources[0]
    assert not document.edit.cite_passage(e2.id, s1.id, 0, 4)
    monkeypatch.setattr(passages, "MAX_QUOTE", 10)
    assert document.edit.add_item_from_passage(s1.id, 0, 30) is None
    monkeypatch.setattr(passages, "MAX_EVIDENCE", len(ws.evidence))
    assert document.edit.add_item_from_passage(s1.id, 0, 4) is None
    assert refusals == [
        "The worksheet already holds 2 sources, the most it may.",
        "Evidence E2 already cites 3 passages, the most one item may.",
        "The passage is 30 characters long and a citation holds at most 10: select a shorter one.",
        f"The worksheet already holds {len(ws.evidence)} evidence items, the most it may.",
    ]
    assert document.undo_stack.count() == 0
    assert_persisted(document)


def test_a_read_only_worksheet_takes_no_source_edit(tmp_path, qtbot):
    from app.storage.achw.worksheet_file import WorksheetFile
    from app.ui.document.document import Document

    f = WorksheetFile.create(sourced_worksheet())
    f.save(tmp_path / "w.achw")
    f.close()
    doc = Document(WorksheetFile.open(tmp_path / "w.achw", read_only=True))
    failed: list[str] = []
    doc.failed.connect(failed.append)
    sid = doc.worksheet.sources[0].id
    doc.edit.remove_source(sid)
    doc.set_source_fields(sid, title="changed")
    doc.edit.add_item_from_passage(sid, 0, 10)
    assert doc.has_source(sid) and doc.worksheet.sources[0].title == "Port watchers' report"
    assert len(doc.worksheet.evidence) == 12 and doc.undo_stack.count() == 0
    assert failed and all("read-only" in text for text in failed)
    doc.close()


def test_a_source_added_elsewhere_is_told(qtbot):
    from app.ui.document.document import Document
    from tests.ui.test_store_protocol import Colleague

    colleague = Colleague(sourced_worksheet())
    doc = Document(colleague)
    source = Source(title="From a colleague", text="words")
    with qtbot.waitSignal(doc.sources_changed):
        colleague.edits(lambda ws: ws.sources.append(source), Change(sources={source.id}))
