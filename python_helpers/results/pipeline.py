"""Pipeline outcomes: MQL->SQL lift of AI-assisted leads, sales cycle, attributed pipeline."""

from __future__ import annotations

import duckdb

from ..schemas import MARTS_SCHEMA
from . import print_frame


def print_results(con: duckdb.DuckDBPyConnection) -> None:
    cohorts = con.execute(
        f"""
        select
            cohort_type,
            coalesce(workflow_id, '(all)') as workflow_id,
            count_mqls as mqls,
            round(sql_rate, 4) as sql_rate,
            round(comparison_sql_rate, 4) as untagged_rate,
            round(incremental_sqls, 1) as incremental_sqls,
            incremental_pipeline_usd_base
        from {MARTS_SCHEMA}.fct_mql_sql_lift_over_mature_months
        order by cohort_type, workflow_id
        """
    ).df()
    print_frame(
        "Pipeline: MQL->SQL of AI-assisted vs untagged MQLs of the same months "
        "(mature cohorts; incremental-lift method)",
        cohorts,
    )
    value = con.execute(
        f"""
        select
            workflow_id,
            evidence_maturity,
            months_observed,
            ai_mqls,
            round(incremental_sqls, 1) as incremental_sqls,
            round(incremental_value_usd_low) as incremental_low,
            round(incremental_value_usd_base) as incremental_base,
            round(incremental_value_usd_high) as incremental_high,
            round(pre_post_value_usd_base) as pre_post_base_weaker,
            round(ai_attributed_pipeline_usd) as attributed_usd,
            attribution_model
        from {MARTS_SCHEMA}.fct_pipeline_value_by_workflow
        order by workflow_id
        """
    ).df()
    print_frame("Pipeline value per workflow, USD a year (incremental vs pre/post)", value)
    cycle = con.execute(
        f"""
        select
            scoring_method,
            count_mqls as mqls,
            count_sqls as sqls,
            round(mean_median_days_mql_to_sql, 1) as median_days_mql_to_sql,
            round(mean_median_days_sql_to_close, 1) as median_days_sql_to_close
        from {MARTS_SCHEMA}.fct_sales_cycle_since_ai_scoring
        order by scoring_method
        """
    ).df()
    print_frame("Sales cycle since AI scoring went live (mean of monthly medians, days)", cycle)
    attribution = con.execute(
        f"""
        select
            attribution_model,
            round(ai_attributed_pipeline_usd) as ai_attributed_usd,
            round(total_pipeline_usd) as total_pipeline_usd,
            round(ai_pipeline_share, 4) as ai_share
        from {MARTS_SCHEMA}.fct_pipeline_attribution_by_model
        order by attribution_model
        """
    ).df()
    print_frame("Pipeline attributed to AI-assisted touchpoints, by attribution model", attribution)
