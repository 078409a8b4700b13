"""The shipped sample: the .achw opens, equals its JSON source, and tells its story."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.domain.scoring import score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from app.domain.sources import item_code, item_suggestion
from app.interchange.json_form import worksheet_from_json
from app.resources import resource_path, sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet

REPO = Path(__file__).resolve().parent.parent


def test_sample_file_equals_its_json_source():
    source = resource_path("sample", "dprk-munitions.json")
    from_json = worksheet_from_json(source.read_bytes(), source=source.name)
    assert read_worksheet(sample_worksheet()) == from_json


def test_sample_is_complete_and_shows_each_step():
    ws = read_worksheet(sample_worksheet())
    assert len(ws.hypotheses) >= 3 and len(ws.evidence) >= 9
    assert ws.question and ws.conclusions and ws.milestones
    included = ws.included_evidence()
    # every cell of the included items is rated, and each rating says why
    for e in included:
        for h in ws.hypotheses:
            cell = ws.cell(e.id, h.id)
            assert cell.rating is not None and cell.note, (e.title, h.title)
    ranking = score_worksheet(ws)
    assert ws.hypothesis(ranking[0].hypothesis_id).title == "Covert export to Russia"
    assert ranking[0].rank == 1 and ranking[1].rank == 2
    assert analyse_sensitivity(ws).linchpins  # step 6 has something to show
    assert any(e.excluded for e in ws.evidence)  # step 4: an item set aside


def test_sample_carries_its_article_and_every_item_drawn_from_it_cites_its_passage():
    ws = read_worksheet(sample_worksheet())
    [article] = ws.sources
    assert article.title == "Is North Korea Producing Munitions for Export to Russia?"
    assert article.reliability == "C" and article.published == "2023-11-10"
    shared = REPO.parent / "shared" / "seed" / "article.txt"
    if shared.exists():  # the article itself, as the team's shared folder holds it
        assert " ".join(article.text.split()) == " ".join(shared.read_text("utf-8").split())
    codes = {}
    for e in ws.evidence:
        for c in e.citations:
            assert c.source_id == article.id
            assert article.text[c.start : c.end] == c.quote and c.quote.strip()
        codes[e.title] = item_code(ws, e)
    # the one item not drawn from the article: a desk assumption from other reporting
    uncited = [e.title for e in ws.evidence if not e.citations]
    assert uncited == ["Russia's artillery use outstrips its production"]
    assert codes["Moisture-proofing step omitted"] == "C3"
    assert codes["US DoD: DPRK covertly supplying shells to Russia"] == "C2"
    assert codes["Defense Ministry denies arms deals with Russia"] == "C4"
    # the analyst's credibility is the one the grading suggests, for every graded item
    for e in ws.evidence:
        if e.citations:
            assert item_suggestion(ws, e) is e.credibility, e.title
            assert e.reported_date == article.published


def _program(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_make_run_opens_an_untitled_copy_so_the_tracked_sample_never_changes():
    # `make run` starts `ach-workbench --sample`; saving the copy must ask where.
    assert "ach-workbench --sample" in (REPO / "Makefile").read_text(encoding="utf-8")
    before = sample_worksheet().read_bytes()
    script = (
        "from app.ui.main import start_gui\n"
        "workbench = start_gui(None, sample=True)\n"
        "[window] = workbench.windows\n"
        "print(window.document.path, window.welcome_shown(), window.document.worksheet.title)\n"
        "print(window.document.is_modified)\n"
    )
    done = _program("-c", script)
    assert done.returncode == 0, done.stderr
    # untitled, with the sample in it, and new work: closing offers to save it somewhere
    assert done.stdout.splitlines() == ["None False DPRK munitions surge, late 2023", "True"]
    done = _program("-m", "app", "--sample", ACH_WORKBENCH_EXIT_WHEN_SHOWN="1")
    assert done.returncode == 0, done.stderr
    assert "ACH_WORKBENCH_SHOWN" in done.stdout
    assert sample_worksheet().read_bytes() == before
    assert sorted(p.name for p in sample_worksheet().parent.iterdir()) == [
        "README.md",
        "dprk-munitions.achw",
        "dprk-munitions.json",
    ]  # no lock or temporary file beside the tracked sample


def test_sample_and_a_file_together_are_a_wrong_call():
    done = _program("-m", "app", "--sample", str(sample_worksheet()))
    assert done.returncode == 2
    assert "give either FILE or --sample, not both" in done.stderr
