"""python_helpers/seed_rules.py mirrors the seeds' matching rules the dbt models apply.

Hand-worked cases pin the rules; the `built_warehouse` tests prove the Python matcher and the dbt
models give the same answers on every sample row, so a rule changed on one side only fails here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from python_helpers import seed_rules
from python_helpers.seed_rules import Workflow, sql_like, tag_list


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("demand generation", "%demand generation%", True),
        ("q3 demand generation push", "%demand generation%", True),
        ("", "%", True),
        ("case study", "%case stud%", True),
        ("abc", "a_c", True),
        ("ac", "a_c", False),
        ("a.c", "a.c", True),
        ("abc", "a.c", False),  # '.' is literal in LIKE
        ("line\nbreak", "%break", True),
    ],
)
def test_sql_like(value, pattern, expected):
    assert sql_like(value, pattern) is expected


def test_tag_list_and_ai_tag():
    assert tag_list("Webinar, AI-assisted") == ",webinar,ai-assisted,"
    assert tag_list(None) == ",,"
    assert seed_rules.has_ai_tag("research, AI", ("ai-assisted", "ai"))
    assert not seed_rules.has_ai_tag("ai-free, trained", ("ai-assisted", "ai"))


def test_workflow_rule_lowest_priority_wins():
    rules = [
        seed_rules.WorkflowRule("broad", 20, "%", "%webinar%", "%", "b"),
        seed_rules.WorkflowRule("narrow", 10, "%demand%", "%webinar%", "%", "a"),
    ]
    assert seed_rules.workflow_for_entry(rules, " Demand Gen ", "Webinar", None).rule_id == "narrow"
    assert seed_rules.workflow_for_entry(rules, "Events", "Webinar", "x").rule_id == "broad"
    assert seed_rules.workflow_for_entry(rules, "Events", "Booth", "x") is None


def test_work_mode_by_tag_and_go_live():
    by_date = Workflow("w", "W", "efficiency", date(2026, 4, 1), "go_live_date")
    by_tag = Workflow("t", "T", "efficiency", date(2026, 4, 1), "tag_only")
    assert seed_rules.work_mode(by_date, date(2026, 3, 31), False) == "baseline"
    assert seed_rules.work_mode(by_date, date(2026, 4, 1), False) == "ai_assisted"
    assert seed_rules.work_mode(by_tag, date(2026, 5, 1), False) == "baseline"
    assert seed_rules.work_mode(by_tag, date(2026, 1, 1), True) == "ai_assisted"


def test_marketo_variant_from_object_and_pair_array():
    assert seed_rules.marketo_test_variant('{"Test Variant": " Version B ", "x": 1}') == "Version B"
    pairs = '[{"name": "Campaign Run ID", "value": 7}, {"name": "Test Variant", "value": "A"}]'
    assert seed_rules.marketo_test_variant(pairs) == "A"
    assert seed_rules.marketo_test_variant('{"Is Bot Activity": false}') is None


def test_ab_test_arm_is_case_insensitive_and_trimmed():
    tests = [seed_rules.AbTest("t1", "marketo", "4101", "version a", "version b")]
    assert seed_rules.ab_test_arm(tests, "marketo", " 4101 ", " VERSION B") == ("t1", "ai")
    assert seed_rules.ab_test_arm(tests, "marketo", "4101", "Version C") == ("t1", None)
    assert seed_rules.ab_test_arm(tests, "hubspot", "4101", "Version A") == (None, None)


def test_funnel_stage_from_the_seed():
    mappings = seed_rules.stage_mappings()
    assert seed_rules.funnel_stage(mappings, "hubspot", "lead", " MarketingQualifiedLead ") == "mql"
    assert seed_rules.funnel_stage(mappings, "salesforce", "opportunity", "Closed Won") == "won"
    assert seed_rules.funnel_stage(mappings, "salesforce", "lead", "Partner Recycled") is None


# --- the Python matcher and the dbt models agree on the sample warehouse ----------------------

RAW_TIME_ENTRIES = """
    select 'toggl' as source_system, _source_file, _row_number, project, task, description, tags,
        null as task_instance_id
    from raw_time_tracking.toggl_time_entries
    union all
    select 'harvest', _source_file, _row_number, project, task, notes, null, null
    from raw_time_tracking.harvest_time_entries
    union all
    select 'clockify', _source_file, _row_number, project, task, description, tags, null
    from raw_time_tracking.clockify_time_entries
    union all
    select 'canonical', _source_file, _row_number, project, task, description, tags,
        task_instance_id
    from raw_time_tracking.canonical_time_entries
