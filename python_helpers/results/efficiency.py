"""Automation efficiency: hours and dollars saved per workflow."""

from __future__ import annotations

import duckdb

from ..schemas import MARTS_SCHEMA
from . import print_frame


def print_results(con: duckdb.DuckDBPyConnection) -> None:
    frame = con.execute(
        f"""
        select
            workflow_id,
            evidence_maturity,
            count_baseline_tasks as baseline_tasks,
            count_ai_tasks as ai_tasks,
            round(baseline_hours_per_task, 2) as baseline_h,
            round(ai_hours_per_task, 2) as ai_h,
            round(annual_hours_saved, 1) as hours_saved_a_year,
            annual_savings_usd_low as usd_low,
            annual_savings_usd_base as usd_base,
            annual_savings_usd_high as usd_high,
            round(headcount_equivalent, 3) as headcount
        from {MARTS_SCHEMA}.fct_workflow_time_savings
        order by annual_savings_usd_base desc nulls last
        """
    ).df()
    print_frame("Automation efficiency: hours and dollars saved a year, per workflow", frame)
