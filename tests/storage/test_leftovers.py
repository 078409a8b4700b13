"""What a save killed midway leaves beside the analyst's file is removed by the next save.

Only a save makes a file marked ``ach-save``, and a save holds the
worksheet's lock; so while this program holds the lock, such a file for
this very worksheet can only be a leftover.  Anything else in the folder
(another worksheet's files, exports in flight, the analyst's own files) is
never touched, and writes that hold no lock (exports) remove nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.domain.model import Worksheet
from app.storage.achw.worksheet_file import Change, WorksheetFile, read_worksheet, write_worksheet
from app.storage.local import files
from app.storage.local.lock import lock_path

REPO = Path(__file__).resolve().parents[2]


def _leftover(target: Path, kind: str = files.SAVE, size: int = 1 << 20) -> list[Path]:
    """A save's (or write's) temporary file of ``target`` and its journal, as a kill leaves them."""
    tmp = files.temp_beside(target, kind)
    tmp.write_bytes(b"SQLite format 3\x00" + b"\x00" * size)
    journal = tmp.with_name(tmp.name + "-journal")
    journal.write_bytes(b"\x00" * 512)
    return [tmp, journal]


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_the_next_save_removes_what_a_killed_save_left(saved: Path, tmp_path: Path) -> None:
    folder = saved.parent
    left = _leftover(saved) + _leftover(saved)  # killed twice
    # Everything else must stay: files of other worksheets (even one whose name
    # begins the same), an export of this name in flight, the analyst's own files.
    similar = folder / (saved.name + ".achw")
    keep = [
        *_leftover(folder / "other.achw"),
        *_leftover(similar),
        *_leftover(saved, files.WRITE),
        folder / f".{saved.name}.backup",
        folder / "notes.tmp",
    ]
    for path in keep[-2:]:
        path.write_text("mine")
    looks_ours = files.temp_beside(saved, files.SAVE)
    looks_ours.mkdir()  # a folder is not a file a save makes
    link = files.temp_beside(saved, files.SAVE)
    outside = tmp_path / "elsewhere" / "target.txt"
    outside.parent.mkdir()
    outside.write_text("not a leftover")
    link.symlink_to(outside)
    keep += [looks_ours, link]
    before = _names(folder)

    with WorksheetFile.open(saved) as wf:
        wf.worksheet.title = "after the crash"
        wf.commit(Change(meta=True))
        wf.save()
    assert read_worksheet(saved).title == "after the crash"
    assert _names(folder) == before - {p.name for p in left}
    assert all(os.path.lexists(p) for p in keep)
    assert outside.read_text() == "not a leftover"


def test_save_as_cleans_its_new_target_too(saved: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.achw"
    left = _leftover(target)
    mine = _leftover(saved)
    with WorksheetFile.open(saved) as wf:
        wf.save(target)
    assert not any(p.exists() for p in left)
    assert all(p.exists() for p in mine)  # not saved to this time: not cleaned either


def test_a_save_killed_for_real_is_cleaned_up(saved: Path) -> None:
    # A program dies in the middle of saving (here: right after the copy was written).
    code = (
        "import os, sys\n"
        "from app.storage.local import files\n"
        "from app.storage.achw.worksheet_file import Change, WorksheetFile\n"
        "files.fsync_file = lambda path: os._exit(9)\n"
        "wf = WorksheetFile.open(sys.argv[1])\n"
        "wf.worksheet.title = 'never saved'\n"
        "wf.commit(Change(meta=True))\n"
        "wf.save()\n"
    )
    before = saved.read_bytes()
    died = subprocess.run([sys.executable, "-c", code, str(saved)], cwd=REPO, check=False)
    assert died.returncode == 9
    assert saved.read_bytes() == before
    left = [p for p in saved.parent.iterdir() if p.name.endswith(f".{files.SAVE}.tmp")]
    assert len(left) == 1 and left[0].stat().st_size > 0
    assert lock_path(saved).exists()  # the dead program's

    with WorksheetFile.open(saved) as wf:  # its lock is stale: taken over
        wf.worksheet.title = "saved after the crash"
        wf.commit(Change(meta=True))
        wf.save()
    assert _names(saved.parent) == {saved.name}
    assert read_worksheet(saved).title == "saved after the crash"


def test_writes_without_the_lock_remove_nothing(saved: Path, sample: Worksheet) -> None:
    folder = saved.parent
    left = _leftover(saved) + _leftover(saved, files.WRITE)  # one may be in flight
    export = folder / "w.json"
    left += _leftover(export) + _leftover(export, files.WRITE)
    files.write_bytes_atomically(export, b"{}")
    write_worksheet(sample, saved)  # the command line's import --force
    assert all(p.exists() for p in left)


def test_a_save_without_the_lock_removes_nothing(saved: Path) -> None:
    with WorksheetFile.open(saved) as wf:
        # Someone on another computer broke our lock and has the file open now.
        lock_path(saved).write_text(
            json.dumps(
                {"user": "bo", "host": "elsewhere", "pid": 1, "since": "2026-05-03T14:02:00"}
            )
        )
        left = _leftover(saved)  # perhaps their save, in flight
        wf.save(overwrite=True)
        assert all(p.exists() for p in left)
