"""The quality view: do AI-written emails beat the human control, and how sure are we?"""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .empty_state import add_empty_state_if_unmeasured
from .evidence import add_leading_indicator
from .formatting import number, percent, usd, usd_range
from .section import View, read
from .words import named, workflow_names

MATURITY_LABELS = {
    "mature": "mature",
    "immature": "immature (too early)",
    "invalid_sample_ratio": "invalid: sample-ratio mismatch",
    "missing_arm": "an arm has no data",
}


def _p_value(value) -> str:
    if value is None or pd.isna(value):
        return "-"
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def _chance_to_win(value) -> str:
    """0.98657 -> '98.7% chance the AI copy gets more clicks' (chance_ai_beats_control)."""
    if value is None or pd.isna(value):
        return "-"
    return f"{percent(value, 1)} chance the AI copy gets more clicks"


def _lift_chart(tests: pd.DataFrame) -> go.Figure:
    shown = tests[tests["ctr_lift_relative"].notna()]
    colours = [
        "#c0392b" if srm else ("#27ae60" if significant else "#9fb3c8")
        for srm, significant in zip(
            shown["has_sample_ratio_mismatch"], shown["is_significant"], strict=True
        )
    ]
    figure = go.Figure(
        go.Bar(
            x=shown["ab_test_id"],
            y=shown["ctr_lift_relative"] * 100,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (shown["ctr_lift_relative_high"] - shown["ctr_lift_relative"]) * 100,
                "arrayminus": (shown["ctr_lift_relative"] - shown["ctr_lift_relative_low"]) * 100,
            },
            marker_color=colours,
            name="CTR lift",
        )
    )
    figure.update_layout(
        title="CTR lift of the AI variant per test (bars: lift; whiskers: 95% interval)"
    )
    figure.update_yaxes(title="relative CTR lift (%)", ticksuffix="%")
    return figure


def _over_time_chart(by_type: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    for campaign_type, rows in by_type.sort_values("month_start").groupby("campaign_type"):
        figure.add_trace(
            go.Scatter(
                x=rows["month_start"].astype(str),
                y=rows["ctr_lift_absolute"] * 100,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["ctr_lift_absolute_high"] - rows["ctr_lift_absolute"]) * 100,
                    "arrayminus": (rows["ctr_lift_absolute"] - rows["ctr_lift_absolute_low"]) * 100,
                },
                mode="lines+markers",
                name=campaign_type,
            )
        )
    figure.update_layout(title="CTR lift by campaign type and send month (percentage points)")
    figure.update_yaxes(title="AI CTR - control CTR (points)")
    return figure


