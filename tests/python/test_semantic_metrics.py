"""The semantic layer's lift, pipeline and ROI metrics give the numbers the marts hold.

`mf query` over the session's built warehouse, compared with sums computed here straight from
the marts (the figures the dashboard and the QBR summary print).
"""

from __future__ import annotations

import pytest
from conftest import Pipeline
from test_semantic_layer import MetricFlow

from python_helpers.docs_site import metricflow_env, prepare_metricflow_project

METRICS = [
    "ai_variant_ctr",
    "control_variant_ctr",
    "ctr_lift_relative",
    "ab_additional_clicks",
    "incremental_sqls",
    "incremental_pipeline_usd_base",
    "ai_attributed_pipeline_usd",
    "net_benefit_usd",
    "net_roi_pct",
    "net_present_value_usd",
    "benefit_present_value_usd",
    "cost_present_value_usd",
    "risk_adjusted_roi_pct",
]


@pytest.fixture(scope="module")
def answers(built_warehouse: Pipeline, tmp_path_factory) -> dict[str, float]:
    workdir = prepare_metricflow_project(tmp_path_factory.mktemp("mf"), env=built_warehouse.env)
    metricflow = MetricFlow(workdir, metricflow_env(workdir, built_warehouse.env))
    (row,) = metricflow.query(METRICS, [], workdir / "answers.csv")
    return {name: float(row[name]) for name in METRICS}


def one(pipeline: Pipeline, sql: str) -> float:
    ((value,),) = pipeline.query(sql)
    return float(value)


def test_ctr_metrics_pool_the_ab_test_arms(built_warehouse, answers):
    ai = one(
        built_warehouse,
        "select sum(clicks_ai) * 1.0 / sum(delivered_ai) from main_marts.fct_ab_test_results",
    )
    control = one(
        built_warehouse,
        "select sum(clicks_control) * 1.0 / sum(delivered_control) "
        "from main_marts.fct_ab_test_results",
    )
    assert answers["ai_variant_ctr"] == pytest.approx(ai, rel=1e-9)
    assert answers["control_variant_ctr"] == pytest.approx(control, rel=1e-9)
    assert answers["ctr_lift_relative"] == pytest.approx(ai / control - 1, rel=1e-9)
    assert answers["ab_additional_clicks"] == pytest.approx(
        one(built_warehouse, "select sum(additional_clicks) from main_marts.fct_ab_test_results"),
        rel=1e-9,
    )


def test_incremental_sqls_count_mature_per_workflow_cohorts_only(built_warehouse, answers):
    where = "where cohort_type = 'ai_assisted' and is_mature"
    assert answers["incremental_sqls"] == pytest.approx(
        one(
            built_warehouse,
            f"select sum(incremental_sqls) from main_marts.fct_mql_sql_cohorts {where}",
        ),
        rel=1e-9,
    )
    assert answers["incremental_pipeline_usd_base"] == pytest.approx(
        one(
            built_warehouse,
            "select sum(incremental_pipeline_usd_base) "
            f"from main_marts.fct_mql_sql_cohorts {where}",
        ),
        abs=0.01,
    )


def test_attributed_pipeline_uses_the_default_model(built_warehouse, answers):
    assert answers["ai_attributed_pipeline_usd"] == pytest.approx(
        one(
            built_warehouse,
            "select sum(ai_attributed_pipeline_usd) from main_marts.fct_ai_attributed_pipeline "
            "where is_default_model",
        ),
        abs=0.01,
    )


def test_net_benefit_and_roi_match_the_qbr_summary(built_warehouse, answers):
    net, roi_pct = built_warehouse.query(
        "select net_benefit_usd_base, roi_pct_base from main_marts.fct_roi_summary"
    )[0]
    assert answers["net_benefit_usd"] == pytest.approx(float(net), abs=0.01)
    assert answers["net_roi_pct"] == pytest.approx(float(roi_pct), abs=0.01)


def test_three_year_case_metrics_match_the_qbr_summary(built_warehouse, answers):
    npv, benefits, costs, roi_pct = built_warehouse.query(
        "select net_present_value_usd_base, benefit_present_value_usd_base, "
        "provable_cost_present_value_usd, risk_adjusted_roi_pct_base "
        "from main_marts.fct_roi_summary"
    )[0]
    # The metrics add the workflows' NPVs (each rounded to the cent); the summary adds their
    # years first and rounds once: a few cents apart at most.
    assert answers["net_present_value_usd"] == pytest.approx(float(npv), abs=0.05)
    assert answers["benefit_present_value_usd"] == pytest.approx(float(benefits), abs=0.05)
    assert answers["cost_present_value_usd"] == pytest.approx(float(costs), abs=0.05)
    assert answers["risk_adjusted_roi_pct"] == pytest.approx(float(roi_pct), abs=0.01)
