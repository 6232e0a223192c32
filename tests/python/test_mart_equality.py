"""Every mart holds the same rows as the committed snapshot, at a fixed sample and seed.

The snapshot (tests/fixtures/mart_snapshot/, one CSV per mart) was written from the marts as they
stood before the workflow-economics spine and the range renames (issue 15 items 1 and 2). A
refactor that only moves a formula or renames a column must leave every number where it was:
the snapshot's columns are renamed with `RENAMED_COLUMNS` and every one of them must hold the
same values, row for row, in today's mart. Columns a mart gains are not compared (nothing was
there before); a mart the snapshot lacks is not compared either.

When numbers change on purpose (a new statistic, a corrected formula), write the snapshot again
from the new code and say why in the commit:

    ROI_WRITE_MART_SNAPSHOT=1 .venv/bin/python -m pytest tests/python/test_mart_equality.py -q

Values are compared as the marts store them (contracts round each column to its declared
scale): decimals and text exactly, doubles to 1e-9 relative (the CSV keeps repr's 17 digits).

Cost: one generate, load and `dbt build` of seeds and models at scale 0.1 (no data tests).
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, dbt, dbt_deps, isolated_env, roi

LIMIT = 10
SCALE = "0.1"
SEED = "42"
SNAPSHOT = REPO_ROOT / "tests" / "fixtures" / "mart_snapshot"
WRITE = os.environ.get("ROI_WRITE_MART_SNAPSHOT") == "1"

# Issue 15 item 2: the suffix _low / _base / _high is always last; `pre_post` is the one
# spelling of the method. {mart: {column in the snapshot: column today}}.
RENAMED_COLUMNS: dict[str, dict[str, str]] = {
    "fct_workflow_time_savings": {"annual_savings_usd": "annual_savings_usd_base"},
    "fct_ab_test_results": {"pipeline_value_usd": "pipeline_value_usd_base"},
    "fct_mql_sql_cohorts": {
        "incremental_pipeline_usd": "incremental_pipeline_usd_base",
        "prepost_period_days": "pre_post_period_days",
        "prepost_pre_sql_rate": "pre_post_pre_sql_rate",
        "prepost_post_sql_rate": "pre_post_post_sql_rate",
        "prepost_absolute_lift": "pre_post_absolute_lift",
    },
}

# Columns a mart no longer has, and why. {mart: {column: why}}.
REMOVED_COLUMNS: dict[str, dict[str, str]] = {
    "dim_roles": {
        "loaded_hourly_rate_usd": "the loaded-rate formula has one home, int_workflow_economics; "
        "marts publish the rate per workflow (fct_workflow_time_savings.loaded_hourly_rate_usd)",
    },
}

# Numbers changed on purpose, cell by cell: {(mart, first column's value, column): (before, now)}.
# Issue 15 item 1: review time is a cost everywhere, never hours deducted from the saving.
# fct_roi_scenarios' hours_saved lever took hours saved net of review as its baseline, so a lift
# also scaled the review (webinar high: 40 runs x 10% x 0.5 h x $75 = $150 too little); now the
# baseline is the gross saving and the additional runs' review is a cost
# (additional_review_cost_usd_per_year). With no lift the net is unchanged (first_year_net_*_low).
# fct_workflow_priorities ranks by value net of review (webinar $41,172.95 - $750 now above
# monthly reports $41,538.32 - $3,825), and its annual hours are the spine's (unrounded hours x
# runs, as fct_workflow_time_savings: 488.686154), no longer a 6-decimal hours figure x runs.
SCENARIO_REVIEW = "fct_roi_scenarios"
CHANGED_CELLS: dict[tuple[str, str, str], tuple[str, str]] = {
    (SCENARIO_REVIEW, "client_reports_full_adoption", "baseline_rate"): (
        "2.464923",
        "2.7149230769",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_units_low"): (
        "88.737228",
        "97.737231",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_value_usd_low"): (
        "7542.66",
        "8307.66",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_units_base"): (
        "141.979565",
        "156.379569",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_value_usd_base"): (
        "12068.26",
        "13292.26",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "first_year_net_value_usd_base"): (
        "7068.26",
        "7527.26",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_units_high"): (
        "195.221902",
        "215.021908",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "additional_annual_value_usd_high"): (
        "16593.86",
        "18276.86",
    ),
    (SCENARIO_REVIEW, "client_reports_full_adoption", "first_year_net_value_usd_high"): (
        "11593.86",
        "12511.86",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "baseline_rate"): ("5.6425", "6.1425"),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_units_low"): ("112.85", "122.85"),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_value_usd_low"): (
        "8463.75",
        "9213.75",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_units_base"): (
        "112.85",
        "122.85",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_value_usd_base"): (
        "8463.75",
        "9213.75",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_units_high"): (
        "135.42",
        "147.42",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "additional_annual_value_usd_high"): (
        "10156.50",
        "11056.50",
    ),
    (SCENARIO_REVIEW, "webinar_double_volume", "first_year_net_value_usd_high"): (
        "7156.50",
        "7306.50",
    ),
    ("fct_workflow_priorities", "monthly_client_report", "priority_rank"): ("3", "4"),
    ("fct_workflow_priorities", "webinar_email_sequence", "priority_rank"): ("4", "3"),
    ("fct_workflow_priorities", "monthly_client_report", "annual_hours_saved"): (
        "488.68614",
        "488.686154",
    ),
    ("fct_workflow_priorities", "subject_line_testing", "annual_hours_saved"): (
        "49.763328",
        "49.763333",
    ),
}

pytestmark = pytest.mark.slow


def cell(value: object) -> str:
    """One stored value as text: repr for doubles (round-trips), str otherwise, '' for null."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def export_marts(database: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """{mart: (columns, rows as text)} for every mart table."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like '%marts' and table_type = 'BASE TABLE' order by 2"
        ).fetchall()
        marts = {}
        for schema, table in tables:
            result = con.execute(f'select * from "{schema}"."{table}"')
            columns = [description[0] for description in result.description]
            rows = sorted([cell(value) for value in row] for row in result.fetchall())
            marts[table] = (columns, rows)
        return marts


