"""Any name the file system takes can be saved, opened and written; our own files stay short."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.model import Worksheet
from app.storage import names
from app.storage.achw.worksheet_file import (
    Change,
    WorksheetFile,
    check_worksheet,
    read_worksheet,
    write_worksheet,
)
from app.storage.errors import WorksheetError
from app.storage.local import files
from app.storage.local.lock import Lock, lock_path, read_lock
from tests.storage.conftest import session_folders, stray_files

NAME_MAX = 255


def long_name(fill: str, size: int, ext: str = ".achw") -> str:
    """A file name of exactly ``size`` bytes of UTF-8: ``fill`` repeated, padded with "x"."""
    unit = len(fill.encode())
    count = (size - len(ext)) // unit
    name = fill * count
    name += "x" * (size - len(ext) - len(name.encode())) + ext
    assert len(name.encode()) == size
    return name


LONG_NAMES = {
    "ascii-220": long_name("a", 220),  # the temporary file of its lock would be 265 bytes
    "ascii-232": long_name("a", 232),  # the journal of a save's temporary file would be 256
    "ascii-248": long_name("a", 248),  # NAME-journal would be 256 bytes
    "ascii-255": long_name("a", 255),
    "hangul-255": long_name("평", 255),
    "mixed-252": long_name("Оценка 평가 ", 252),
}


@pytest.fixture(params=list(LONG_NAMES), ids=list(LONG_NAMES))
def long_target(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return tmp_path / LONG_NAMES[request.param]


def _own_files(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_write_read_and_check_a_longest_name(long_target: Path, sample: Worksheet) -> None:
    write_worksheet(sample, long_target)
    assert read_worksheet(long_target) == sample
    check_worksheet(long_target)
    assert _own_files(long_target.parent, {long_target.name}) == []


def test_open_edit_save_and_save_as_with_longest_names(
    long_target: Path, sample: Worksheet, tmp_path: Path
) -> None:
    write_worksheet(sample, long_target)
    with WorksheetFile.open(long_target) as wf:
        lock = lock_path(long_target)
        assert lock.exists() and len(lock.name.encode()) <= NAME_MAX
        info = read_lock(long_target)
        assert info is not None and info.is_mine()
        wf.worksheet.title = "saved under a long name"
        wf.commit(Change(meta=True))
        wf.save()
        assert read_worksheet(long_target).title == "saved under a long name"

        other = tmp_path / "other" / long_name("평", 254)
        other.parent.mkdir()
        wf.worksheet.title = "saved as another long name"
        wf.commit(Change(meta=True))
        wf.save(other)
        assert wf.path == other.resolve()
        assert read_worksheet(other).title == "saved as another long name"
        assert not lock.exists() and lock_path(other).exists()
    assert _own_files(long_target.parent, {long_target.name, "other"}) == []
    assert _own_files(other.parent, {other.name}) == []
    assert session_folders() == []


def test_export_under_a_longest_name(long_target: Path) -> None:
    target = long_target.with_name(long_target.name[:-5] + ".json")
    files.write_bytes_atomically(target, b"{}")
    files.write_bytes_atomically(target, b"[]")  # and over it
    assert target.read_bytes() == b"[]"
    assert _own_files(target.parent, {target.name}) == []


def test_untitled_saved_under_a_longest_name(tmp_path: Path) -> None:
    target = tmp_path / long_name("평", 255)
    with WorksheetFile.create(Worksheet(title="new")) as wf:
        wf.save(target)
        assert read_worksheet(target).title == "new"
    assert stray_files(tmp_path) == []


def test_a_name_too_long_for_the_file_system_is_explained(tmp_path: Path, saved: Path) -> None:
    target = tmp_path / long_name("a", 256)
    with pytest.raises(WorksheetError) as caught:
        read_worksheet(target)
    assert str(caught.value) == (
        f"\u201c{target.name}\u201d could not be read (the file name is too long)."
    )
    with WorksheetFile.open(saved) as wf, pytest.raises(WorksheetError) as caught:
        wf.save(target)
    assert str(caught.value) == (
        f"\u201c{target.name}\u201d could not be saved (the file name is too long)."
    )
    assert stray_files(tmp_path) == []
    assert not lock_path(target).exists()


def test_temporary_names_are_short_hidden_and_tied_to_their_target(tmp_path: Path) -> None:
    one = tmp_path / long_name("평", 255)
    two = tmp_path / (one.name[:-6] + "y.achw")  # the same but for the last letter
    for kind in (files.SAVE, files.WRITE):
        a, b = files.temp_beside(one, kind), files.temp_beside(two, kind)
        assert a.parent == b.parent == tmp_path
        assert a.name.startswith(".") and a.name.endswith(f".{kind}.tmp")
        assert len((a.name + "-journal").encode()) <= 100
        assert a.name.startswith("." + "평" * 16 + "~")  # recognisable
        assert a.name.split(".")[1] != b.name.split(".")[1]  # and each target's own
        assert files.temp_beside(one, kind) != a  # a fresh one each time
    short = tmp_path / "report.achw"
    assert files.temp_beside(short).name.startswith(f".report.achw~{names.key('report.achw')}.")


def test_lock_names(tmp_path: Path) -> None:
    # The office suites' convention whenever it fits, a short name of its own otherwise.
    assert lock_path(tmp_path / "report.achw").name == ".~lock.report.achw#"
    edge = long_name("a", NAME_MAX - 8)
    assert lock_path(tmp_path / edge).name == f".~lock.{edge}#"
    one = tmp_path / long_name("a", NAME_MAX - 7)
    two = tmp_path / (one.name[:-6] + "b.achw")
    assert len(lock_path(one).name.encode()) <= NAME_MAX
    assert lock_path(one) != lock_path(two)
    assert lock_path(one).name == lock_path(one).name  # the same for every program
    lock = Lock.acquire(one)
    assert lock is not None
    assert lock_path(one).exists() and read_lock(two) is None
    lock.release()
    assert sorted(tmp_path.iterdir()) == []
