"""Output files of the commands: any name the file system takes, and plain reasons on failure."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from app.cli import main
from tests.cli.helpers import STIRPARO, run
from tests.storage.conftest import refuse_new_files


def long_name(fill: str, size: int, ext: str) -> str:
    """A file name of exactly ``size`` bytes of UTF-8."""
    name = fill * ((size - len(ext)) // len(fill.encode()))
    name += "x" * (size - len(ext) - len(name.encode())) + ext
    assert len(name.encode()) == size
    return name


@pytest.mark.parametrize("fill", ["a", "평"], ids=["ascii", "hangul"])
def test_import_check_and_export_with_the_longest_names(tmp_path: Path, fill: str) -> None:
    achw = tmp_path / long_name(fill, 255, ".achw")
    result = run("import", STIRPARO, "-o", achw)
    assert result.returncode == 0, result.stderr
    result = run("import", STIRPARO, "-o", achw, "--force")  # replacing it too
    assert result.returncode == 0, result.stderr
    result = run("check", achw)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == f"{achw}: a valid worksheet file\n"
    out = tmp_path / long_name(fill, 255, ".json")
    result = run("export", achw, "--format", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "ach-worksheet"
    csv = tmp_path / long_name(fill, 254, ".csv")
    result = run("export", out, "--format", "csv", "-o", csv, "--force")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([achw.name, out.name, csv.name])


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (errno.EACCES, "the folder cannot be written to"),
        (errno.EROFS, "the disk is read-only"),
        (errno.ENOSPC, "the disk is full"),
    ],
)
@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["import", str(STIRPARO)], "new.achw"),
        (["import", str(STIRPARO), "--force"], "new.achw"),
        (["export", str(STIRPARO), "--format", "json"], "new.json"),
        (["export", str(STIRPARO), "--format", "csv", "--force"], "new.csv"),
    ],
    ids=["import", "import --force", "export json", "export csv --force"],
)
def test_a_folder_that_takes_no_files_is_named_by_the_output(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    why: str,
    args: list[str],
    output: str,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / output
    refuse_new_files(monkeypatch, folder, code, os.strerror(code))
    assert main([*args, "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"ach-workbench: {target}: {why}.\n"
    assert list(folder.iterdir()) == []
