"""CRM stages: the shipped seed maps the vendors' default labels, an unmapped value is quarantined
`unmapped_stage` (never silently `lead`), and the calendar covers a 2018 export.

The seed test reads the CSV (no dbt). The fixture build lands the real-export fixtures
(tests/fixtures/real_exports), loads them and builds only the CRM intermediates and the calendar
with dbt: a few minutes at most. Expected funnel stages are written out by hand per value.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date

import pytest
from conftest import REPO_ROOT, Pipeline, dbt, dbt_deps, isolated_env, roi

from python_helpers.checks.stage_mappings import find_unmapped_stages

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "real_exports"
SEED = REPO_ROOT / "seeds" / "pipeline" / "pipeline_stage_mappings.csv"

# (crm, object_type, value as the export writes it) -> funnel stage.
DEFAULT_STAGES = {
    # HubSpot lifecycle stage labels (UI export) and internal values (API export).
    ("hubspot", "lead", "Subscriber"): "lead",
    ("hubspot", "lead", "Lead"): "lead",
    ("hubspot", "lead", "Marketing Qualified Lead"): "mql",
    ("hubspot", "lead", "Sales Qualified Lead"): "sql",
    ("hubspot", "lead", "Opportunity"): "opportunity",
    ("hubspot", "lead", "Customer"): "won",
    ("hubspot", "lead", "Evangelist"): "won",
    ("hubspot", "lead", "Other"): "lead",
    ("hubspot", "lead", "marketingqualifiedlead"): "mql",
    ("hubspot", "lead", "salesqualifiedlead"): "sql",
    # Salesforce Lead Status defaults: classic and newer Lightning orgs.
    ("salesforce", "lead", "Open - Not Contacted"): "lead",
    ("salesforce", "lead", "Working - Contacted"): "lead",
    ("salesforce", "lead", "Closed - Converted"): "opportunity",
    ("salesforce", "lead", "Closed - Not Converted"): "lost",
    ("salesforce", "lead", "New"): "lead",
    ("salesforce", "lead", "Working"): "lead",
    ("salesforce", "lead", "Nurturing"): "lead",
    ("salesforce", "lead", "Qualified"): "sql",
    ("salesforce", "lead", "Unqualified"): "lost",
    # Deal stages: HubSpot default pipeline labels and ids; Salesforce StageName defaults.
    ("hubspot", "opportunity", "Appointment Scheduled"): "opportunity",
    ("hubspot", "opportunity", "Decision Maker Bought-In"): "opportunity",
    ("hubspot", "opportunity", "Closed Won"): "won",
    ("hubspot", "opportunity", "closedlost"): "lost",
    ("salesforce", "opportunity", "Proposal/Price Quote"): "opportunity",
    ("salesforce", "opportunity", "Closed Won"): "won",
    ("salesforce", "opportunity", "Closed Lost"): "lost",
}


def seed_rows() -> dict[tuple[str, str, str], str]:
    with SEED.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        (row["crm"], row["object_type"], row["stage_value"].strip().lower()): row["funnel_stage"]
        for row in rows
    }


def test_shipped_seed_maps_the_vendors_default_stages():
    rows = seed_rows()
    found = {key: rows.get((key[0], key[1], key[2].lower())) for key in DEFAULT_STAGES}
    assert found == DEFAULT_STAGES


def test_shipped_seed_has_one_row_per_value_ignoring_case():
    with SEED.open(newline="") as handle:
        keys = [
            (row["crm"], row["object_type"], row["stage_value"].strip().lower())
            for row in csv.DictReader(handle)
        ]
    assert len(keys) == len(set(keys))


CRM_FIXTURES = (
    "hubspot-crm-exports-all-contacts-2026-04-01",
    "hubspot-crm-exports-all-deals-2026-04-01",
    "salesforce_lead_data_loader_extract",
    "salesforce_opportunity_data_loader_extract",
)
TOGGL_2018 = "Toggl_time_entries_2018-11-01_to_2018-11-30"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    root = tmp_path_factory.mktemp("real_exports")
    env = isolated_env(root)
    for system, names in (("crm", CRM_FIXTURES), ("time_tracking", (TOGGL_2018,))):
        folder = root / "landing" / system
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(FIXTURES / system / f"{name}.csv.in", folder / f"{name}.csv")
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", env=env)
    models = "+int_leads_unified +int_opportunities_converted_to_usd +dim_dates +dim_workflows"
    build = dbt("run", "--select", models, env=env)
    tests = dbt(
        "test",
        "--select",
        "int_crm_stages_mapped int_leads_unified int_opportunities_converted_to_usd "
        "dim_dates assert_dim_dates__one_row_per_day_without_gaps "
        "assert_crm_stages__every_clean_record_mapped_or_quarantined pipeline_stage_mappings "
        "assert_pipeline_stage_mappings__one_row_per_value_ignoring_case",
        env=env,
        check=False,
    )
    database = root / "warehouse" / "roi.duckdb"
    pipeline = Pipeline(root, root / "landing", database, env, build.stdout)
    assert tests.returncode == 0, tests.stdout[-6000:]
    return pipeline


def test_real_labels_reach_the_right_funnel_stage(fixture_build):
    found = dict(
        fixture_build.query(
            "select leads.source_system || ' ' || leads.stage_value, unified.funnel_stage "
            "from main_staging.stg_crm__leads as leads "
            "inner join main_intermediate.int_leads_unified as unified "
            "on leads.lead_id = unified.lead_id"
        )
    )
    assert found == {
        "hubspot Subscriber": "lead",
        "hubspot Lead": "lead",
        "hubspot Marketing Qualified Lead": "mql",
        "hubspot Sales Qualified Lead": "sql",
        "hubspot Opportunity": "opportunity",
        "hubspot Customer": "won",
        "hubspot Evangelist": "won",
        "hubspot Other": "lead",
        "salesforce Open - Not Contacted": "lead",
        "salesforce Working - Contacted": "lead",
        "salesforce Closed - Converted": "opportunity",
        "salesforce Closed - Not Converted": "lost",
        "salesforce New": "lead",
        "salesforce Working": "lead",
        "salesforce Nurturing": "lead",
        "salesforce Qualified": "sql",
        "salesforce Unqualified": "lost",
    }


def test_unknown_stages_are_quarantined_not_counted_as_lead(fixture_build):
    quarantined = fixture_build.query(
        "select source_system, object_type, stage_value, quarantine_reason, quarantine_message "
        "from main_intermediate.int_crm_stages_mapped where quarantine_reason is not null "
        "order by 1, 2, 3"
    )
    assert quarantined == [
        (
            "hubspot",
            "lead",
            "Partner Referral",
            "unmapped_stage",
            "HubSpot lifecycle stage 'Partner Referral' has no row in seed "
            "pipeline_stage_mappings (crm hubspot, object_type lead)",
        ),
        (
            "hubspot",
            "opportunity",
            "Verbal Commit",
            "unmapped_stage",
            "HubSpot deal stage 'Verbal Commit' has no row in seed pipeline_stage_mappings "
            "(crm hubspot, object_type opportunity)",
        ),
        (
            "salesforce",
            "lead",
            "Recycled",
            "unmapped_stage",
            "Salesforce lead status 'Recycled' has no row in seed pipeline_stage_mappings "
            "(crm salesforce, object_type lead)",
        ),
    ]
    # 9 HubSpot contacts + 10 Salesforce leads landed, 2 quarantined; 4 deals + 3
    # opportunities, 1 quarantined (the Salesforce 'Verbal Agreement' has IsClosed, so it stays).
    counts = fixture_build.query(
        "select (select count(*) from main_intermediate.int_leads_unified), "
        "(select count(*) from main_intermediate.int_opportunities_converted_to_usd)"
    )
    assert counts == [(17, 6)]


def test_a_2018_export_gets_a_calendar_from_2018(fixture_build):
    bounds = fixture_build.query(
        "select min(calendar_date), "
        "count(*) filter (where calendar_date = date '2018-11-06') "
        "from main_marts.dim_dates"
    )
    assert bounds == [(date(2018, 1, 1), 1)]


def test_roi_check_counts_each_unmapped_value_per_file(fixture_build):
    with fixture_build.connect() as con:
        findings = find_unmapped_stages(con.cursor())
    assert [
        (f.crm, f.object_type, f.stage_value, f.source_file, f.count, f.rows) for f in findings
    ] == [
        (
            "hubspot",
            "lead",
            "Partner Referral",
            "hubspot-crm-exports-all-contacts-2026-04-01.csv",
            1,
            9,
        ),
        (
            "hubspot",
            "opportunity",
            "Verbal Commit",
            "hubspot-crm-exports-all-deals-2026-04-01.csv",
            1,
            4,
        ),
        ("salesforce", "lead", "Recycled", "salesforce_lead_data_loader_extract.csv", 1, 10),
    ]
