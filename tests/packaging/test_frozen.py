"""The one-folder program (packaging/ach-workbench.spec) runs without Python or the checkout."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

import app
from tests.packaging.helpers import IN_CI, PACKAGING, clean_env, sample_input

pytestmark = pytest.mark.slow

if importlib.util.find_spec("PyInstaller") is None and not IN_CI:
    pytest.skip("PyInstaller is not installed (it is in the test extras)", allow_module_level=True)

EXE = "ach-workbench.exe" if sys.platform == "win32" else "ach-workbench"
CLI = "ach-workbench-cli.exe" if sys.platform == "win32" else EXE


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built program's folder (a build takes about half a minute on two cores)."""
    tmp = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"),
            *("--distpath", str(tmp / "dist"), "--workpath", str(tmp / "build")),
            str(PACKAGING / "ach-workbench.spec"),
        ],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return tmp / "dist" / "ach-workbench"


def run_frozen(folder: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(folder / CLI), *map(str, args)],
        cwd=cwd,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_frozen_program_has_its_resources_and_installer(frozen):
    assert (frozen / EXE).is_file()
    contents = frozen / "_internal"
    for part in ("sample/dprk-munitions.json", "fonts/DejaVuSans.ttf", "fonts/NanumSquareR.ttf"):
        assert (contents / "resources" / part).is_file(), part
    assert (contents / "resources" / "desktop" / "ach-workbench.desktop").is_file()
    if sys.platform.startswith("linux"):
        assert (frozen / "install-desktop.sh").is_file()


def test_frozen_program_tells_its_version(frozen, tmp_path):
    result = run_frozen(frozen, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ach-workbench {app.__version__}"


def test_frozen_program_exports_the_sample_brief(frozen, tmp_path):
    from pypdf import PdfReader

    sample = frozen / "_internal" / "resources" / "sample" / sample_input().name
    out = tmp_path / "brief.pdf"
    result = run_frozen(frozen, "export", sample, "--format", "pdf", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any(name.endswith("+DejaVuSans") for name in fonts), fonts  # the shipped font


def test_frozen_program_writes_worksheets(frozen, tmp_path):
    """The writer (SQLAlchemy), which the window loads only in the background, is bundled."""
    source = frozen / "_internal" / "resources" / "sample" / "dprk-munitions.json"
    out = tmp_path / "imported.achw"
    result = run_frozen(frozen, "import", source, "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    checked = run_frozen(frozen, "check", out, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_frozen_program_reads_a_saved_page_and_a_pdf_as_sources(frozen, tmp_path):
    """trafilatura's, jusText's and pypdf's data and modules, imported only when a source
    is added, are bundled: a page gives its main text and title, a PDF its text."""
    from app.storage.achw.worksheet_file import read_worksheet
    from tests.report.worksheets import article_worksheet

    source = frozen / "_internal" / "resources" / "sample" / "dprk-munitions.json"
    out = tmp_path / "w.achw"
    assert run_frozen(frozen, "import", source, "-o", out, cwd=tmp_path).returncode == 0
    page = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "article-ru.html"
    brief = tmp_path / "brief.pdf"
    from app.report.render import render_brief

    brief.write_bytes(render_brief(article_worksheet()).pdf)
    for document in (page, brief):
        added = run_frozen(
            frozen, "source", "add", out, document, "--reliability", "B", cwd=out.parent
        )
        assert added.returncode == 0 and added.stderr == "", added.stderr
    ws = read_worksheet(out)
    html, pdf = ws.sources[-2:]
    assert html.kind == "html" and html.title and len(html.text) > 200
    assert pdf.kind == "pdf" and len(pdf.text) > 200


def test_frozen_window_starts_offscreen(frozen, tmp_path):
    """The window opens on Qt's offscreen platform and stays up; Qt's plugins were bundled."""
    sample = frozen / "_internal" / "resources" / "sample" / "dprk-munitions.achw"
    args = [str(sample)] if sample.is_file() else []
    log = tmp_path / "stderr.txt"
    env = clean_env(QT_QPA_PLATFORM="offscreen", QT_DEBUG_PLUGINS="1")
    with log.open("w") as err:
        process = subprocess.Popen(
            [str(frozen / EXE), *args], cwd=tmp_path, env=env, stdout=err, stderr=err
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                if 'libqoffscreen.so" loaded library' in log.read_text(errors="replace"):
                    break
                time.sleep(0.2)
            time.sleep(3)  # long enough to fail on a missing module behind the first window
            alive = process.poll() is None
        finally:
            process.kill()
            process.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert alive, text[-5000:]
    assert "Traceback" not in text, text[-5000:]
    if sys.platform.startswith("linux"):
        assert 'libqoffscreen.so" loaded library' in text, text[-5000:]
