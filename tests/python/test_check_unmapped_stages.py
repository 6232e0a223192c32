"""`roi check` on CRM stages no seed row maps (python_helpers/checks/stage_mappings.py).

A warehouse is written by hand here (the quarantine model's columns and raw_meta.file_loads), so
no dbt build is needed: 3 of 100 rows of one file in an unmapped status is 3% (a warning), 2 of
10 rows of another is 20% (over the 5% default: the check fails).
"""

from __future__ import annotations

import duckdb

from python_helpers.checks import CheckReport, print_report, report_unmapped_stages
from python_helpers.checks.stage_mappings import find_unmapped_stages


def warehouse(path):
    con = duckdb.connect(str(path))
    con.execute("create schema main_intermediate")
    con.execute(
        "create table main_intermediate.int_crm_stages_mapped (object_type varchar, "
        "record_id varchar, source_system varchar, stage_value varchar, funnel_stage varchar, "
        "quarantine_reason varchar, quarantine_message varchar, source_file varchar, "
        "source_row_number bigint)"
    )
    rows = [("lead", f"s{i}", "salesforce", "Recycled", None, "unmapped_stage", "m", "sf.csv", i)
            for i in range(3)]  # fmt: skip
    rows += [("lead", f"h{i}", "hubspot", "Partner Referral", None, "unmapped_stage", "m",
              "hs.csv", i) for i in range(2)]  # fmt: skip
    rows += [("lead", "ok", "salesforce", "New", "lead", None, None, "sf.csv", 9)]
    con.executemany(
        "insert into main_intermediate.int_crm_stages_mapped values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.execute("create schema raw_meta")
    con.execute(
        "create table raw_meta.file_loads (source_file varchar, system varchar, status varchar, "
        "row_count bigint)"
    )
    con.executemany(
        "insert into raw_meta.file_loads values (?, ?, ?, ?)",
        [("sf.csv", "crm", "loaded", 100), ("hs.csv", "crm", "loaded", 10),
         ("hs.csv", "crm", "skipped", 0)],
    )  # fmt: skip
    con.close()


def test_each_unmapped_value_is_counted_against_its_file(tmp_path):
    warehouse(tmp_path / "roi.duckdb")
    with duckdb.connect(str(tmp_path / "roi.duckdb"), read_only=True) as con:
        findings = find_unmapped_stages(con.cursor())
    assert [(f.crm, f.stage_value, f.source_file, f.count, f.rows) for f in findings] == [
        ("salesforce", "Recycled", "sf.csv", 3, 100),
        ("hubspot", "Partner Referral", "hs.csv", 2, 10),
    ]
    assert findings[0].seed_row() == "salesforce,lead,Recycled,<funnel_stage>,"


def test_a_large_share_fails_and_a_small_one_warns(tmp_path, capsys):
    warehouse(tmp_path / "roi.duckdb")
    with duckdb.connect(str(tmp_path / "roi.duckdb"), read_only=True) as con:
        findings = find_unmapped_stages(con.cursor())
    report = CheckReport()
    report_unmapped_stages(report, findings, share=0.05)  # the default ROI_FORMAT_DRIFT_MAX_SHARE
    assert [(f.target, f.suite) for f in report.failures] == [("file crm/hs.csv", "unmapped_stage")]
    assert "2 of 10 rows of hs.csv (20%)" in report.failures[0].detail
    (warning,) = report.warnings
    assert "'Recycled'" in warning and "3 of 100 rows of sf.csv (3%)" in warning
    print_report(report)
    printed = capsys.readouterr().out
    assert "\nWARN unmapped_stage: salesforce lead stage 'Recycled'" in printed
    assert "salesforce,lead,Recycled,<funnel_stage>," in printed
    assert "checks FAILED (1 failing)" in printed and "1 warning(s)" in printed


def test_nothing_to_report_before_the_model_is_built(tmp_path):
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as con:
        assert find_unmapped_stages(con.cursor()) == []
