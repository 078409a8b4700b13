"""CSV: the matrix export (safe from formula injection) and the evidence-list import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.interchange.csv_form import (
    evidence_from_csv,
    matrix_to_csv,
    protect,
    worksheet_from_csv,
)
from app.interchange.evidence_fields import EVIDENCE_COLUMNS
from app.interchange.json_form import worksheet_from_json
from app.interchange.text_input import InterchangeError
from app.storage import limits

SRC = "list.csv"


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- export -------------------------------------------------------------------


def test_matrix_layout_on_the_reference(reference_dir: Path) -> None:
    ws = worksheet_from_json((reference_dir / "stirparo-v06.json").read_bytes(), source="s")
    data = matrix_to_csv(ws)
    assert b"\r\n" in data
    rows = rows_of(data)
    assert rows[0] == [
        "id",
        "title",
        "source",
        "date",
        "type",
        "credibility",
        "relevance",
        "excluded",
        "flags",
        "diagnosticity",
        "score_neutral",
        "H1",
        "H2",
        "H3",
    ]
    assert rows[1] == [
        "E1",
        "Sample evidence 1",
        "",
        "",
        "",
        "low",
        "high",
        "no",
        "",
        "1.247219129",  # to 9 decimal places, as the method compares
        "no",
        "II",
        "C",
        "I",
    ]
    assert rows[5] == []
    footer = {row[1]: row[11:] for row in rows[6:]}
    assert footer["hypothesis id"] == ["H1", "H2", "H3"]
    assert footer["rank"] == ["2", "1", "3"]
    # scores are plain numbers, negative ones included: no quote prefix
    assert footer["weighted inconsistency"] == ["-2.5", "-0.707106781", "-4.328427125"]
    assert footer["inconsistency"] == ["-3", "-1", "-4"]
    assert footer["blank cells"] == ["0", "0", "0"]
    (normalized,) = (label for label in footer if label.startswith("normalized"))
    assert "this program's own measure" in normalized
    assert footer[normalized] == ["-0.690355937", "-0.195262146", "-1.195262146"]


def test_excluded_items_and_blank_cells() -> None:
    ws = Worksheet(
        hypotheses=[Hypothesis("a", id="H1"), Hypothesis("b", id="H2")],
        evidence=[
            Evidence("kept", id="E1", flags=frozenset({"retracted", "possible-deception"})),
            Evidence("set aside", id="E2", excluded=True),
        ],
    )
    ws.set_cell("E1", "H1", Cell(Rating.N))
    ws.set_cell("E1", "H2", Cell(None, "note only"))
    rows = rows_of(matrix_to_csv(ws))
    assert rows[1][7:] == ["no", "possible-deception; retracted", "0", "no", "N", ""]
    assert rows[2][7:] == ["yes", "", "", "", "", ""]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_protect(text: str, safe: str) -> None:
    assert protect(text) == safe


def test_every_text_cell_is_protected() -> None:
    evil = "=cmd|' /C calc'!A0"
    ws = Worksheet(
        hypotheses=[Hypothesis("@hyp", id="-H1")],
        evidence=[Evidence("+title", source="-source", type="=type", id="=E1")],
    )
    ws.evidence[0].title = evil
    ws.set_cell("=E1", "-H1", Cell(Rating.C))
    rows = rows_of(matrix_to_csv(ws))
    assert rows[0][-1] == "'@hyp"
    assert rows[1][:5] == ["'=E1", "'" + evil, "'-source", "", "'=type"]
    assert rows[1][-1] == "C"
    assert rows[3][1:2] == ["hypothesis id"] and rows[3][-1] == "'-H1"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r", "\n")), cell
            if cell.startswith("-"):
                float(cell)  # only numbers this module computed may start with a minus


def test_export_keeps_every_script() -> None:
    ws = Worksheet(
        hypotheses=[Hypothesis("Экспорт в Россию", id="H1"), Hypothesis("국내 비축", id="H2")],
        evidence=[Evidence("Отказ Минобороны — 국방부 부인", id="E1")],
    )
    data = matrix_to_csv(ws)
    rows = rows_of(data)
    assert rows[0][-2:] == ["Экспорт в Россию", "국내 비축"]
    assert rows[1][1] == "Отказ Минобороны — 국방부 부인"


def test_scores_carry_no_floating_point_noise() -> None:
    """High credibility and relevance weigh √2·√2 = 2.0000000000000004 in floating point."""
    ws = Worksheet(
        hypotheses=[Hypothesis("a", id="H1"), Hypothesis("b", id="H2")],
        evidence=[Evidence("strong", id="E1", credibility=Level.HIGH, relevance=Level.HIGH)],
    )
    ws.set_cell("E1", "H1", Cell(Rating.I))
    ws.set_cell("E1", "H2", Cell(Rating.CC))
    footer = {row[1]: row[11:] for row in rows_of(matrix_to_csv(ws))[3:]}
    assert footer["weighted inconsistency"] == ["-2", "0"]
    assert footer["consistency"] == ["0", "4"]


def test_empty_worksheet_exports() -> None:
    rows = rows_of(matrix_to_csv(Worksheet()))
    assert rows[0][0] == "id" and len(rows[0]) == 11


# -- import -------------------------------------------------------------------


def refusal(text: str | bytes) -> str:
    with pytest.raises(InterchangeError) as info:
        evidence_from_csv(text, source=SRC)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message
    return message[:-1]


def test_import_all_columns() -> None:
    text = (
        "id,title,description,source,link,date,type,credibility,relevance,excluded,flags\r\n"
        "E1,Moisture-proofing omitted,desc,Daily NK,https://x.org/a,2023-11-09,HUMINT,"
        "high,low,no,possible-deception; single-source\r\n"
    )
    (item,) = evidence_from_csv(text, source=SRC)
    assert item == Evidence(
        id="E1",
        title="Moisture-proofing omitted",
        description="desc",
        source="Daily NK",
        link="https://x.org/a",
        date="2023-11-09",
        type="HUMINT",
        credibility=Level.HIGH,
        relevance=Level.LOW,
        excluded=False,
        flags=frozenset({"possible-deception", "single-source"}),
    )


def test_only_a_title_column() -> None:
    items = evidence_from_csv("title\none\ntwo\n", source=SRC)
    assert [e.title for e in items] == ["one", "two"]
    assert items[0].credibility is Level.MEDIUM and items[0].excluded is False
    assert items[0].id != items[1].id  # new ids


def test_header_is_forgiving_about_case_spaces_and_order() -> None:
    items = evidence_from_csv(" Credibility , TITLE,Excluded\nHigh,x,YES\n", source=SRC)
    assert items[0].credibility is Level.HIGH and items[0].excluded is True


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom(bom: bytes) -> None:
    data = bom + "title,source\nМост рухнул,연합뉴스\n".encode()
    (item,) = evidence_from_csv(data, source=SRC)
    assert (item.title, item.source) == ("Мост рухнул", "연합뉴스")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated(sep: str) -> None:
    text = (
        sep.join(["title", "date", "flags"]) + "\n" + sep.join(["a, b", "2024-02-29", "retracted"])
    )
    (item,) = evidence_from_csv(text, source=SRC)
    assert (item.title, item.date, item.flags) == ("a, b", "2024-02-29", frozenset({"retracted"}))


def test_quoted_cells_with_separators_quotes_and_line_breaks() -> None:
    text = 'title,description\n"He said ""no"", then left","line one\nline two"\n'
    (item,) = evidence_from_csv(text, source=SRC)
    assert item.title == 'He said "no", then left'
    assert item.description == "line one\nline two"


def test_flags_by_label_or_key_and_excluded_words() -> None:
    text = (
        "title,flags,excluded\n"
        'a,"Possible deception, second_hand",x\n'
        "b,Official Statement;retracted,0\n"
        "c,,\n"
    )
    a, b, c = evidence_from_csv(text, source=SRC)
    assert a.flags == {"possible-deception", "second-hand"} and a.excluded
    assert b.flags == {"official-statement", "retracted"} and not b.excluded
    assert c.flags == frozenset() and not c.excluded


def test_empty_rows_and_trailing_empty_columns_are_skipped() -> None:
    text = "title,source,,\n\na,s,,\n,,,\n  ,  ,,\nb,,,\n"
    assert [e.title for e in evidence_from_csv(text, source=SRC)] == ["a", "b"]


def test_short_rows_mean_empty_cells() -> None:
    (item,) = evidence_from_csv("title,source,date\nonly a title\n", source=SRC)
    assert (item.source, item.date) == ("", "")


def test_text_that_looks_like_a_formula_is_kept_as_given() -> None:
    (item,) = evidence_from_csv("title\n'=1+1\n", source=SRC)
    assert item.title == "'=1+1"


def test_worksheet_from_csv() -> None:
    ws = worksheet_from_csv("id,title\nE1,a\nE2,b\n", source=SRC, title="list")
    assert (
        ws.title == "list" and ws.hypotheses == [] and [e.id for e in ws.evidence] == ["E1", "E2"]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title,date\na,2023-01-01\nb,\nc,2023-13-40\n",
            'line 4, column "date": "2023-13-40" is not a date (YYYY-MM-DD)',
        ),
        (
            "title,date\nx,11/09/2023\n",
            'line 2, column "date": "11/09/2023" is not a date (YYYY-MM-DD)',
        ),
        (
            "title,credibility\nx,hgih\n",
            'line 2, column "credibility": "hgih" is not low, medium or high',
        ),
        (
            "title,relevance\nx,very\n",
            'line 2, column "relevance": "very" is not low, medium or high',
        ),
        ("title,excluded\nx,maybe\n", 'line 2, column "excluded": "maybe" is not yes or no'),
        (
            "title,flags\nx,retracted;deception\n",
            'line 2, column "flags": "deception" is not one of possible-deception, retracted, '
            "second-hand, official-statement, single-source, flagged",
        ),
        (
            "title,source\n,somewhere\n",
            'line 2, column "title" is empty; every evidence item needs a title',
        ),
        (
            "id,title\nE1,a\nE2,b\nE1,c\n",
            'line 4, column "id": "E1" is already the id of the item on line 2',
        ),
        ("source,date\nx,\n", 'line 1: the header has no "title" column, which is required'),
        (
            "title,credibilty\nx,high\n",
            'line 1: "credibilty" is not a column this program knows (id, title, description, '
            "source, link, date, type, credibility, relevance, excluded, flags)",
        ),
        ("title,Title\nx,y\n", 'line 1, column "title" appears twice in the header'),
        (
            "title,,source\nx,oops,s\n",
            "line 2: column 2 has a value, but the header gives it no name",
        ),
        (
            "title,source\nx,s,extra\n",
            "line 2: column 3 has a value, but the header has only 2 columns",
        ),
        ("", " is empty; an evidence list starts with a header row naming its columns"),
        ("\n\n", " is empty; an evidence list starts with a header row naming its columns"),
        ('title\n"unclosed\n', "line 2 is not valid CSV (unexpected end of data)"),
        ('title,source\n"a"b,c\n', "line 2 is not valid CSV (',' expected after '\"')"),
        (
            "title,description\nx,a\x1bb\n",
            'line 2, column "description" contains the control character U+001B, which is not text',
        ),
        (
            "title\n" + "t" * (limits.MAX_TITLE + 1) + "\n",
            'line 2, column "title" is 501 characters long; the limit is 500',
        ),
    ],
)
def test_import_refusals_name_line_and_column(text: str, message: str) -> None:
    # A message about the whole file reads on from its name (" is empty"); one about
    # a place names the place after a colon.
    expected = SRC + message if message.startswith(" ") else f"{SRC}: {message}"
    assert refusal(text) == expected


def test_line_numbers_count_physical_lines_of_multiline_cells() -> None:
    text = 'title,description,date\na,"one\ntwo\nthree",\nb,,2023-02-30\n'
    assert refusal(text) == f'{SRC}: line 5, column "date": "2023-02-30" is not a date (YYYY-MM-DD)'


def test_not_utf8_names_the_line() -> None:
    data = "title\nок\n".encode() + "Мост\n".encode("cp1251")
    assert refusal(data) == f"{SRC}: line 3: byte 0xcc is not UTF-8 text; save the file as UTF-8"


EXCEL_UNICODE_TEXT = "title\tsource\r\nМост рухнул\t연합뉴스\r\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(codec: str) -> None:
    # Excel's "Unicode Text" and Notepad's "Unicode": UTF-16 with its mark, tab-separated.
    mark = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    data = mark + EXCEL_UNICODE_TEXT.encode(codec)
    (item,) = evidence_from_csv(data, source=SRC)
    assert (item.title, item.source) == ("Мост рухнул", "연합뉴스")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            "title\nBridge down\n".encode("utf-16-le"),
            "is UTF-16 text without a byte order mark, which this program does not read; "
            "save it as UTF-8",
        ),
        (
            "title\nBridge down\n".encode("utf-16-be"),
            "is UTF-16 text without a byte order mark, which this program does not read; "
            "save it as UTF-8",
        ),
        (
            "title\nМост\n".encode("utf-32"),
            "is UTF-32 text, which this program does not read; save it as UTF-8",
        ),
        (
            "title\nМост\n".encode("utf-16")[:-1],
            "is UTF-16 text that is cut short or damaged; save it again as UTF-8",
        ),
        (
            b"\xff\xfe" + "title\n".encode("utf-16-le") + b"\x00\xd8a\x00",
            "is UTF-16 text that is cut short or damaged; save it again as UTF-8",
        ),
    ],
    ids=["utf-16-le without mark", "utf-16-be without mark", "utf-32", "cut short", "half pair"],
)
def test_other_unicode_forms_are_named(data: bytes, problem: str) -> None:
    assert refusal(data) == f"{SRC} {problem}"


def test_utf16_text_is_checked_like_any_other() -> None:
    data = "title\na\x00b\n".encode("utf-16")
    assert refusal(data) == (
        f'{SRC}: line 2, column "title" contains the control character U+0000, which is not text'
    )


def test_nul_byte_is_refused() -> None:
    message = refusal("title\na\x00b\n")
    assert message.startswith(f"{SRC}: line 2")


def test_oversize_cell_beyond_the_csv_field_limit() -> None:
    message = refusal("title,description\nx," + "d" * 200_000 + "\n")
    assert message in (
        f"{SRC}: line 2 is not valid CSV (a cell is longer than 131,072 characters)",
        f'{SRC}: line 2, column "description" is 200,000 characters long; the limit is 20,000',
    )


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_EVIDENCE", 2)
    assert refusal("title\na\nb\nc\n") == f"{SRC}: line 4 is past the limit of 2 evidence items"
    monkeypatch.setattr(limits, "MAX_EVIDENCE", 1)
    assert refusal("title\na\nb\n") == f"{SRC}: line 3 is past the limit of 1 evidence item"


def test_messages_read_as_sentences() -> None:
    # About the whole file: its name, then what it is.  About a place: the file, the place.
    with pytest.raises(InterchangeError) as info:
        worksheet_from_csv(b"", source="empty.csv")
    assert str(info.value) == (
        "empty.csv is empty; an evidence list starts with a header row naming its columns."
    )
    assert refusal("title\nx,y\n") == (
        f"{SRC}: line 2: column 2 has a value, but the header has only 1 column"
    )


def test_oversize_file() -> None:
    data = b"title\n" + b"x\n" * (limits.MAX_FILE_BYTES // 2)
    size, limit = len(data) / 1e6, limits.MAX_FILE_BYTES // 1_000_000
    assert refusal(data) == f"{SRC} is {size:,.1f} MB; the limit for an imported file is {limit} MB"


def test_documented_columns() -> None:
    assert list(EVIDENCE_COLUMNS) == [
        "id",
        "title",
        "description",
        "source",
        "link",
        "date",
        "type",
        "credibility",
        "relevance",
        "excluded",
        "flags",
    ]
