"""Contract constraints replace the data tests that repeated them (issue 18, decision 1).

DuckDB and PostgreSQL enforce a contracted table's not_null, primary key (unique) and check
constraints when dbt builds it, so no not_null / unique / unique_combination_of_columns /
accepted_values data test repeats one: a repeated test is a node that costs a query and can never
fail. These tests prove each of those rules still holds:

- every constraint of every contracted table is in the built warehouse and refuses a planted
  violation (a null, a repeated key, a value outside the accepted list) on a writable copy;
- every row-level rule across a mart's columns (a range ordered low <= base <= high, a count that
  adds up, "no baseline: never valued") is a named model-level check constraint, not a
  dbt_utils.expression_is_true test; each one refuses a row planted to break it, while the same
  row without the break is accepted (so it is that rule, not another one, that refuses it);
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
            # A row-level rule on a contracted table is a check constraint (a rule over several
            # rows cannot be written with expression_is_true).
            or name == "expression_is_true"
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
        if kind == "check" and columns:  # model-level checks: PLANTED_RULE_BREAKS below
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


def _ordered(prefix: str) -> list[str]:
    """A range that holds: low 1 <= base 2 <= high 3."""
    return [f"1 as {prefix}_low", f"2 as {prefix}_base", f"3 as {prefix}_high"]


def _low_above_base(prefix: str) -> list[str]:
    return [f"4 as {prefix}_low"]


# Each model-level check constraint (by mart and constraint name): the replacements that make a
# copied row satisfy the rule's premise while holding it (the control row, accepted), and the
# replacements that then break it (refused). Values are hand-picked, never read from the mart.
PLANTED_RULE_BREAKS: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    ("fct_roi_summary", "calls_add_up_to_workflows_evaluated"): (
        [
            "1 as workflows_to_scale",
            "2 as workflows_to_keep_measuring",
            "3 as workflows_to_kill",
            "6 as workflows_evaluated",
        ],
        ["7 as workflows_evaluated"],
    ),
    ("fct_roi_summary", "total_value_range_is_ordered"): (
        _ordered("total_value_usd"),
        _low_above_base("total_value_usd"),
    ),
    ("fct_roi_summary", "present_value_ranges_are_ordered"): (
        [*_ordered("benefit_present_value_usd"), *_ordered("net_present_value_usd")],
        ["4 as net_present_value_usd_base"],  # base above high
    ),
    ("fct_roi_scenarios", "additional_value_range_is_ordered"): (
        ["'seed' as baseline_source", *_ordered("additional_annual_value_usd")],
        _low_above_base("additional_annual_value_usd"),
    ),
    ("fct_workflow_npv", "present_value_ranges_are_ordered"): (
        [
            "true as has_baseline",
            *_ordered("benefit_present_value_usd"),
            *_ordered("net_present_value_usd"),
        ],
        ["4 as net_present_value_usd_base"],  # base above high
    ),
    ("fct_workflow_npv", "payback_range_is_ordered"): (
        # a better case pays back sooner: high 1 <= base 2 <= low 3 months
        [
            "true as has_baseline",
            "1 as payback_months_high",
            "2 as payback_months_base",
            "3 as payback_months_low",
        ],
        ["1 as payback_months_low"],
    ),
    ("fct_workflow_npv", "no_baseline_is_never_valued"): (
        [
            "false as has_baseline",
            "null as net_present_value_usd_base",
            "null as benefit_present_value_usd_base",
        ],
        ["100 as net_present_value_usd_base"],
    ),
    ("fct_workflow_roi", "total_value_range_is_ordered"): (
        ["true as has_baseline", *_ordered("total_value_usd")],
        _low_above_base("total_value_usd"),
    ),
    ("fct_workflow_roi", "no_baseline_is_never_valued"): (
        [
            "false as has_baseline",
            "null as total_value_usd_base",
            "null as net_benefit_usd_base",
            "'keep_measuring' as recommendation",
        ],
        ["'scale' as recommendation"],
    ),
    ("fct_workflow_roi", "keep_measuring_inside_evaluation_window"): (
        ["true as has_baseline", "0 as days_since_go_live", "'keep_measuring' as recommendation"],
        ["'kill' as recommendation"],
    ),
    ("fct_evidence_timeline", "mature_date_only_when_projected"): (
        ["'projected' as projection_status", "date '2027-03-01' as projected_mature_date"],
        ["null as projected_mature_date"],
    ),
    ("fct_workflow_cash_flows", "cash_flow_ranges_are_ordered"): (
        ["true as has_baseline", *_ordered("benefit_usd"), *_ordered("net_cash_flow_usd")],
        _low_above_base("benefit_usd"),
    ),
    ("fct_workflow_cash_flows", "no_baseline_is_never_valued"): (
        ["false as has_baseline", "null as benefit_usd_base", "null as net_cash_flow_usd_base"],
        ["100 as benefit_usd_base"],
    ),
    ("fct_workflow_time_savings", "annual_savings_range_is_ordered"): (
        _ordered("annual_savings_usd"),
        _low_above_base("annual_savings_usd"),
    ),
    ("fct_workflow_time_savings", "no_baseline_saves_no_hours"): (
        ["false as has_baseline", "null as hours_saved_per_task"],
        ["0.5 as hours_saved_per_task"],
    ),
    ("fct_mql_sql_cohorts", "incremental_pipeline_range_is_ordered"): (
        _ordered("incremental_pipeline_usd"),
        _low_above_base("incremental_pipeline_usd"),
    ),
    ("fct_mql_sql_cohorts", "sqls_never_exceed_mqls"): (
        ["5 as count_mqls", "5 as count_sqls"],
        ["6 as count_sqls"],
    ),
    ("fct_ab_test_results", "pipeline_value_range_is_ordered"): (
        _ordered("pipeline_value_usd"),
        _low_above_base("pipeline_value_usd"),
    ),
}


def _model_level_checks(manifest: dict) -> dict[tuple[str, str], tuple[dict, str]]:
    """(mart, constraint name) -> (node, expression) of every model-level check constraint."""
    return {
        (node["name"], constraint.get("name") or ""): (node, constraint["expression"])
        for node in _contracted_tables(manifest)
        for constraint in node.get("constraints") or []
        if constraint["type"] == "check"
    }


def _new_key(node: dict) -> str:
    """A replacement for the first key column that no built row holds (the copy is a new row)."""
    key = next(
        constraint["columns"][0]
        for constraint in node.get("constraints") or []
        if constraint["type"] == "primary_key"
    )
    data_type = (node["columns"][key].get("data_type") or "").lower()
    if data_type == "date":
        return f"{key} + 36500 as {key}"
    if data_type in ("integer", "bigint"):
        return f"{key} + 1000000 as {key}"
    return f"'planted_' || {key} as {key}"


def test_every_model_level_check_has_a_planted_break(built_warehouse):
    """A named check constraint without a planted break would be an untested rule; a planted break
    of a rule that is gone means the rule went without anyone deciding it."""
    checks = _model_level_checks(_manifest(built_warehouse))
    assert all(name for _, name in checks), "model-level check constraints are named: " + str(
        [mart for mart, name in checks if not name]
    )
    assert sorted(checks) == sorted(PLANTED_RULE_BREAKS)


def test_every_row_level_rule_refuses_a_row_planted_to_break_it(writable_copy):
    """The former expression_is_true tests: the control row (premise true, rule held) goes in;
    the same row with the rule broken is refused by a CHECK constraint."""
    checks = _model_level_checks(_manifest(writable_copy))
    accepted, refused_controls, refused = [], [], []
    with duckdb.connect(str(writable_copy.database)) as con:
        for (mart, name), (control, breaks) in PLANTED_RULE_BREAKS.items():
            node, expression = checks[(mart, name)]
            relation = _relation(node)
            assert con.execute(f"select count(*) from {relation}").fetchone()[0] > 0, relation
            held = [_new_key(node), *control]
            # the breaks replace some of the control's columns (one replacement per column)
            broken_columns = {b.rsplit(" as ", 1)[1] for b in breaks}
            broken = [r for r in held if r.rsplit(" as ", 1)[1] not in broken_columns] + breaks
            for replacements, expect_refusal in ((held, False), (broken, True)):
                insert = (
                    f"insert into {relation} select * replace ({', '.join(replacements)}) "
                    f"from {relation} limit 1"
                )
                con.execute("begin transaction")
                try:
                    con.execute(insert)
                    if expect_refusal:
                        accepted.append(f"{mart}.{name}: {expression}")
                except duckdb.ConstraintException as error:
                    if not expect_refusal:
                        refused_controls.append(f"{mart}.{name}: {error}")
                    elif "check constraint" in str(error).lower():
                        refused.append(name)
                    else:
                        accepted.append(f"{mart}.{name} refused by another rule: {error}")
                finally:
                    con.execute("rollback")
    assert refused_controls == [], "control rows refused (fix the plant): " + "; ".join(
        refused_controls
    )
    assert accepted == [], "rules that let a planted break in: " + "; ".join(accepted)
    # The 17 former expression_is_true tests and the portfolio's present-value ranges.
    assert len(refused) == len(PLANTED_RULE_BREAKS) == 18
