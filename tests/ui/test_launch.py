"""The start of the real program, in a subprocess (offscreen, private per-user folders)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.ui.main import EXIT_WHEN_SHOWN, SHOWN_MARK
from tests.ui.test_main_window import saved_worksheet

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_exit_when_shown_reports_the_window_with_the_file_and_exits_cleanly(tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    done = run("-m", "app", str(path), **{EXIT_WHEN_SHOWN: "1"})
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stdout.splitlines() if x.startswith(SHOWN_MARK)]
    assert float(line.split()[1]) > 0
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.achw"]  # no lock left behind


def test_the_welcome_page_appears_without_loading_storage():
    script = (
        "import sys\n"
        "from app.ui.main import start_gui\n"
        "workbench = start_gui(None)\n"
        "window = workbench.windows[0]\n"
        "print(window.welcome_shown(), 'sqlalchemy' in sys.modules)\n"
        "window.close()\n"
    )
    done = run("-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_opening_a_file_at_start_leaves_the_writer_export_and_import_code_unloaded(tmp_path):
    path = saved_worksheet(tmp_path / "w.achw")
    script = (
        "import sys\n"
        "from app.ui.main import start_gui\n"
        f"workbench = start_gui({str(path)!r})\n"
        "window = workbench.windows[0]\n"
        "print(window.document.path is not None)\n"
        "lazy = ('sqlalchemy', 'reportlab', 'app.report.render',\n"
        "        'app.interchange.json_form', 'app.interchange.csv_form',\n"
        "        'app.ui.dialogs.help_window', 'app.ui.dialogs.help_text')\n"
        "print(*[m for m in lazy if m in sys.modules])\n"
        "window.close()\n"
    )
    done = run("-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["True", ""]


def test_after_painting_recovery_is_offered_and_the_writer_loads_in_the_background(tmp_path):
    """The worksheet is on screen before SQLAlchemy loads; it is ready soon after, unasked."""
    path = saved_worksheet(tmp_path / "w.achw")
    script = (
        "import sys, threading\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.window import workbench as wb_module\n"
        "from app.ui.main import start_gui\n"
        "offers = []\n"
        "def offer(self, parent=None):\n"
        "    offers.append('offered')\n"
        "    return 0\n"
        "wb_module.Workbench.offer_recovery = offer\n"
        f"workbench = start_gui({str(path)!r})\n"
        "print('sqlalchemy' in sys.modules, len(offers))\n"
        "def poll():\n"
        "    loading = any(t.name == 'import writer' for t in threading.enumerate())\n"
        "    if offers and not loading:\n"
        "        print('sqlalchemy' in sys.modules, len(offers))\n"
        "        QApplication.instance().quit()\n"
        "timer = QTimer()\n"
        "timer.timeout.connect(poll)\n"
        "timer.start(10)\n"
        "QTimer.singleShot(20000, QApplication.instance().quit)\n"
        "QApplication.instance().exec()\n"
    )
    done = run("-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "0", "True", "1"]
