"""Helpers for the storage tests: worksheets to write, and ways to tamper with files."""

from __future__ import annotations

import os
import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.domain.model import Cell, Evidence, Hypothesis, Level, Rating, Worksheet
from app.storage.achw.worksheet_file import write_worksheet
from app.storage.local import session as sessions
from tests.fixtures.make_fixtures import fixture_worksheet

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def big_worksheet(items: int, hypotheses: int, *, seed: int = 1) -> Worksheet:
    """A fully rated worksheet with UUID ids (a tenth of the cells have a note)."""
    rnd = random.Random(seed)
    ws = Worksheet(title=f"Big {items}x{hypotheses}")
    new_id = lambda: str(uuid.UUID(int=rnd.getrandbits(128), version=4))  # noqa: E731
    ws.hypotheses = [Hypothesis(f"Hypothesis {j + 1}", id=new_id()) for j in range(hypotheses)]
    ws.evidence = [
        Evidence(
            f"Evidence item {i + 1}",
            description="Synthetic item. " * rnd.randint(0, 6),
            source=f"Source {rnd.randint(1, 40)}",
            date=f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            credibility=rnd.choice(list(Level)),
            relevance=rnd.choice(list(Level)),
            id=new_id(),
        )
        for i in range(items)
    ]
    ratings = list(Rating)
    for e in ws.evidence:
        for h in ws.hypotheses:
            note = "a note" if rnd.random() < 0.1 else ""
            ws.cells[(e.id, h.id)] = Cell(rnd.choice(ratings), note)
    return ws


@pytest.fixture
def sample() -> Worksheet:
    return fixture_worksheet()


@pytest.fixture
def saved(tmp_path: Path, sample: Worksheet) -> Path:
    """A valid worksheet file holding :func:`fixture_worksheet`."""
    path = tmp_path / "w.achw"
    write_worksheet(sample, path)
    return path


def tamper(path: Path, *statements: str) -> None:
    """Run SQL on a file with a plain connection (constraints off), as an outsider would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def session_folders() -> list[Path]:
    root = sessions.sessions_dir()
    return sorted(root.iterdir()) if root.is_dir() else []


def stray_files(folder: Path) -> list[str]:
    """Temporary files a save may have left behind."""
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name or "journal" in p.name)


@pytest.fixture
def no_leftovers() -> Iterator[None]:
    """Fails the test if it leaves working copies behind."""
    yield
    assert session_folders() == []


def refuse_new_files(
    monkeypatch: pytest.MonkeyPatch, folder: Path, code: int, text: str
) -> Callable[[bool], None]:
    """Make ``folder`` refuse new files as the system would; the result switches that on/off."""
    state = {"on": True}
    real_open, real_mkdir = os.open, os.mkdir

    def refuse(path: str | os.PathLike[str]) -> None:
        if state["on"] and Path(path).parent == folder:
            raise OSError(code, text, os.fspath(path))

    def fake_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)

    def switch(on: bool) -> None:
        state["on"] = on

    return switch
