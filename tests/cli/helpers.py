"""Running ``python -m app`` as the user would, and documents to feed it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "tests" / "reference"  # the copy of shared/reference (tests/conftest.py)
STIRPARO = REFERENCE / "stirparo-v06.json"


def run_as_user(
    *args: str | Path, timeout: float = 300, **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    """``python -m app ARGS`` in the project's folder; ``popen``: what ``subprocess.run``
    takes besides (``env``, ``input``, ``stdin``; stdout and stderr are captured unless
    given).  A run that outlasts ``timeout`` seconds fails the test instead of hanging it."""
    defaults: dict[str, Any] = {"cwd": REPO, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    done: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        timeout=timeout,
        check=False,
        **{**defaults, **popen},
    )
    return done


def run(
    *args: str | Path, stdin: bytes | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[bytes]:
    return run_as_user(*args, input=stdin, cwd=cwd)


def refused(result: subprocess.CompletedProcess[bytes]) -> str:
    """The sentence of a refusal (exit 1) without its full stop; checked to be one line."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, (result.returncode, err)
    assert "Traceback" not in err, err
    assert err.startswith("ach-workbench: "), err
    assert err.endswith(".\n") and err.count("\n") == 1, err
    return err[len("ach-workbench: ") : -2]


def small_doc() -> dict[str, Any]:
    return {
        "format": "ach-worksheet",
        "version": 1,
        "title": "Снаряды / 포탄",
        "hypotheses": [
            {"id": "H1", "title": "Экспорт в Россию"},
            {"id": "H2", "title": "국내 비축"},
        ],
        "evidence": [
            {"id": "E1", "title": "Moisture-proofing omitted", "date": "2023-11-09"},
            {"id": "E2", "title": "Defense Ministry denial", "credibility": "low"},
            {"id": "E3", "title": "Second", "relevance": "high"},
        ],
        "ratings": [
            {"evidence": "E1", "hypothesis": "H1", "rating": "C", "note": "used soon"},
            {"evidence": "E1", "hypothesis": "H2", "rating": "I"},
            {"evidence": "E2", "hypothesis": "H1", "rating": "I"},
            {"evidence": "E2", "hypothesis": "H2", "rating": "C"},
            {"evidence": "E3", "hypothesis": "H1", "rating": "CC"},
            {"evidence": "E3", "hypothesis": "H2", "rating": "II"},
        ],
        "milestones": [{"id": "M1", "hypothesis": "H1", "text": "Rail traffic", "status": "open"}],
    }


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def small_worksheet_file(folder: Path) -> Path:
    """``folder``/small.achw, imported from :func:`small_doc` (and nothing else left there)."""
    import json

    source = folder / "small.json"
    source.write_text(json.dumps(small_doc()), encoding="utf-8")
    target = folder / "small.achw"
    done = run("import", source, "-o", target)
    assert done.returncode == 0, done.stderr
    source.unlink()
    return target
