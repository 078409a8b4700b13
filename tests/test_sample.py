"""The shipped sample: the .achw opens, equals its JSON source, and tells its story."""

from __future__ import annotations

from app.domain.scoring import score_worksheet
from app.domain.sensitivity import analyse_sensitivity
from app.resources import resource_path, sample_worksheet
from app.storage.json_form import worksheet_from_json
from app.storage.worksheet_file import read_worksheet


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
