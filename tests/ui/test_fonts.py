"""Hangul in the window: drawn with the fonts the program ships, never as boxes.

A stock Debian has no Korean font; the program registers its NanumSquare
(the PDF brief's font) with Qt at the start.  Run in a fresh process, as
the program starts, so no other test has registered anything before.
"""

from __future__ import annotations

from app.domain.model import Evidence, Hypothesis
from app.storage.achw.worksheet_file import WorksheetFile
from tests.ui.test_launch import run
from tests.ui.worksheets import realistic_worksheet

HANGUL_TITLE = "북한 탄약 수송 보고"

# In the started program: the font Qt picks for each piece of the title as the
# matrix shows it, and whether it has a glyph for every character of the piece.
_PROBE = """
from app.ui.main import start_gui
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication
workbench = start_gui(PATH)
window = workbench.windows[0]
frozen = window.pane.view.frozen
index = window.pane.view.model().index(ROW, 0)
text = index.data()
layout = QTextLayout(text, frozen.font())
layout.beginLayout(); layout.createLine(); layout.endLayout()
missing = []
for run in layout.glyphRuns():
    raw = run.rawFont()
    if 0 in run.glyphIndexes():
        missing.append(raw.familyName())
covered = all(
    any(run.rawFont().supportsCharacter(ord(c)) for run in layout.glyphRuns())
    for c in text if not c.isspace()
)
print("KOREAN", bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean)))
print("COVERED", covered, "MISSING", missing)
frozen.viewport().grab().save(PNG)
window.close()
"""


def _system_has_korean() -> bool:
    done = run(
        "-c",
        "from PySide6.QtGui import QFontDatabase, QGuiApplication\n"
        "app = QGuiApplication([])\n"
        "print(bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean)))\n",
    )
    return done.stdout.strip() == "True"


def test_a_hangul_title_is_drawn_with_glyphs(tmp_path):
    ws = realistic_worksheet()
    ws.evidence.insert(0, Evidence(HANGUL_TITLE))
    ws.hypotheses.append(Hypothesis("가설: 제3국 경유"))
    path = tmp_path / "hangul.achw"
    file = WorksheetFile.create(ws)
    file.save(path)
    file.close()
    png = tmp_path / "matrix.png"
    script = (
        _PROBE.replace("PATH", repr(str(path))).replace("ROW", "0").replace("PNG", repr(str(png)))
    )
    done = run("-c", script)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["KOREAN"] == "True"  # a font that writes Korean, shipped or installed
    assert lines["COVERED"] == "True MISSING []", done.stdout
    assert png.exists()


def test_the_shipped_fonts_are_registered_only_where_needed():
    """Where no installed font writes Korean, start_gui adds NanumSquare; otherwise nothing."""
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.ui.main import register_shipped_fonts\n"
        "print(register_shipped_fonts())\n"
    )
    done = run("-c", script)
    assert done.returncode == 0, done.stderr
    expected = "[]" if _system_has_korean() else "['NanumSquare', 'NanumSquare']"
    assert done.stdout.strip() == expected
