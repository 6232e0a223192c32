"""Codes and durations in the words a CFO reads (the marts keep the codes; views show these)."""

from __future__ import annotations

import math

from .section import read

CALL_WORDS = {"scale": "scale", "keep_measuring": "keep measuring", "kill": "kill"}

REASON_WORDS = {
    "whole_range_positive": "the whole range is above zero",
    "whole_range_negative": "the whole range is below zero",
    "range_straddles_zero": "the range straddles zero: neither a win nor a loss yet",
    "inside_evaluation_window": "still inside its evaluation window",
    "unprovable_no_baseline": "unprovable: no baseline to compare with (log pre-AI work first)",
    "evidence_immature": "the evidence is not mature yet",
}

METHOD_WORDS = {
    "incremental_lift": "incremental lift",
    "pre_post": "pre/post (weaker)",
    "none": "none",
}

MATURITY_WORDS = {
    "mature": "mature",
    "immature": "not mature yet",
    "not_measured": "not measured",
    "unprovable_no_baseline": "no baseline",
    "no_ai_tasks_yet": "no AI tasks yet",
}

# The evidence columns of fct_workflow_roi, the words for the evidence each one judges, and the
# dimension of fct_evidence_timeline that says when it will be mature.
EVIDENCE_DIMENSIONS = {
    "efficiency_evidence_maturity": "efficiency",
    "performance_lift_evidence_maturity": "performance_lift",
    "pipeline_evidence_maturity": "pipeline",
}
EVIDENCE_COLUMNS = {
    "efficiency_evidence_maturity": "time logs (efficiency)",
    "performance_lift_evidence_maturity": "A/B tests (performance lift)",
    "pipeline_evidence_maturity": "MQL cohorts (pipeline)",
}

WEEKS_PER_MONTH = 52 / 12  # calendar arithmetic for display, not a business figure


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def payback_words(months, horizon_years=None) -> str:
    """0.02 -> 'under a week'; 0.5 -> 'about 2 weeks'; 3.24 -> '3.2 months'; None -> 'not within
    the N-year horizon' (never '0.0')."""
    if _missing(months):
        if _missing(horizon_years):
            return "not paid back"
        return f"not within the {int(horizon_years)}-year horizon"
    weeks = float(months) * WEEKS_PER_MONTH
    if weeks < 1:
        return "under a week"
    if float(months) < 1:
        return f"about {round(weeks)} week{'s' if round(weeks) != 1 else ''}"
    return f"{float(months):.1f} months"


def _when_phrase(when: str | None) -> str:
    if not when:
        return "still to mature"
    if when == "not at the current rate":
        return "will not mature at the current rate"
    return f"expected mature {when}"


def reason_words(row, mature_when: dict[tuple[str, str], str] | None = None) -> str:
    """recommendation_reason of a fct_workflow_roi row in words; for immature evidence, which
    evidence is not mature yet and, given mature_when ((workflow_id, dimension) -> 'proven now',
    '~15 Jan 2027', 'not at the current rate': evidence.when_words of fct_evidence_timeline), when
    it will be; for the evaluation window, how far in it is."""
    reason = row.get("recommendation_reason")
    text = REASON_WORDS.get(reason, str(reason) if not _missing(reason) else "-")
    if reason == "evidence_immature":
        immature = [
            (words, (mature_when or {}).get((row.get("workflow_id"), EVIDENCE_DIMENSIONS[column])))
            for column, words in EVIDENCE_COLUMNS.items()
            if row.get(column) not in (None, "mature", "not_measured", "unprovable_no_baseline")
            and not _missing(row.get(column))
        ]
        if immature and any(when for _, when in immature):
            text += ": " + "; ".join(f"{words} {_when_phrase(when)}" for words, when in immature)
        elif immature:
            text += ": " + " and ".join(words for words, _ in immature) + " still to mature"
    if reason == "inside_evaluation_window" and not _missing(row.get("days_since_go_live")):
        text += f" ({int(row['days_since_go_live'])} days since go-live)"
    return text


# What covers the costs when a workflow's own benefit is not needed (break-even share 0).
OTHER_BENEFIT_WORDS = {
    "efficiency": "no hours saved needed: its revenue benefit covers the costs",
    "performance_lift": "no CTR lift needed: its time savings cover the costs",
    "pipeline": "no extra SQLs needed: its time savings cover the costs",
}


def break_even_words(row) -> str:
    """The break-even of a fct_workflow_npv row in the owner's unit: hours a run must save
    (efficiency), the CTR lift an email test must show (performance lift: relative to the human
    copy first, as the A/B view reports a lift, then in points of CTR), incremental SQLs a year
    (pipeline). '-' without a baseline or a measured benefit of the workflow's own kind."""
    share = row.get("break_even_share_of_measured_benefit")
    if not row.get("has_baseline") or _missing(share):
        return "-"
    if float(share) == 0:
        return OTHER_BENEFIT_WORDS.get(row.get("roi_dimension"), "covered by its other benefit")
    hours = row.get("break_even_hours_saved_per_run")
    if not _missing(hours):
        return f"{float(hours):,.2f} hours saved per run"
    relative = row.get("break_even_ctr_lift_relative")
    absolute = row.get("break_even_ctr_lift_absolute")
    if not _missing(absolute):
        points = f"{float(absolute) * 100:,.2f} points of CTR"
        if _missing(relative):
            return f"a CTR lift of {points}"
        return f"a CTR lift of {float(relative) * 100:,.0f}% over the human copy ({points})"
    sqls = row.get("break_even_incremental_sqls_per_year")
    if not _missing(sqls):
        return f"{float(sqls):,.1f} incremental SQLs a year"
    return f"{float(share) * 100:,.0f}% of the measured benefit"


def call_words(call) -> str:
    return CALL_WORDS.get(call, "-" if _missing(call) else str(call))


def workflow_names(con) -> dict[str, str]:
    """workflow_id -> the workflow's name (fct_workflow_roi), so every view labels workflows by
    name; an id without a row keeps its id."""
    frame = read(con, "fct_workflow_roi")
    if frame is None:
        return {}
    return dict(zip(frame["workflow_id"], frame["workflow_name"], strict=True))


def named(ids, names: dict[str, str]) -> list[str]:
    return [names.get(value, value) for value in ids]
