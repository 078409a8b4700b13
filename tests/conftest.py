"""Test-wide setup.  The Qt platform must be chosen before any QApplication exists."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "tests" / "reference"  # a copy of the team's shared/reference: facts
# Worksheets written by others, several without a licence: never copied into
# the project, only read where the team's shared folder sits beside the checkout.
REALDATA = REPO.parent / "shared" / "realdata"
REQUIRE_SHARED = "ACH_REQUIRE_SHARED"  # set by .ci/run: there, a missing folder fails


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own per-user folders so nothing leaks between tests or into $HOME."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    return home


@pytest.fixture
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture
def realdata_dir() -> Path:
    """The third-party worksheets; skipped (with the reason) where they are absent, except in CI."""
    if not REALDATA.is_dir():
        message = (
            f"the third-party worksheets are not here ({REALDATA}); they are never part "
            "of the project, only of the team's shared folder beside the checkout"
        )
        if os.environ.get(REQUIRE_SHARED):
            pytest.fail(f"{message}, and {REQUIRE_SHARED} is set")
        pytest.skip(message)
    return REALDATA
