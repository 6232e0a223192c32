"""Per-file format detection end to end (tests/fixtures/formats): the loader records each file's
resolved formats, staging reads every row with them (UTC values hand-worked), and `roi check`
fails on a file whose dates no supported format reads, naming the file, reason, count and
examples. One small landing (7 files), staging only: no sample data.

Hand-worked UTC values use roi_time_tracking_timezone = roi_hubspot_timezone = America/New_York:
EST (UTC-5) until 2026-03-08 02:00, EDT (UTC-4) from then until 2026-11-01.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, Pipeline, dbt, dbt_deps, isolated_env, roi

from python_helpers.checks.drift import find_drift
from python_helpers.loader import load_landing

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "formats"
ZONE_VARS = (
    '{"roi_time_tracking_timezone": "America/New_York", "roi_hubspot_timezone": "America/New_York"}'
)


def land(landing: Path) -> None:
    for source in sorted(FIXTURES.glob("*/*.csv.in")):
        target = landing / source.parent.name / source.name.removesuffix(".in")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def resolved_by_file(database: Path) -> dict[str, dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select source_file, status, resolved_formats from raw_meta.file_loads"
        ).fetchall()
    assert all(status == "loaded" for _, status, _ in rows), rows
    return {name: json.loads(text) for name, _, text in rows}


def test_loader_records_the_resolved_formats_of_each_file(tmp_path):
    land(tmp_path / "landing")
    load_landing(tmp_path / "landing", tmp_path / "roi.duckdb")
    found = resolved_by_file(tmp_path / "roi.duckdb")

    toggl = found["toggl_12_hour_2026-03.csv"]
    assert (toggl["date_format"], toggl["time_format"]) == ("%Y-%m-%d", "%I:%M:%S %p")
    assert toggl["clock"] == "12-hour"

    us = found["clockify_us_dates_2026-02.csv"]
    assert (us["date_format"], us["date_order"], us["time_format"]) == (
        "%m/%d/%Y",
        "MDY",
        "%I:%M %p",
    )
    assert us["date_order_evidence"].startswith("day field over 12 in 1 value (e.g. 02/17/2026)")

    ambiguous = found["clockify_ambiguous_2026-04.csv"]
    assert ambiguous["date_order"] == "ambiguous" and "date_format" not in ambiguous
    assert "configured roi_clockify_date_format used" in ambiguous["date_order_evidence"]

    dotted = found["clockify_dotted_2026-08.csv"]
    assert (dotted["date_format"], dotted["time_format"], dotted["decimal_separator"]) == (
        "%d.%m.%Y",
        "%H:%M",
        ",",
    )

    harvest = found["harvest_decimal_comma_2026-02.csv"]
    assert (harvest["date_format"], harvest["decimal_separator"]) == ("%d/%m/%Y", ",")

    hubspot = found["hubspot_email_events_zoneless_2026-09.csv"]
    assert hubspot["timestamp_format"] == "iso_without_zone"

    unreadable = found["toggl_unreadable_dates_2026-05.csv"]
    assert "date_format" not in unreadable
    assert unreadable["unrecognised"]["start_date"]["count"] == 4


def test_loader_counts_epoch_timestamps_as_a_value_by_value_resolution_would(tmp_path):
    """An email export's epoch timestamps are counted in SQL, the rest resolved in Python: the
    recorded formats are what resolving every distinct value would give (hand-worked)."""
    for source in sorted((REPO_ROOT / "tests" / "fixtures" / "epoch_counting").glob("*/*.in")):
        target = tmp_path / "landing" / source.parent.name / source.name.removesuffix(".in")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    load_landing(tmp_path / "landing", tmp_path / "roi.duckdb")
    found = resolved_by_file(tmp_path / "roi.duckdb")

    # 1790000000000 twice (one distinct value), 1790000060000, two ISO values, "yesterday".
    assert found["hubspot_email_events_mixed_2026-10.csv"] == {
        "shape": "hubspot_email_events",
        "timestamp_format": "mixed",
        "evidence": [
            "timestamps: epoch milliseconds (UTC) in 2 values",
            "timestamps: ISO 8601 with an offset or Z in 2 values",
        ],
        "unrecognised": {"created": {"count": 1, "examples": ["yesterday"]}},
    }
    # " 1790000000000" is the same value once stripped: 2 distinct values, not 3.
    assert found["hubspot_email_events_padded_2026-11.csv"] == {
        "shape": "hubspot_email_events",
        "timestamp_format": "epoch_ms",
        "evidence": ["timestamps: epoch milliseconds (UTC) in 2 values"],
    }


@pytest.fixture(scope="module")
def formats_build(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    root = tmp_path_factory.mktemp("formats")
    env = isolated_env(root)
    land(root / "landing")
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", "--quiet", env=env)
    dbt("run", "--select", "staging", "--quiet", "--vars", ZONE_VARS, env=env)
    return Pipeline(root, root / "landing", root / "warehouse" / "roi.duckdb", env)


def clean_rows(pipeline: Pipeline, sql: str) -> list[tuple]:
    with duckdb.connect(str(pipeline.database), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_time_entries_read_with_each_files_format(formats_build):
    rows = clean_rows(
        formats_build,
        "select source_file, source_row_number, strftime(started_at, '%Y-%m-%d %H:%M'), "
        "cast(entry_date as varchar), duration_hours "
        "from main_staging.stg_time_tracking__time_entries order by 1, 2",
    )
    assert rows == [
        # ambiguous: the var %d/%m/%Y decides: 4 May 10:00 EDT, 5 April 16:45 EDT
        ("clockify_ambiguous_2026-04.csv", 1, "2026-05-04 14:00", "2026-05-04", 1.0),
        ("clockify_ambiguous_2026-04.csv", 2, "2026-04-05 20:45", "2026-04-05", 0.5),
        # dotted, decimal comma: 17 Aug 08:30 EDT, 3 Sep 13:00 EDT
        ("clockify_dotted_2026-08.csv", 1, "2026-08-17 12:30", "2026-08-17", 1.5),
        ("clockify_dotted_2026-08.csv", 2, "2026-09-03 17:00", "2026-09-03", 0.25),
        # US order (02/17 proves it), 12-hour: 3 Feb 09:00 EST, 17 Feb 14:15 EST, 1 Mar 10:30 EST
        ("clockify_us_dates_2026-02.csv", 1, "2026-02-03 14:00", "2026-02-03", 2.0),
        ("clockify_us_dates_2026-02.csv", 2, "2026-02-17 19:15", "2026-02-17", 1.5),
        ("clockify_us_dates_2026-02.csv", 3, "2026-03-01 15:30", "2026-03-01", 0.75),
        # Harvest: dates only, day first (25/02 proves it), decimal comma
        ("harvest_decimal_comma_2026-02.csv", 1, None, "2026-02-25", 1.5),
        ("harvest_decimal_comma_2026-02.csv", 2, None, "2026-03-03", 0.75),
        # Toggl 12-hour: 2 Mar 14:15 EST; 10 Mar 09:05 EDT; 11 Mar 00:30 EDT (12:30 AM)
        ("toggl_12_hour_2026-03.csv", 1, "2026-03-02 19:15", "2026-03-02", 1.5),
        ("toggl_12_hour_2026-03.csv", 2, "2026-03-10 13:05", "2026-03-10", 0.75),
        ("toggl_12_hour_2026-03.csv", 3, "2026-03-11 04:30", "2026-03-11", 1.0),
    ]


def test_hubspot_created_without_a_zone_is_read_in_the_configured_zone(formats_build):
    rows = clean_rows(
        formats_build,
        "select source_row_number, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') "
        "from main_staging.stg_email_platform__events "
        "where source_file = 'hubspot_email_events_zoneless_2026-09.csv' order by 1",
    )
    # 05:55:12, 05:55:40 and 14:02:09 EDT (UTC-4)
    assert rows == [
        (1, "2026-09-01 09:55:12"),
        (2, "2026-09-01 09:55:40"),
        (3, "2026-09-01 18:02:09"),
    ]


def test_drift_finds_only_the_unreadable_file(formats_build):
    with duckdb.connect(str(formats_build.database), read_only=True) as con:
        findings = find_drift(con.cursor(), share=0.05)
    assert [(f.source_file, f.reason, f.count, f.rows) for f in findings] == [
        ("toggl_unreadable_dates_2026-05.csv", "unparseable_or_zoneless_start", 4, 4)
    ]
    assert findings[0].examples == (
        "4 May 2026 09:00:00",
        "5 May 2026 09:00:00",
        "6 May 2026 09:00:00",
    )


def test_roi_check_fails_on_format_drift_with_file_reason_count_and_examples(formats_build):
    check = roi("check", "--no-docs", env=formats_build.env, check=False)
    assert check.returncode == 1
    drift_lines = [line for line in check.stdout.splitlines() if "[format_drift]" in line]
    assert len(drift_lines) == 1, check.stdout
    assert "file time_tracking/toggl_unreadable_dates_2026-05.csv" in drift_lines[0]
    assert "4 of 4 rows (100%) quarantined as 'unparseable_or_zoneless_start'" in drift_lines[0]
    assert "examples: ['4 May 2026 09:00:00', '5 May 2026 09:00:00', '6 May 2026 09:00:00']" in (
        check.stdout
    )
    # The landed-file checks follow each file's resolved format: the US-date, dotted, 12-hour
    # and decimal-comma files pass them; the unreadable one does not.
    landed_failures = {
        line.split()[2]
        for line in check.stdout.splitlines()
        if line.startswith("FAIL landed") and "[landed__" in line
    }
    assert landed_failures == {"time_tracking/toggl_unreadable_dates_2026-05.csv"}, check.stdout


def test_drift_share_setting_is_validated():
    from python_helpers.settings import Settings

    with pytest.raises(ValueError, match="between 0 and 1"):
        Settings.from_env({"ROI_FORMAT_DRIFT_MAX_SHARE": "5%"})
    assert Settings.from_env({"ROI_FORMAT_DRIFT_MAX_SHARE": "0.2"}).format_drift_max_share == 0.2
    assert Settings.from_env({}).format_drift_max_share == 0.05
