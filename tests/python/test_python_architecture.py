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
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

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


# --- The dashboard and `roi results` only read marts, and compute nothing ---------------------
# Issue 15: every number shown to users has one home, a mart column; Python selects and formats.
READERS = {"report": "roi_dashboard", "results": "roi_results"}  # folder -> its dbt exposure
# Modules that may hold no formula at all (no aggregate in pandas or in SQL, no count or total
# of rows shown): every number they show is a mart column. Grouping rows to draw one chart line
# per series (`for series, rows in frame.groupby(...)`) shows no number and is allowed.
FORMULA_FREE = ("report/*.py", "results/*.py")
SCHEMA_REFERENCE = re.compile(r"\{(\w+)\}\.(\w+)")  # f"{MARTS_SCHEMA}.fct_x"
READ_CALL = re.compile(r"""\bread\(\s*con,\s*["'](\w+)["']""")  # report.section.read
LITERAL_SCHEMA = re.compile(r"\bmain_(staging|intermediate|raw\w*|snapshots)\b")
LAYER_NAMES = ("INTERMEDIATE_SCHEMA", "STAGING", "INTERMEDIATE", "layer_schema")
PANDAS_AGGREGATES = {
    "sum",
    "mean",
    "median",
    "agg",
    "aggregate",
    "cumsum",
    "std",
    "var",
    "prod",
    "count",
    "size",
    "nunique",
    "value_counts",
}
# Built-ins that count or total rows: a formula when their result is shown (inside an f-string's
# placeholder or passed to str() or a formatter), not when they lay out a chart.
BUILTIN_AGGREGATES = {"len", "sum"}
SHOWN_BY = {"str", "number", "percent", "usd", "usd_range", "usd_short"}
SQL_AGGREGATE = re.compile(
    r"\b(sum|avg|median|count|stddev|quantile_cont|percentile_cont)\s*\(|\bgroup\s+by\b|\w\s*/\s*\w"
)


def mart_names(root: Path = ROOT) -> set[str]:
    return {path.stem for path in (root / "models" / "marts").rglob("*.sql")}


def reader_modules(root: Path = ROOT) -> dict[str, list[Path]]:
    """{folder: its modules} for the dashboard (report/) and `roi results` (results/)."""
    return {folder: sorted((root / PACKAGE / folder).glob("*.py")) for folder in READERS}


def relations_read(path: Path) -> set[str]:
    text = path.read_text()
    found = {name for _, name in SCHEMA_REFERENCE.findall(text)}
    return found | set(READ_CALL.findall(text))


def non_mart_reads(root: Path = ROOT) -> list[str]:
    """Every place the dashboard or `roi results` reaches past the marts."""
    marts = mart_names(root)
    found = []
    for modules in reader_modules(root).values():
        for path in modules:
            where = path.relative_to(root)
            text = path.read_text()
            tree = ast.parse(text, str(path))
            names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
            names |= {
                alias.asname or alias.name
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
                for alias in node.names
            }
            found += [f"{where}: uses {name}" for name in sorted(names & set(LAYER_NAMES))]
            found += [f"{where}: names schema {m}" for m in LITERAL_SCHEMA.findall(text)]
            for schema, relation in SCHEMA_REFERENCE.findall(text):
                if schema != "MARTS_SCHEMA":
                    found.append(f"{where}: reads {relation} from {schema}")
            found += [
                f"{where}: reads {relation}, not a mart"
                for relation in sorted(relations_read(path) - marts)
            ]
    return found


def undeclared_reads(root: Path = ROOT) -> list[str]:
    """Marts the dashboard or `roi results` reads that their exposure does not declare."""
    exposures = {
        exposure["name"]: {
            ref.split("'")[1] for ref in exposure["depends_on"] if ref.startswith("ref(")
        }
        for exposure in yaml.safe_load((root / "models" / "exposures.yml").read_text())["exposures"]
    }
    found = []
    for folder, modules in reader_modules(root).items():
        declared = exposures.get(READERS[folder], set())
        read = set().union(*(relations_read(path) for path in modules)) & mart_names(root)
        found += [f"{READERS[folder]} does not declare {mart}" for mart in sorted(read - declared)]
    return found


