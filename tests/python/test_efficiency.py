"""The efficiency mart recovers the effects planted in the sample time logs."""

from __future__ import annotations

import pytest

from python_helpers.devtools.sample_data.time_tracking import PLANTED_WORKFLOWS

RELATIVE_TOLERANCE = 0.15


def test_build_passed_every_model_test_and_unit_test(built_warehouse):
    assert "Completed successfully" in built_warehouse.build_log
    assert " ERROR=0 " in built_warehouse.build_log


@pytest.mark.parametrize(
    "planted",
    [workflow for workflow in PLANTED_WORKFLOWS if workflow.baseline_hours is not None],
    ids=lambda workflow: workflow.workflow_id,
)
def test_planted_hours_saved_are_recovered(built_warehouse, planted):
    (row,) = built_warehouse.query(
        "select hours_saved_per_task, hours_saved_per_task_low, hours_saved_per_task_high, "
        "evidence_maturity from main_marts.fct_workflow_time_savings "
        f"where workflow_id = '{planted.workflow_id}'"
    )
    saved, low, high, maturity = row
    expected = planted.baseline_hours - planted.ai_hours
    assert low <= expected <= high, f"planted {expected} h outside the range [{low}, {high}]"
    if maturity == "mature":
        # Enough task instances on both sides: the point estimate itself must be close.
        assert saved == pytest.approx(expected, rel=RELATIVE_TOLERANCE)


def test_workflow_without_pre_ai_logs_is_flagged_not_valued(built_warehouse):
    unprovable = [w.workflow_id for w in PLANTED_WORKFLOWS if w.baseline_hours is None]
    rows = built_warehouse.query(
        "select workflow_id, has_baseline, annual_savings_usd_base, evidence_maturity "
        "from main_marts.fct_workflow_time_savings where not has_baseline"
    )
    assert [row[0] for row in rows] == unprovable
    assert all(row[2] is None and row[3] == "unprovable_no_baseline" for row in rows)


def test_every_catalogue_workflow_has_one_row(built_warehouse):
    (catalogue,) = built_warehouse.query("select count(*) from main_marts.dim_workflows")
    (facts,) = built_warehouse.query(
        "select count(distinct workflow_id) from main_marts.fct_workflow_time_savings"
    )
    assert catalogue == facts
