"""The Python package's floor plan: no import cycles, and the nightly runtime never imports the
toolbox (python_helpers/devtools).

The import graph is read from the source with `ast`, every import statement counted wherever it
stands (module level or inside a function: a lazy import is still a dependency, and a lazy import
was how loader.py and warehouse.py imported each other). `from package import name` counts as
importing the module package.name when that is a module, else the package itself.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "python_helpers"
TOOLBOX = f"{PACKAGE}.devtools"
# The commands the nightly job runs; `roi generate`, `roi demo` and `roi benchmark` may import the
# toolbox (lazily, in their own handlers).
NIGHTLY_HANDLERS = (
    "cmd_doctor",
    "cmd_load",
    "cmd_build",
    "cmd_check",
    "cmd_publish",
    "cmd_results",
    "cmd_report",
    "cmd_export",
)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted((root / PACKAGE).rglob("*.py"))}


def imported_modules(
    module: str, path: Path, modules: Iterable[str], within: ast.AST | None = None
) -> set[str]:
    """The package's modules `module` imports (all of its file, or only inside `within`)."""
    known = set(modules)
    is_package = path.name == "__init__.py"
    tree = within or ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                # `from . import x` in a package's __init__ is relative to the package itself
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.add(candidate if candidate in known else source)
    return {name for name in found if name in known and name != module}


@functools.cache
def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = package_modules(root)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def reachable(graph: dict[str, set[str]], start: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def test_the_cycle_finder_finds_a_planted_cycle(tmp_path: Path):
    """The test below can fail: two modules importing each other lazily, and a package whose
    __init__ imports a submodule that imports the package, are both found."""
    package = tmp_path / PACKAGE
    (package / "shapes").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "loader.py").write_text("def load():\n    from . import warehouse\n")
    (package / "warehouse.py").write_text("from .loader import load\n")
    (package / "shapes" / "__init__.py").write_text("def f():\n    from . import crm\n")
    (package / "shapes" / "crm.py").write_text("from . import FileShape\n")
    (package / "sql.py").write_text("")
    (package / "doctor.py").write_text("from . import sql\nfrom .loader import load\n")
    cycles = find_cycles(import_graph(tmp_path))
    assert cycles == [
        [f"{PACKAGE}.loader", f"{PACKAGE}.warehouse"],
        [f"{PACKAGE}.shapes", f"{PACKAGE}.shapes.crm"],
    ]


def test_python_helpers_has_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 30  # the whole package was read
    assert f"{PACKAGE}.loader" in graph[f"{PACKAGE}.warehouse.postgres_schema"]  # and its edges
    assert find_cycles(graph) == []


def test_the_nightly_runtime_never_imports_the_toolbox():
    graph = import_graph()
    runtime = [
        name
        for name in graph
        if name != f"{PACKAGE}.cli" and name != TOOLBOX and not name.startswith(TOOLBOX + ".")
    ]
    leaks = {
        name: sorted(m for m in reachable(graph, [name]) if m.startswith(TOOLBOX))
        for name in runtime
    }
    assert {name: found for name, found in leaks.items() if found} == {}


@pytest.mark.parametrize("handler", NIGHTLY_HANDLERS)
def test_the_nightly_commands_never_import_the_toolbox(handler: str):
    """cli.py itself (module level, the parser) and each nightly command's handler, with all
    they import, stay clear of python_helpers/devtools; only generate/demo/benchmark use it."""
    graph = import_graph()
    modules = package_modules()
    cli = f"{PACKAGE}.cli"
    tree = ast.parse(modules[cli].read_text())
    functions = {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    assert handler in functions
    top_level = ast.Module(
        body=[node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)],
        type_ignores=[],
    )
    # the handler and the helpers it calls by name inside cli.py
    called = {handler} | {
        node.func.id
        for node in ast.walk(functions[handler])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    start = imported_modules(cli, modules[cli], modules, top_level)
    start |= imported_modules(cli, modules[cli], modules, functions["build_parser"])
    for name in called & set(functions):
        start |= imported_modules(cli, modules[cli], modules, functions[name])
    assert sorted(m for m in reachable(graph, start) if m.startswith(TOOLBOX)) == []
    # the toolbox commands do reach it: the check above would see a leak
    generate = imported_modules(cli, modules[cli], modules, functions["cmd_generate"])
    assert any(m.startswith(TOOLBOX) for m in reachable(graph, generate))
