"""Every command of the command line, run as a separate process the way a user runs it."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from tests.cli.helpers import REFERENCE, STIRPARO, refused, run, small_doc, write_json


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"ach-workbench {__version__}"


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    for command in ("import", "export", "score", "check"):
        assert command in out


@pytest.mark.parametrize(
    "args",
    [
        ["score"],
        ["score", "--bogus", "x.json"],
        ["export", "x.achw", "--format", "docx", "-o", "y"],
        ["export", "x.achw", "--format", "json"],
        ["import", "x.json"],
        ["import", "x.json", "-o", "y.json"],
        ["check"],
        ["--bogus"],
        ["one.achw", "two.achw"],
    ],
)
def test_wrong_call_exits_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert b"usage:" in result.stderr and b"Traceback" not in result.stderr


# -- score --------------------------------------------------------------------


def test_score_json_reproduces_the_reference_exactly() -> None:
    result = run("score", STIRPARO, "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    expected = json.loads((REFERENCE / "stirparo-v06.expected.json").read_bytes())
    assert printed == expected  # floats compared exactly
    assert [h["id"] for h in printed["hypotheses"]] == ["H2", "H1", "H3"]
    for h in printed["hypotheses"]:
        assert list(h) == [
            "id",
            "title",
            "rank",
            "inconsistency",
            "weighted_inconsistency",
            "consistency",
            "normalized",
            "blank",
        ]
        assert isinstance(h["inconsistency"], float)


def test_score_json_unweighted() -> None:
    result = run("score", STIRPARO, "--json", "--unweighted")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert [h["id"] for h in printed["hypotheses"]] == ["H2", "H1", "H3"]
    assert [h["inconsistency"] for h in printed["hypotheses"]] == [-1.0, -3.0, -4.0]
    assert printed["sensitivity"]["leaders"] == ["H2"]
    assert printed["sensitivity"]["margin"] == 2.0  # unweighted margin: -1 - (-3)


def test_score_table_for_a_person() -> None:
    result = run("score", STIRPARO)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    lines = out.splitlines()
    assert lines[0] == "stirparo template v0.6 sample"
    table = [line.split() for line in lines if line.strip().startswith(("1 ", "2 ", "3 "))]
    assert [row[0] for row in table] == ["1", "2", "3"]
    assert [row[1] for row in table] == ["-0.707", "-2.500", "-4.328"]
    assert "normalized is this program's own measure" in out
    assert "left out (linchpins): E1 (Sample evidence 1)" in out


def test_score_reads_standard_input() -> None:
    result = run("score", "-", "--json", stdin=STIRPARO.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(
        (REFERENCE / "stirparo-v06.expected.json").read_bytes()
    )


def test_score_keeps_every_script(tmp_path: Path) -> None:
    src = write_json(tmp_path / "w.json", small_doc())
    result = run("score", src, "--json")
    assert result.returncode == 0, result.stderr
    titles = {h["title"] for h in json.loads(result.stdout.decode("utf-8"))["hypotheses"]}
    assert titles == {"Экспорт в Россию", "국내 비축"}
    table = run("score", src)
    assert "Экспорт в Россию" in table.stdout.decode("utf-8")


def test_score_table_strips_terminal_control_sequences(tmp_path: Path) -> None:
    from app.domain.model import Hypothesis, Worksheet
    from app.interchange.score_report import score_table

    ws = Worksheet(title="a\x1b]0;pwned\x07b", hypotheses=[Hypothesis("x\x1b[2Jy", id="H1")])
    assert "\x1b" not in score_table(ws) and "\x07" not in score_table(ws)


# -- check --------------------------------------------------------------------


def test_check_a_json_worksheet(tmp_path: Path) -> None:
    result = run("check", STIRPARO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == (
        f"{STIRPARO}: a valid worksheet in JSON form (3 hypotheses, 4 evidence items)\n"
    )


def test_check_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    doc = small_doc()
    doc["hypotheses"] = doc["hypotheses"][:1]
    doc["evidence"] = doc["evidence"][:1]
    doc["ratings"] = doc["ratings"][:1]
    src = write_json(tmp_path / "one.json", doc)
    result = run("check", src)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == (
        f"{src}: a valid worksheet in JSON form (1 hypothesis, 1 evidence item)\n"
    )
    table = run("score", src).stdout.decode()
    assert "Evidence: 1 included item, 0 score-neutral (" in table
    assert "item(s)" not in table


# -- the desktop program --------------------------------------------------------


def test_without_a_command_the_desktop_program_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    worksheet = tmp_path / "some file.achw"
    worksheet.write_bytes(b"")
    calls: list[str | None] = []
    fake = types.ModuleType("app.ui.main")

    def run_gui(path: str | None) -> int:
        calls.append(path)
        return 0

    fake.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.ui.main", fake)
    assert main([]) == 0
    assert main([str(worksheet)]) == 0
    assert calls == [None, str(worksheet)]


def test_desktop_program_missing_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "app.ui.main", None)  # import fails
    assert main([]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith("ach-workbench: the desktop program cannot start here")
        and err.count("\n") == 1
    )


def test_a_mistyped_command_is_a_wrong_call_not_a_file_to_open() -> None:
    result = run("scroe")
    assert result.returncode == 2
    assert "'scroe' is neither a command" in result.stderr.decode()


def test_a_missing_file_to_open_is_refused_before_any_window(tmp_path: Path) -> None:
    assert (
        refused(run(tmp_path / "gone.achw")) == f"{tmp_path / 'gone.achw'}: there is no such file"
    )


def test_no_display_is_one_sentence_not_a_qt_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "needs a graphical display and none is available" in err and err.count("\n") == 1


# -- start-up cost ------------------------------------------------------------------


def test_headless_commands_import_no_gui_or_pdf_libraries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from app.cli import main\n"
        f"status = main(['score', {str(STIRPARO)!r}, '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'reportlab', 'sqlalchemy', 'shiboken6'})\n"  # noqa: E501
        "print('\\nMODULES', status, heavy)\n"
    )
    import subprocess

    from tests.cli.helpers import REPO

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().rstrip().endswith("MODULES 0 []")


# -- CSV import and export through JSON (no worksheet file needed) ----------------------


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_json_worksheet_to_csv_on_stdout() -> None:
    result = run("export", STIRPARO, "--format", "csv", "-o", "-")
    assert result.returncode == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert rows[0][-3:] == ["H1", "H2", "H3"] and rows[1][0] == "E1"


def test_export_json_to_json_file(tmp_path: Path) -> None:
    out = tmp_path / "copy.json"
    result = run("export", STIRPARO, "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    doc = json.loads(out.read_bytes())
    assert [e["id"] for e in doc["evidence"]] == ["E1", "E2", "E3", "E4"]
    # the same worksheet again
    again = run("score", out, "--json")
    assert json.loads(again.stdout) == json.loads(
        (REFERENCE / "stirparo-v06.expected.json").read_bytes()
    )


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("keep me")
    message = refused(run("export", STIRPARO, "--format", "json", "-o", out))
    assert message == f"{out} already exists; add --force to replace it"
    assert out.read_text() == "keep me"
    result = run("export", STIRPARO, "--format", "json", "-o", out, "--force")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_bytes())["format"] == "ach-worksheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary files left


def test_export_pdf(tmp_path: Path) -> None:
    import importlib.util

    out = tmp_path / "brief.pdf"
    result = run("export", STIRPARO, "--format", "pdf", "-o", out)
    if importlib.util.find_spec("app.report.render") is None:
        assert refused(result) == "the PDF brief is not available in this version of ACH Workbench"
        assert not out.exists()
    else:
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")
