"""The menu entry, the .achw file type, the AppStream metadata, the icons and their installer."""

from __future__ import annotations

import configparser
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import app
from tests.packaging.helpers import IN_CI, PACKAGING, RESOURCES

DESKTOP = RESOURCES / "desktop" / "ach-workbench.desktop"
MIME = RESOURCES / "desktop" / "ach-workbench.xml"
METAINFO = RESOURCES / "desktop" / "io.github.achworkbench.ACHWorkbench.metainfo.xml"
ICONS = RESOURCES / "icons"
INSTALL = PACKAGING / "install-desktop.sh"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
MIME_TYPE = "application/x-ach-worksheet"
MIME_ICON = "application-x-ach-worksheet"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def make_sqlite(path: Path, application_id: int | None) -> Path:
    db = sqlite3.connect(path)
    if application_id is not None:
        db.execute(f"PRAGMA application_id = {application_id}")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    return path


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        # CI installs it (packaging/system-deps.sh test): there a missing validator is a failure.
        message = f"{tool} is not installed (packaging/system-deps.sh test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


# -- the desktop entry --------------------------------------------------------


def test_desktop_entry_starts_the_program_with_a_worksheet():
    entry = desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "ACH Workbench"
    assert entry["Exec"] == "ach-workbench %f"
    assert entry["TryExec"] == "ach-workbench"
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Categories"] == "Office;"
    assert entry["Icon"] == "ach-workbench"
    assert entry["Terminal"] == "false"


def test_desktop_entry_is_valid():
    validator = require("desktop-file-validate")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


# -- the file type ------------------------------------------------------------


def magic_matches(match: ET.Element, data: bytes) -> bool:
    """The shared-mime-info rule ``match`` (with its nested rules) applied to ``data``."""
    offset = int(match.get("offset", "0"))
    kind, value = match.get("type"), match.get("value", "")
    if kind == "string":
        expected = value.encode("ascii")
    elif kind == "big32":
        expected = int(value, 0).to_bytes(4, "big")
    else:  # pragma: no cover - the rules below use only these two
        raise AssertionError(f"unexpected magic type {kind}")
    if data[offset : offset + len(expected)] != expected:
        return False
    children = match.findall(f"{MIME_NS}match")
    return not children or any(magic_matches(child, data) for child in children)


def test_mime_type_is_the_achw_glob_and_the_sqlite_application_id():
    from app.storage.stored import APPLICATION_ID

    (mime_type,) = ET.parse(MIME).getroot().findall(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime_type.findall(f"{MIME_NS}glob")] == ["*.achw"]
    (magic,) = mime_type.findall(f"{MIME_NS}magic")
    assert int(magic.get("priority", "50")) > 50  # above plain SQLite's rule
    (header,) = magic.findall(f"{MIME_NS}match")
    assert (header.get("type"), header.get("offset"), header.get("value")) == (
        "string",
        "0",
        "SQLite format 3",
    )
    (app_id,) = header.findall(f"{MIME_NS}match")
    assert (app_id.get("type"), app_id.get("offset")) == ("big32", "68")
    assert int(app_id.get("value", ""), 0) == APPLICATION_ID == 0x41434857


def test_magic_tells_a_worksheet_from_any_other_sqlite_file(tmp_path):
    from app.storage.stored import APPLICATION_ID

    (magic,) = ET.parse(MIME).getroot().iter(f"{MIME_NS}magic")
    (rule,) = magic.findall(f"{MIME_NS}match")
    ours = make_sqlite(tmp_path / "a.achw", APPLICATION_ID).read_bytes()
    other = make_sqlite(tmp_path / "b.db", 0x47504B47).read_bytes()  # a GeoPackage
    plain = make_sqlite(tmp_path / "c.db", None).read_bytes()
    assert magic_matches(rule, ours)
    assert not magic_matches(rule, other)
    assert not magic_matches(rule, plain)


# -- AppStream ----------------------------------------------------------------


def test_metainfo_names_the_desktop_entry_the_type_and_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.achworkbench.ACHWorkbench"
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "ach-workbench"
    assert root.findtext("provides/mediatype") == MIME_TYPE
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == app.__version__


