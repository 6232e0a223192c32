"""Performance lift: AI vs human email A/B tests, their significance and pipeline value."""

from __future__ import annotations

import duckdb

from ..schemas import MARTS_SCHEMA
from . import print_frame


def print_results(con: duckdb.DuckDBPyConnection) -> None:
    tests = con.execute(
        f"""
        select
            ab_test_id,
            workflow_id,
            delivered_control + delivered_ai as delivered,
            round(100 * control_ctr, 2) as control_ctr_pct,
            round(100 * ai_ctr, 2) as ai_ctr_pct,
            round(100 * ctr_lift_relative, 1) as lift_pct,
            round(100 * ctr_lift_relative_low, 1) as lift_low_pct,
            round(100 * ctr_lift_relative_high, 1) as lift_high_pct,
            round(100 * ctr_lift_relative_seq_low, 1) as seq_low_pct,
            round(100 * ctr_lift_relative_seq_high, 1) as seq_high_pct,
            holm_adjusted_p_value as p_holm,
            round(100 * chance_ai_beats_control, 1) as chance_ai_wins_pct,
            is_running as running,
            is_significant as significant,
            is_significant_sequential as significant_seq,
            has_sample_ratio_mismatch as srm,
            round(additional_clicks, 0) as extra_clicks,
            round(pipeline_value_usd_low, 0) as usd_low,
            round(pipeline_value_usd_base, 0) as usd_base,
            round(pipeline_value_usd_high, 0) as usd_high,
            evidence_maturity
        from {MARTS_SCHEMA}.fct_ab_test_results
        order by workflow_id, start_date
        """
    ).df()
    print_frame(
        "Performance lift: AI vs human email A/B tests (CTR = unique human clicks / delivered; "
        "unpooled z, Holm across a workflow's tests; seq = always-valid interval, used while a "
        "test runs; chance_ai_wins_pct = chance the AI copy gets more clicks)",
        tests,
    )
    workflows = con.execute(
        f"""
        select
            workflow_id,
            n_tests,
            n_significant_tests,
            round(weeks_observed, 1) as weeks,
            round(additional_clicks_annualised, 0) as extra_clicks_a_year,
            lift_value_usd_low as usd_low,
            lift_value_usd_base as usd_base,
            lift_value_usd_high as usd_high,
            evidence_maturity
        from {MARTS_SCHEMA}.fct_performance_lift_value_by_workflow
        order by lift_value_usd_base desc
        """
    ).df()
    print_frame(
        "Performance lift per workflow: annualised pipeline value of the significant lifts",
        workflows,
    )
