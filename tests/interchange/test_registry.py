"""The registry of formats: one sniff() for every file, and a format added by one registration."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.interchange import registry
from app.interchange.json_form import worksheet_to_json
from app.interchange.registry import FormatRefused, importable, sniff, whole_worksheets
from app.ui.dialogs.file_prompts import import_filter, save_kind
from app.ui.window.settings import Settings
from tests.interchange import toy_txt_list
from tests.ui.test_main_window import make_workbench
from tests.ui.worksheets import realistic_worksheet

REPO = Path(__file__).resolve().parents[2]
SQLITE = b"SQLite format 3\x00" + b"\x00" * 84
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (SQLITE, "w.json", "achw"),  # the header wins over the name
        (b"", "damaged.achw", "achw"),  # the storage says what is wrong with it
        (b'{"format": "ach-worksheet"}', "w.json", "json"),
        (b"title\nBridge down\n", "w.json", "json"),  # the suffix wins over the content
        (b'{"a": 1}', "list.csv", "csv"),
        (b"\xef\xbb\xbf  [1, 2]", "export.txt", "json"),  # a byte order mark, then JSON
        ('{"x": 1}'.encode("utf-16"), "export.txt", "json"),
        ("title\tsource\r\n".encode("utf-16"), "list.txt", "csv"),  # UTF-16 is text
        (b"title\nBridge down\n", "-", "csv"),
    ],
)
def test_sniff_picks_one_format_by_bytes_and_name(head, name, expected):
    assert sniff(head, name).name == expected


def test_binary_data_is_refused_in_one_sentence_naming_the_file():
    with pytest.raises(FormatRefused) as caught:
        sniff(b"\x89PNG\r\n\x1a\n\x00\x00", "photo.json", importable())
    assert str(caught.value) == (
        "photo.json is neither a worksheet in JSON form, a CSV evidence list,"
        " a PARC ACH project (.achz) nor an Excel workbook (.xlsx): "
        "it holds binary data."
    )
    assert caught.value.binary


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 30  # Microsoft's compound file


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        (
            "old.xls",
            "old.xls is an Excel 97-2003 workbook (.xls), which this program does not read; "
            "save it as an Excel Workbook (.xlsx) to import it.",
        ),
        (
            "locked.xlsx",
            "locked.xlsx is a password-protected Excel workbook; save a copy without the "
            "password to import it.",
        ),
    ],
)
def test_known_containers_are_named_not_called_binary_data(name, sentence):
    for among in (None, importable(), whole_worksheets()):
        with pytest.raises(FormatRefused) as caught:
            sniff(OLE, name, among)
        assert str(caught.value) == sentence and not caught.value.binary


@pytest.mark.parametrize("name", ["leads.xlsx", "leads.xlsm", "-"])
def test_a_workbook_is_an_excel_workbook_by_its_name_or_its_first_part(name):
    head = ZIP + (b"xl/workbook.xml" if name == "-" else b"")
    assert sniff(head, name).name == "xlsx"


def test_a_zip_of_another_name_is_binary_data_with_a_hint_where_a_list_is_wanted():
    hint = "binary data; a spreadsheet is read as an Excel workbook (.xlsx) or a CSV file"
    with pytest.raises(FormatRefused, match=re.escape(hint)):
        sniff(ZIP, "evidence.dat", importable())
    with pytest.raises(FormatRefused) as caught:
        sniff(ZIP, "evidence.dat", whole_worksheets())
    assert str(caught.value).endswith("Excel workbook (.xlsx): it holds binary data.")


@pytest.mark.parametrize("head", [ZIP, b"\x1f\x8b\x08\x00", b"plain text"])
def test_a_file_named_achz_goes_to_the_parc_reader_which_says_what_it_is(head):
    """PARC's container is gzip: anything named .achz is the PARC reader's to judge."""
    assert sniff(head, "case.achz").name == "achz"
    assert sniff(b"\x1f\x8b\x08\x00", "-").name == "achz"  # gzip on standard input


def test_a_format_of_the_wrong_kind_is_refused_naming_what_is_wanted():
    with pytest.raises(FormatRefused) as caught:
        sniff(b"just notes\n", "notes.txt", whole_worksheets(), shown="standard input")
    assert str(caught.value) == (
        "standard input is neither a worksheet file (.achw), a worksheet in JSON form,"
        " a PARC ACH project (.achz) nor an Excel workbook (.xlsx)."
    )


def test_a_name_can_be_registered_once():
    with pytest.raises(ValueError, match="json"):
        registry.register(registry.by_name("json"))


# -- a format added by one registration ---------------------------------------------


@pytest.fixture
def toy():
    fmt = registry.register(toy_txt_list.registration())
    try:
        yield fmt
    finally:
        registry.unregister(fmt)
    assert fmt not in registry.formats()


def _cli(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, with the toy registered (or not) first."""
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


WITH_TOY = (
    "import sys\n"
    "from app.interchange.registry import register\n"
    "from tests.interchange.toy_txt_list import registration\n"
    "register(registration())\n"
    "from app.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
WITHOUT = "import sys\nfrom app.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def test_a_registered_format_is_offered_by_the_command_line(tmp_path):
    leads = tmp_path / "leads.txtlist"
    leads.write_text("Rail traffic surge\nDefector report\n", encoding="utf-8")
    out = tmp_path / "leads.achw"
    help_text = _cli(WITH_TOY, "import", "--help").stdout
    assert "a .txtlist evidence list" in " ".join(help_text.split())
    done = _cli(WITH_TOY, "import", leads, "-o", out)
    assert done.returncode == 0, done.stderr
    exported = _cli(WITH_TOY, "export", out, "--format", "txtlist", "-o", "-")
    assert exported.stdout == "Rail traffic surge\nDefector report\n"
    # Without the registration, the same file is read as any other text: a CSV evidence list.
    assert "txtlist" not in _cli(WITHOUT, "import", "--help").stdout
    refused = _cli(WITHOUT, "export", out, "--format", "txtlist", "-o", "-")
    assert refused.returncode == 2 and "invalid choice: 'txtlist'" in refused.stderr


def test_a_registered_format_is_offered_by_the_windows_import(qtbot, tmp_path, toy):
    assert "Text evidence lists (*.txtlist)" in import_filter().split(";;")
    assert import_filter().split(";;")[0] == (
        "JSON worksheets, CSV evidence lists, PARC ACH projects, Excel workbooks and Text "
        "evidence lists (*.json *.csv *.achz *.xlsx *.txtlist)"
    )
    assert save_kind("txtlist")[1:] == ("Text evidence lists (*.txtlist)", ".txtlist")
    leads = tmp_path / "leads.txtlist"
    leads.write_text("Rail traffic surge\nDefector report\n", encoding="utf-8")
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    wb = make_workbench(settings, import_path=leads)
    window = wb.show_start_page()
    qtbot.addWidget(window)
    window.interchange.import_dialog()
    assert wb.prompts.errors == []
    assert [e.title for e in window.document.worksheet.evidence] == [
        "Rail traffic surge",
        "Defector report",
    ]


def test_unregistered_the_format_is_no_longer_offered(toy):
    registry.unregister(toy)
    try:
        assert "txtlist" not in import_filter()
        assert sniff(b"Rail traffic surge\n", "leads.txtlist").name == "csv"
    finally:
        registry.register(toy)  # for the fixture to take out again


def test_a_worksheet_in_json_reads_through_the_registry():
    ws = realistic_worksheet()
    data = worksheet_to_json(ws).encode()
    fmt = sniff(data, "w.json", importable())
    assert fmt.reader is not None
    assert fmt.reader(data, source="w.json", title="w") == ws
