"""ROI for the CFO: the QBR summary, each workflow's call, and the scenario ranges."""

from __future__ import annotations

import duckdb
import pandas as pd

from ..report.formatting import usd, usd_range
from ..report.words import METHOD_WORDS, call_words, payback_words, reason_words
from ..schemas import MARTS_SCHEMA
from . import print_frame


def overlap_clause(summary: dict) -> str:
    """Say how much of the summed pipeline value is counted in more than one workflow."""
    overlap = summary.get("pipeline_overlap_value_usd_base")
    if not overlap:
        return ""
    shared = (
        f"{summary['count_sqls_in_several_workflows']} SQLs whose leads were tagged by more "
        "than one workflow"
    )
    if overlap < 0:
        return (
            f"; leads tagged by more than one workflow pull it down by about {usd(-overlap)} "
            f"(base) more than once ({shared})"
        )
    return (
        f"; about {usd(overlap)} of it (base) is counted twice, from {shared}: do not add "
        "workflows' pipeline value without taking it off"
    )


def three_year_case_lines(summary: dict) -> list[str]:
    """Finance's three-year case (fct_roi_summary), when the summary carries it."""
    npv, roi_pct = (
        summary.get("net_present_value_usd_base"),
        summary.get("risk_adjusted_roi_pct_base"),
    )
    if npv is None or npv != npv or roi_pct is None or roi_pct != roi_pct:  # missing or NaN
        return []
    return [
        "Three-year case (risk-adjusted, discounted, workflows with a baseline): NPV "
        f"{usd_range(summary['net_present_value_usd_low'], summary['net_present_value_usd_high'])}"
        f" (base {usd(summary['net_present_value_usd_base'])}); payback "
        f"{payback_words(summary['payback_months_base'])} (base); risk-adjusted ROI "
        f"{summary['risk_adjusted_roi_pct_base']:,.0f}% (base).",
    ]


def qbr_lines(summary: dict) -> list[str]:
    """The one-page summary as sentences a finance reader can quote."""
    return (
        [
            f"Evaluation date {str(summary['evaluation_date'])[:10]}: "
            f"{summary['workflows_evaluated']} "
            f"AI-assisted workflows, {summary['workflows_unprovable']} without a baseline "
            "(flagged, not valued).",
            "Efficiency (cost substitution): between "
            f"{usd(summary['cost_substitution_value_usd_low'])} and "
            f"{usd(summary['cost_substitution_value_usd_high'])} a year.",
            "Incremental lift (A/B tests and same-period cohorts): between "
            f"{usd(summary['incremental_lift_value_usd_low'])} and "
            f"{usd(summary['incremental_lift_value_usd_high'])} a year"
            f"{overlap_clause(summary)}.",
            "Total value: between "
            f"{usd(summary['total_value_usd_low'])} and {usd(summary['total_value_usd_high'])} "
            f"a year, against {usd(summary['provable_cost_usd'])} of first-year cost; net "
            f"{usd_range(summary['net_benefit_usd_low'], summary['net_benefit_usd_high'])}.",
            "Spend on workflows that cannot prove a return yet: "
            f"{usd(summary['unprovable_cost_usd'])}.",
        ]
        + three_year_case_lines(summary)
        + [
            f"Calls: {summary['workflows_to_scale']} scale, "
            f"{summary['workflows_to_keep_measuring']} keep measuring, "
            f"{summary['workflows_to_kill']} kill.",
        ]
    )


def calls_in_words(calls: pd.DataFrame) -> pd.DataFrame:
    """fct_workflow_roi's call columns as a reader reads them: payback in words (never 0.0),
    the call and its reason in words; the columns the words were made from are dropped."""
    if calls.empty:
        return calls
    worded = calls.copy()
    worded["revenue_method"] = calls["revenue_method"].map(METHOD_WORDS).fillna("-")
    worded["payback"] = [payback_words(months) for months in calls["payback"]]
    worded["call"] = [call_words(call) for call in calls["call"]]
    worded["why"] = [reason_words(row) for row in calls.to_dict("records")]
    return worded.drop(
        columns=[
            "recommendation_reason",
            "workflow_id",
            "efficiency_evidence_maturity",
            "performance_lift_evidence_maturity",
            "pipeline_evidence_maturity",
            "days_since_go_live",
        ]
    )


def print_results(con: duckdb.DuckDBPyConnection) -> None:
    from . import not_measured_lines

    summary = con.execute(f"select * from {MARTS_SCHEMA}.fct_roi_summary").df()
    print("\nQBR summary: what AI-assisted workflows are worth (fct_roi_summary)")
    for line in not_measured_lines(con).values():
        print(f"  {line}")
    if summary.empty:
        print("  No evaluation yet: nothing has been landed to date it.")
    for row in summary.to_dict("records"):
        for line in qbr_lines(row):
            print(f"  {line}")
    calls = con.execute(
        f"""
        select
            workflow_name as workflow,
            revenue_method,
            total_value_usd_low as value_low,
            total_value_usd_base as value_base,
            total_value_usd_high as value_high,
            total_cost_usd as cost,
            roi_pct_base as roi_pct,
            payback_months_base as payback,
            recommendation as call,
            recommendation_reason,
            workflow_id,
            efficiency_evidence_maturity,
            performance_lift_evidence_maturity,
            pipeline_evidence_maturity,
            days_since_go_live
        from {MARTS_SCHEMA}.fct_workflow_roi
        order by net_benefit_usd_base desc nulls last
        """
    ).df()
    print_frame(
        "Per workflow: value a year (low/base/high), first-year cost and the call",
        calls_in_words(calls),
    )
    scenarios = con.execute(
        f"""
        select
            scenario_id,
            baseline_source,
            additional_annual_value_usd_low as value_low,
            additional_annual_value_usd_base as value_base,
            additional_annual_value_usd_high as value_high,
            additional_investment_usd as investment
        from {MARTS_SCHEMA}.fct_roi_scenarios
        order by scenario_id
        """
    ).df()
    print_frame("Scenarios: additional value a year if ... (fct_roi_scenarios)", scenarios)
