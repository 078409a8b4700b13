"""PARC ACH projects (.achz) come in exactly, and hostile ones are refused in one sentence.

The fixtures are built from what formats.md records (no real PARC file is
public): both UTF-16 byte orders and UTF-8, two matrices, empty and
missing tokens, DATE 0, every credibility, with and without RELEVANCE.
"""

from __future__ import annotations

import gzip

import pytest

from app.domain.model import Level, Rating
from app.interchange.format import SeveralParts
from app.interchange.parc_achz import MAX_XML_BYTES, worksheet_from_achz
from app.interchange.registry import sniff
from app.interchange.text_input import InterchangeError
from tests.interchange.parc_files import SHELLS, Item, Matrix, achz, project_xml


def read(data: bytes, **kwargs):
    return worksheet_from_achz(data, source="case.achz", title="case", **kwargs)


def refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(InterchangeError) as caught:
        read(data, **kwargs)
    said = str(caught.value)
    assert "\n" not in said and said.startswith("case.achz") and said.endswith(".")
    return said


def grid(ws):
    return [[ws.rating(e.id, h.id) for h in ws.hypotheses] for e in ws.evidence]


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le", "utf-8"])
def test_every_field_of_a_project_in_each_encoding(encoding):
    ws = read(
        achz(project_xml("Shells — 포탄 / Снаряды", [SHELLS], classification="fouo"), encoding)
    )
    assert ws.title == "Shells — 포탄 / Снаряды" and ws.classification == "fouo"
    assert [h.title for h in ws.hypotheses] == [
        "Export to Russia",
        "Domestic stockpile",
        "Exercise",
    ]
    first = ws.evidence[0]
    assert (first.title, first.description, first.link, first.type, first.source) == (
        "Moisture-proofing omitted",
        "Shells for quick use",
        "https://example.org/nk",
        "HUMINT",
        "DNK-17",  # PARC has no source: its code is kept there
    )
    assert first.date == "2023-11-09" and first.flags == {"flagged"}
    assert [e.title for e in ws.evidence][1:] == [
        "Temporary hiring",
        "State denial",
        "Satellite imagery of rail yards",
        "Not rated yet",
    ]


def test_tokens_in_hypothesis_order_blank_where_empty_or_missing():
    ws = read(achz(project_xml("p", [SHELLS])))
    R = Rating
    assert grid(ws) == [
        [R.CC, R.I, R.N],  # "C C, I ,N": spaces inside and around a token are nothing
        [R.C, R.C, None],  # "C,C,": the empty last token is a blank cell
        [R.I, None, None],  # "I": fewer tokens than hypotheses, the rest blank
        [R.NA, R.II, R.CC],  # "NA,II,CC": written without the space too
        [None, None, None],  # no VALUES at all
    ]


def test_an_empty_token_is_blank_never_the_previous_cells_rating():
    """The public importer's bug: an empty token took the rating before it."""
    ws = read(achz(project_xml("p", [Matrix(["A", "B", "C"], [Item("x", values="I I,,C")])])))
    assert grid(ws) == [[Rating.II, None, Rating.C]]


def test_credibility_and_relevance_each_level_kept_medium_is_medium():
    items = [
        Item("h", credibility="HIGH", relevance="LOW"),
        Item("m", credibility="MEDIUM", relevance="HIGH"),
        Item("l", credibility="low", relevance="Medium"),
        Item("none"),  # neither element: medium, as a new item is
    ]
    ws = read(achz(project_xml("p", [Matrix(["A"], items)])))
    assert [(e.credibility, e.relevance) for e in ws.evidence] == [
        (Level.HIGH, Level.LOW),
        (Level.MEDIUM, Level.HIGH),
        (Level.LOW, Level.MEDIUM),
        (Level.MEDIUM, Level.MEDIUM),
    ]


@pytest.mark.parametrize(
    ("millis", "date"),
    [
        ("0", ""),  # PARC's "no date"
        ("", ""),
        ("1699487999999", "2023-11-08"),  # the last millisecond of the day, UTC
        ("1699488000000", "2023-11-09"),
        ("-86400000", "1969-12-31"),
    ],
)
def test_a_date_in_java_milliseconds_is_its_utc_calendar_date(millis, date):
    ws = read(achz(project_xml("p", [Matrix(["A"], [Item("x", date=millis)])])))
    assert ws.evidence[0].date == date


def test_any_root_name_and_unknown_elements_are_taken():
    xml = project_xml("p", [SHELLS], root="ACHProject2").replace(
        "<LAST-INDEX>", "<SORT-ORDER><KEY>DATE</KEY></SORT-ORDER><LAST-INDEX>"
    )
    assert len(read(achz(xml)).evidence) == 5


