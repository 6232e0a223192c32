"""The CFO's three-year case at the top of the revenue view: the risk-adjusted NPV range and
payback first, ROI beside them, the case per workflow with the first-year call in words, the
net cash flow by year, and the NPV sensitivity to the value driver and adoption as heat maps.

Every figure is a column of fct_roi_summary, fct_workflow_npv, fct_workflow_cash_flows or
fct_workflow_npv_sensitivity; nothing is recomputed here."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .evidence import mature_when
from .formatting import number, usd, usd_range, usd_short
from .section import View, read
from .words import break_even_words, call_words, payback_words, reason_words

VALUE_DRIVER_WORDS = {
    "loaded_hourly_rate": "loaded hourly rate",
    "value_per_click": "value per click",
    "value_per_sql": "value per SQL",
}


def _percent_range(low, high) -> str:
    if pd.isna(low) or pd.isna(high):
        return "-"
    return f"{number(low, 0)}% to {number(high, 0)}%"


def _headline(view: View, summary: pd.Series, horizon: int | None) -> None:
    years = f"{horizon} years" if horizon else "the horizon"
    view.add_kpis(
        [
            (
                f"Risk-adjusted NPV, {years}",
                usd_range(
                    summary["net_present_value_usd_low"], summary["net_present_value_usd_high"]
                ),
                f"base {usd(summary['net_present_value_usd_base'])}; benefits risk-adjusted per "
                "method and discounted, workflows with a baseline",
            ),
            (
                "Payback",
                payback_words(summary["payback_months_base"], horizon),
                "base case, from undiscounted monthly net cash flow; range "
                f"{payback_words(summary['payback_months_high'], horizon)} to "
                f"{payback_words(summary['payback_months_low'], horizon)}",
            ),
            (
                "Risk-adjusted ROI",
                _percent_range(
                    summary["risk_adjusted_roi_pct_low"], summary["risk_adjusted_roi_pct_high"]
                ),
                f"NPV / PV of costs ({usd(summary['provable_cost_present_value_usd'])})",
            ),
            (
                "Spent without evidence",
                usd(summary["unprovable_cost_present_value_usd"]),
                "PV of the costs of workflows that cannot prove a return (no NPV)",
            ),
        ]
    )


def _workflow_table(
    view: View,
    npv: pd.DataFrame,
    calls: pd.DataFrame | None,
    when: dict[tuple[str, str], str],
) -> None:
    frame = npv.sort_values("net_present_value_usd_base", ascending=False, na_position="last")
    if calls is not None:
        frame = frame.merge(
            calls.drop(columns=["recommendation", "recommendation_reason"], errors="ignore"),
            on="workflow_id",
            how="left",
        )
    rows = frame.to_dict("records")
    table = pd.DataFrame(
        {
            "workflow": frame["workflow_name"],
            "risk-adjusted NPV": [
                usd_range(row["net_present_value_usd_low"], row["net_present_value_usd_high"])
                if row["has_baseline"]
                else "no NPV (unprovable)"
                for row in rows
            ],
            "NPV (base)": frame["net_present_value_usd_base"].map(usd),
            "payback (base)": [
                payback_words(row["payback_months_base"], row["horizon_years"])
                if row["has_baseline"]
                else "-"
                for row in rows
            ],
            "ROI % (base)": frame["risk_adjusted_roi_pct_base"].map(
                lambda value: f"{number(value, 0)}%" if pd.notna(value) else "-"
            ),
            "PV of benefits (base)": frame["benefit_present_value_usd_base"].map(usd),
            "PV of costs": frame["cost_present_value_usd"].map(usd),
            "break-even (base)": [break_even_words(row) for row in rows],
            "first-year call": frame["recommendation"].map(call_words),
            "why": [reason_words(row, when) for row in rows],
        }
    )
    view.add_table(
        table,
        "The three-year case per workflow (risk-adjusted, discounted; the call keeps its "
        "first-year rule and is shown beside the NPV)",
    )


def _cash_flow_table(view: View, cash_flows: pd.DataFrame) -> None:
    provable = cash_flows[cash_flows["has_baseline"].astype(bool)]
    if provable.empty:
        return
    pivot = provable.pivot_table(
        index="workflow_name",
        columns="year_of_case",
        values="net_cash_flow_usd_base",
        aggfunc="first",
    )
    table = pd.DataFrame({"workflow": pivot.index})
    for year in pivot.columns:
        label = "year 0 (set-up, training)" if year == 0 else f"year {int(year)}"
        table[label] = [usd(value) for value in pivot[year]]
    view.add_table(
        table,
        "Net cash flow by year, base case (undiscounted): risk-adjusted, ramped benefits minus "
        "costs",
    )


def _value_driver_label(value_usd, multiplier, value_driver: str) -> str:
    """A step of the value-driver axis in dollars ('$48/h', '$80', '$8,000'); only a workflow
    without an agreed unit value falls back to its share of the agreed value ('80%')."""
    if value_usd is None or pd.isna(value_usd):
        return f"{float(multiplier):.0%} of agreed"
    amount = float(value_usd)
    text = f"${amount:,.0f}" if amount >= 100 else f"${amount:,.2f}".replace(".00", "")
    return text + ("/h" if value_driver == "loaded_hourly_rate" else "")


def _sensitivity_heat_maps(view: View, grid: pd.DataFrame) -> None:
    workflows = (
        grid[["workflow_id", "workflow_name", "value_driver"]]
        .drop_duplicates()
        .sort_values("workflow_name")
        .to_dict("records")
    )
    if not workflows:
        return
    columns = min(len(workflows), 3)
    rows = -(-len(workflows) // columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[
            f"{row['workflow_name']} ({VALUE_DRIVER_WORDS.get(row['value_driver'], '')})"
            for row in workflows
        ],
        horizontal_spacing=0.07,
        vertical_spacing=0.3 if rows > 1 else 0.2,
    )
    for position, workflow in enumerate(workflows):
        cells = grid[grid["workflow_id"] == workflow["workflow_id"]].sort_values(
            ["value_driver_step", "adoption_step"]
        )
        cells = cells.assign(
            driver_label=[
                _value_driver_label(usd_value, multiplier, workflow["value_driver"])
                for usd_value, multiplier in zip(
                    cells["value_driver_usd"], cells["value_driver_multiplier"], strict=True
                )
            ],
            adoption_label=[f"{float(share):.0%}" for share in cells["adoption_share"]],
        )
        driver_labels = list(dict.fromkeys(cells["driver_label"]))
        adoption_labels = list(dict.fromkeys(cells.sort_values("adoption_step")["adoption_label"]))
        pivot = cells.pivot_table(
            index="adoption_label",
            columns="driver_label",
            values="net_present_value_usd",
            aggfunc="first",
        ).reindex(index=adoption_labels, columns=driver_labels)
        values = pivot.to_numpy(dtype=float)
        limit = float(abs(values).max()) or 1.0  # each workflow on its own scale, 0 in the middle
        driver_words = VALUE_DRIVER_WORDS.get(workflow["value_driver"], "value")
        figure.add_trace(
            go.Heatmap(
                z=values,
                x=driver_labels,
                y=adoption_labels,
                zmin=-limit,
                zmax=limit,
                zmid=0,
                colorscale="RdYlGn",
                showscale=False,
                text=[[usd_short(value) for value in row] for row in values],
                texttemplate="%{text}",
                textfont={"size": 10},
                hovertemplate=(
                    f"{driver_words} %{{x}}, adoption %{{y}}: NPV %{{text}}<extra></extra>"
                ),
            ),
            row=position // columns + 1,
            col=position % columns + 1,
        )
        figure.update_xaxes(
            title_text=driver_words, row=position // columns + 1, col=position % columns + 1
        )
        figure.update_yaxes(
            title_text="adoption", row=position // columns + 1, col=position % columns + 1
        )
    figure.update_xaxes(type="category")
    figure.update_yaxes(type="category")
    figure.update_layout(
        title="NPV sensitivity: the unit value in dollars (x) x adoption in % (y), base case",
        height=max(420, 380 * rows),
        margin={"t": 110},
    )
    view.add_chart(
        figure,
        "Each cell is the base-case NPV if the agreed unit value (the owner's loaded rate in $ an "
        "hour, the value of a click or of an SQL in $) and the adoption (the share of the planned "
        "use realised) were different; the agreed value at 100% adoption is the case as agreed. "
        "Red cells lose money, green cells make it; each workflow has its own colour scale.",
    )


def add_cfo_case(view: View, con: duckdb.DuckDBPyConnection) -> bool:
    """The three-year case at the top of the view. False when its marts are not built."""
    summary = read(con, "fct_roi_summary")
    npv = read(con, "fct_workflow_npv")
    if summary is None or npv is None or summary.empty or npv.empty:
        return False
    if "net_present_value_usd_base" not in summary.columns:
        return False
    horizon_values = npv["horizon_years"].dropna()
    horizon = int(horizon_values.max()) if not horizon_values.empty else None
    _headline(view, summary.iloc[0], horizon)
    calls = read(con, "fct_workflow_roi")
    if calls is not None:
        calls = calls[
            [
                "workflow_id",
                "days_since_go_live",
                "efficiency_evidence_maturity",
                "performance_lift_evidence_maturity",
                "pipeline_evidence_maturity",
            ]
        ]
    _workflow_table(view, npv, calls, mature_when(con))
    cash_flows = read(con, "fct_workflow_cash_flows")
    if cash_flows is not None:
        _cash_flow_table(view, cash_flows)
    grid = read(con, "fct_workflow_npv_sensitivity")
    if grid is not None and not grid.empty:
        _sensitivity_heat_maps(view, grid)
    return True