def write_snapshot(marts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
    SNAPSHOT.mkdir(parents=True, exist_ok=True)
    for old in SNAPSHOT.glob("*.csv"):
        old.unlink()
    for mart, (columns, rows) in marts.items():
        with (SNAPSHOT / f"{mart}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)


def read_snapshot() -> dict[str, tuple[list[str], list[list[str]]]]:
    marts = {}
    for path in sorted(SNAPSHOT.glob("*.csv")):
        with path.open(newline="") as handle:
            header, *rows = list(csv.reader(handle))
        marts[path.stem] = (header, rows)
    return marts


def same_value(before: str, after: str) -> bool:
    if before == after:
        return True
    try:
        old, new = float(before), float(after)
    except ValueError:
        return False
    return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)


def projected(columns: list[str], rows: list[list[str]], keep: list[str]) -> list[tuple]:
    """The rows restricted to `keep` (in that order), sorted."""
    positions = [columns.index(column) for column in keep]
    return sorted(tuple(row[position] for position in positions) for row in rows)


def differences(
    mart: str,
    before: tuple[list[str], list[list[str]]],
    after: tuple[list[str], list[list[str]]],
    changed: dict[tuple[str, str, str], tuple[str, str]] | None = None,
) -> list[str]:
    """What differs between the snapshot's rows and today's, in the snapshot's columns.

    A cell listed in `changed` must hold exactly its declared new value where it held the
    declared old one; every other cell must hold what it held.
    """
    changed = CHANGED_CELLS if changed is None else changed
    renames = RENAMED_COLUMNS.get(mart, {})
    removed = REMOVED_COLUMNS.get(mart, {})
    old_columns, old_rows = before
    new_columns, new_rows = after
    kept = [column for column in old_columns if column not in removed]
    renamed = [renames.get(column, column) for column in kept]
    missing = [column for column in renamed if column not in new_columns]
    if missing:
        return [f"{mart}: columns gone (or renamed without an entry in RENAMED_COLUMNS): {missing}"]
    if len(old_rows) != len(new_rows):
        return [f"{mart}: {len(old_rows)} rows in the snapshot, {len(new_rows)} today"]
    old_sorted = projected(old_columns, old_rows, kept)
    new_sorted = projected(new_columns, new_rows, renamed)
    found = []
    for old_row, new_row in zip(old_sorted, new_sorted, strict=True):
        for column, old, new in zip(renamed, old_row, new_row, strict=True):
            declared = changed.get((mart, old_row[0], column))
            if declared is not None:
                if (old, new) != declared:
                    found.append(
                        f"{mart}.{column} ({old_row[0]}): declared {declared[0]!r} -> "
                        f"{declared[1]!r}, found {old!r} -> {new!r}"
                    )
            elif not same_value(old, new):
                found.append(f"{mart}.{column}: {old!r} before, {new!r} now (row {old_row[:3]})")
    return found[:LIMIT]


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("mart_equality")
    env = isolated_env(root)
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    roi("load", env=env)
    dbt_deps(env)
    dbt("build", "--resource-type", "seed", "model", env=env)
    database = Path(env["ROI_DUCKDB_PATH"])
    return {"database": database, **export_marts(database)}


def test_every_mart_holds_the_snapshot_rows(marts):
    marts = {name: rows for name, rows in marts.items() if name != "database"}
    if WRITE:
        write_snapshot(marts)
        pytest.skip(f"snapshot written to {SNAPSHOT}")
    snapshot = read_snapshot()
    assert "fct_workflow_roi" in snapshot, "no snapshot: write it (see the module docstring)"
    gone = sorted(set(snapshot) - set(marts))
    assert gone == [], f"marts in the snapshot that are no longer built: {gone}"
    found = [line for mart in snapshot for line in differences(mart, snapshot[mart], marts[mart])]
    assert found == [], "marts differ from the snapshot:\n" + "\n".join(found)


def test_the_comparison_sees_a_changed_cent():
    """The check can fail: one cent more in one cell is a difference."""
    before = (["workflow_id", "total_cost_usd"], [["a", "100.00"], ["b", "5.00"]])
    after = (["workflow_id", "total_cost_usd"], [["b", "5.00"], ["a", "100.01"]])
    assert differences("fct_x", before, after) == [
        "fct_x.total_cost_usd: '100.00' before, '100.01' now (row ('a', '100.00'))"
    ]
    assert differences("fct_x", before, (after[0], [["b", "5.00"], ["a", "100.0"]])) == []


def test_a_declared_change_must_be_the_declared_one():
    before = (["workflow_id", "priority_rank"], [["a", "3"], ["b", "4"]])
    after = (["workflow_id", "priority_rank"], [["a", "4"], ["b", "4"]])
    declared = {("fct_x", "a", "priority_rank"): ("3", "4")}
    assert differences("fct_x", before, after, declared) == []
    assert differences("fct_x", before, (after[0], [["a", "5"], ["b", "4"]]), declared) == [
        "fct_x.priority_rank (a): declared '3' -> '4', found '3' -> '5'"
    ]


def test_a_rename_must_be_declared(monkeypatch):
    before = (["lift_value_low_usd"], [["1.5"]])
    after = (["lift_value_usd_low"], [["1.5"]])
    assert "columns gone" in differences("fct_x", before, after)[0]
    monkeypatch.setitem(RENAMED_COLUMNS, "fct_x", {"lift_value_low_usd": "lift_value_usd_low"})
    assert differences("fct_x", before, after) == []


def test_the_benchmark_floor_finds_the_same_annual_hours(marts):
    """The hand-written floor (python_helpers/devtools/benchmark_floor.sql) computes hours saved
    a year from the raw tables with none of dbt's layers: per workflow it must agree with the
    spine's figure as fct_workflow_time_savings publishes it (6 decimals)."""
    from python_helpers.devtools.benchmark import run_floor

    _, results = run_floor(marts["database"])
    floor = {row[0]: row[3] for row in results["hours_saved_per_workflow"]}
    columns, rows = marts["fct_workflow_time_savings"]
    published = {
        row[columns.index("workflow_id")]: row[columns.index("annual_hours_saved")] for row in rows
    }
    assert any(value for value in published.values()), "no workflow with hours saved"
    for workflow_id, hours in published.items():
        expected = None if floor.get(workflow_id) is None else round(floor[workflow_id], 6)
        assert (float(hours) if hours else None) == pytest.approx(expected, abs=1e-6), workflow_id
