"""One wheel per test session: building it takes a few seconds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.packaging.helpers import build_wheel, install_wheel


@pytest.fixture(scope="session")
def wheel_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the copy of the checkout it was built from)."""
    tmp = tmp_path_factory.mktemp("wheel")
    return build_wheel(tmp), tmp / "src"


@pytest.fixture(scope="session")
def wheel(wheel_build: tuple[Path, Path]) -> Path:
    return wheel_build[0]


@pytest.fixture(scope="session")
def wheel_source(wheel_build: tuple[Path, Path]) -> Path:
    return wheel_build[1]


@pytest.fixture(scope="session")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(venv, its site-packages) with the wheel installed."""
    venv = tmp_path_factory.mktemp("installed") / "venv"
    return venv, install_wheel(wheel, venv)
