"""`roi doctor`: on a broken landing folder (tests/fixtures/doctor/broken_landing), on the sample
landing, with a loaded warehouse, and without a landing folder. No dbt build: the doctor reads
files (and the loader's ledger), so these tests need none.

Expected values are worked by hand from the fixture files:
- clockify_detailed_report.csv: US dates and 12-hour times (02/13/2026 proves month first);
  Content / Case study draft (rule case_studies, case_study_drafting, tag_only): 3.50 h untagged
  (baseline) and 2.00 h tagged AI-assisted.
- toggl_detailed_report.csv: 6 entries, 4:00 + 1:30 + 2:15 + 5:30 + 1:00 + 0:45 = 15.00 h.
  Demand Generation / Webinar email sequence (rule webinar_emails): Webinar #7 on 2026-03-10,
  before the 2026-04-01 go-live, untagged -> baseline; Webinar #8 tagged ai-assisted -> AI.
  Product Marketing / Competitor brief (rule competitor_briefs), tags "research, AI" (tag `ai`)
  -> AI-assisted, and competitor_brief has no baseline. Field Events / Booth planning
  (5:30 + 1:00 = 6.50 h, 2 entries) and Internal / Team meeting (0.75 h) match no rule.
- harvest_detailed_time.csv writes `Time (decimal)` instead of `Hours`: refused, nearest harvest.
- hubspot_email_events_2026-10.csv: group 9004 has variants 900401 (ana, ben, cal) and 900402
  (dee, eve), no registry row; sends at 1791450000000 ms = 2026-10-08 09:00 UTC, the open at
  1791536400000 = 2026-10-09. Group 9001 (registered newsletter test) has 900101 (control, fay)
  and 900199 (neither arm, gus). Group 9005 has one variant: not an A/B test.
- salesforce_lead.csv: status `Partner Recycled` twice (no mapping row); AI_Scored__c true on
  one lead; no AI_Nurtured__c / AI_Routed__c columns.
- crm/pipeline_review.pdf and ads/linkedin_campaign_performance.csv are skipped.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from python_helpers import cli, doctor
from python_helpers.devtools.sample_data import generate_all
from python_helpers.loader import load_landing

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "doctor" / "broken_landing"


def run_doctor(capsys, monkeypatch, landing: Path, database: Path, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("ROI_LANDING_DIR", str(landing))
    monkeypatch.setenv("ROI_DUCKDB_PATH", str(database))
    monkeypatch.setenv("ROI_PUBLISHED_DUCKDB_PATH", str(database.parent / "published.duckdb"))
    monkeypatch.delenv("ROI_TARGET", raising=False)
    code = cli.main(["doctor", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def broken(tmp_path) -> Path:
    landing = tmp_path / "landing"
    shutil.copytree(BROKEN, landing)
    return landing


def by_path(report: dict) -> dict[str, dict]:
    return {item["path"]: item for item in report["files"]}


def test_broken_landing_json(broken, tmp_path, capsys, monkeypatch):
    code, out = run_doctor(capsys, monkeypatch, broken, tmp_path / "none.duckdb", "--json")
    assert code == 0
    report = json.loads(out)
    files = by_path(report)
    assert sorted(files) == [
        "ads/",
        "crm/pipeline_review.pdf",
        "crm/salesforce_lead.csv",
        "email_platform/hubspot_email_events_2026-10.csv",
        "time_tracking/clockify_detailed_report.csv",
        "time_tracking/harvest_detailed_time.csv",
        "time_tracking/toggl_detailed_report.csv",
    ]
    assert report["warehouse"] is None

    toggl = files["time_tracking/toggl_detailed_report.csv"]
    assert (toggl["status"], toggl["vendor"], toggl["shape"]) == ("usable", "Toggl Track", "toggl")
    assert toggl["encoding"].startswith("utf-8") and toggl["delimiter"] == ","
    assert (toggl["rows"], toggl["first_date"], toggl["last_date"]) == (
        6,
        "2026-03-10",
        "2026-06-17",
    )
    assert toggl["date_format"] == "%Y-%m-%d"

    clockify = files["time_tracking/clockify_detailed_report.csv"]
    assert (clockify["shape"], clockify["rows"]) == ("clockify", 2)
    assert clockify["date_format"] == "%m/%d/%Y"
    assert (clockify["first_date"], clockify["last_date"]) == ("2026-02-13", "2026-03-02")
    assert clockify["formats"]["time_format"] == "%I:%M %p"

    harvest = files["time_tracking/harvest_detailed_time.csv"]
    assert harvest["status"] == "refused"
    assert harvest["nearest_shape"] == "harvest"
    assert harvest["missing_columns"] == ["hours"]
    assert harvest["unknown_columns"] == ["Time (decimal)"]

    email = files["email_platform/hubspot_email_events_2026-10.csv"]
    assert (email["shape"], email["rows"]) == ("hubspot_email_events", 9)
    assert (email["first_date"], email["last_date"]) == ("2026-10-06", "2026-10-09")

    leads = files["crm/salesforce_lead.csv"]
    assert (leads["vendor"], leads["shape"], leads["rows"]) == ("Salesforce", "salesforce_leads", 4)
    assert (leads["first_date"], leads["last_date"]) == ("2026-05-01", "2026-05-04")

    for skipped in ("crm/pipeline_review.pdf", "ads/"):
        assert files[skipped]["status"] == "skipped" and files[skipped]["reason"]

    efficiency = report["dimensions"]["efficiency"]
    assert (efficiency["time_entries"], efficiency["hours"]) == (8, 20.5)
    assert efficiency["hours_mapped_to_workflows"] == 13.25
    assert efficiency["hours_no_rule_maps"] == 7.25
    assert efficiency["unmapped_work"] == [
        {"project": "Field Events", "task": "Booth planning", "hours": 6.5, "entries": 2},
        {"project": "Internal", "task": "Team meeting", "hours": 0.75, "entries": 1},
    ]
    workflows = {item["workflow_id"]: item for item in efficiency["workflows"]}
    assert workflows["webinar_email_sequence"]["status"] == "measurable"
    assert workflows["webinar_email_sequence"]["baseline_task_instances"] == 1
    assert workflows["webinar_email_sequence"]["ai_assisted_task_instances"] == 1
    assert workflows["competitor_brief"]["status"] == "no_baseline_logs"
    assert workflows["competitor_brief"]["ai_assisted_task_instances"] == 1
    assert workflows["case_study_drafting"]["status"] == "measurable"
    assert workflows["case_study_drafting"]["hours"] == 5.5
    assert workflows["monthly_client_report"]["status"] == "no_logs"
    assert "competitor_brief" in efficiency["workflows_without_baseline_logs"]
    assert efficiency["measurable_workflows"] == ["webinar_email_sequence", "case_study_drafting"]
    assert efficiency["status"] == "can_compute_partly"

    lift = report["dimensions"]["performance_lift"]
    assert lift["unregistered_campaigns_with_variants"] == [
        {
            "source_system": "hubspot",
            "campaign_key": "9004",
            "variants": [
                {"variant": "900401", "recipients": 3},
                {"variant": "900402", "recipients": 2},
            ],
            "first_date": "2026-10-08",
            "last_date": "2026-10-09",
            "seed_line": (
                "hubspot_9004,TODO name the test (hubspot campaign 9004),TODO_workflow_id,"
                "TODO_campaign_type,html,hubspot,9004,900401,900402,TODO ai tool,0.5,5,"
                "2026-10-08,2026-10-09,ctr,,,"
            ),
        }
    ]
    tests = {item["ab_test_id"]: item for item in lift["registered_tests"]}
    newsletter = tests["newsletter_subject_2026_04"]
    assert (newsletter["recipients_control"], newsletter["recipients_ai"]) == (1, 0)
    assert newsletter["variants_not_in_the_registry"] == [{"variant": "900199", "recipients": 1}]
    assert newsletter["status"] == "no_events_in_both_arms"
    assert lift["measurable_tests"] == []
    # Registration check (seed ab_tests): the newsletter test plans 80,000 recipients split
    # 50/50 = 40,000 per arm, blank lift/power/control rate = 10%, 80%, 2%: it needs 80,679 per
    # arm (the worked example), so it can never prove its lift; the other tests plan
    # lifts of 20-25% their audiences can reach.
    (warning,) = lift["tests_with_audience_too_small"]
    assert warning.startswith("A/B test newsletter_subject_2026_04 is registered with an audience")
    assert "40,000 recipients in the smaller arm, 80,679 delivered per arm needed" in warning
    assert lift["status"] == "cannot_compute_yet"

    pipeline = report["dimensions"]["pipeline"]
    assert pipeline["unmapped_stages"] == [
        {
            "crm": "salesforce",
            "object_type": "lead",
            "stage_value": "Partner Recycled",
            "rows": 2,
            "seed_line": "salesforce,lead,Partner Recycled,TODO_funnel_stage,seen in 2 rows",
        }
    ]
    assert pipeline["leads"] == {"hubspot": 0, "salesforce": 4}
    assert pipeline["ai_tagged_leads"] == {"hubspot": 0, "salesforce": 1}
    assert pipeline["opportunities"] == {"hubspot": 0, "salesforce": 0}
    assert sorted(item["field"] for item in pipeline["missing_ai_signal_fields"]) == [
        "AI_Nurtured__c",
        "AI_Routed__c",
    ]


def test_broken_landing_plain_text(broken, tmp_path, capsys, monkeypatch):
    code, out = run_doctor(capsys, monkeypatch, broken, tmp_path / "none.duckdb")
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    assert "REFUSED time_tracking/harvest_detailed_time.csv" in lines
    assert "closest known export: harvest" in lines
    assert "missing columns: hours" in lines
    assert "columns it does not know: Time (decimal)" in lines
    assert "6.50 h  Field Events / Booth planning (2 entries)" in lines
    assert "0.75 h  Internal / Team meeting (1 entry)" in lines
    assert (
        "competitor_brief: 0 pre-AI tasks, 1 AI-assisted: NO PRE-AI LOGS (no baseline, no ROI)"
        in lines
    )
    assert "webinar_email_sequence: 1 pre-AI task, 1 AI-assisted" in lines
    assert "newsletter_subject_2026_04: 1 control and 0 AI recipients: not both arms yet" in lines
    assert (
        "hubspot campaign 9004 (2026-10-08 to 2026-10-09): recipients '900401' 3, '900402' 2"
        in lines
    )
    assert (
        "hubspot_9004,TODO name the test (hubspot campaign 9004),TODO_workflow_id,"
        "TODO_campaign_type,html,hubspot,9004,900401,900402,TODO ai tool,0.5,5,"
        "2026-10-08,2026-10-09,ctr,,,"
    ) in lines
    assert "A/B test newsletter_subject_2026_04 is registered with an audience too small" in out
    assert "Enlarge the audience, plan a bigger lift" in " ".join(lines)
    assert "salesforce,lead,Partner Recycled,TODO_funnel_stage,seen in 2 rows" in lines
    assert any(
        line.startswith("Salesforce lead export has no AI_Routed__c column") for line in lines
    )
    assert any(line.startswith("SKIPPED crm/pipeline_review.pdf") for line in lines)
    # short lines a person can read: every line but the pasteable seed rows fits 120 characters
    long_lines = [line for line in out.splitlines() if len(line) > 120 and "," not in line]
    assert long_lines == []


def test_copies_and_misplaced_exports(broken, tmp_path, capsys, monkeypatch):
    toggl = broken / "time_tracking" / "toggl_detailed_report.csv"
    shutil.copy(toggl, broken / "time_tracking" / "toggl_detailed_report_copy.csv")
    shutil.copy(toggl, broken / "toggl_at_the_root.csv")
    code, out = run_doctor(capsys, monkeypatch, broken, tmp_path / "none.duckdb", "--json")
    assert code == 0
    report = json.loads(out)
    files = by_path(report)
    copy = files["time_tracking/toggl_detailed_report_copy.csv"]
    assert copy["status"] == "skipped"
    assert "time_tracking/toggl_detailed_report.csv" in copy["reason"]
    root = files["toggl_at_the_root.csv"]
    assert root["status"] == "skipped"
    assert root["reason"].endswith("its header is a toggl export: move it to time_tracking/")
    # neither is counted twice
    assert report["dimensions"]["efficiency"]["time_entries"] == 8


def test_workbook_is_read_from_its_header_row(tmp_path, capsys, monkeypatch):
    from openpyxl import Workbook

    landing = tmp_path / "landing"
    (landing / "time_tracking").mkdir(parents=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Detailed report: June 2026"])  # a title row above the header
    header = (BROKEN / "time_tracking" / "toggl_detailed_report.csv").read_text("utf-8-sig")
    lines = list(csv.reader(header.splitlines()))
    for line in lines[:3]:
        sheet.append(line)
    workbook.save(landing / "time_tracking" / "toggl_june.xlsx")
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb", "--json")
    assert code == 0
    (finding,) = json.loads(out)["files"]
    assert (finding["status"], finding["shape"], finding["rows"]) == ("usable", "toggl", 2)
    assert (finding["first_date"], finding["last_date"]) == ("2026-03-10", "2026-05-12")
    efficiency = json.loads(out)["dimensions"]["efficiency"]
    assert (efficiency["time_entries"], efficiency["hours"]) == (2, 5.5)


def test_warehouse_says_which_files_are_already_loaded(broken, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ROI_TARGET", raising=False)
    database = tmp_path / "warehouse" / "roi.duckdb"
    load_landing(broken, database, workers=1)
    code, out = run_doctor(capsys, monkeypatch, broken, database, "--json")
    assert code == 0
    report = json.loads(out)
    files = by_path(report)
    assert files["time_tracking/toggl_detailed_report.csv"]["in_warehouse"] == "loaded"
    assert files["time_tracking/harvest_detailed_time.csv"]["in_warehouse"] == "refused"
    warehouse = report["warehouse"]
    assert (warehouse["status"], warehouse["files_loaded"], warehouse["marts_built"]) == (
        "read",
        4,
        False,
    )
    assert warehouse["loaded_files_not_in_landing"] == []
    # a loaded file removed from the landing folder is named
    (broken / "crm" / "salesforce_lead.csv").unlink()
    code, out = run_doctor(capsys, monkeypatch, broken, database, "--json")
    assert json.loads(out)["warehouse"]["loaded_files_not_in_landing"] == ["salesforce_lead.csv"]


def test_sample_landing(tmp_path, capsys, monkeypatch):
    landing = tmp_path / "landing"
    generate_all(landing, scale=0.05, seed=7)
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb", "--json")
    assert code == 0
    report = json.loads(out)
    assert {item["status"] for item in report["files"]} == {"usable"}
    shapes = {item["shape"] for item in report["files"]}
    assert {"toggl", "harvest", "clockify", "canonical", "marketo_activities"} <= shapes
    assert {"hubspot_email_events", "hubspot_contacts", "salesforce_leads"} <= shapes
    for item in report["files"]:
        assert item["rows"] > 0
        if item["shape"] != "hubspot_contact_deal_associations":
            assert item["first_date"] >= "2025-11-01" and item["undated_rows"] == 0
    efficiency = report["dimensions"]["efficiency"]
    # The sample plants competitor_brief as started with AI (seed: "no pre-AI logs").
    assert "competitor_brief" in efficiency["workflows_without_baseline_logs"]
    assert "monthly_client_report" in efficiency["measurable_workflows"]
    assert efficiency["entries_with_unreadable_hours"] == 0
    lift = report["dimensions"]["performance_lift"]
    assert lift["unregistered_campaigns_with_variants"] == []
    assert sorted(lift["measurable_tests"]) == sorted(
        test["ab_test_id"] for test in lift["registered_tests"]
    )
    pipeline = report["dimensions"]["pipeline"]
    assert pipeline["unmapped_stages"] == []
    assert pipeline["missing_ai_signal_fields"] == []
    assert pipeline["status"] == "can_compute"
    assert set(report) == {"landing_dir", "warehouse", "files", "dimensions", "next_steps"}


def test_empty_landing_says_what_to_land(tmp_path, capsys, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb")
    assert code == 0
    assert "(the landing folder is empty)" in out
    assert (
        "Automation efficiency: not measured yet: land time-tracker exports in time_tracking/."
        in out
    )
    assert "Pipeline outcomes: not measured yet: land CRM exports in crm/." in out


def test_one_system_only_names_what_to_land(tmp_path, capsys, monkeypatch):
    landing = tmp_path / "landing"
    (landing / "time_tracking").mkdir(parents=True)
    shutil.copy(BROKEN / "time_tracking" / "toggl_detailed_report.csv", landing / "time_tracking")
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb", "--json")
    assert code == 0
    report = json.loads(out)
    statuses = {name: dim["status"] for name, dim in report["dimensions"].items()}
    assert statuses == {
        "efficiency": "can_compute_partly",
        "performance_lift": "not_measured_no_data",
        "pipeline": "not_measured_no_data",
    }
    assert (
        "Performance lift: not measured yet: land email-platform exports in email_platform/."
        in report["next_steps"]
    )


def test_a_file_that_breaks_mid_way_is_reported_not_fatal(broken, tmp_path, capsys, monkeypatch):
    real_parse_date = doctor.parse_date

    def parse_date(value, date_format):
        if value == "2026-05-03T10:00:00.000Z":  # the third row of salesforce_lead.csv
            raise ValueError("a cell the reader chokes on")
        return real_parse_date(value, date_format)

    monkeypatch.setattr(doctor, "parse_date", parse_date)
    code, out = run_doctor(capsys, monkeypatch, broken, tmp_path / "none.duckdb", "--json")
    assert code == 0
    files = by_path(json.loads(out))
    assert files["crm/salesforce_lead.csv"]["status"] == "refused"
    assert files["crm/salesforce_lead.csv"]["reason"] == (
        "cannot be read: ValueError: a cell the reader chokes on"
    )
    assert files["time_tracking/toggl_detailed_report.csv"]["status"] == "usable"


def test_a_stray_quote_is_refused_as_roi_load_refuses_it(tmp_path, capsys, monkeypatch):
    landing = tmp_path / "landing"
    (landing / "crm").mkdir(parents=True)
    good = (BROKEN / "crm" / "salesforce_lead.csv").read_text().splitlines()
    # line 3 opens a quote that never closes: every later line would be swallowed by it
    stray = good[:2] + [good[2].replace(",Partner Recycled,", ',"Partner Recycled,')] + good[3:]
    (landing / "crm" / "salesforce_lead.csv").write_text("\n".join(stray) + "\n")
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb", "--json")
    assert code == 0
    report = json.loads(out)
    (finding,) = report["files"]
    assert finding["status"] == "refused"
    # header + 4 rows: the quote opened on line 3 is still open when the file ends, at line 5
    assert finding["reason"].startswith("the file ends inside a quoted cell (at line 5)")
    assert report["dimensions"]["pipeline"]["leads"] == {"hubspot": 0, "salesforce": 0}
    (loaded,) = load_landing(landing, tmp_path / "warehouse" / "roi.duckdb", workers=1)
    assert loaded.status == "refused"


def test_missing_landing_folder_cannot_run(tmp_path, capsys, monkeypatch):
    code, out = run_doctor(capsys, monkeypatch, tmp_path / "nowhere", tmp_path / "none.duckdb")
    assert code == 2
    assert f"landing folder {tmp_path / 'nowhere'} does not exist" in out


def test_doctor_foresees_what_roi_load_does_with_real_exports(tmp_path, capsys, monkeypatch):
    """On the readers' real-export landing (tests/fixtures/real_exports), every entry gets the
    outcome, shape, row count, encoding and delimiter the loader's hand-written expectations
    (expected_loads.tsv) give it: the doctor says before loading what `roi load` will do."""
    from test_landing_files import expected_loads, land_real_exports

    landing = land_real_exports(tmp_path / "landing")
    code, out = run_doctor(capsys, monkeypatch, landing, tmp_path / "none.duckdb", "--json")
    assert code == 0
    files = by_path(json.loads(out))
    outcome = {"loaded": "usable", "refused": "refused", "skipped": "skipped"}
    expected = {
        (f"{row['system']}/{row['file']}" if row["system"] else row["file"]): row
        for row in expected_loads()
    }
    assert sorted(files) == sorted(expected)
    for path, row in expected.items():
        found = files[path]
        assert found["status"] == outcome[row["status"]], path
        if row["status"] == "loaded":
            assert (found["shape"], str(found["rows"])) == (row["shape"], row["rows"]), path
            assert (found["encoding"] or "", found["delimiter"] or "") == (
                row["encoding"],
                row["delimiter"],
            ), path
            assert found["first_date"] is not None, path
