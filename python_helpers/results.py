"""Print the headline results from the marts (read-only connection: never blocks a build)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

EFFICIENCY_COLUMNS = [
    "workflow_id",
    "has_baseline",
    "count_baseline_tasks",
    "count_ai_tasks",
    "baseline_hours_per_task",
    "ai_hours_per_task",
    "annual_hours_saved",
    "annual_savings_usd_low",
    "annual_savings_usd",
    "annual_savings_usd_high",
    "headcount_equivalent",
]


def read_mart(database: Path, relation: str, columns: list[str] | None = None) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as con:
        selected = ", ".join(columns) if columns else "*"
        return con.execute(f"select {selected} from {relation}").df()


def print_results(database: Path) -> None:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    frame = read_mart(database, "main_marts.fct_workflow_time_savings", EFFICIENCY_COLUMNS)
    print("\nAutomation efficiency: hours and dollars saved per workflow (a year)")
    print(frame.sort_values("annual_savings_usd", ascending=False).round(2).to_string(index=False))
