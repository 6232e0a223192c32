"""The QBR summary on top of the dashboard, from fct_roi_summary and fct_workflow_roi, and the
scenario ranges (fct_roi_scenarios) the revenue view shows."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .evidence import mature_when
from .formatting import number, usd, usd_range
from .section import View, read
from .words import (
    MATURITY_WORDS,
    METHOD_WORDS,
    call_words,
    payback_words,
    reason_words,
)

CALL_COLOURS = {"scale": "#1b7f3b", "keep_measuring": "#b8860b", "kill": "#b22222"}


def add_qbr_summary(view: View, con: duckdb.DuckDBPyConnection) -> bool:
    """KPI cards, net benefit per workflow as a range, and the calls. False when not built."""
    summary = read(con, "fct_roi_summary")
    workflows = read(con, "fct_workflow_roi")
    if summary is None or workflows is None or summary.empty:
        return False
    row = summary.iloc[0]
    view.add_kpis(
        [
            (
                "Efficiency (cost substitution)",
                usd_range(
                    row["cost_substitution_value_usd_low"], row["cost_substitution_value_usd_high"]
                ),
                "hours saved x loaded rate, a year",
            ),
            (
                "Incremental lift (A/B + same-period cohorts)",
                usd_range(
                    row["incremental_lift_value_usd_low"], row["incremental_lift_value_usd_high"]
                ),
                "the most defensible method, a year"
                + (
                    f"; {usd(row['pipeline_overlap_value_usd_base'])} (base) counted in more "
                    "than one workflow"
                    if row.get("pipeline_overlap_value_usd_base")
                    else ""
                ),
            ),
            (
                "Net benefit, first year",
                usd_range(row["net_benefit_usd_low"], row["net_benefit_usd_high"]),
                f"after {usd(row['provable_cost_usd'])} of cost; ROI "
                f"{number(row['roi_pct_low'], 0)}%-{number(row['roi_pct_high'], 0)}%",
            ),
            (
                f"Calls after {row['evaluation_window_days']} days",
                f"{row['workflows_to_scale']} scale / {row['workflows_to_keep_measuring']} keep "
                f"measuring / {row['workflows_to_kill']} kill",
                f"{row['workflows_unprovable']} workflows unprovable (no baseline); "
                f"{usd(row['unprovable_cost_usd'])} spent without evidence",
            ),
        ]
    )
    valued = workflows[workflows["has_baseline"]].sort_values("net_benefit_usd_base")
    if not valued.empty:
        figure = go.Figure(
            go.Bar(
                y=valued["workflow_name"],
                x=valued["net_benefit_usd_base"].astype(float),
                orientation="h",
                marker_color=[CALL_COLOURS.get(call, "#777") for call in valued["recommendation"]],
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (
                        valued["net_benefit_usd_high"] - valued["net_benefit_usd_base"]
                    ).astype(float),
                    "arrayminus": (
                        valued["net_benefit_usd_base"] - valued["net_benefit_usd_low"]
                    ).astype(float),
                },
                customdata=valued["recommendation"],
                hovertemplate="%{y}: %{x:$,.0f} (%{customdata})<extra></extra>",
            )
        )
        figure.update_layout(
            title="Net benefit per workflow, first year (bar = base, whisker = low-high)",
            xaxis_title="USD",
        )
        view.add_chart(figure, "Colour = the call: green scale, amber keep measuring, red kill.")
    when = mature_when(con)
    table = pd.DataFrame(
        {
            "workflow": workflows["workflow_name"],
            "value a year": [
                usd_range(low, high)
                for low, high in zip(
                    workflows["total_value_usd_low"], workflows["total_value_usd_high"], strict=True
                )
            ],
            "revenue method": workflows["revenue_method"].map(METHOD_WORDS).fillna("-"),
            "first-year cost": workflows["total_cost_usd"].map(usd),
            "ROI % (base)": workflows["roi_pct_base"].map(lambda value: number(value, 0)),
            "payback (base)": workflows["payback_months_base"].map(payback_words),
            "efficiency evidence": workflows["efficiency_evidence_maturity"].map(MATURITY_WORDS),
            "A/B evidence": workflows["performance_lift_evidence_maturity"].map(MATURITY_WORDS),
            "pipeline evidence": workflows["pipeline_evidence_maturity"].map(MATURITY_WORDS),
            "call": workflows["recommendation"].map(call_words),
            "why": [reason_words(row, when) for row in workflows.to_dict("records")],
        }
    )
    view.add_table(table, "Per workflow: value by method, cost, evidence maturity and the call")
    return True


def add_scenarios(view: View, con: duckdb.DuckDBPyConnection) -> None:
    """Scenario projections as ranges (fct_roi_scenarios)."""
    scenarios = read(con, "fct_roi_scenarios")
    if scenarios is None:
        view.add_note("fct_roi_scenarios is not built yet.")
        return
    projected = scenarios[scenarios["baseline_source"] != "missing"]
    if not projected.empty:
        base = projected["additional_annual_value_usd_base"].astype(float)
        figure = go.Figure(
            go.Bar(
                x=projected["scenario_name"],
                y=base,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": projected["additional_annual_value_usd_high"].astype(float) - base,
                    "arrayminus": base - projected["additional_annual_value_usd_low"].astype(float),
                },
                marker_color="#4c72b0",
                hovertemplate="%{x}: %{y:$,.0f} a year<extra></extra>",
            )
        )
        figure.update_layout(
            title="Scenarios: additional value a year (bar = base, whisker = low-high)",
            yaxis_title="USD a year",
        )
        view.add_chart(figure, "Projections from the RevOps scenario seed, not measurements.")
    table = pd.DataFrame(
        {
            "scenario": scenarios["scenario_name"],
            "lever": scenarios["lever"],
            "baseline from": scenarios["baseline_source"],
            "additional value a year": [
                usd_range(low, high)
                for low, high in zip(
                    scenarios["additional_annual_value_usd_low"],
                    scenarios["additional_annual_value_usd_high"],
                    strict=True,
                )
            ],
            "extra investment": scenarios["additional_investment_usd"].map(usd),
        }
    )
    view.add_table(table, "Scenario projections (low-high)")
