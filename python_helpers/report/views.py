"""The dashboard's views. Each builder takes a read-only connection and returns a View."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .empty_state import add_empty_state, add_empty_state_if_unmeasured, not_measured
from .evidence import add_evidence_timeline
from .formatting import number, usd, usd_range
from .section import View, read
from .summary import add_qbr_summary
from .words import named, workflow_names

MATURITY_LABELS = {
    "mature": "mature",
    "immature": "immature (too few tasks)",
    "unprovable_no_baseline": "unprovable: no baseline",
    "no_ai_tasks_yet": "no AI tasks yet",
}


def paid_hours(annual_hours: pd.Series) -> str:
    """The owner roles' paid hours a year as the mart holds them: one figure, or a span."""
    hours = sorted({int(value) for value in annual_hours.dropna()})
    if not hours:
        return "the role's"
    if len(hours) == 1:
        return number(hours[0], 0)
    return f"{number(hours[0], 0)}-{number(hours[-1], 0)}"


def summary_view(con: duckdb.DuckDBPyConnection) -> View:
    view = View("summary", "QBR summary", "the QBR: all three dimensions at once")
    for row in not_measured(con).values():
        add_empty_state(view, row)
    if add_qbr_summary(view, con):
        add_evidence_timeline(view, con)
        return view
    efficiency = read(con, "fct_time_savings_summary")
    kpis = []
    if efficiency is not None and not efficiency.empty:
        totals = efficiency.to_dict("records")[0]
        kpis.append(
            (
                "Efficiency: annual savings",
                usd_range(totals["annual_savings_usd_low"], totals["annual_savings_usd_high"]),
                f"cost substitution; {number(totals['annual_hours_saved'], 0)} hours a year "
                f"across {totals['count_workflows_valued']} workflows",
            )
        )
        kpis.append(
            (
                "Workflows without a baseline",
                str(totals["count_workflows_without_baseline"]),
                "flagged unprovable, not valued: log pre-AI time before go-live",
            )
        )
    if kpis:
        view.add_kpis(kpis)
        add_evidence_timeline(view, con)
    else:
        view.add_note("No marts built yet: run `roi build`.")
    return view


def efficiency_view(con: duckdb.DuckDBPyConnection) -> View:
    view = View("efficiency", "Efficiency", "operations: hours saved and what they are worth")
    frame = read(con, "fct_workflow_time_savings")
    if frame is None:
        view.add_note("fct_workflow_time_savings is not built yet.")
        return view
    if add_empty_state_if_unmeasured(view, con, "efficiency"):
        return view
    frame = frame.sort_values("annual_hours_saved", ascending=False, na_position="last")
    names = workflow_names(con)
    valued = frame[frame["annual_hours_saved"].notna()]

    hours = go.Figure(
        go.Bar(
            x=named(valued["workflow_id"], names),
            y=valued["annual_hours_saved"],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": valued["annual_hours_saved_high"] - valued["annual_hours_saved"],
                "arrayminus": valued["annual_hours_saved"] - valued["annual_hours_saved_low"],
            },
            marker_color="#2f80ed",
            name="hours saved a year",
        )
    )
    hours.update_layout(title="Hours saved a year, per workflow (bars: base; whiskers: range)")
    hours.update_yaxes(title="hours a year")
    view.add_chart(hours, "Method: pre/post time-on-task logs (cost substitution).")

    savings = go.Figure()
    savings.add_trace(
        go.Bar(
            x=named(valued["workflow_id"], names),
            y=valued["annual_savings_usd_low"],
            name="low",
            marker_color="#9fb3c8",
        )
    )
    savings.add_trace(
        go.Bar(
            x=named(valued["workflow_id"], names),
            y=valued["annual_savings_usd_high"] - valued["annual_savings_usd_low"],
            base=valued["annual_savings_usd_low"],
            name="low to high",
            marker_color="#27ae60",
        )
    )
    savings.update_layout(title="Annualised cost savings as ranges (USD a year)", barmode="overlay")
    savings.update_yaxes(title="USD a year", tickprefix="$", separatethousands=True)
    view.add_chart(
        savings,
        "Hours saved x fully loaded hourly rate (salary x loading / "
        f"{paid_hours(frame['owner_annual_hours'])} paid hours a year).",
    )

    table = pd.DataFrame(
        {
            "workflow": named(frame["workflow_id"], names),
            "baseline h/task": frame["baseline_hours_per_task"].map(number),
            "AI h/task": frame["ai_hours_per_task"].map(number),
            "hours saved a year": frame["annual_hours_saved"].map(lambda v: number(v, 0)),
            "savings a year": [
                usd_range(low, high)
                for low, high in zip(
                    frame["annual_savings_usd_low"], frame["annual_savings_usd_high"], strict=True
                )
            ],
            "base": frame["annual_savings_usd_base"].map(usd),
            "headcount": frame["headcount_equivalent"].map(lambda v: number(v, 2)),
            "method": "cost substitution",
            "maturity": frame["evidence_maturity"].map(MATURITY_LABELS).fillna("-"),
        }
    )
    view.add_table(table, "Per workflow")
    return view


def quality_view(con: duckdb.DuckDBPyConnection) -> View:
    from .quality import build_quality_view

    return build_quality_view(con)


def revenue_view(con: duckdb.DuckDBPyConnection) -> View:
    from .revenue import revenue_view as build_revenue_view

    return build_revenue_view(con)


VIEW_BUILDERS = (summary_view, efficiency_view, quality_view, revenue_view)