def test_metainfo_is_valid():
    appstreamcli = require("appstreamcli")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- icons --------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_icons_are_there_in_every_size(size):
    from PIL import Image

    for kind in ("apps/ach-workbench", "mimetypes/application-x-ach-worksheet"):
        with Image.open(ICONS / "hicolor" / f"{size}x{size}" / f"{kind}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            # transparent corners, opaque middle: a real icon, not a blank square
            assert image.getpixel((0, 0))[3] == 0
            assert image.getpixel((size // 2, size // 2))[3] == 255


def test_svg_icons_are_well_formed():
    for name in ("ach-workbench.svg", "application-x-ach-worksheet.svg"):
        root = ET.parse(ICONS / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 256 256"


# -- the per-user installer ---------------------------------------------------


def run_install(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(data.parent), "XDG_DATA_HOME": str(data)}
    return subprocess.run(
        ["bash", str(INSTALL), *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.skipif(sys.platform == "win32", reason="freedesktop only")
def test_install_desktop_puts_everything_under_xdg_data_home(tmp_path):
    data = tmp_path / "share"
    result = run_install(data)
    assert result.returncode == 0, result.stderr
    assert desktop_entry(data / "applications" / "ach-workbench.desktop")["Exec"] == (
        "ach-workbench %f"
    )
    assert (data / "mime" / "packages" / "ach-workbench.xml").read_bytes() == MIME.read_bytes()
    assert (data / "metainfo" / METAINFO.name).is_file()
    assert (data / "icons/hicolor/scalable/apps/ach-workbench.svg").is_file()
    assert (data / f"icons/hicolor/scalable/mimetypes/{MIME_ICON}.svg").is_file()
    for size in SIZES:
        assert (data / f"icons/hicolor/{size}x{size}/apps/ach-workbench.png").is_file()
        assert (data / f"icons/hicolor/{size}x{size}/mimetypes/{MIME_ICON}.png").is_file()

    result = run_install(data, "--uninstall")
    assert result.returncode == 0, result.stderr
    left = [p for p in data.rglob("*") if p.is_file() and "ach-w" in p.name]
    assert left == []


@pytest.mark.skipif(sys.platform == "win32", reason="freedesktop only")
def test_install_desktop_quotes_a_program_path_with_spaces(tmp_path):
    data = tmp_path / "share"
    program = "/opt/ACH Workbench/ach-workbench"
    result = run_install(data, "--exec", program)
    assert result.returncode == 0, result.stderr
    entry = desktop_entry(data / "applications" / "ach-workbench.desktop")
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == program
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(data / "applications" / "ach-workbench.desktop")],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0 and check.stdout == "", check.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="freedesktop only")
def test_install_desktop_refuses_a_path_it_cannot_quote(tmp_path):
    result = run_install(tmp_path / "share", "--exec", "/opt/$HOME/ach-workbench")
    assert result.returncode == 1
    assert "must not contain" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()


def test_installed_mime_type_is_what_qt_sees(tmp_path):
    """Qt reads shared-mime-info like the desktops do: by name, and by content when renamed."""
    if sys.platform == "win32":
        pytest.skip("freedesktop only")
    from app.storage.stored import APPLICATION_ID

    data = tmp_path / "share"
    assert run_install(data).returncode == 0
    make_sqlite(tmp_path / "w.achw", APPLICATION_ID)
    shutil.copy(tmp_path / "w.achw", tmp_path / "renamed.bin")
    make_sqlite(tmp_path / "other.sqlite", None)
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QMimeDatabase\n"
        "app = QCoreApplication([])\n"
        "db = QMimeDatabase()\n"
        "for path in sys.argv[1:]:\n"
        "    print(db.mimeTypeForFile(path).name())\n"
    )
    names = ("w.achw", "renamed.bin", "other.sqlite")
    result = subprocess.run(
        [sys.executable, "-c", probe, *(str(tmp_path / n) for n in names)],
        env={"XDG_DATA_HOME": str(data), "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [MIME_TYPE, MIME_TYPE, "application/vnd.sqlite3"]
