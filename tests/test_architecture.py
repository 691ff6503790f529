"""The layers import one way: config -> read -> judge -> store -> report, with the crawl beside.

Every module of the three packages is parsed (not imported) and every import it makes, at the
top or inside a function, is checked against the layer rule of docs/architecture.md. A new
module lands in a layer by its package; a module the rule does not know fails the test, so the
rule and the tree cannot drift apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "spiders", "reports")

#: Modules of the base layer (every layer may import them); each names itself, not a package.
BASE = {
    "crawler.model", "crawler.config", "crawler.urls", "crawler.shard", "crawler.spamwords",
    "crawler.substrings",
}  # fmt: skip
#: The entry points that tie the layers together; they may import anything.
ORCHESTRATION = {
    "crawler",
    "crawler.__main__",
    "crawler.cli",
    "crawler.crawl",
    "crawler.merge",
    "crawler.lock",
    "crawler.inputs",  # the command line's paths and values, checked
    "crawler.notify",  # sends the notices a run calls for (SMTP)
    "crawler.discover",  # runs the discovery crawl and writes its suggestions
    "crawler.dates",  # `from crawler.dates import page_date`: the public re-export
}
#: Which layers each layer may import (itself always included).
ALLOWED = {
    "base": {"base"},
    "read": {"base", "read"},
    "judge": {"base", "judge"},
    "store": {"base", "store"},
    "spiders": {"base", "read", "spiders"},
    "reports": {"base", "judge", "store", "reports"},
    "orchestration": {"base", "read", "judge", "store", "spiders", "reports", "orchestration"},
}


def layer_of(module: str) -> str:
    """The layer a module of the project belongs to; KeyError for one the rule does not know."""
    if module in BASE:
        return "base"
    if module in ORCHESTRATION:
        return "orchestration"
    parts = module.split(".")
    if parts[0] == "crawler" and len(parts) > 1 and parts[1] in ("read", "judge", "store"):
        return parts[1]
    if parts[0] in ("spiders", "reports"):
        return parts[0]
    raise KeyError(module)


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def imports_in(source: str, package: str) -> set[str]:
    """The project modules a source imports, anywhere in it, read from within `package`.

    `from a import b` may import the module `a.b`: both names are kept when they exist."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES and _exists(name)}


def project_imports(path: Path) -> set[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    unknown = []
    for path in modules():
        try:
            layer_of(module_name(path))
        except KeyError:
            unknown.append(module_name(path))
    assert not unknown, f"modules outside the layer rule (docs/architecture.md): {unknown}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_imports_go_one_way(path: Path) -> None:
    source = layer_of(module_name(path))
    wrong = sorted(
        f"{name} ({layer_of(name)})"
        for name in project_imports(path)
        if layer_of(name) not in ALLOWED[source]
    )
    assert not wrong, f"{module_name(path)} ({source}) may not import {wrong}"


def test_the_walk_sees_imports_inside_functions_and_relative_ones() -> None:
    """The rule is not vacuous: a judge import hidden in a reader's function is found."""
    source = "def f():\n    from crawler.judge.estimate import estimate\nfrom . import budget\n"
    found = imports_in(source, "crawler.read")
    assert {"crawler.judge.estimate", "crawler.read.budget"} <= found
    assert "judge" not in ALLOWED[layer_of("crawler.read.cascade")]
