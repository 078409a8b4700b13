"""The worksheet as an Excel workbook: what a colleague opening it in a spreadsheet sees,
that nothing in it is a formula, and that it reads back as the worksheet it was."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.domain.palette import RATING_LOOK
from app.domain.scoring import score_worksheet
from app.interchange.xlsx_reader import worksheet_from_xlsx
from app.interchange.xlsx_writer import worksheet_to_xlsx
from app.resources import sample_worksheet
from app.storage.achw.worksheet_file import read_worksheet

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(1)", "=1+1"]


def sample() -> Worksheet:
    return read_worksheet(sample_worksheet())


def formula_like() -> Worksheet:
    hyps = [Hypothesis(title=t, description=t, id=f"h{i}") for i, t in enumerate(HOSTILE)]
    items = [
        Evidence(title=t, description=t, source=t, type=t, id=f"e{i}")
        for i, t in enumerate(HOSTILE)
    ]
    ws = Worksheet(title="=cmd|' /C calc'!A0", question="+q", hypotheses=hyps, evidence=items)
    ws.set_cell("e0", "h0", Cell(rating=Rating.I, note="=1+1"))
    return ws


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def without_milestones(ws: Worksheet) -> Worksheet:
    """What a workbook holds of ``ws``: not its milestones, nor its sources and each
    item's grading and citations (the JSON form and the .achw hold every field)."""
    evidence = [
        dataclasses.replace(e, citations=(), reported_date="", info_credibility="")
        for e in ws.evidence
    ]
    return dataclasses.replace(ws, milestones=[], sources=[], evidence=evidence)


def test_the_sheets_a_colleague_finds() -> None:
    wb = book(worksheet_to_xlsx(sample()))
    assert wb.sheetnames == ["Matrix", "Evidence", "Hypotheses", "Notes", "Worksheet"]
    assert wb["Matrix"].freeze_panes == "C8"  # the header, the scores and the item column
    assert all(wb[name].freeze_panes == "A2" for name in wb.sheetnames[1:])


def test_the_matrix_shows_each_rating_by_its_code_on_its_colour() -> None:
    ws = sample()
    sheet = book(worksheet_to_xlsx(ws))["Matrix"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "ID",
        "Evidence",
        "Type",
        "Credibility",
        "Relevance",
        "Excluded",
        "Diagnosticity",
    ]
    assert header[7:] == [h.title for h in ws.hypotheses]
    seen = set()
    for r, e in enumerate(ws.evidence, 8):
        assert sheet.cell(r, 1).value == e.id and sheet.cell(r, 2).value == e.title
        for n, h in enumerate(ws.hypotheses, 8):
            cell = sheet.cell(r, n)
            rating = ws.rating(e.id, h.id)
            if rating is None:
                assert cell.value is None
                continue
            look = RATING_LOOK[rating]
            assert cell.value == rating.value
            assert cell.fill.fgColor.rgb[-6:] == look.fill.lstrip("#").upper()
            assert cell.font.color.rgb[-6:] == look.text.lstrip("#").upper()
            seen.add(rating)
    assert len(seen) >= 4  # the sample uses most codes


def test_the_score_rows_are_the_programs_numbers() -> None:
    ws = sample()
    sheet = book(worksheet_to_xlsx(ws))["Matrix"]
    labels = [sheet.cell(r, 2).value for r in range(2, 8)]
    assert labels[0] == "Rank" and labels[1].startswith("Weighted inconsistency")
    for s in score_worksheet(ws):
        column = 8 + [h.id for h in ws.hypotheses].index(s.hypothesis_id)
        assert sheet.cell(2, column).value == s.rank
        assert sheet.cell(3, column).value == pytest.approx(s.weighted_inconsistency, abs=1e-9)
        assert sheet.cell(4, column).value == s.inconsistency
        assert sheet.cell(7, column).value == s.blank


def test_the_unweighted_scores_are_said_to_be_so() -> None:
    ws = sample()
    wb = book(worksheet_to_xlsx(ws, unweighted=True))
    plain = {s.hypothesis_id: s for s in score_worksheet(ws, unweighted=True)}
    first = ws.hypotheses[0].id
    assert wb["Matrix"].cell(3, 8).value == pytest.approx(plain[first].weighted_inconsistency)
    assert ["Scores", "unweighted"] in [[c.value for c in row] for row in wb["Worksheet"]]


def test_no_cell_holds_a_formula_and_formula_like_text_stays_text() -> None:
    data = worksheet_to_xlsx(formula_like())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    wb = book(data)
    texts = []
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    texts.append(cell.value)
    assert set(HOSTILE) <= set(texts)


def test_formula_like_text_reads_back_exactly() -> None:
    ws = formula_like()
    back = worksheet_from_xlsx(worksheet_to_xlsx(ws), source="x.xlsx", title="x")
    assert without_milestones(back) == without_milestones(ws)


def test_the_sample_reads_back_as_it_was_but_its_milestones() -> None:
    ws = sample()
    assert ws.milestones and any(c.note for c in ws.cells.values())
    back = worksheet_from_xlsx(worksheet_to_xlsx(ws), source="dprk.xlsx", title="dprk")
    assert back == without_milestones(ws)


def test_every_field_of_an_item_reads_back() -> None:
    items = [
        Evidence(
            title="Отказ от влагозащиты",
            description="탄약 수출\nline two",
            source="KCNA",
            link="https://example.org/a?b=c",
            date="2023-09-14",
            type="HUMINT",
            credibility=Level.LOW,
            relevance=Level.HIGH,
            excluded=True,
            flags=frozenset({"possible-deception", "single-source"}),
            id="E-1",
        ),
        Evidence(title="no hypotheses yet", id="E-2"),
    ]
    for hypotheses in ([], [Hypothesis(title="Export", id="H-1")]):
        ws = Worksheet(title="t", hypotheses=hypotheses, evidence=items)
        back = worksheet_from_xlsx(worksheet_to_xlsx(ws), source="x.xlsx", title="t")
        assert back == ws


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        message = "LibreOffice (soffice) is not installed; make test installs it"
        if os.environ.get("ACH_REQUIRE_SOFFICE"):
            pytest.fail(f"{message}, and ACH_REQUIRE_SOFFICE is set")
        pytest.skip(message)
    return found


def test_libreoffice_opens_the_export_and_shows_text_as_text(tmp_path: Path) -> None:
    ws = formula_like()
    ws.set_cell("e1", "h1", Cell(rating=Rating.CC))
    source = tmp_path / "export.xlsx"
    source.write_bytes(worksheet_to_xlsx(ws))
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "export.csv").read_text("utf-8"))))
    assert rows[0][:2] == ["ID", "Evidence"] and rows[0][7:] == HOSTILE
    by_id = {row[0]: row for row in rows[7:]}
    assert [by_id[f"e{i}"][1] for i in range(len(HOSTILE))] == HOSTILE  # not "2", not computed
    assert by_id["e0"][7] == "I" and by_id["e1"][8] == "CC"
