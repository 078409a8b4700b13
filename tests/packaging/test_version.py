"""One version number, everywhere it is shown."""

from __future__ import annotations

import re
import subprocess
import sys

import app
from tests.packaging.helpers import REPO, clean_env


def test_changelog_starts_with_this_version():
    headings = re.findall(r"^## \[([^\]]+)\]", (REPO / "CHANGELOG.md").read_text(), re.M)
    assert headings, "CHANGELOG.md has no version heading"
    assert headings[0] in (app.__version__, "Unreleased")
    assert app.__version__ in headings


def test_command_line_prints_the_version():
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        cwd=REPO,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ach-workbench {app.__version__}"
