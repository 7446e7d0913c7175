"""Layering the import statements keep: no module of the package imports itself in a circle.

Every ``import``/``from ... import`` counts, those inside functions and under
``TYPE_CHECKING`` too: a deferred import hides a cycle from Python, not from
the reader.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "modelcard"


def _module(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def _base(node: ast.ImportFrom, name: str, path: Path) -> str:
    """The module a ``from ... import`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def import_graph(folder: Path, root: Path = PACKAGE.parent) -> dict[str, set[str]]:
    """Module -> the modules of ``folder`` it imports (``from pkg import submodule`` included).

    Module names are dotted paths from ``root``.
    """
    modules = {_module(p, root): p for p in folder.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(node, name, path)
                submodules = [f"{base}.{alias.name}" for alias in node.names]
                targets = [m if m in modules else base for m in submodules]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def check_no_cycle(graph: dict[str, set[str]]) -> None:
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_the_graph_sees_an_import_inside_a_function() -> None:
    assert "modelcard.sources.collect" in import_graph(PACKAGE / "sources")["modelcard.sources"]


@pytest.mark.parametrize(
    ("importer", "line"),
    [
        ("package/__init__.py", "from package.b import B"),
        ("package/__init__.py", "from package import b"),
        ("package/__init__.py", "from .b import B"),
        ("package/__init__.py", "from . import b"),
        ("package/__init__.py", "if TYPE_CHECKING:\n    from package.b import B"),
        ("package/__init__.py", "def f():\n    import package.b"),
    ],
)
def test_a_cycle_is_found_however_it_is_imported(tmp_path: Path, importer: str, line: str) -> None:
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "b.py").write_text("def g():\n    from package import VERSION\n", encoding="utf-8")
    (tmp_path / importer).write_text(f"VERSION = 1\n{line}\n", encoding="utf-8")
    graph = import_graph(tmp_path / "package", root=tmp_path)
    assert graph == {"package": {"package.b"}, "package.b": {"package"}}
    with pytest.raises(graphlib.CycleError):
        check_no_cycle(graph)


def test_no_import_cycle_in_the_package() -> None:
    check_no_cycle(import_graph(PACKAGE))


def test_the_hub_client_does_not_import_the_server() -> None:
    graph = import_graph(PACKAGE / "hub")
    client = [name for name in graph if not name.startswith("modelcard.hub.server")]
    assert {name: sorted(t for t in graph[name] if t.startswith("modelcard.hub.server")) for name in client} == {
        name: [] for name in client
    }
