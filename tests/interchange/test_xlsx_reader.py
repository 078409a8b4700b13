"""Excel workbooks in: evidence lists, filled matrices, the Stirparo templates, and
hostile workbooks, each refused in one sentence naming the file and the place."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.domain.model import Level, Rating, Worksheet
from app.domain.scoring import score_worksheet
from app.interchange.json_form import worksheet_from_json
from app.interchange.text_input import InterchangeError
from app.interchange.xlsx_archive import MAX_CELLS, MAX_UNPACKED
from app.interchange.xlsx_reader import worksheet_from_xlsx
from tests.interchange.xlsx_files import (
    MAIN,
    SHEET,
    macro_enabled,
    one_sheet,
    parts,
    rezip,
    streamed_sheet,
    with_sheet_xml,
    workbook,
)

SRC = "leads.xlsx"


def read(data: bytes, source: str = SRC) -> Worksheet:
    return worksheet_from_xlsx(data, source=source, title="leads")


def refusal(data: bytes, source: str = SRC) -> str:
    with pytest.raises(InterchangeError) as caught:
        read(data, source)
    return str(caught.value)


def grid(ws: Worksheet) -> list[list[str]]:
    """The matrix as codes, "" for blank, items down and hypotheses across."""
    return [
        [(r.value if (r := ws.rating(e.id, h.id)) else "") for h in ws.hypotheses]
        for e in ws.evidence
    ]


# -- evidence lists ------------------------------------------------------------------


def test_an_evidence_list_is_read_by_its_header_names_in_any_order_and_case() -> None:
    data = one_sheet(
        [
            ["Source", "TITLE", "Date", "credibility", "Relevance", "Excluded", "flags", "Link"],
            ["KCNA", "State denial", dt.datetime(2023, 9, 14), "Low", "high", True, "", ""],
            ["", "Temporary hiring", None, None, None, False, "single source", "http://x.example"],
        ]
    )
    ws = read(data)
    assert ws.title == "leads" and ws.hypotheses == []
    first, second = ws.evidence
    assert (first.title, first.source, first.date) == ("State denial", "KCNA", "2023-09-14")
    assert (first.credibility, first.relevance, first.excluded) == (Level.LOW, Level.HIGH, True)
    assert (second.credibility, second.relevance, second.excluded) == (
        Level.MEDIUM,
        Level.MEDIUM,
        False,
    )
    assert second.flags == {"single-source"} and second.link == "http://x.example"


def test_a_header_under_a_title_row_is_found_and_numbers_become_text() -> None:
    data = one_sheet([["Leads for the DPRK question"], [], ["id", "title", "type"], [7, 12.0, 3.5]])
    (item,) = read(data).evidence
    assert (item.id, item.title, item.type) == ("7", "12", "3.5")


def test_a_bad_value_is_refused_naming_the_sheet_row_and_column() -> None:
    data = one_sheet([["title", "date"], ["ok", "2023-01-01"], ["bad", "2023-13-40"]], "Leads")
    assert refusal(data) == (
        f'{SRC}: sheet "Leads", row 3, column "date": "2023-13-40" is not a date (YYYY-MM-DD).'
    )


def test_an_item_without_a_title_is_refused() -> None:
    data = one_sheet([["title", "source"], ["", "KCNA"]])
    assert refusal(data) == (
        f'{SRC}: sheet "Sheet1", row 2, column "title" is empty; every evidence item needs a title.'
    )


def test_a_column_named_twice_is_refused() -> None:
    data = one_sheet([["Evidence", "title"], ["a", "b"]])
    assert refusal(data) == f'{SRC}: sheet "Sheet1", row 1, column "title" appears twice.'


def test_a_value_under_an_unnamed_column_is_refused_not_dropped() -> None:
    data = one_sheet([["title", None, "source"], ["a", "lost?", "x"]])
    assert refusal(data) == (
        f'{SRC}: sheet "Sheet1", cell B2 has a value, but the header gives its column no name.'
    )


def test_a_workbook_without_an_evidence_header_names_its_sheets() -> None:
    data = workbook({"Budget": [["year", "amount"], [2023, 5]], "Notes": [["hello"]]})
    assert refusal(data) == (
        f'{SRC} has no sheet with a header row naming an evidence column ("Evidence" or '
        '"title") in its first 50 rows; its sheets: "Budget", "Notes".'
    )


# -- matrices -------------------------------------------------------------------------


def test_a_matrix_skips_formula_rows_empty_rows_and_rows_of_scores() -> None:
    data = one_sheet(
        [
            ["Evidence", "Evidence Type", "Credibility", "Relevance", "Export", "Stockpile"],
            [None, None, None, None, "=SUM(E4:E9)", "=SUM(F4:F9)"],
            [],
            ["Skipped moisture-proofing", "Imagery", "High", "High", "c", "ii"],
            ["State denial", None, "Low", "Medium", "I", None],
            [None, "Total", None, None, -2.5, 1],
            ["Temporary hiring", None, None, None, "na", "N"],
        ]
    )
    ws = read(data)
    assert [h.title for h in ws.hypotheses] == ["Export", "Stockpile"]
    assert [e.title for e in ws.evidence] == [
        "Skipped moisture-proofing",
        "State denial",
        "Temporary hiring",
    ]
    assert ws.evidence[0].type == "Imagery"
    assert grid(ws) == [["C", "II"], ["I", ""], ["NA", "N"]]


def test_a_formula_beside_values_is_refused_naming_its_cell() -> None:
    data = one_sheet([["Evidence", "H1", "H2"], ["Denial", "C", "=IF(B2=1,1,0)"]], "ACH")
    assert refusal(data) == (
        f'{SRC}: sheet "ACH", cell C2 holds a formula ("=IF(B2=1,1,0)") beside values; '
        "this program reads values, not formulas (paste the row as values)."
    )


def test_a_code_that_is_not_a_rating_names_the_cell_and_the_hypothesis() -> None:
    data = one_sheet([["Evidence", "Comments"], ["Denial", "check with J."]], "ACH")
    assert refusal(data) == (
        f'{SRC}: sheet "ACH", cell B2: "check with J." is not a rating of hypothesis '
        '"Comments" (CC, C, N, I, II or NA; blank for unrated).'
    )


def test_the_first_sheet_with_an_evidence_header_is_read() -> None:
    data = workbook(
        {
            "About": [["Made by the team"], ["for the DPRK question"]],
            "Matrix": [["Evidence", "H1"], ["rated", "C"]],
            "List": [["title"], ["only a list"]],
        }
    )
    ws = read(data)
    assert [e.title for e in ws.evidence] == ["rated"] and grid(ws) == [["C"]]


def test_a_category_heads_the_description() -> None:
    data = one_sheet([["Category", "Evidence", "description", "H1"], ["Intent", "x", "more", "C"]])
    assert read(data).evidence[0].description == "Category: Intent\n\nmore"


# -- the public Stirparo templates (third-party files, read where they lie) --------------


def reference(reference_dir: Path) -> tuple[Worksheet, dict[str, dict[str, float]]]:
    ws = worksheet_from_json((reference_dir / "stirparo-v06.json").read_bytes(), source="ref")
    expected = json.loads((reference_dir / "stirparo-v06.expected.json").read_text("utf-8"))
    return ws, {h["title"]: h for h in expected["hypotheses"]}


def same_matrix(got: Worksheet, want: Worksheet) -> None:
    assert [h.title for h in got.hypotheses] == [h.title for h in want.hypotheses]
    assert [(e.title, e.credibility, e.relevance) for e in got.evidence] == [
        (e.title, e.credibility, e.relevance) for e in want.evidence
    ]
    assert grid(got) == grid(want)


@pytest.mark.parametrize("name", ["ACH_template-v0.6.xlsx", "ACH_template-v0.6-public.xlsx"])
def test_the_stirparo_v06_templates_import_exactly_and_score_by_the_method(
    realdata_dir: Path, reference_dir: Path, name: str
) -> None:
    ws = read((realdata_dir / "stirparo" / name).read_bytes(), name)
    want, expected = reference(reference_dir)
    same_matrix(ws, want)
    assert ws.evidence[0].type == "Assumption"
    assert ws.evidence[0].description == "Category: Opportunity"
    titles = {h.id: h.title for h in ws.hypotheses}
    for score in score_worksheet(ws):
        facts = expected[titles[score.hypothesis_id]]
        assert score.weighted_inconsistency == facts["weighted_inconsistency"]
        assert (score.inconsistency, score.rank) == (facts["inconsistency"], facts["rank"])
    # The template's own totals (-4.5, -0.707, -7.156) score II as -4w: ours are the method's.
    assert {titles[s.hypothesis_id]: s.weighted_inconsistency for s in score_worksheet(ws)} != {
        "H1": -4.5,
        "H2": -0.707,
        "H3": -7.156,
    }


def test_the_stirparo_v04_template_imports_as_its_transcription(realdata_dir: Path) -> None:
    ws = read((realdata_dir / "stirparo" / "ACH_template-v0.4.xlsx").read_bytes())
    converted = realdata_dir / "converted" / "stirparo-v04.json"
    want = worksheet_from_json(converted.read_bytes(), source="v04")
    same_matrix(ws, want)
    assert [e.type for e in ws.evidence] == [e.type for e in want.evidence]
    by_title = {ws.hypothesis(s.hypothesis_id).title: s for s in score_worksheet(ws)}
    # The template prints H1 -0.5, H2 -0.707, H3 -2.914 (its 1.414 and 0.707 rounded).
    assert {t: round(s.weighted_inconsistency, 3) for t, s in by_title.items()} == {
        "H1": -0.5,
        "H2": -0.707,
        "H3": -2.914,
    }


# -- what is never read -------------------------------------------------------------------


PLAIN = one_sheet([["Evidence", "H1"], ["Denial", "I"]])


def test_macros_external_links_and_embedded_objects_are_ignored() -> None:
    extra = {
        "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 pretend macros",
        "xl/externalLinks/externalLink1.xml": MAIN.replace(b"worksheet", b"externalLink", 1)
        + b"</externalLink>",
        "xl/externalLinks/_rels/externalLink1.xml.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
        ),
        "xl/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 pretend object",
    }
    ws = read(rezip(PLAIN, extra))
    assert [e.title for e in ws.evidence] == ["Denial"] and grid(ws) == [["I"]]


@pytest.mark.parametrize("name", ["leads.xlsm", "leads.XLTM"])
def test_a_macro_enabled_workbook_is_refused_by_its_name(name: str) -> None:
    assert refusal(PLAIN, name) == (
        f"{name} is a macro-enabled workbook (.xlsm), which this program does not read; "
        "save it as an Excel Workbook (.xlsx) to import it."
    )


def test_a_macro_enabled_workbook_is_refused_under_another_name_too() -> None:
    assert "is a macro-enabled workbook (.xlsm)" in refusal(macro_enabled(PLAIN))


# -- hostile workbooks -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04" + b"\x00" * 40, PLAIN[: len(PLAIN) // 2], b"not a zip at all"]
)
def test_a_damaged_or_cut_workbook_is_refused_in_one_sentence(data: bytes) -> None:
    assert refusal(data) == f"{SRC} is not an Excel workbook: it is damaged or cut short."


def test_a_zip_bomb_is_refused_from_its_declared_size() -> None:
    over = MAX_UNPACKED // 10_000 + 1
    data = streamed_sheet(MAIN + b"<sheetData>", b" " * 10_000, over, b"</sheetData></worksheet>")
    assert len(data) < 2_000_000
    assert refusal(data) == (
        f"{SRC} decompresses to {(over * 10_000 + 20_000) // 1_000_000:,} MB, more than "
        "the 300 MB this program reads from a workbook."
    )


def test_a_flood_of_cells_is_refused_before_openpyxl_parses_it() -> None:
    data = streamed_sheet(
        MAIN + b'<sheetData><row r="1">',
        b'</row><row><c r="A1"/><c r="B1"/>',
        MAX_CELLS // 2 + 1,
        b"</row></sheetData></worksheet>",
    )
    assert refusal(data) == (
        f"{SRC} has more than {MAX_CELLS:,} cells, more than this program reads from a workbook."
    )


def test_one_row_of_too_many_cells_is_refused() -> None:
    data = streamed_sheet(
        MAIN + b'<sheetData><row r="1">', b'<c r="A1"/>', 20_000, b"</row></sheetData></worksheet>"
    )
    assert refusal(data) == f"{SRC} has a row of more than 16,384 cells."


def test_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert refusal(with_sheet_xml(laughs)) == (
        f"{SRC} declares XML entities or a document type, which a workbook never needs and "
        "this program does not read (they can expand without end or read other files)."
    )


def test_an_external_entity_is_refused_and_never_read() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + MAIN.split(b"?>", 1)[1]
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    message = refusal(with_sheet_xml(hostile))
    assert message.startswith(f"{SRC} declares XML entities") and "root:" not in message


def test_malformed_xml_is_refused_in_one_sentence() -> None:
    message = refusal(with_sheet_xml(MAIN + b"<sheetData><row r='1'><c r='A1'"))
    assert message.startswith(f"{SRC} is not an Excel workbook: its XML is malformed (")
    assert message.count(".") >= 1 and "\n" not in message


def test_a_sheet_is_read_whatever_size_it_declares() -> None:
    # A writer that declares a smaller sheet than it holds: every column is still read.
    xml = parts(one_sheet([["Evidence", "H1", "H2"], ["Denial", "C", "I"]]))[SHEET]
    lying = xml.replace(b'ref="A1:C2"', b'ref="A1:A1"')
    assert lying != xml
    ws = read(with_sheet_xml(lying))
    assert [h.title for h in ws.hypotheses] == ["H1", "H2"] and grid(ws) == [["C", "I"]]


def test_only_real_ratings_make_a_matrix() -> None:
    ws = read(one_sheet([["Evidence", "H1"], ["a", " cc "], ["b", "Ii"], ["c", "nA"]]))
    assert [r for row in grid(ws) for r in row] == [Rating.CC, Rating.II, Rating.NA]


# -- found by an attack on the reader: what the first checks did not count -----------------


def test_a_sheet_stored_under_another_name_is_counted_too() -> None:
    base = parts(one_sheet([["title"], ["x"]]))
    rels = base["xl/_rels/workbook.xml.rels"].replace(b"sheet1.xml", b"sheet1.bin")
    types = base["[Content_Types].xml"].replace(b"sheet1.xml", b"sheet1.bin")
    row = b'<row r="2">' + b'<c t="n"><v>1</v></c>' * 20_000 + b"</row>"
    sheet = MAIN + b"<sheetData>" + row + b"</sheetData></worksheet>"
    data = rezip(
        one_sheet([["title"], ["x"]]),
        {"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types,
         "xl/worksheets/sheet1.bin": sheet},
        drop=[SHEET],
    )  # fmt: skip
    assert refusal(data) == f"{SRC} has a row of more than 16,384 cells."


def test_xml_in_utf16_is_refused() -> None:
    xml = (MAIN.decode() + "<sheetData></sheetData></worksheet>").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"'
    )
    assert refusal(with_sheet_xml(xml.encode("utf-16"))) == (
        f"{SRC} has a part in UTF-16 or UTF-32 (xl/worksheets/sheet1.xml); a workbook's XML is "
        "UTF-8."
    )


def test_a_sheet_listed_many_times_counts_as_often() -> None:
    base = one_sheet([["title"], ["x"]])
    book = parts(base)["xl/workbook.xml"]
    start, end = book.index(b"<sheets>") + len(b"<sheets>"), book.index(b"</sheets>")
    # Each entry declares its prefix (openpyxl's serializers put it on the root or here).
    entry = (
        b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        b' name="S%d" sheetId="%d" r:id="rId1"/>'
    )
    entries = b"".join(entry % (i, i + 1) for i in range(40))  # 40 x 32,000 cells
    row = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(16_000))
    rows = b"".join(b'<row r="%d">' % r + row + b"</row>" for r in range(1, 3))
    data = rezip(
        base,
        {"xl/workbook.xml": book[:start] + entries + book[end:],
         SHEET: MAIN + b"<sheetData>" + rows + b"</sheetData></worksheet>"},
    )  # fmt: skip
    assert refusal(data) == (
        f"{SRC} has more than {MAX_CELLS:,} cells, more than this program reads from a workbook."
    )


def test_rows_a_sheet_leaves_out_are_passed_over() -> None:
    rows = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c>'
        b'<c r="Z1" t="inlineStr"><is><t>H</t></is></c></row>'
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>last</t></is></c>'
        b'<c r="Z1048576" t="inlineStr"><is><t>C</t></is></c></row>'
    )
    ws = read(with_sheet_xml(MAIN + b"<sheetData>" + rows + b"</sheetData></worksheet>"))
    assert [e.title for e in ws.evidence] == ["last"] and grid(ws) == [["C"]]


def test_an_array_formula_beside_values_is_named() -> None:
    rows = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>H1</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>item</t></is></c>'
        b'<c r="B2"><f t="array" ref="B2">SUM(A1:A2)</f><v>1</v></c></row>'
    )
    assert refusal(with_sheet_xml(MAIN + b"<sheetData>" + rows + b"</sheetData></worksheet>")) == (
        f'{SRC}: sheet "Sheet1", cell B2 holds a formula ("=SUM(A1:A2)") beside values; this '
        "program reads values, not formulas (paste the row as values)."
    )


def test_a_flood_of_other_elements_is_refused() -> None:
    data = streamed_sheet(MAIN, b"<x/>", 10_000_001, b"<sheetData/></worksheet>")
    assert refusal(data) == (
        f"{SRC} holds more than 10,000,000 XML elements, more than this program reads from a "
        "workbook."
    )


HEAD = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>H1</t></is></c></row>'
)


def sheet_of(rows: bytes) -> bytes:
    return with_sheet_xml(MAIN + b"<sheetData>" + HEAD + rows + b"</sheetData></worksheet>")


def test_a_long_formula_shared_by_many_cells_is_refused_before_it_is_rewritten() -> None:
    # openpyxl rewrites a shared formula for each cell that shares it: 100 KB times 200
    # cells is 20 MB of formula tokenized in Python, minutes from a 300 KB file.
    formula = b"+".join(b"A%d" % (i % 1000 + 1) for i in range(20_000))
    rows = b'<row r="2"><c r="B2"><f t="shared" si="0" ref="B2:B201">' + formula + b"</f></c></row>"
    rows += b"".join(
        b'<row r="%d"><c r="B%d"><f t="shared" si="0"/></c></row>' % (r, r) for r in range(3, 202)
    )
    assert refusal(sheet_of(rows)) == (
        f"{SRC} has a formula of {len(formula):,} characters shared by 200 cells, more than "
        "this program reads from a workbook."
    )


def test_a_short_formula_shared_by_many_cells_is_read_as_a_formula_row() -> None:
    rows = b'<row r="2"><c r="A2" t="inlineStr"><is><t>item</t></is></c>'
    rows += b'<c r="B2" t="inlineStr"><is><t>C</t></is></c></row>'
    rows += b'<row r="3"><c r="B3"><f t="shared" si="0" ref="B3:B500">SUM(A1:A2)</f></c></row>'
    rows += b"".join(
        b'<row r="%d"><c r="B%d"><f t="shared" si="0"/></c></row>' % (r, r) for r in range(4, 501)
    )
    ws = read(sheet_of(rows))
    assert [e.title for e in ws.evidence] == ["item"] and grid(ws) == [["C"]]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        (
            b'<c r="B2" t="n"><v>abc</v></c>',
            "a cell holds a value that does not fit its type (invalid literal for int() with "
            "base 10: 'abc')",
        ),
        (
            b'<c r="B2" t="s"><v>999</v></c>',
            "a cell refers to shared text the workbook does not hold",
        ),
        (
            b'<c r="B2"><v>' + b"9" * 5000 + b"</v></c>",
            "a cell holds a number of thousands of digits",
        ),
        (
            b'<c r="B2" t="d"><v>2020-13-45</v></c>',
            "a cell holds a value that does not fit its type (month must be in 1..12)",
        ),
    ],
)
def test_a_cell_whose_value_does_not_fit_its_type_names_the_sheet_and_row(
    cell: bytes, problem: str
) -> None:
    rows = b'<row r="2"><c r="A2" t="inlineStr"><is><t>item</t></is></c>' + cell + b"</row>"
    assert refusal(sheet_of(rows)) == (
        f'{SRC}: sheet "Sheet1", below row 1: {problem}; the workbook is damaged.'
    )


def test_a_date_outside_the_calendar_is_named_not_shown_as_an_error_value() -> None:
    # openpyxl quietly turns it into "#VALUE!", a text the file does not hold.
    data = one_sheet([["title", "Date"], ["item", dt.datetime(2023, 9, 14)]])
    sheet = parts(data)[SHEET]
    serial = b"<v>45183</v>"
    assert serial in sheet
    assert refusal(rezip(data, {SHEET: sheet.replace(serial, b"<v>1e10</v>")})) == (
        f'{SRC}: sheet "Sheet1", cell B2 holds a number formatted as a date that is outside '
        "the calendar (years 1 to 9999)."
    )


def test_a_document_type_in_any_part_is_refused_whichever_parser_reads_it() -> None:
    base = one_sheet([["title"], ["x"]])
    book = parts(base)["xl/workbook.xml"]
    declared = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    assert refusal(rezip(base, {"xl/workbook.xml": declared + book})) == (
        f"{SRC} declares XML entities or a document type, which a workbook never needs and "
        "this program does not read (they can expand without end or read other files)."
    )
