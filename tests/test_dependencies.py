"""pyproject.toml declares exactly what the code imports: every third-party package billdesk
imports is a pinned runtime dependency, every one the tests import is a runtime or test
dependency, and nothing is declared that nothing imports (except the few loaded by name at
run time, each said why in pyproject.toml)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOADED_BY_NAME = {"psycopg", "rl-accel", "tzdata"}   # SQLAlchemy, reportlab, zoneinfo load them


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(group: str | None = None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    out = {}
    for r in reqs:
        m = re.match(r"([A-Za-z0-9_.-]+)(\[[^]]*])?==([^\s;]+)$", r)
        assert m, f"not pinned exactly: {r!r}"
        out[_norm(m[1])] = m[3]
    return out


def _imported(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "importorskip"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value.split(".")[0])
    dists = packages_distributions()
    out = set()
    for name in names - set(sys.stdlib_module_names) - {"billdesk", "tests", "conftest",
                                                         "builders", "__future__"}:
        if (folder / name).exists() or (folder / f"{name}.py").exists():
            continue                                   # a module of the folder itself
        assert name in dists, f"{name} is imported but no installed distribution provides it"
        out |= {_norm(d) for d in dists[name]}
    return out


def test_runtime_dependencies_are_exactly_what_billdesk_imports():
    declared = set(_declared())
    imported = _imported(ROOT / "billdesk")
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported - LOADED_BY_NAME == set(), "declared but nothing imports it"


def test_test_dependencies_cover_what_the_tests_import():
    declared = set(_declared()) | set(_declared("test"))
    assert _imported(ROOT / "tests") - declared == set()
