"""When will we know? The evidence timeline (fct_evidence_timeline) on the QBR summary, and the
weekly leading indicators (fct_leading_indicators_weekly) on the quality and revenue views.

Formatting only: every date, count and interval is a mart column."""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go

from .formatting import number, percent
from .section import View, read
from .words import MATURITY_WORDS, named, workflow_names

DIMENSION_WORDS = {
    "efficiency": "efficiency",
    "performance_lift": "email lift",
    "pipeline": "pipeline",
}
UNIT_WORDS = {
    "task_instances_per_side": "task instances a side",
    "delivered_per_arm": "delivered emails per arm",
    "mature_cohort_months": "mature cohort months",
}
DIMENSION_SYMBOLS = {"efficiency": "circle", "performance_lift": "diamond", "pipeline": "square"}
# A projection further out than this is shown as a quarter ("~Q2 2027"), nearer as a day.
DAY_PRECISION_DAYS = 183


def when_words(row: pd.Series) -> str:
    """'proven now', '~15 Jan 2027', '~Q2 2027', 'not at the current rate', 'not measured'."""
    status = row["projection_status"]
    if status == "mature_now":
        return "proven now"
    if status == "not_measured":
        return "not measured"
    if status == "never_at_current_rate" or pd.isna(row["projected_mature_date"]):
        return "not at the current rate"
    projected = pd.Timestamp(row["projected_mature_date"]).date()
    as_of = row["as_of_date"]
    horizon = (projected - pd.Timestamp(as_of).date()).days if not pd.isna(as_of) else 0
    if horizon > DAY_PRECISION_DAYS:
        return f"~Q{(projected.month - 1) // 3 + 1} {projected.year}"
    return f"~{projected.day} {projected:%b %Y}"


def timeline_sentences(timeline: pd.DataFrame) -> dict[str, str]:
    """Per workflow: 'efficiency proven now; email lift ~15 Jan 2027; pipeline ~Q2 2027'."""
    order = list(DIMENSION_WORDS)
    sentences = {}
    for workflow_id, rows in timeline.groupby("workflow_id", sort=True):
        rows = rows.assign(rank=rows["dimension"].map(order.index)).sort_values("rank")
        sentences[workflow_id] = "; ".join(
            f"{DIMENSION_WORDS[row['dimension']]} {when_words(row)}" for _, row in rows.iterrows()
        )
    return sentences


def _missing_words(row: pd.Series) -> str:
    if row["projection_status"] in ("mature_now", "not_measured") or pd.isna(row["count_missing"]):
        return "-"
    return (
        f"{number(row['count_missing'], 0)} of {number(row['count_needed'], 0)} "
        f"{UNIT_WORDS.get(row['missing_unit'], row['missing_unit'])}"
    )


def _timeline_chart(timeline: pd.DataFrame) -> go.Figure | None:
    dated = timeline[timeline["projected_mature_date"].notna()]
    if dated.empty:
        return None
    figure = go.Figure()
    for dimension, rows in dated.groupby("dimension", sort=True):
        figure.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["projected_mature_date"]),
                y=rows["workflow_id"],
                mode="markers",
                marker={"size": 12, "symbol": DIMENSION_SYMBOLS.get(dimension, "circle")},
                name=DIMENSION_WORDS.get(dimension, dimension),
                customdata=rows["projection_reason"],
                hovertemplate="%{y}: %{x|%d %b %Y}<br>%{customdata}<extra></extra>",
            )
        )
    as_of = pd.to_datetime(timeline["as_of_date"]).max()
    if not pd.isna(as_of):
        figure.add_vline(x=as_of.timestamp() * 1000, line_dash="dot", line_color="#627d98")
    figure.update_layout(title="Evidence timeline: projected date each dimension becomes mature")
    figure.update_xaxes(title="projected mature date (at the pace of the last weeks)")
    return figure


