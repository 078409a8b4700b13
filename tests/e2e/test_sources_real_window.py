"""A source added, a passage of it cited, in the real program: real windows, real keys.

The analyst adds a saved web page through the file dialog (Edit › Add Source from
File…, a path typed into Qt's own dialog), selects a passage with the keyboard,
makes an item of it with its shortcut, types over the item's title and saves at
once.  Opened again, the item is there with its citation; its citation opened
from the Details panel (Alt+N, Return) selects the same passage in the Sources
panel, which a second New Evidence from Selection proves: its citation is the
first one's, read back from the file.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet
from tests.e2e.xwindow import Program

pytestmark = pytest.mark.xvfb

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "article-en.html"
TITLE = "Forty manifests do not match"
# From the text's start, ten words on (Ctrl+Right) is the second paragraph; thirteen
# words of it are selected (Ctrl+Shift+Right), the space after the last left out.
PASSAGE = "Inspectors at the harbour found that shipping manifests for at least forty containers"


def test_new_evidence_from_a_passage_of_a_web_page_is_saved_with_its_citation(display, tmp_path):
    worksheet = tmp_path / "dprk.achw"
    shutil.copy(sample_worksheet(), worksheet)
    article = tmp_path / "article-en.html"
    shutil.copy(ARTICLE, article)
    before = read_worksheet(worksheet)

    program = Program(display, str(worksheet))
    try:
        program.wait_for_window("dprk")
        program.keys("alt+e", "o")  # Edit › Add Source from File…
        program.wait_for_window("Add Source from File")
        program.type(str(article))
        program.keys("Return")
        program.wait_until_gone("Add Source from File")
        program.wait_for_window("dprk")
        time.sleep(0.5)
        # The keyboard is in the new source's text.
        program.keys("ctrl+Home", *["ctrl+Right"] * 10, *["ctrl+shift+Right"] * 13)
        program.keys("ctrl+shift+n")  # New Evidence from Selection
        program.type(TITLE)  # over the title, which the Details panel selected
        program.keys("ctrl+s")  # straight away: the typed title must be in the file
        time.sleep(1.0)
        program.quit()
    finally:
        program.stop()

    saved = read_worksheet(worksheet)
    assert len(saved.sources) == len(before.sources) + 1
    source = saved.sources[-1]
    assert source.title == "Port authority finds cargo records do not match"
    assert source.author == "Jane Marlow" and source.kind == "html"
    (item,) = [e for e in saved.evidence if e.id not in {x.id for x in before.evidence}]
    assert item.title == TITLE
    assert item.description == PASSAGE
    assert item.reported_date == "2024-03-14"
    (citation,) = item.citations
    assert citation.source_id == source.id
    assert citation.quote == PASSAGE == source.text[citation.start : citation.end]

    again = Program(display, str(worksheet))
    try:
        again.wait_for_window("dprk")
        again.keys("ctrl+End")  # the matrix: the last item, the one just made
        again.keys("alt+n", "Return")  # its Citations (Details panel), the first opened
        time.sleep(0.5)
        again.keys("ctrl+shift+n")  # the passage selected by the jump, made an item again
        time.sleep(0.3)
        again.keys("ctrl+s")
        time.sleep(1.0)
        again.quit()
    finally:
        again.stop()

    reopened = read_worksheet(worksheet)
    assert reopened.item(item.id).citations == (citation,)  # kept through the reopening
    (second,) = [e for e in reopened.evidence if e.id not in {x.id for x in saved.evidence}]
    assert second.citations == (citation,)  # the jump selected exactly that passage
    assert not list(tmp_path.glob(".~lock*")), "the lock file was left behind"
