"""A write that fails names the analyst's file and says why in words, never our temporary file.

A folder that takes no new files cannot be made with chmod here: the tests
may run as root, whom chmod does not stop.  So the operating system's
refusal is made by replacing ``os.open`` (and ``os.mkdir``) for that
folder, raising what the system would raise.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from app.domain.model import Worksheet
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet, write_worksheet
from app.storage.errors import WorksheetError
from app.storage.local import files
from tests.storage.conftest import refuse_new_files, stray_files

REFUSALS = {
    "read-only folder": (errno.EACCES, "Permission denied", "the folder cannot be written to"),
    "read-only disk": (errno.EROFS, "Read-only file system", "the disk is read-only"),
    "full disk": (errno.ENOSPC, "No space left on device", "the disk is full"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_save_into_a_folder_that_refuses_new_files(
    saved: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    code, text, why = REFUSALS[case]
    before = saved.read_bytes()
    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "edited"
        wf.commit(Change(meta=True))
        switch = refuse_new_files(monkeypatch, saved.parent, code, text)
        with pytest.raises(WorksheetError) as caught:
            wf.save()
        assert str(caught.value) == (
            f"\u201cw.achw\u201d could not be saved ({why}); the file on disk is unchanged."
        )
        with pytest.raises(WorksheetError) as caught:
            wf.save(saved.parent / "new.achw")
        assert str(caught.value) == f"\u201cnew.achw\u201d could not be saved ({why})."
        assert saved.read_bytes() == before
        assert wf.is_modified
        switch(False)
        wf.save()
    assert read_worksheet(saved).title == "edited"
    assert stray_files(saved.parent) == []


def test_write_worksheet_into_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_new_files(monkeypatch, tmp_path, errno.EACCES, "Permission denied")
    with pytest.raises(WorksheetError) as caught:
        write_worksheet(Worksheet(title="t"), tmp_path / "new.achw")
    assert str(caught.value) == (
        "\u201cnew.achw\u201d could not be written (the folder cannot be written to)."
    )
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_read_only_folder_names_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    refuse_new_files(monkeypatch, tmp_path, errno.EACCES, "Permission denied")
    with pytest.raises(OSError) as caught:
        files.write_bytes_atomically(target, b"%PDF-1.4")
    assert caught.value.filename == str(target)
    assert files.reason(caught.value) == "the folder cannot be written to"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("folder_refuses", "why"),
    [
        (True, "the folder cannot be written to"),  # so SQLite could not make its journal
        (False, "the file could not be opened"),  # some other reason SQLite does not give
    ],
)
def test_sqlite_unable_to_open_is_said_in_words_never_with_a_temporary_name(
    saved: Path, monkeypatch: pytest.MonkeyPatch, folder_refuses: bool, why: str
) -> None:
    # SQLite only says "unable to open database: <the temporary file>".
    def vacuum_into(raw: sqlite3.Connection, dest: Path) -> None:
        if folder_refuses:  # the folder stops taking files after the temporary file was made
            refuse_new_files(monkeypatch, saved.parent, errno.EACCES, "Permission denied")
        raise sqlite3.OperationalError(f"unable to open database: {dest}")

    with WorksheetFile.open(saved) as wf:
        monkeypatch.setattr(files, "vacuum_into", vacuum_into)
        with pytest.raises(WorksheetError) as caught:
            wf.save()
    assert str(caught.value) == (
        f"\u201cw.achw\u201d could not be saved ({why}); the file on disk is unchanged."
    )
    assert stray_files(saved.parent) == []


def test_a_failed_replace_names_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"

    def replace(source: Path, dest: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(source), None, str(dest))

    monkeypatch.setattr(files, "replace", replace)
    with pytest.raises(PermissionError) as caught:
        files.write_bytes_atomically(target, b"{}")
    assert caught.value.filename == str(target)
    assert files.reason(caught.value) == "permission was denied"
    assert list(tmp_path.iterdir()) == []