def formulas_in_python(root: Path = ROOT) -> list[str]:
    """Aggregates computed in Python (pandas) or in SQL written in Python, in FORMULA_FREE."""
    found = []
    for pattern in FORMULA_FREE:
        for path in sorted((root / PACKAGE).glob(pattern)):
            where = path.relative_to(root)
            tree = ast.parse(path.read_text(), str(path))
            reported: set[int] = set()  # a len() inside str(f"{...}") is reported once
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in PANDAS_AGGREGATES
                ):
                    found.append(f"{where}:{node.lineno}: .{node.func.attr}()")
                if (
                    isinstance(node, ast.BinOp)
                    and isinstance(node.op, ast.Add)
                    and isinstance(node.left, ast.Subscript)
                    and isinstance(node.right, ast.Subscript)
                ):  # frame["a"] + frame["b"]: a total of two columns (a difference for a
                    # chart's whisker lengths is drawing, not a number shown)
                    found.append(f"{where}:{node.lineno}: column + column")
                shown = isinstance(node, ast.FormattedValue) or (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in SHOWN_BY
                )
                for inner in ast.walk(node) if shown else ():
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in BUILTIN_AGGREGATES
                        and id(inner) not in reported
                    ):
                        reported.add(id(inner))
                        found.append(f"{where}:{inner.lineno}: {inner.func.id}() shown")
                if isinstance(node, ast.JoinedStr | ast.Constant) and not isinstance(
                    getattr(node, "value", None), int | float | type(None)
                ):
                    text = (
                        "".join(
                            part.value
                            for part in node.values
                            if isinstance(part, ast.Constant) and isinstance(part.value, str)
                        )
                        if isinstance(node, ast.JoinedStr)
                        else str(node.value)
                    )
                    is_sql = re.search(r"\bselect\b", text) and re.search(r"\bfrom\b", text)
                    if is_sql and (match := SQL_AGGREGATE.search(text)):
                        found.append(f"{where}:{node.lineno}: SQL {match.group(0).strip()!r}")
    return found


def test_the_dashboard_and_roi_results_read_only_marts():
    assert "fct_pipeline_value_by_workflow" in mart_names()
    assert "fct_workflow_roi" in relations_read(ROOT / PACKAGE / "results" / "roi.py")
    assert non_mart_reads() == []


def test_every_mart_they_read_is_declared_in_their_exposure():
    assert undeclared_reads() == []


def test_the_dashboard_and_roi_results_compute_no_number():
    modules = [path for pattern in FORMULA_FREE for path in (ROOT / PACKAGE).glob(pattern)]
    assert {path.name for path in modules} >= {"quality.py", "views.py", "revenue.py", "roi.py"}
    assert formulas_in_python() == []


def test_a_planted_non_mart_read_and_formula_are_caught(tmp_path: Path):
    """The three tests above can fail: a copy of the project with an intermediate model read by
    the revenue view, a mart read by `roi results` but not declared, sums in pandas and SQL, and
    rows counted and totalled for a KPI in another dashboard module (while a len() that lays out
    a chart and a groupby that draws one line per series pass)."""
    for folder in ("report", "results"):
        (tmp_path / PACKAGE / folder).mkdir(parents=True)
    (tmp_path / "models" / "marts").mkdir(parents=True)
    (tmp_path / "models" / "marts" / "fct_x.sql").write_text("select 1 as x")
    (tmp_path / "models" / "exposures.yml").write_text(
        "exposures:\n"
        "  - {name: roi_dashboard, depends_on: [\"ref('fct_x')\"]}\n"
        "  - {name: roi_results, depends_on: []}\n"
    )
    (tmp_path / PACKAGE / "report" / "revenue.py").write_text(
        "from ..schemas import INTERMEDIATE_SCHEMA, MARTS_SCHEMA\n"
        "def view(con):\n"
        "    frame = con.execute(f'select * from {INTERMEDIATE_SCHEMA}.int_value').df()\n"
        "    rate = frame['sqls'].sum() / frame['mqls'].sum()\n"
        "    return read(con, 'fct_x'), rate\n"
    )
    (tmp_path / PACKAGE / "report" / "quality.py").write_text(
        "def view(tests, counted):\n"
        "    columns = min(len(tests), 3)\n"  # layout: allowed
        "    for series, rows in tests.groupby('campaign_type'):\n"  # one line per series
        "        draw(rows, columns)\n"
        "    kpi = f'{len(counted)} of {len(tests)}'\n"
        "    return kpi, str(sum(tests['srm'])), number(tests['clicks'].count())\n"
        "def table(tests):\n"
        "    return (tests['delivered_control'] + tests['delivered_ai']).map(number)\n"
    )
    (tmp_path / PACKAGE / "results" / "pipeline.py").write_text(
        "def print_results(con):\n"
        "    con.execute(f'select model, sum(usd) from {MARTS_SCHEMA}.fct_x group by model')\n"
        "    con.execute('select * from main_intermediate.int_value')\n"
    )
    assert non_mart_reads(tmp_path) == [
        f"{PACKAGE}/report/revenue.py: uses INTERMEDIATE_SCHEMA",
        f"{PACKAGE}/report/revenue.py: reads int_value from INTERMEDIATE_SCHEMA",
        f"{PACKAGE}/report/revenue.py: reads int_value, not a mart",
        f"{PACKAGE}/results/pipeline.py: names schema intermediate",
    ]
    assert undeclared_reads(tmp_path) == ["roi_results does not declare fct_x"]
    assert formulas_in_python(tmp_path) == [
        f"{PACKAGE}/report/quality.py:5: len() shown",
        f"{PACKAGE}/report/quality.py:5: len() shown",
        f"{PACKAGE}/report/quality.py:6: sum() shown",
        f"{PACKAGE}/report/quality.py:6: .count()",
        f"{PACKAGE}/report/quality.py:8: column + column",
        f"{PACKAGE}/report/revenue.py:4: .sum()",
        f"{PACKAGE}/report/revenue.py:4: .sum()",
        f"{PACKAGE}/results/pipeline.py:2: SQL 'sum('",
    ]
