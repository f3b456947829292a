"""Lower layers never import upward: the directions docs/architecture.md writes down.

Read from the source with ``ast`` (every ``import``, also inside functions and under
``TYPE_CHECKING``), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "packager"

# Each layer and what it may import (besides itself), lowest first. A module's layer
# is its top-level name under packager/ (a folder or a .py file).
BASE = {
    "_types",
    "_version",
    "errors",
    "versions",
    "settings",
    "models",
    "layout",
    "vocabulary",
    "checksums",
    "partitions",
    "publish",
}
STEPS = {"ingest", "segment", "identify", "quality", "assemble"}
LAYERS: dict[str, set[str]] = {
    **dict.fromkeys(BASE, BASE),
    "engines": BASE,
    **dict.fromkeys(STEPS, BASE | STEPS),
    "check": BASE,
    "export": BASE | {"check"},
    "releases": BASE | {"check", "export"},
    "labeling": BASE | {"check", "export", "releases"},
    "schema_models": BASE | {"check", "labeling"},
    "build": BASE | STEPS | {"engines", "check", "export", "releases"},
    "cli": BASE
    | STEPS
    | {"engines", "check", "export", "releases", "labeling", "schema_models", "build"},
}
FRONT_DOOR = "__init__"  # packager/__init__.py: imports anything, imported by no module


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported(path: Path) -> set[str]:
    """The top-level packager names a module imports (``""`` for ``import packager``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "packager":
                names.add(parts[1] if len(parts) > 1 else "")
    return names


MODULES = sorted(
    path
    for path in PACKAGE.rglob("*.py")
    if _layer(path) not in {FRONT_DOOR, "__main__"} and "examples" not in path.parts
)


def test_every_top_level_name_has_a_layer():
    present = {
        _layer(path)
        for path in PACKAGE.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists()) or path.suffix == ".py"
    } - {FRONT_DOOR, "__main__"}
    assert present == set(LAYERS), f"give these a layer: {present - set(LAYERS)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_its_own_layer_and_those_below(path):
    layer = _layer(path)
    upward = _imported(path) - LAYERS[layer] - {layer}
    assert "" not in upward, f"{path.name} imports the front door: use packager._version"
    assert not upward, f"{layer} may not import {sorted(upward)} ({path.relative_to(PACKAGE)})"


def test_no_relative_imports_that_would_escape_the_check():
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
        assert not relative, f"{path.relative_to(PACKAGE)}: use absolute packager imports"


def test_every_test_folder_is_collected():
    """pytest skips folders matching ``norecursedirs`` (by default every ``build``), so a
    test folder mirroring ``packager/build/`` ran only when named; none may match."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parent
    config = tomllib.loads((root.parent / "pyproject.toml").read_text())
    skipped = config["tool"]["pytest"]["ini_options"]["norecursedirs"]
    folders = [p for p in root.rglob("*") if p.is_dir() and "__pycache__" not in p.parts]
    assert any(folder.name == "build" for folder in folders)
    caught = {}
    for folder in folders:
        if not any(folder.glob("test_*.py")):
            continue
        for pattern in skipped:
            if fnmatch.fnmatch(folder.name, pattern):
                caught[str(folder.relative_to(root))] = pattern
    assert not caught, f"pytest would skip these test folders: {caught}"
