"""An edit never makes a worksheet that would not open again.

The loader refuses a worksheet whose JSON form the import would refuse
(``json_size.py``: what the program writes, it must read back), so the
working copy must refuse, edit by edit, to grow past it.  The limit is made
small here so that the worksheets stay small.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.model import Cell, Evidence, Rating
from app.interchange.json_form import worksheet_to_json
from app.storage import limits
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet
from app.storage.errors import WorksheetError
from app.storage.json_size import exported_size

LIMIT = 400_000


@pytest.fixture(autouse=True)
def _small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", LIMIT)


PASTE = "Intercepted cable text. " * 600  # 14 kB, within a description's limit


def test_an_edit_past_the_limit_is_refused_and_the_file_opens_again(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        # Grown in steps, as an analyst pastes: each step is admitted while it fits.
        refused = None
        for n in range(100):
            item = Evidence(title=f"Cable {n}")
            ws.evidence.append(item)
            wf.commit(Change(evidence={item.id}))
            item.description = PASTE
            try:
                wf.commit(Change(evidence={item.id}))
            except WorksheetError as exc:
                item.description = ""  # as the window puts the model back
                refused = str(exc)
                break
        assert refused is not None, "the worksheet grew past the limit"
        assert refused.startswith("The edit was not kept: “w.achw” would grow too large")
        assert "\n" not in refused
        wf.save()
        size = len(worksheet_to_json(ws).encode("utf-8"))
    assert LIMIT - 2 * len(PASTE) < size <= LIMIT  # it stopped at the limit, not long before
    again = read_worksheet(saved)  # the loader takes what was written
    assert [e.description for e in again.evidence[-3:]] == [PASTE, PASTE, ""]


def test_ratings_and_new_items_are_counted_too(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        hyps = [h.id for h in ws.hypotheses]
        with pytest.raises(WorksheetError, match="would grow too large to exchange"):
            for n in range(10_000):
                item = Evidence(title=f"Item {n}", source="x" * 200)
                ws.evidence.append(item)
                for h in hyps:
                    ws.set_cell(item.id, h, Cell(rating=Rating.I, note="seen"))
                wf.commit(Change(evidence={item.id}, cells={(item.id, h) for h in hyps}))
        ws.evidence.pop()  # the refused item, as the window puts the model back
        for h in hyps:
            ws.cells.pop((item.id, h), None)
        assert exported_size(ws) <= LIMIT


def test_an_edit_that_shrinks_the_worksheet_is_always_taken(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        ws = wf.worksheet
        while exported_size(ws) < LIMIT - 2 * len(PASTE):
            item = Evidence(title="Cable", description=PASTE)
            ws.evidence.append(item)
            wf.commit(Change(evidence={item.id}))
        # Near the limit every edit measures the whole worksheet: shrinking is still taken.
        first = ws.evidence[-1]
        first.description = "short"
        wf.commit(Change(evidence={first.id}))
        assert read_worksheet(wf.working_copy).evidence[-1].description == "short"