def test_the_title_is_the_files_name_when_the_project_has_none():
    ws = read(achz(project_xml("", [SHELLS])))
    assert ws.title == "case"


def test_several_matrices_are_named_and_one_is_chosen():
    second = Matrix(["Alone", "Together"], [Item("x", values="I,C")], name="Second look")
    data = achz(project_xml("Shells", [SHELLS, second]))
    with pytest.raises(SeveralParts) as caught:
        read(data)
    assert str(caught.value) == "case.achz holds 2 matrices; choose which one to read."
    assert caught.value.parts == [
        "1. Matrix 1 (3 hypotheses, 5 evidence items)",
        "2. Second look (2 hypotheses, 1 evidence item)",
    ]
    chosen = read(data, matrix=2)
    assert chosen.title == "Shells: Second look"
    assert [h.title for h in chosen.hypotheses] == ["Alone", "Together"]
    assert grid(chosen) == [[Rating.I, Rating.C]]
    assert len(read(data, matrix=1).evidence) == 5
    assert refusal(data, matrix=3) == "case.achz has 2 matrices; there is no matrix 3."


@pytest.mark.parametrize(
    ("item", "said"),
    [
        (
            Item("Rail", values="C,X"),
            'case.achz: evidence 1 ("Rail") VALUES, rating 2: "X" is not one of'
            " I I, I, NA, N, C or C C.",
        ),
        (
            Item("Rail", values="C,C,C"),
            'case.achz: evidence 1 ("Rail") VALUES has 3 ratings for 2 hypotheses.',
        ),
        (
            Item("Rail", credibility="SOMEWHAT"),
            'case.achz: evidence 1 ("Rail") CREDIBILITY: "SOMEWHAT" is not HIGH, MEDIUM or LOW.',
        ),
        (
            Item("Rail", date="yesterday"),
            'case.achz: evidence 1 ("Rail") DATE: "yesterday" is not a time in milliseconds.',
        ),
        (
            Item("Rail", date="9" * 30),
            'case.achz: evidence 1 ("Rail") DATE: "' + "9" * 30 + '" is no date of years'
            " 1 to 9999.",
        ),
        (
            Item("x" * 501),
            "case.achz: evidence 1 NAME is 501 characters long; the limit is 500.",
        ),
        (
            Item("Rail", flag="maybe"),
            'case.achz: evidence 1 ("Rail") FLAG: "MAYBE" is not 1 or 0.',
        ),
    ],
    ids=["token", "too-many", "credibility", "date", "date-range", "long-name", "flag"],
)
def test_a_wrong_item_is_refused_naming_the_item_and_the_place(item, said):
    assert refusal(achz(project_xml("p", [Matrix(["A", "B"], [item])]))) == said


def test_in_a_file_of_several_the_matrix_is_named_too():
    bad = Matrix(["A"], [Item("ok"), Item("Rail", values="Q")])
    said = refusal(achz(project_xml("p", [SHELLS, bad])), matrix=1)
    assert said == (
        'case.achz: matrix 2, evidence 2 ("Rail") VALUES, rating 1: "Q" is not one of'
        " I I, I, NA, N, C or C C."
    )


def test_not_gzip_and_no_matrix_are_refused():
    assert refusal(b"PK\x03\x04 a zip") == (
        "case.achz is not a PARC ACH file: a .achz file is a gzip stream, and this is not one."
    )
    assert refusal(achz(project_xml("p", []))) == (
        "case.achz holds no MATRIX, so no hypotheses and no evidence."
    )


