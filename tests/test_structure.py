"""The house rules a reader relies on: layers without circles, one name in one place, simple
functions, Typer's public API only."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "iraqrel"
MODULES = sorted(PACKAGE.rglob("*.py"))
BIN = Path(sys.executable).parent


def _tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / name), *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_no_import_circles():
    """Imports inside functions and under TYPE_CHECKING count: a lazy import is still a tie."""
    import grimp

    graph = grimp.build_graph("iraqrel")
    circles = {
        " -> ".join([module, *graph.find_shortest_chain(importer=imported, imported=module)])
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported != module and graph.chain_exists(importer=imported, imported=module)
    }
    assert sorted(circles) == []


def test_the_layers_hold():
    """cli, output, curate, queries and checks, names codebook and reliability, records, files
    dates errors ids and minting: the import-linter contract in pyproject.toml."""
    done = _tool("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 kept, 0 broken" in done.stdout


def test_functions_are_simple():
    """ruff's complexity rules, with the thresholds pyproject.toml states."""
    done = _tool("ruff", "check", "--select", "C901,PLR0912,PLR0915", "iraqrel", "tests")
    assert done.returncode == 0, done.stdout


def _classes(path: Path) -> list[str]:
    """The types a module defines: its classes, and its Literal and Enum aliases."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            found.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(
            node.value, ast.Subscript | ast.Call
        ):
            called = node.value.value if isinstance(node.value, ast.Subscript) else node.value.func
            if isinstance(called, ast.Name) and called.id in ("Literal", "Enum"):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found += [t.id for t in targets if isinstance(t, ast.Name)]
    return found


def test_no_type_name_is_defined_in_two_modules():
    where = Counter(name for path in MODULES for name in _classes(path))
    assert [name for name, count in where.items() if count > 1] == []


def test_no_two_modules_share_a_file_name():
    names = Counter(p.name for p in MODULES if p.name not in ("__init__.py", "__main__.py"))
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_typer_module_is_imported(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else []
        )
    ]
    assert not [m for m in imported if m.startswith("typer._")]


def test_no_development_tool_ships_in_the_package():
    assert not list(PACKAGE.rglob("bench*.py"))
