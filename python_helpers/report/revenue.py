"""The revenue view (the CFO): MQL->SQL conversion of AI-assisted vs untagged MQLs by month with
the 95% interval, pipeline attributed to AI-assisted touchpoints by attribution model, the
pipeline value per workflow by method, and the scenario ranges (added with fct_roi_scenarios)."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .cfo import add_cfo_case
from .empty_state import add_empty_state_if_unmeasured
from .evidence import add_leading_indicator
from .formatting import number, percent, usd, usd_range
from .section import View, read
from .summary import add_scenarios
from .words import named, workflow_names


def _conversion_trend(view: View, cohorts: pd.DataFrame) -> None:
    ai = cohorts[cohorts["cohort_type"] == "ai_assisted_any"].sort_values("mql_month")
    untagged = cohorts[cohorts["cohort_type"] == "non_ai"].sort_values("mql_month")
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=untagged["mql_month"],
            y=untagged["sql_rate"].astype(float),
            mode="lines+markers",
            name="untagged MQLs",
            line={"color": "#9fb3c8"},
        )
    )
    # The interval is on the difference, drawn on the rate scale around the untagged rate.
    low = ai["sql_rate_lift_ci_low"].astype(float)
    high = ai["sql_rate_lift_ci_high"].astype(float)
    figure.add_trace(
        go.Scatter(
            x=ai["mql_month"],
            y=ai["sql_rate"].astype(float),
            mode="lines+markers",
            name="AI-assisted MQLs",
            line={"color": "#27ae60"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (high - ai["sql_rate"].astype(float)).tolist(),
                "arrayminus": (ai["sql_rate"].astype(float) - low).tolist(),
            },
        )
    )
    immature = cohorts[~cohorts["is_mature"].astype(bool)]["mql_month"]
    if not immature.empty:
        figure.add_vrect(
            x0=immature.min(),
            x1=immature.max(),
            fillcolor="#f0b429",
            opacity=0.12,
            line_width=0,
            annotation_text="immature cohorts",
            annotation_position="top left",
        )
    figure.update_layout(title="MQL->SQL conversion by MQL month: AI-assisted vs untagged")
    figure.update_yaxes(title="MQL->SQL rate", tickformat=".0%")
    view.add_chart(
        figure,
        "Incremental lift (same-period cohorts): whiskers are the 95% interval of the difference "
        "(unpooled two-proportion), drawn around the untagged rate; shaded months are too recent "
        "to have converted and are not used in any value.",
    )


def _attribution_by_model(view: View, attribution: pd.DataFrame) -> None:
    figure = go.Figure(
        go.Bar(
            x=attribution["attribution_model"],
            y=attribution["ai_attributed_pipeline_usd"].astype(float),
            marker_color=[
                "#2f80ed" if default else "#9fb3c8" for default in attribution["is_default_model"]
            ],
            text=[usd(value) for value in attribution["ai_attributed_pipeline_usd"]],
            textposition="outside",
        )
    )
    figure.update_layout(title="Pipeline attributed to AI-assisted touchpoints, by model (USD)")
    figure.update_yaxes(title="USD", tickprefix="$", separatethousands=True)
    view.add_chart(
        figure,
        "Multi-touch attribution of opportunity amounts (USD at dated FX rates); the blue bar is "
        "the default model the ROI uses. The spread between models is the attribution "
        "uncertainty.",
    )


def _value_table(view: View, con: duckdb.DuckDBPyConnection) -> None:
    frame = read(con, "fct_pipeline_value_by_workflow")
    if frame is None:
        return
    frame = frame.sort_values("workflow_id")
    table = pd.DataFrame(
        {
            "workflow": named(frame["workflow_id"], workflow_names(con)),
            "AI MQLs": frame["ai_mqls"].map(lambda v: number(v, 0)),
            "incremental SQLs": frame["incremental_sqls"].map(number),
            "incremental lift, USD a year": [
                usd_range(low, high)
                for low, high in zip(
                    frame["incremental_value_usd_low"],
                    frame["incremental_value_usd_high"],
                    strict=True,
                )
            ],
            "pre/post (weaker), USD a year": [
                usd_range(low, high)
                for low, high in zip(
                    frame["pre_post_value_usd_low"], frame["pre_post_value_usd_high"], strict=True
                )
            ],
            "AI-attributed pipeline": frame["ai_attributed_pipeline_usd"].map(usd),
            "model": frame["attribution_model"],
            "maturity": frame["evidence_maturity"]
            + frame["months_observed"].map(lambda v: f" ({number(v, 0)} mature months)"),
        }
    )
    view.add_table(table, "Pipeline value per workflow, by method (incremental lift is stronger)")


def revenue_view(con: duckdb.DuckDBPyConnection) -> View:
    view = View(
        "revenue",
        "Revenue",
        "the CFO: the three-year case, conversion, attributed pipeline, scenarios",
    )
    add_cfo_case(view, con)  # leads with the risk-adjusted NPV range and payback
    add_empty_state_if_unmeasured(view, con, "pipeline")
    cohorts = read(con, "fct_mql_sql_cohorts")
    attribution = read(con, "fct_pipeline_attribution_by_model")
    if attribution is not None:
        attribution = attribution.sort_values("attribution_model")
    pooled = read(con, "fct_mql_sql_lift_over_mature_months")
    if cohorts is None or attribution is None or pooled is None:
        view.add_note("The pipeline marts are not built yet.")
        add_scenarios(view, con)
        return view

    # The pooled figures of all AI-assisted MQLs, and the default attribution model's row.
    all_ai = pooled[pooled["cohort_type"] == "ai_assisted_any"].to_dict("records")
    ai = all_ai[0] if all_ai else {}
    default = attribution[attribution["is_default_model"]].to_dict("records")
    model = default[0] if default else {}
    view.add_kpis(
        [
            (
                "MQL->SQL, AI-assisted vs untagged",
                f"{percent(ai.get('sql_rate'))} vs {percent(ai.get('comparison_sql_rate'))}",
                f"same months, {ai.get('count_mature_months', 0)} mature cohort months",
            ),
            (
                "Incremental SQLs (mature cohorts)",
                f"{number(ai.get('incremental_sqls'), 0)} "
                f"({number(ai.get('incremental_sqls_low'), 0)} to "
                f"{number(ai.get('incremental_sqls_high'), 0)})",
                f"{usd(ai.get('incremental_pipeline_usd_base'))} of pipeline; "
                "95% range pooled over months",
            ),
            (
                "AI-attributed pipeline",
                usd(model.get("ai_attributed_pipeline_usd")),
                f"of {usd(model.get('total_pipeline_usd'))}, "
                f"{model.get('attribution_model', 'no default')} model",
            ),
        ]
    )
    _conversion_trend(view, cohorts[cohorts["cohort_type"] != "ai_assisted"])
    add_leading_indicator(view, con, "mql_to_sql_rate")
    _attribution_by_model(view, attribution)
    _value_table(view, con)
    # --- scenario ranges (fct_roi_scenarios) ---------------------------------------------------
    add_scenarios(view, con)
    return view
