"""Layering the import statements keep: packages whose modules must not import each other in a circle.

Every ``import``/``from ... import`` counts, those inside functions too: a
deferred import hides a cycle from Python, not from the reader.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "modelcard"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def import_graph(folder: Path) -> dict[str, set[str]]:
    """Module -> the modules of ``folder`` it imports (``from pkg import submodule`` included)."""
    modules = {_module(p): p for p in folder.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                submodules = [f"{node.module}.{alias.name}" for alias in node.names]
                targets = [m if m in modules else node.module for m in submodules]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def test_the_graph_sees_an_import_inside_a_function() -> None:
    assert "modelcard.sources.collect" in import_graph(PACKAGE / "sources")["modelcard.sources"]


@pytest.mark.parametrize("folder", ["sources", "hub", "integrations"])
def test_no_import_cycle(folder: str) -> None:
    graph = import_graph(PACKAGE / folder)
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_the_hub_client_does_not_import_the_server() -> None:
    graph = import_graph(PACKAGE / "hub")
    client = [name for name in graph if not name.startswith("modelcard.hub.server")]
    assert {name: sorted(t for t in graph[name] if t.startswith("modelcard.hub.server")) for name in client} == {
        name: [] for name in client
    }
