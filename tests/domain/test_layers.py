"""The domain is plain Python: it must never learn about Qt or SQL (architecture.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "app" / "domain"
FORBIDDEN = (
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "sqlite3",
    "reportlab",
    "app.ui",
    "app.storage",
    "app.report",
)


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_sources_import_no_framework():
    sources = sorted(DOMAIN.glob("*.py"))
    assert len(sources) >= 5
    for path in sources:
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_importing_the_domain_loads_no_framework():
    code = (
        "import sys, pkgutil, importlib, app.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('app.domain.' + m.name)\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=DOMAIN.parents[1],
    ).stdout.split()
    assert "app.domain.scoring" in out
    assert not [m for m in out if m.startswith(FORBIDDEN)]
