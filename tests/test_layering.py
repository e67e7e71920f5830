"""The layers of architecture.md: only ui/ imports PySide6; desk/ imports none of ui, sync, printing — except the
composition roots in desk/cli/, lazily, inside the command that needs them. One rule, no list of exceptions."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from tests.conftest import PYTHON, ROOT, python_env

FORBIDDEN_FOR = {
    "desk": {"ui", "sync", "printing", "PySide6", "shiboken6"},
    "printing": {"ui", "PySide6", "shiboken6"},
    "sync": {"ui", "PySide6", "shiboken6"},
}
# The command lines are the composition roots: they may import ui, printing and sync, inside a function only.
COMPOSITION_ROOTS = Path("desk/cli")
UPWARD = {"ui", "printing", "sync"}


def _imports(tree: ast.AST):
    """(top-level package, inside a function?) of every import in a module."""

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name.split(".")[0], inside, child.lineno
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module.split(".")[0], inside, child.lineno
            yield from walk(child, inside)

    yield from walk(tree, False)


def test_no_layer_imports_upwards():
    problems = []
    for package, forbidden in FORBIDDEN_FOR.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT)
            root = COMPOSITION_ROOTS in rel.parents
            for top, in_function, line in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                if top in forbidden and not (root and in_function and top in UPWARD):
                    problems.append(f"{rel}:{line} imports {top}")
    assert problems == []


def test_core_packages_import_with_pyside6_blocked():
    """Import every module of desk/, printing/ and sync/ in a process where PySide6 cannot be imported."""
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for pkg in ("desk", "printing", "sync")
        for p in sorted((ROOT / pkg).rglob("*.py"))
        if p.name != "__main__.py"
    ]
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.replace('.__init__', ''))\n"
        "print('ok', len(sys.modules))\n"
    )
    r = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, env=python_env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok")
