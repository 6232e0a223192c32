"""ROI for the CFO: the workflow rows obey the documented rule, the QBR summary adds up, the
scenario seed's worked example reproduces, and nonsense scenario seeds stop the build."""

from __future__ import annotations

import csv
import re
import shutil

import pytest
from conftest import REPO_ROOT, dbt, isolated_env, roi
from test_data_contracts import project_copy

EVALUATION_WINDOW_DAYS = 90  # dbt_project.yml roi_evaluation_window_days


def rows(pipeline, sql: str) -> list[dict]:
    with pipeline.connect() as con:
        cursor = con.execute(sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def expected_call(row: dict) -> tuple[str, str]:
    """The rule of doc block roi_recommendation_rule, written again independently."""
    if not row["has_baseline"]:
        return "keep_measuring", "unprovable_no_baseline"
    if row["days_since_go_live"] < EVALUATION_WINDOW_DAYS:
        return "keep_measuring", "inside_evaluation_window"
    counted = []
    if row["cost_substitution_value_usd_base"] is not None:
        counted.append(row["efficiency_evidence_maturity"])
    if row["pipeline_incremental_value_usd_base"] is not None:
        counted.append(row["pipeline_evidence_maturity"])
    elif row["performance_lift_value_usd_base"] is not None:
        counted.append(row["performance_lift_evidence_maturity"])
    elif row["pre_post_value_usd_base"] is not None:
        counted.append(row["pipeline_evidence_maturity"])
    mature = all(maturity == "mature" for maturity in counted)
    if row["net_benefit_usd_low"] > 0 and mature:
        return "scale", "whole_range_positive"
    if row["net_benefit_usd_high"] < 0 and mature:
        return "kill", "whole_range_negative"
    return "keep_measuring", "evidence_immature" if not mature else "range_straddles_zero"


def test_every_workflow_has_one_row_and_the_documented_call(built_warehouse):
    workflows = {
        row["workflow_id"]
        for row in csv.DictReader((REPO_ROOT / "seeds/core/workflows.csv").open(encoding="utf-8"))
    }
    roi_rows = rows(built_warehouse, "select * from main_marts.fct_workflow_roi")
    assert {row["workflow_id"] for row in roi_rows} == workflows
    assert len(roi_rows) == len(workflows)
    for row in roi_rows:
        assert (row["recommendation"], row["recommendation_reason"]) == expected_call(row), row[
            "workflow_id"
        ]


def test_unprovable_workflow_is_flagged_not_valued(built_warehouse):
    # competitor_brief started with AI: no pre-AI logs, no A/B test, no CRM tags.
    (row,) = rows(
        built_warehouse,
        "select * from main_marts.fct_workflow_roi where workflow_id = 'competitor_brief'",
    )
    assert row["has_baseline"] is False
    assert row["total_value_usd_base"] is None and row["net_benefit_usd_base"] is None
    assert row["roi_pct_base"] is None
    assert row["total_cost_usd"] > 0  # its cost is still counted, apart
    assert row["recommendation"] == "keep_measuring"


def test_totals_use_the_strongest_method_available(built_warehouse):
    for row in rows(built_warehouse, "select * from main_marts.fct_workflow_roi"):
        if not row["has_baseline"]:
            continue
        efficiency = row["cost_substitution_value_usd_base"] or 0
        if row["pipeline_incremental_value_usd_base"] is not None:
            revenue, method = row["pipeline_incremental_value_usd_base"], "incremental_lift"
        elif row["performance_lift_value_usd_base"] is not None:
            revenue, method = row["performance_lift_value_usd_base"], "incremental_lift"
        elif row["pre_post_value_usd_base"] is not None:
            revenue, method = row["pre_post_value_usd_base"], "pre_post"
        else:
            revenue, method = 0, "none"
        assert row["revenue_method"] == method, row["workflow_id"]
        assert float(row["total_value_usd_base"]) == pytest.approx(
            float(efficiency) + float(revenue), abs=0.02
        )
        expected_cost = (
            row["licence_cost_usd_per_year"]
            + row["review_cost_usd_per_year"]
            + row["one_off_cost_usd"]
        )
        assert float(row["total_cost_usd"]) == pytest.approx(float(expected_cost), abs=0.02)


def test_qbr_summary_equals_the_sum_of_workflow_rows(built_warehouse):
    (summary,) = rows(built_warehouse, "select * from main_marts.fct_roi_summary")
    workflow_rows = rows(built_warehouse, "select * from main_marts.fct_workflow_roi")
    for column in ("total_value_usd_low", "total_value_usd_high", "net_benefit_usd_base"):
        total = sum(float(row[column]) for row in workflow_rows if row[column] is not None)
        assert float(summary[column]) == pytest.approx(total, abs=0.05), column
    assert float(summary["total_cost_usd"]) == pytest.approx(
        sum(float(row["total_cost_usd"]) for row in workflow_rows), abs=0.05
    )
    calls = [row["recommendation"] for row in workflow_rows]
    assert summary["workflows_to_scale"] == calls.count("scale")
    assert summary["workflows_to_keep_measuring"] == calls.count("keep_measuring")
    assert summary["workflows_to_kill"] == calls.count("kill")


def test_scenario_seed_worked_example(built_warehouse):
    # Seed row mql_sql_lift_15pct: 6,000 MQLs a year at 10% today, +15% relative (10%-20%):
    # 6,000 x 0.10 x 0.15 = 90 more SQLs x $8,000 = $720,000 ($480,000-$960,000); minus the
    # $24,000 investment = $696,000 in the first year.
    (row,) = rows(
        built_warehouse,
        "select * from main_marts.fct_roi_scenarios where scenario_id = 'mql_sql_lift_15pct'",
    )
    assert float(row["additional_annual_units_base"]) == pytest.approx(90)
    assert float(row["additional_annual_value_usd_low"]) == pytest.approx(480_000)
    assert float(row["additional_annual_value_usd_base"]) == pytest.approx(720_000)
    assert float(row["additional_annual_value_usd_high"]) == pytest.approx(960_000)
    assert float(row["first_year_net_value_usd_base"]) == pytest.approx(696_000)


def test_results_print_the_qbr_summary_as_ranges(built_warehouse):
    printed = roi("results", env=built_warehouse.env).stdout
    assert "QBR summary" in printed
    assert re.search(r"Total value: between -?\$[\d,]+ and -?\$[\d,]+ a year", printed)
    assert "scale" in printed and "keep measuring" in printed
    # The sample tags some leads with two workflows: the summary says how much is counted twice.
    (overlap,) = built_warehouse.query(
        "select pipeline_overlap_value_usd_base from main_marts.fct_roi_summary"
    )[0]
    assert overlap > 0
    assert re.search(r"about \$[\d,]+ of it \(base\) is counted twice, from \d+ SQLs", printed)


def test_scenario_lift_written_as_percent_fails_the_build(tmp_path):
    project = project_copy(tmp_path)
    seed = project / "seeds" / "roi" / "roi_scenarios.csv"
    text = seed.read_text(encoding="utf-8")
    # RevOps types 15 (meaning 15%) instead of 0.15.
    seed.write_text(text.replace(",0.10,0.15,0.20,", ",0.10,15,0.20,", 1), encoding="utf-8")
    env = isolated_env(tmp_path)
    (tmp_path / "warehouse").mkdir()
    env["DBT_PROFILES_DIR"] = str(project / "profiles")
    directory = ["--project-dir", str(project)]
    dbt("deps", "--quiet", *directory, env=env)
    build = dbt("build", "--select", "roi_scenarios", *directory, env=env, check=False)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert "Seed 'roi_scenarios' breaks a rule: relative_lift_base must be a ratio" in output
    assert "row scenario_id = mql_sql_lift_15pct: relative_lift_base = 15" in output
    shutil.rmtree(project)
