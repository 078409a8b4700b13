"""Building and installing the program as a packager or a user would, away from the checkout."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
RESOURCES = REPO / "resources"
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md")
OFFLINE = ("--no-deps", "--no-index")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def source_files(source: Path, folder: str) -> list[str]:
    """Every file under ``folder`` of a source tree, relative to the tree, as posix paths."""
    return sorted(
        p.relative_to(source).as_posix()
        for p in (source / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def copy_source(dest: Path) -> Path:
    """What a build needs from the checkout, copied so that building writes nothing into it."""
    dest.mkdir(parents=True)
    for name in SOURCE_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    for folder in ("app", "resources"):
        shutil.copytree(REPO / folder, dest / folder, ignore=IGNORED)
    return dest


def _setuptools_can_build_offline() -> bool:
    """The test environment's setuptools builds wheels by itself (70.1 has bdist_wheel)."""
    try:
        from importlib.metadata import version

        major, minor = (int(x) for x in version("setuptools").split(".")[:2])
    except Exception:
        return False
    return (major, minor) >= (70, 1)


def build_wheel(tmp: Path) -> Path:
    """``pip wheel`` of a copy of the checkout (``tmp/src``); offline when setuptools is here."""
    source = copy_source(tmp / "src")
    out = tmp / "wheelhouse"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(source)]
    if _setuptools_can_build_offline():
        cmd[4:4] = ["--no-build-isolation", "--no-index"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("ach_workbench-*.whl")
    return wheel


def venv_bin(venv: Path, name: str) -> Path:
    folder = "Scripts" if sys.platform == "win32" else "bin"
    suffix = ".exe" if sys.platform == "win32" else ""
    return venv / folder / f"{name}{suffix}"


def dependency_paths() -> list[str]:
    """Where this test run finds the program's dependencies (PySide6, reportlab, ...)."""
    paths = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    if site.ENABLE_USER_SITE:
        paths.append(site.getusersitepackages())
    return list(dict.fromkeys(p for p in paths if Path(p).is_dir()))


def install_wheel(wheel: Path, venv: Path) -> Path:
    """A fresh venv holding only the wheel; the dependencies come from this test environment.

    They are reached through a ``.pth`` line, which adds the folder but runs none of
    its own ``.pth`` files, so an editable install of the checkout stays out of sight.
    Nothing is downloaded.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv_bin(venv, "python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "_test_dependencies.pth").write_text("\n".join(dependency_paths()) + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", *OFFLINE, str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return Path(purelib)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a program under test: no PYTHONPATH pointing back at the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def sample_input() -> Path:
    """The sample worksheet file, or its JSON form until the .achw is in the tree."""
    achw = RESOURCES / "sample" / "dprk-munitions.achw"
    return achw if achw.is_file() else RESOURCES / "sample" / "dprk-munitions.json"
