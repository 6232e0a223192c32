"""`roi results` prints each workflow's call as a reader reads it (issue 17 item 6): by name,
payback in words (never 0.0 months), the call and its reason in words, never a code."""

from __future__ import annotations

import pandas as pd

from python_helpers.results.roi import calls_in_words


def _calls() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "workflow": "Lead scoring review",
                "revenue_method": "pre_post",
                "value_low": 1.0,
                "value_base": 2.0,
                "value_high": 3.0,
                "cost": 1.0,
                "roi_pct": 35251.0,
                "payback": 0.004,
                "call": "keep_measuring",
                "recommendation_reason": "evidence_immature",
                "workflow_id": "lead_scoring_review",
                "efficiency_evidence_maturity": "mature",
                "performance_lift_evidence_maturity": "not_measured",
                "pipeline_evidence_maturity": "immature",
                "days_since_go_live": 120,
            },
            {
                "workflow": "Webinar follow-up",
                "revenue_method": None,
                "value_low": 1.0,
                "value_base": 2.0,
                "value_high": 3.0,
                "cost": 1.0,
                "roi_pct": 10.0,
                "payback": 3.24,
                "call": "scale",
                "recommendation_reason": "whole_range_positive",
                "workflow_id": "webinar_follow_up",
                "efficiency_evidence_maturity": "mature",
                "performance_lift_evidence_maturity": "not_measured",
                "pipeline_evidence_maturity": "not_measured",
                "days_since_go_live": 200,
            },
        ]
    )


def test_calls_are_printed_in_words_by_workflow_name():
    worded = calls_in_words(_calls())
    text = worded.to_string(index=False)
    assert list(worded["payback"]) == ["under a week", "3.2 months"]
    assert list(worded["call"]) == ["keep measuring", "scale"]
    assert list(worded["revenue_method"]) == ["pre/post (weaker)", "-"]
    assert "MQL cohorts (pipeline)" in worded["why"][0]
    assert worded["why"][1] == "the whole range is above zero"
    for code in (
        "lead_scoring_review",
        "keep_measuring",
        "evidence_immature",
        "whole_range_positive",
        "pipeline_cohorts",
        "0.0 months",
    ):
        assert code not in text, code


def test_no_calls_print_as_no_rows():
    assert calls_in_words(_calls().iloc[0:0]).empty
