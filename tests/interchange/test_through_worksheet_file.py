"""JSON -> worksheet file -> JSON keeps everything, ids included (the import/export contract)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings

from app.domain.model import Worksheet
from app.interchange.json_form import worksheet_from_json, worksheet_to_json
from app.storage.achw.worksheet_file import read_worksheet, write_worksheet
from tests.interchange.test_roundtrip_property import worksheets


@settings(max_examples=60, deadline=None)
@given(worksheets())
def test_json_survives_the_worksheet_file(ws: Worksheet) -> None:
    text = worksheet_to_json(ws)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.achw"
        write_worksheet(worksheet_from_json(text, source="in.json"), path)
        assert worksheet_to_json(read_worksheet(path)) == text
