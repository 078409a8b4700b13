"""The layers of the program and the direction of their imports (architecture.md).

* the domain is plain Python: it never learns about Qt, SQL, files or any other
  package of the program;
* storage (and any future interchange package) never imports the window or the
  report;
* the report builds on the domain only (plus `app` for the version and
  `app.resources` for its fonts);
* no two modules of `app/` import each other at module level, and the cycles
  that go through imports inside functions are exactly the known ones below.

Imports are read from the sources with `ast`, so a lazy import inside a function
counts for the layers as much as one at the top; imports under
``if TYPE_CHECKING:`` are never run and count for nothing.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
DOMAIN = APP / "domain"
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


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(APP.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _import_nodes(tree: ast.Module, *, module_level: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run: at module level only, or anywhere."""

    def walk(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node
            elif isinstance(node, ast.If) and _is_type_checking(node):
                yield from walk(node.orelse)
            elif not module_level or isinstance(node, ast.If | ast.Try | ast.With):
                # Module level: the branches of an if/try/with still run on import.
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        yield from walk([child])
                    elif isinstance(child, ast.ExceptHandler):
                        yield from walk(child.body)

    yield from walk(tree.body)


def imported_names(path: Path, *, module_level: bool = False) -> set[str]:
    """Every module `path` imports, with relative imports resolved.

    ``from app.storage import files`` names both ``app.storage`` and
    ``app.storage.local.files``, as Python loads both; ``from app import
    __version__`` names ``app`` alone.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    names: set[str] = set()
    for node in _import_nodes(tree, module_level=module_level):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            stem = package[: len(package) - (node.level - 1)]
            base = ".".join([*stem, *([node.module] if node.module else [])])
        names.add(base)
        names.update(
            f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES
        )
    return names


def imported_modules(path: Path) -> set[str]:
    """Kept for the framework check below: every name imported anywhere."""
    return imported_names(path)


def program_imports(*, module_level: bool) -> dict[str, set[str]]:
    """The graph of imports between the modules of `app/`."""
    return {
        name: {m for m in imported_names(path, module_level=module_level) if m in MODULES} - {name}
        for name, path in MODULES.items()
    }


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected parts of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            part = set()
            while True:
                top = stack.pop()
                part.add(top)
                if top == node:
                    break
            if len(part) > 1:
                found.add(frozenset(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# The import cycles through imports inside functions.  None is left (issue 10
# broke the Document's: commands import the Document for typing only, and the
# shared edit types live in ui/document/edits.py); the test fails on a new one.  An
# entry may only be added with the issue that will remove it.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _shown(parts: set[frozenset[str]]) -> list[list[str]]:
    return sorted(sorted(part) for part in parts)


def test_the_graph_sees_the_modules_and_their_imports():
    # A parser that saw nothing would find no cycle: prove it reads real edges.
    graph = program_imports(module_level=True)
    assert len(graph) >= 70
    assert "app.domain.model" in graph["app.ui.document.document"]
    assert "app.storage.local.files" in program_imports(module_level=False)["app.cli.outputs"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset({"a", "b", "c"})}


def test_no_import_cycle_at_module_level():
    assert _shown(cycles(program_imports(module_level=True))) == []


def test_the_cycles_through_lazy_imports_are_exactly_the_known_ones():
    found = cycles(program_imports(module_level=False))
    assert _shown(found - KNOWN_CYCLES) == [], "a new import cycle"
    assert _shown(KNOWN_CYCLES - found) == [], "a known cycle is gone: delete it from KNOWN_CYCLES"


def _program_imports_of(package: str) -> Iterator[tuple[str, str]]:
    for name, path in MODULES.items():
        if name == package or name.startswith(package + "."):
            for imported in sorted(imported_names(path)):
                if imported == "app" or imported.startswith("app."):
                    yield name, imported


def test_the_domain_imports_nothing_else_of_the_program():
    outside = [
        (name, imported)
        for name, imported in _program_imports_of("app.domain")
        if imported != "app.domain" and not imported.startswith("app.domain.")
    ]
    assert outside == []


def test_storage_never_imports_the_window_the_report_or_the_interchange():
    # The formats build on storage (limits, errors, the atomic writer), never
    # the other way round; neither knows of the window, the report or the CLI.
    outside = {
        "app.storage": ("app.ui", "app.report", "app.cli", "app.interchange"),
        "app.interchange": ("app.ui", "app.report", "app.cli"),
    }
    for package, forbidden in outside.items():
        wrong = [
            (name, imported)
            for name, imported in _program_imports_of(package)
            if imported.startswith(forbidden)
        ]
        assert wrong == [], package


# The report may use `app` (the version printed in the brief) and
# `app.resources` (where the fonts are shipped): neither imports anything.
REPORT_MAY_IMPORT = ("app.domain", "app.report", "app.resources")


def test_the_report_builds_on_the_domain_only():
    wrong = [
        (name, imported)
        for name, imported in _program_imports_of("app.report")
        if imported != "app" and not imported.startswith(REPORT_MAY_IMPORT)
    ]
    assert wrong == []
    for leaf in ("app", "app.resources"):
        assert not [m for m in imported_names(MODULES[leaf]) if m.startswith("app")]


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
