"""Contract constraints replace the data tests that repeated them (issue 18, decision 1).

DuckDB and PostgreSQL enforce a contracted table's not_null, primary key (unique) and check
constraints when dbt builds it, so no not_null / unique / unique_combination_of_columns /
accepted_values data test repeats one: a repeated test is a node that costs a query and can never
fail. These tests prove each of those rules still holds:

- every constraint of every contracted table is in the built warehouse and refuses a planted
  violation (a null, a repeated key, a value outside the accepted list) on a writable copy;
- dbt's build of a contracted table with a planted bad input row fails with the constraint error
  (one model per kind: not_null, primary key, check);
- no data test repeats an enforced constraint, and every contracted table carries the generic test
  contract_constraints_hold, which checks the constraints where nothing enforces them (Spark).
"""

from __future__ import annotations

import json

import duckdb
import pytest
from conftest import Pipeline, copy_pipeline, dbt

PROJECT = "ai_marketing_roi"
# A value no accepted-values check admits, per column type.
PLANTED_OUTSIDE_THE_LIST = {"integer": "-999", "bigint": "-999"}


def _manifest(pipeline: Pipeline) -> dict:
    return json.loads((pipeline.root / "target" / "manifest.json").read_text())


def _contracted_tables(manifest: dict) -> list[dict]:
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["package_name"] == PROJECT
        and node["config"]["materialized"] in ("table", "incremental")
        and node["config"].get("contract", {}).get("enforced")
    ]


def _constraints(node: dict) -> list[tuple[str, list[str], str | None]]:
    """(type, columns, check expression) of every constraint, column- and model-level."""
    found = []
    for column in node["columns"].values():
        for constraint in column.get("constraints") or []:
            found.append((constraint["type"], [column["name"]], constraint.get("expression")))
    for constraint in node.get("constraints") or []:
        found.append(
            (constraint["type"], constraint.get("columns") or [], constraint.get("expression"))
        )
    return found


def _relation(node: dict) -> str:
    return f"{node['schema']}.{node['alias']}"