def test_a_cut_off_or_damaged_stream_is_refused():
    whole = achz(project_xml("p", [SHELLS]))
    assert "damaged gzip stream" in refusal(whole[: len(whole) // 2])
    broken = bytearray(whole)
    broken[-6] ^= 0xFF  # its CRC no longer matches
    assert "damaged gzip stream" in refusal(bytes(broken))


def test_malformed_xml_names_the_line_and_column():
    said = refusal(gzip.compress(b"<ACH>\n<MATRIX><HYPOTHESIS></MATRIX></ACH>"))
    assert said == (
        "case.achz: line 2, column 23: the XML is not well-formed, so the project cannot be read."
    )


# -- hostile archives ----------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<ACH><PROJECT-TITLE>&lol9;</PROJECT-TITLE></ACH>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE ach [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<ACH><PROJECT-TITLE>&x;</PROJECT-TITLE><MATRIX><HYPOTHESIS><NAME>&x;</NAME></HYPOTHESIS>
</MATRIX></ACH>"""

PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE ach [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><ACH/>"""

DECLARED = (
    "case.achz declares a document type or entities, which a PARC ACH project never has;"
    " it is refused unread, so that nothing outside it is read."
)


@pytest.mark.parametrize(
    "xml", [BILLION_LAUGHS, EXTERNAL, PARAMETER], ids=["laughs", "external", "parameter"]
)
def test_entities_and_document_types_are_refused_unread(xml):
    assert refusal(gzip.compress(xml)) == DECLARED
    assert refusal(gzip.compress(b"\xfe\xff" + xml.decode().encode("utf-16-be"))) == DECLARED


def test_a_gzip_bomb_stops_at_the_limit():
    """A gigabyte of well-formed XML in a few megabytes: decompressed only as far as the limit."""
    # gzip members one after another are one stream: a megabyte of blanks, 1,024 times.
    blanks = gzip.compress(b" " * (1 << 20), mtime=0)
    bomb = gzip.compress(b"<ACH><PROJECT-TITLE>", mtime=0) + blanks * 1024
    assert len(bomb) < 2_000_000
    said = refusal(bomb)
    assert said == (
        f"case.achz decompresses to more than {MAX_XML_BYTES // 1_000_000} MB of XML, the limit"
        " for an imported file (a PARC ACH project is far smaller)."
    )


def test_a_flood_of_elements_in_one_item_is_refused_before_the_tree_grows():
    flood = Item("x", extra="<X/>" * 20_000)
    said = refusal(achz(project_xml("p", [Matrix(["A"], [flood])]), "utf-8"))
    assert said == (
        'case.achz has more than 10,000 elements in one part (in "X"); a PARC ACH item has a dozen.'
    )


def test_many_unknown_elements_between_items_cost_nothing():
    """Each is let go when it ends: 200,000 of them read like a small file."""
    xml = project_xml("p", [SHELLS]).replace("<MATRIX>", "<MATRIX>" + "<JUNK/>" * 200_000)
    assert len(read(achz(xml, "utf-8")).evidence) == 5


def test_the_registry_sends_achz_here_by_name_or_by_gzip_signature():
    data = achz(project_xml("p", [SHELLS]))
    assert sniff(data, "case.achz").name == "achz"
    assert sniff(data, "").name == "achz"


# -- found by an attack on the reader ----------------------------------------------------

BODY = "<ACH><MATRIX><HYPOTHESIS><NAME>A</NAME></HYPOTHESIS></MATRIX></ACH>"


@pytest.mark.parametrize("encoding", ["bogus", "rot13", "shift_jis", "idna", "x" * 5000])
def test_an_encoding_that_cannot_be_read_is_refused_naming_the_file(encoding):
    xml = f'<?xml version="1.0" encoding="{encoding}"?>{BODY}'.encode("ascii")
    said = refusal(gzip.compress(xml))
    assert said.startswith("case.achz declares a text encoding that cannot be read (")
    assert len(said) < 200  # a long name is not echoed whole


def test_a_huge_attribute_is_parsed_in_a_few_passes_and_refused():
    """expat 2.5 rescans an unfinished token on every feed: fed in large chunks, a 30 MB
    attribute takes a few passes, not thousands (and is far beyond any PARC file's)."""
    xml = '<ACH a="' + "x" * 30_000_000 + '">' + BODY[5:]
    assert refusal(gzip.compress(xml.encode())) == (
        'case.achz has an element ("ACH") with attributes far beyond any PARC ACH project\'s.'
    )


def test_many_attributes_are_refused():
    attributes = " ".join(f'a{i}="{i}"' for i in range(101))
    assert "with attributes far beyond" in refusal(gzip.compress(f"<ACH {attributes}/>".encode()))


def test_more_matrices_or_hypotheses_than_any_project_are_refused():
    many = "<P>" + "<MATRIX/>" * 101 + "</P>"
    assert refusal(gzip.compress(many.encode())) == (
        "case.achz holds more than 100 matrices, the limit."
    )
    wide = "<MATRIX>" + "<HYPOTHESIS/>" * 1000 + "</MATRIX>"
    said = refusal(gzip.compress(("<P>" + wide * 11 + "</P>").encode()))
    assert said.startswith("case.achz: matrix 11 holds more than 1,000 hypotheses")


def test_a_matrix_name_over_the_limit_names_its_place():
    xml = project_xml("p", [Matrix(["A"], [], name="m" * 501)])
    assert refusal(achz(xml)) == "case.achz: MATRIX NAME is 501 characters long; the limit is 500."


@pytest.mark.parametrize("millis", ["1_000", "+1000", "١٢٣", " 1e3"])
def test_a_date_is_plain_digits(millis):
    said = refusal(achz(project_xml("p", [Matrix(["A"], [Item("x", date=millis)])])))
    assert "is not a time in milliseconds" in said
