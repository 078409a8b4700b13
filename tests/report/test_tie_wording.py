"""A lead that only a tie-break decides reads the same in the terminal, the brief and the window.

Beta and Alpha are level on weighted inconsistency (-1 each); Beta has the
higher weighted consistency, so ach-method.md ranks them 1 and 2 (only
hypotheses equal on all three keys share a rank) and the margin is 0.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from app.interchange.json_form import worksheet_from_json
from app.ui.window.settings import Settings
from tests.cli.helpers import run, write_json
from tests.report.pdfread import read, squash
from tests.ui.test_main_window import make_workbench, open_window

DOC = {
    "format": "ach-worksheet",
    "version": 1,
    "title": "Tie",
    "hypotheses": [
        {"id": "H1", "title": "Alpha"},
        {"id": "H2", "title": "Beta"},
        {"id": "H3", "title": "Gamma"},
    ],
    "evidence": [{"id": "E1", "title": "one"}, {"id": "E2", "title": "two"}],
    "ratings": [
        {"evidence": "E1", "hypothesis": "H1", "rating": "I"},
        {"evidence": "E1", "hypothesis": "H2", "rating": "I"},
        {"evidence": "E1", "hypothesis": "H3", "rating": "II"},
        {"evidence": "E2", "hypothesis": "H1", "rating": "C"},
        {"evidence": "E2", "hypothesis": "H2", "rating": "CC"},
        {"evidence": "E2", "hypothesis": "H3", "rating": "C"},
    ],
}
SAID = "is ranked first only on the tie-break (higher weighted consistency): it is level with"


def test_terminal_and_json(tmp_path: Path) -> None:
    src = write_json(tmp_path / "tie.json", DOC)
    out = run("score", src)
    assert out.returncode == 0, out.stderr
    text = squash(out.stdout.decode())
    assert (
        f"Leading: H2 (Beta) {SAID} H1 (Alpha) on weighted inconsistency (-1.000, a margin "
        "of 0.000)." in text
    )
    assert "ahead by a margin of 0" not in text
    printed = json.loads(run("score", src, "--json").stdout)  # unchanged: ranks and margin
    assert [(h["id"], h["rank"]) for h in printed["hypotheses"]] == [
        ("H2", 1),
        ("H1", 2),
        ("H3", 3),
    ]
    assert printed["sensitivity"]["leaders"] == ["H2"]
    assert printed["sensitivity"]["margin"] == 0.0


def test_brief(tmp_path: Path) -> None:
    src = write_json(tmp_path / "tie.json", DOC)
    out = run("export", src, "--format", "pdf", "-o", tmp_path / "tie.pdf")
    assert out.returncode == 0, out.stderr
    text = read((tmp_path / "tie.pdf").read_bytes()).text
    assert (
        f"H2 \u201cBeta\u201d {SAID} H1 \u201cAlpha\u201d on weighted inconsistency "
        "(\u22121.00, a margin of 0.00)." in text
    )


def test_window_score_row_and_sensitivity_panel(qtbot, tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    ws = worksheet_from_json(json.dumps(DOC).encode(), source="tie.json")
    window = open_window(qtbot, make_workbench(settings), ws)
    pane = window.pane

    def shown(hypothesis_id: str) -> str:
        return str(pane.score_model.index(0, pane.model.column_of(hypothesis_id)).data())

    assert shown("H2") == "★ \u22121.00  #1\ntie-break"  # its own line: never cut off
    assert shown("H1") == "\u22121.00  #2\ntie-break"
    assert shown("H3") == "\u22122.00  #3"
    window.findChild(QDockWidget, "sensitivity_dock").raise_()
    summary = window.sensitivity.summary
    qtbot.waitUntil(lambda: "tie-break" in summary.text(), timeout=3000)
    assert f"Beta {SAID} Alpha on weighted inconsistency (\u22121.00, a margin of 0.00)." in (
        summary.text()
    )
    assert "tied at the top" not in summary.text()
