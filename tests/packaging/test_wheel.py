"""``pip install .`` (not editable) ships everything the program needs, and it runs from there."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import app
from tests.packaging.helpers import (
    clean_env,
    sample_input,
    source_files,
    venv_bin,
)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PDF_TO = ("--format", "pdf", "-o")


def test_wheel_has_every_module_of_the_checkout(wheel_names, wheel_source):
    missing = [f for f in source_files(wheel_source, "app") if f not in wheel_names]
    assert not missing, (
        f"not in the wheel: {missing}; a new package under app/ must be added to "
        "[tool.setuptools] packages in pyproject.toml (data files to package-data)"
    )


def test_wheel_has_every_resource_as_app_resources(wheel_names, wheel_source):
    expected = {"app/" + f for f in source_files(wheel_source, "resources")}
    assert expected - wheel_names == set()


def test_wheel_has_the_sample_fonts_icons_and_desktop_files(wheel_names):
    wanted = [
        "app/resources/sample/dprk-munitions.json",
        "app/resources/fonts/DejaVuSans.ttf",
        "app/resources/fonts/DejaVuSans-Bold.ttf",
        "app/resources/fonts/NanumSquareR.ttf",
        "app/resources/fonts/NanumSquareB.ttf",
        "app/resources/fonts/LICENSE-DejaVu.txt",
        "app/resources/fonts/LICENSE-NanumSquare.txt",
        "app/resources/icons/ach-workbench.svg",
        "app/resources/icons/application-x-ach-worksheet.svg",
        "app/resources/icons/ach-workbench.ico",
        "app/resources/icons/ach-workbench.icns",
        "app/resources/desktop/ach-workbench.desktop",
        "app/resources/desktop/ach-workbench.xml",
        "app/resources/desktop/io.github.achworkbench.ACHWorkbench.metainfo.xml",
    ]
    wanted += [
        f"app/resources/icons/hicolor/{n}x{n}/{kind}.png"
        for n in ICON_SIZES
        for kind in ("apps/ach-workbench", "mimetypes/application-x-ach-worksheet")
    ]
    if sample_input().suffix == ".achw":
        wanted.append("app/resources/sample/dprk-munitions.achw")
    assert [w for w in wanted if w not in wheel_names] == []


def test_wheel_holds_only_the_app_package(wheel_names):
    tops = {name.split("/")[0] for name in wheel_names}
    assert tops == {"app", f"ach_workbench-{app.__version__}.dist-info"}
    assert not any(n.endswith((".pyc", ".pyo")) or "__pycache__" in n for n in wheel_names)


def test_wheel_declares_the_command_and_version(wheel):
    assert wheel.name.startswith(f"ach_workbench-{app.__version__}-py3-none-any")
    dist_info = f"ach_workbench-{app.__version__}.dist-info"
    with zipfile.ZipFile(wheel) as zf:
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
        metadata = zf.read(f"{dist_info}/METADATA").decode()
    assert "[console_scripts]" in entry_points
    assert "ach-workbench = app.cli:main" in entry_points
    assert f"Version: {app.__version__}" in metadata
    for dependency in ("PySide6-Essentials", "SQLAlchemy", "reportlab", "platformdirs"):
        assert f"Requires-Dist: {dependency}" in metadata


def test_installed_wheel_runs_from_site_packages(installed, tmp_path):
    """Installed in a fresh venv and run from elsewhere, it finds its files in site-packages."""
    venv, site_packages = installed
    env = clean_env(QT_QPA_PLATFORM="offscreen")
    command = venv_bin(venv, "ach-workbench")
    version = subprocess.run(
        [str(command), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"ach-workbench {app.__version__}"

    probe = (
        "import json, app, app.resources as r;"
        "print(json.dumps({'app': app.__file__, 'resources': str(r.resources_dir()),"
        "'font': str(r.resource_path('fonts', 'DejaVuSans.ttf'))}))"
    )
    found = subprocess.run(
        [str(venv_bin(venv, "python")), "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    where = {k: Path(v) for k, v in json.loads(found.stdout).items()}
    assert where["app"] == site_packages / "app" / "__init__.py"
    assert where["resources"] == site_packages / "app" / "resources"
    assert (where["resources"] / "sample" / "dprk-munitions.json").is_file()
    assert where["font"].is_file()


def test_installed_wheel_exports_the_sample_brief(installed, tmp_path):
    """The PDF brief needs the shipped fonts: from site-packages, with the checkout out of reach."""
    venv, site_packages = installed
    sample = site_packages / "app" / "resources" / "sample" / sample_input().name
    out = tmp_path / "brief.pdf"
    result = subprocess.run(
        [str(venv_bin(venv, "ach-workbench")), "export", str(sample), *PDF_TO, str(out)],
        cwd=tmp_path,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