"""


def test_time_entry_rules_agree_with_dbt(built_warehouse):
    rows = built_warehouse.query(
        f"""
        select raw.project, raw.task, raw.description, raw.tags, mapped.matched_rule_id,
            mapped.has_ai_tag
        from ({RAW_TIME_ENTRIES}) as raw
        inner join main_staging.stg_time_tracking__time_entries as stg
            on stg.source_system = raw.source_system
            and stg.source_file = raw._source_file
            and stg.source_row_number = raw._row_number
        inner join main_intermediate.int_time_entries_mapped_to_workflows as mapped
            on mapped.time_entry_id = stg.time_entry_id
        """
    )
    rules = seed_rules.workflow_rules()
    ai_tags = seed_rules.ai_assist_tags()
    assert len(rows) > 1000
    assert sum(1 for row in rows if row[4] is not None) > 50  # the sample maps real work
    disagreements = []
    for project, task, description, tags, rule_id, tagged in rows:
        rule = seed_rules.workflow_for_entry(rules, project, task, description)
        python = (rule.rule_id if rule else None, seed_rules.has_ai_tag(tags, ai_tags))
        if python != (rule_id, tagged):
            disagreements.append((project, task, description, tags, python, (rule_id, tagged)))
    assert disagreements == []


def test_task_instance_classification_agrees_with_dbt(built_warehouse):
    rows = built_warehouse.query(
        "select workflow_id, started_on, has_ai_tag, work_mode "
        "from main_intermediate.int_task_instances_classified"
    )
    workflows = {workflow.workflow_id: workflow for workflow in seed_rules.workflows()}
    modes = defaultdict(int)
    for workflow_id, started_on, tagged, mode in rows:
        assert seed_rules.work_mode(workflows[workflow_id], started_on, tagged) == mode
        modes[mode] += 1
    assert modes["baseline"] > 0 and modes["ai_assisted"] > 0


def test_ab_test_arms_agree_with_dbt(built_warehouse):
    rows = built_warehouse.query(
        "select distinct source_system, campaign_key, variant_label, ab_test_id, arm "
        "from main_staging.base_email_platform__events_typed"
    )
    tests = seed_rules.ab_tests()
    arms = set()
    for source, campaign, variant, test_id, arm in rows:
        assert seed_rules.ab_test_arm(tests, source, campaign, variant) == (test_id, arm)
        arms.add(arm)
    assert {"control", "ai"} <= arms


def test_marketo_variant_reading_agrees_with_dbt(built_warehouse):
    rows = built_warehouse.query(
        """
        select distinct raw.attributes, typed.variant_label
        from raw_email_platform.marketo_activities as raw
        inner join main_staging.base_email_platform__events_typed as typed
            on typed.source_system = 'marketo'
            and typed.source_file = raw._source_file
            and typed.source_row_number = raw._row_number
        """
    )
    assert len(rows) > 10
    for attributes, label in rows:
        assert seed_rules.marketo_test_variant(attributes) == label


def test_stage_mapping_agrees_with_dbt(built_warehouse):
    """Every distinct CRM stage value of the sample maps to the same funnel stage (or to none)
    in Python as in dbt: int_crm_stages_mapped where it exists (leads and opportunities),
    else int_leads_unified."""
    (mapped_model,) = built_warehouse.query(
        "select count(*) from information_schema.tables where table_name = 'int_crm_stages_mapped'"
    )[0]
    if mapped_model:
        rows = built_warehouse.query(
            "select distinct source_system, object_type, stage_value, funnel_stage "
            "from main_intermediate.int_crm_stages_mapped where stage_value is not null"
        )
    else:
        rows = built_warehouse.query(
            """
            select distinct leads.source_system, 'lead', leads.stage_value, unified.funnel_stage
            from main_staging.stg_crm__leads as leads
            inner join main_intermediate.int_leads_unified as unified
                on unified.lead_id = leads.lead_id
            where leads.stage_value is not null
            """
        )
    mappings = seed_rules.stage_mappings()
    assert {row[0] for row in rows} == {"hubspot", "salesforce"}
    for crm, object_type, stage_value, stage in rows:
        assert seed_rules.funnel_stage(mappings, crm, object_type, stage_value) == stage