@pytest.fixture(scope="module")
def writable_copy(built_warehouse: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """One writable copy of the sample build for the whole module (planted rows are rolled back)."""
    return copy_pipeline(built_warehouse, tmp_path_factory.mktemp("constraints"))


def test_no_data_test_repeats_an_enforced_constraint(built_warehouse):
    manifest = _manifest(built_warehouse)
    tables = {node["unique_id"]: node for node in _contracted_tables(manifest)}
    repeated = []
    for test in manifest["nodes"].values():
        if test["resource_type"] != "test" or test.get("attached_node") not in tables:
            continue
        node = tables[test["attached_node"]]
        name = (test.get("test_metadata") or {}).get("name")
        kwargs = (test.get("test_metadata") or {}).get("kwargs") or {}
        column = test.get("column_name")
        constraints = _constraints(node)
        keys = [set(cols) for kind, cols, _ in constraints if kind in ("primary_key", "unique")]
        not_null = {
            c for kind, cols, _ in constraints if kind in ("not_null", "primary_key") for c in cols
        }
        checked = {cols[0] for kind, cols, _ in constraints if kind == "check" and len(cols) == 1}
        if (
            (name == "not_null" and column in not_null)
            or (name == "unique" and {column} in keys)
            or (
                name == "unique_combination_of_columns"
                and set(kwargs["combination_of_columns"]) in keys
            )
            or (name == "accepted_values" and column in checked)
        ):
            repeated.append(f"{node['name']}.{column or ''}: {name}")
    assert not repeated, "data tests repeating an enforced constraint: " + ", ".join(repeated)


def test_every_contracted_table_checks_its_constraints_where_nothing_enforces_them(built_warehouse):
    """contract_constraints_hold is attached to every contracted table, and disabled on DuckDB."""
    manifest = _manifest(built_warehouse)
    attached = {
        node.get("attached_node")
        for nodes in manifest["disabled"].values()
        for node in nodes
        if (node.get("test_metadata") or {}).get("name") == "contract_constraints_hold"
    }
    enabled = [
        node["name"]
        for node in manifest["nodes"].values()
        if (node.get("test_metadata") or {}).get("name") == "contract_constraints_hold"
    ]
    assert enabled == [], "DuckDB enforces the constraints: the generic test must be disabled here"
    missing = [n["name"] for n in _contracted_tables(manifest) if n["unique_id"] not in attached]
    # int_pipeline_value_by_workflow is contracted without constraints (its key is tested).
    assert [name for name in missing if _constraints_of(manifest, name)] == []


def _constraints_of(manifest: dict, name: str) -> list:
    node = next(n for n in _contracted_tables(manifest) if n["name"] == name)
    return _constraints(node)


def _planted_rows(node: dict) -> list[tuple[str, str]]:
    """(what is planted, the INSERT that plants it) for each constraint of the table."""
    relation = _relation(node)
    plants = []
    for kind, columns, expression in _constraints(node):
        if kind in ("not_null", "primary_key"):
            for column in columns:
                plants.append(
                    (
                        f"null {column}",
                        f"insert into {relation} select * replace (null as {column}) "
                        f"from {relation} limit 1",
                    )
                )
        if kind in ("primary_key", "unique"):
            plants.append(
                (
                    f"repeated key ({', '.join(columns)})",
                    f"insert into {relation} select * from {relation} limit 1",
                )
            )
        if kind == "check":
            column = columns[0]
            data_type = (node["columns"][column].get("data_type") or "").lower()
            value = PLANTED_OUTSIDE_THE_LIST.get(data_type, "'planted_value_outside_the_list'")
            plants.append(
                (
                    f"{column} outside ({expression})",
                    f"insert into {relation} select * replace ({value} as {column}) "
                    f"from {relation} limit 1",
                )
            )
    return plants


def test_every_constraint_refuses_a_planted_violation(writable_copy):
    manifest = _manifest(writable_copy)
    refused: dict[str, int] = {"null": 0, "repeated": 0, "outside": 0}
    accepted = []
    with duckdb.connect(str(writable_copy.database)) as con:
        for node in _contracted_tables(manifest):
            relation = _relation(node)
            plants = _planted_rows(node)
            if not plants:
                continue
            if con.execute(f"select count(*) from {relation}").fetchone()[0] == 0:
                continue  # no row to plant from (the floors below keep the marts that have rows)
            for what, insert in plants:
                con.execute("begin transaction")
                try:
                    con.execute(insert)
                    accepted.append(f"{node['name']}: {what}")
                except duckdb.ConstraintException:
                    kind = "outside" if " outside " in what else what.split()[0]
                    refused[kind] += 1
                finally:
                    con.execute("rollback")
    assert accepted == [], "constraints that let a violation in: " + "; ".join(accepted)
    # The 21 contracted marts each have a primary key; at the time of writing their YAML declares
    # 168 not-null columns (key columns included) and 24 accepted-value checks: the figures below
    # are floors: a new constraint never breaks this test, losing many of them does.
    assert refused["repeated"] >= 21, refused
    assert refused["null"] >= 150, refused
    assert refused["outside"] >= 20, refused


# One contracted mart per kind of removed test, built by dbt from a planted bad input row.
PLANTED_INPUTS = [
    pytest.param(
        "dim_roles",
        "main_seeds.roles",
        "insert into main_seeds.roles select * from main_seeds.roles limit 1",
        ("duplicate key", "primary key"),
        id="unique-primary_key",
    ),
    pytest.param(
        "dim_roles",
        "main_seeds.roles",
        "update main_seeds.roles set role_id = null where role_id = "
        "(select min(role_id) from main_seeds.roles)",
        ("not null",),
        id="not_null",
    ),
    pytest.param(
        "dim_workflows",
        "main_seeds.workflows",
        "update main_seeds.workflows set roi_dimension = 'planted_dimension' where workflow_id = "
        "(select min(workflow_id) from main_seeds.workflows)",
        ("check constraint",),
        id="accepted_values-check",
    ),
]


@pytest.mark.parametrize(("mart", "seed", "plant", "error"), PLANTED_INPUTS)
def test_dbt_build_of_a_mart_with_a_planted_bad_row_fails_on_the_constraint(
    writable_copy, mart, seed, plant, error
):
    """The seed the mart reads gets the bad row; `dbt run` of the mart must stop on it."""
    with duckdb.connect(str(writable_copy.database)) as con:
        con.execute(f"create or replace table main_seeds._planted_backup as select * from {seed}")
        con.execute(plant)
    try:
        run = dbt("run", "--select", mart, env=writable_copy.env, check=False)
    finally:
        with duckdb.connect(str(writable_copy.database)) as con:
            con.execute(f"delete from {seed}")
            con.execute(f"insert into {seed} select * from main_seeds._planted_backup")
            con.execute("drop table main_seeds._planted_backup")
    output = (run.stdout + run.stderr).lower()
    assert run.returncode != 0, run.stdout[-4000:]
    assert "constraint" in output and any(words in output for words in error), run.stdout[-4000:]
