"""Every package the reader imports is one it declares: a clean install has all it needs."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"
# The product's design card fixes python-dateutil as a core dependency; nothing imports it yet.
REQUIRED_BY_DESIGN = {"python-dateutil"}
# trafilatura imports lxml.html.clean, which lxml ships apart since 5.2: without it the import fails.
# httpx decodes brotli-compressed answers only when brotli is installed.
REQUIRED_BY_A_DEPENDENCY = {"lxml-html-clean", "brotli"}


def imported_top_level_names() -> set[str]:
    names: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"reader", "__future__"}


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = (re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0] for requirement in project["dependencies"])
    return {_normalise(name) for name in names}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_third_party_import_is_a_declared_dependency():
    providers = packages_distributions()
    undeclared = {}
    for name in sorted(imported_top_level_names()):
        distributions = {_normalise(d) for d in providers.get(name, [name])}
        if not distributions & declared_distributions():
            undeclared[name] = sorted(distributions)
    assert undeclared == {}


def test_every_declared_dependency_is_imported():
    providers = packages_distributions()
    imported = {_normalise(d) for name in imported_top_level_names() for d in providers.get(name, [name])}
    assert declared_distributions() - imported - REQUIRED_BY_DESIGN - REQUIRED_BY_A_DEPENDENCY == set()