def build_quality_view(con: duckdb.DuckDBPyConnection) -> View:
    view = View("quality", "Quality", "marketing managers: do AI variants beat the human control?")
    tests = read(con, "fct_ab_test_results")
    if tests is None:
        view.add_note("fct_ab_test_results is not built yet.")
        return view
    if add_empty_state_if_unmeasured(view, con, "performance_lift"):
        return view
    if tests.empty:
        view.add_note("No A/B tests are registered yet (seed ab_tests).")
        return view
    tests = tests.sort_values(["workflow_id", "start_date"])
    summary = read(con, "fct_ab_test_summary")
    if summary is None or summary.empty:
        view.add_note("fct_ab_test_summary is not built yet.")
    else:
        totals = summary.to_dict("records")[0]
        view.add_kpis(
            [
                (
                    "A/B tests with a proven lift",
                    f"{totals['count_tests_with_proven_lift']} of {totals['count_tests']}",
                    "ended tests: significant after Holm's adjustment across each workflow's "
                    "tests; running tests: sequential interval clear of zero; sound split",
                ),
                (
                    "Pipeline value of proven lifts",
                    usd_range(
                        totals["proven_lift_pipeline_value_usd_low"],
                        totals["proven_lift_pipeline_value_usd_high"],
                    ),
                    "additional clicks x value per click; base "
                    + usd(totals["proven_lift_pipeline_value_usd_base"]),
                ),
                (
                    "Tests with a broken split",
                    str(totals["count_tests_with_sample_ratio_mismatch"]),
                    "sample-ratio mismatch (chi-square p < 0.001): lift not trusted",
                ),
            ]
        )
    view.add_chart(
        _lift_chart(tests),
        "Method: A/B test, unpooled two-proportion z; interval for the relative lift by the delta "
        "method. Green: significant; grey: not significant; red: sample-ratio mismatch.",
    )
    by_type = read(con, "fct_ctr_lift_by_campaign_type")
    if by_type is not None and not by_type.empty:
        view.add_chart(
            _over_time_chart(by_type),
            "Tests whose primary metric is CTR and whose split is sound, pooled per campaign type "
            "and month; whiskers: 95% interval.",
        )
    table = pd.DataFrame(
        {
            "test": tests["test_name"],
            "workflow": named(tests["workflow_id"], workflow_names(con)),
            "type": tests["campaign_type"],
            "delivered": tests["delivered_both_arms"].map(lambda v: number(v, 0)),
            "control CTR": tests["control_ctr"].map(lambda v: percent(v, 2)),
            "AI CTR": tests["ai_ctr"].map(lambda v: percent(v, 2)),
            "lift": tests["ctr_lift_relative"].map(percent),
            "95% interval": [
                f"{percent(low)} to {percent(high)}"
                for low, high in zip(
                    tests["ctr_lift_relative_low"], tests["ctr_lift_relative_high"], strict=True
                )
            ],
            "sequential interval": [
                f"{percent(low)} to {percent(high)}"
                for low, high in zip(
                    tests["ctr_lift_relative_seq_low"],
                    tests["ctr_lift_relative_seq_high"],
                    strict=True,
                )
            ],
            "p (Holm)": tests["holm_adjusted_p_value"].map(_p_value),
            "chance to win": tests["chance_ai_beats_control"].map(_chance_to_win),
            "still running": tests["is_running"].map({True: "yes", False: "no"}),
            "significant": tests["is_significant"].map({True: "yes", False: "no"}),
            "split": tests["has_sample_ratio_mismatch"].map({True: "MISMATCH", False: "ok"}),
            "extra clicks": tests["additional_clicks"].map(lambda v: number(v, 0)),
            "pipeline value": [
                usd_range(low, high)
                for low, high in zip(
                    tests["pipeline_value_usd_low"], tests["pipeline_value_usd_high"], strict=True
                )
            ],
            "excluded (both arms)": tests["count_exposed_to_both_excluded"],
            "maturity": tests["evidence_maturity"].map(MATURITY_LABELS).fillna("-"),
        }
    )
    view.add_table(table, "A/B test library")
    add_leading_indicator(view, con, "email_ctr")
    _add_power_table(view, tests)
    return view


def _sample_words(row: pd.Series) -> str:
    status = row["sample_projection_status"]
    if status in ("on_track", "after_end_date") and not pd.isna(row["projected_sample_date"]):
        when = f"{pd.Timestamp(row['projected_sample_date']):%d %b %Y}"
        return when + (" (after its end date: extend it)" if status == "after_end_date" else "")
    return SAMPLE_WORDS.get(status, status)


SAMPLE_WORDS = {
    "sample_reached": "reached",
    "ended_short_of_sample": "never: ended short",
    "no_recent_deliveries": "never at the current rate (nothing delivered lately)",
    "no_control_rate_yet": "- (no control clicks yet)",
}


def _add_power_table(view: View, tests: pd.DataFrame) -> None:
    """Power and minimum detectable effect per test (fct_ab_test_results)."""
    if "delivered_per_arm_needed" not in tests.columns:
        return
    view.add_table(
        pd.DataFrame(
            {
                "test": tests["test_name"],
                "planned lift / power": [
                    f"{percent(mde, 0)} / {percent(power, 0)}"
                    for mde, power in zip(
                        tests["planned_mde_relative"], tests["planned_power"], strict=True
                    )
                ],
                "delivered per arm": tests["delivered_per_arm"].map(lambda v: number(v, 0)),
                "needed per arm": tests["delivered_per_arm_needed"].map(lambda v: number(v, 0)),
                "smallest lift provable now": tests["mde_relative_detectable"].map(percent),
                "sample reached": [_sample_words(row) for _, row in tests.iterrows()],
                "registered audience": tests["is_audience_too_small_for_mde"].map(
                    {True: "TOO SMALL for the planned lift", False: "ok"}
                ),
            }
        ),
        "Power: delivered emails each arm needs to prove the planned lift (alpha 0.05)",
    )