def mature_when(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(workflow_id, dimension) -> when its evidence is mature, in words (when_words), for the
    'why' of an immature call; empty when the timeline is not built."""
    timeline = read(con, "fct_evidence_timeline")
    if timeline is None:
        return {}
    return {
        (row["workflow_id"], row["dimension"]): when_words(row) for _, row in timeline.iterrows()
    }


def add_evidence_timeline(view: View, con: duckdb.DuckDBPyConnection) -> bool:
    """One line per workflow ('efficiency proven now; email lift ~15 Jan 2027; ...'), a chart of
    the projected dates and the detail table. False when the mart is not built or empty."""
    timeline = read(con, "fct_evidence_timeline")
    if timeline is None or timeline.empty:
        return False
    names = workflow_names(con)
    sentences = timeline_sentences(timeline)
    view.add_table(
        pd.DataFrame(
            {
                "workflow": named(list(sentences), names),
                "when the evidence is mature": list(sentences.values()),
            }
        ),
        "Evidence timeline: when will we know? (projected at the pace of the last weeks)",
    )
    figure = _timeline_chart(timeline.assign(workflow_id=named(timeline["workflow_id"], names)))
    if figure is not None:
        view.add_chart(
            figure,
            "A projection, not a promise: each date assumes the last weeks' pace continues "
            "(task instances logged, emails delivered, months of AI-tagged MQLs). Dotted line: "
            "the data's as-of date.",
        )
    detail = timeline.sort_values(["workflow_id", "dimension"])
    view.add_table(
        pd.DataFrame(
            {
                "workflow": named(detail["workflow_id"], names),
                "dimension": detail["dimension"].map(DIMENSION_WORDS),
                "today": detail["evidence_maturity"].map(
                    lambda code: MATURITY_WORDS.get(code, code)
                ),
                "still missing": [_missing_words(row) for _, row in detail.iterrows()],
                "pace (per 30 days)": detail["accrual_per_30_days"].map(lambda v: number(v, 1)),
                "mature": [when_words(row) for _, row in detail.iterrows()],
                "why": detail["projection_reason"],
            }
        ),
        "Evidence timeline in detail",
    )
    return True


INDICATOR_TITLES = {
    "email_ctr": (
        "Leading indicator: weekly click-through rate, AI copy minus human control",
        "AI CTR - control CTR (points)",
    ),
    "mql_to_sql_rate": (
        "Leading indicator: weekly MQL->SQL rate, AI-tagged minus untagged MQLs",
        "AI-tagged - untagged SQL rate (points)",
    ),
}


def add_leading_indicator(view: View, con: duckdb.DuckDBPyConnection, indicator: str) -> bool:
    """The weekly difference with its 95% interval, one line per workflow (email) or one line
    (MQL->SQL), labelled a leading indicator. False when there is nothing to draw."""
    weekly = read(con, "fct_leading_indicators_weekly")
    if weekly is None:
        return False
    rows = weekly[(weekly["indicator"] == indicator) & weekly["absolute_difference"].notna()]
    if rows.empty:
        return False
    # Workflows by name, never by id (an id without a workflow row keeps its id), as text: the
    # series of all AI-tagged MQLs has no workflow (all null, which pandas reads as float64 and
    # will not fill with a label in pandas 4).
    rows = rows.assign(
        workflow_id=pd.Series(
            named(rows["workflow_id"], workflow_names(con)), index=rows.index, dtype=object
        )
    )
    title, axis = INDICATOR_TITLES[indicator]
    figure = go.Figure()
    groups = rows.assign(series=rows["workflow_id"].fillna("all AI-tagged MQLs"))
    for series, points in groups.sort_values("week_start").groupby("series", sort=True):
        maturing = points["is_still_maturing"].astype(bool)
        figure.add_trace(
            go.Scatter(
                x=points["week_start"].astype(str),
                y=points["absolute_difference"] * 100,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * points["absolute_difference_high"]
                    - 100 * points["absolute_difference"],
                    "arrayminus": 100 * points["absolute_difference"]
                    - 100 * points["absolute_difference_low"],
                },
                mode="lines+markers",
                marker={"symbol": ["circle-open" if m else "circle" for m in maturing]},
                name=str(series),
            )
        )
    figure.add_hline(y=0, line_color="#9fb3c8")
    figure.update_layout(title=title)
    figure.update_yaxes(title=axis)
    latest = rows.sort_values("week_start").groupby(rows["workflow_id"].fillna("")).tail(1)
    caption = (
        "LEADING INDICATOR, not proof: weekly samples are small and whiskers are each week's 95% "
        "interval. A trend to watch while the evidence matures; the ROI uses the A/B tests and "
        "mature cohorts only."
    )
    if indicator == "mql_to_sql_rate":
        caption += " Open circles: weeks whose MQLs can still become SQLs (the rate will rise)."
    latest_words = ", ".join(
        f"{series or 'all'} {percent(diff, 2)} in the week of {week}"
        for series, diff, week in zip(
            latest["workflow_id"].fillna("all AI-tagged MQLs"),
            latest["absolute_difference"],
            latest["week_start"].map(lambda value: f"{pd.Timestamp(value):%d %b %Y}"),
            strict=True,
        )
    )
    view.add_chart(
        figure, f"{caption} Latest week (difference in percentage points): {latest_words}."
    )
    return True


__all__ = [
    "add_evidence_timeline",
    "add_leading_indicator",
    "timeline_sentences",
    "when_words",
]
