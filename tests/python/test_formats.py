"""resolve_formats: what a whole column proves, on hand-written values (no warehouse, no dbt)."""

from __future__ import annotations

import json
import re

from conftest import REPO_ROOT

from python_helpers.formats import (
    DATE_FORMATS,
    TIME_FORMATS,
    CountedValues,
    columns_to_resolve,
    resolve_formats,
)


def test_us_dates_proven_by_a_day_over_12():
    resolved = resolve_formats(
        "clockify",
        {
            "start_date": ["02/03/2026", "02/17/2026", "03/01/2026"],
            "start_time": ["09:05 AM", "02:15 PM"],
            "duration_decimal": ["1.50", "0.25"],
        },
    )
    assert resolved.date_format == "%m/%d/%Y"
    assert resolved.date_order == "MDY"
    assert resolved.time_format == "%I:%M %p"
    assert resolved.clock == "12-hour"
    assert resolved.decimal_separator == "."
    assert "day field over 12 in 1 value (e.g. 02/17/2026)" in resolved.date_order_evidence
    assert not resolved.unrecognised


def test_day_first_proven_by_a_day_over_12():
    resolved = resolve_formats(
        "clockify", {"start_date": ["23/06/2026", "01/07/2026"], "start_time": ["12:55"]}
    )
    assert resolved.date_format == "%d/%m/%Y"
    assert resolved.date_order == "DMY"
    assert resolved.time_format == "%H:%M"
    assert resolved.clock == "24-hour"


def test_ambiguous_file_uses_the_configured_var_and_says_so():
    resolved = resolve_formats(
        "clockify",
        {"start_date": ["02/03/2026", "05/04/2026", "12/11/2026"], "start_time": ["10:00"]},
        configured={"roi_clockify_date_format": "%d/%m/%Y"},
    )
    assert resolved.is_ambiguous
    assert resolved.date_format is None
    assert resolved.date_separator == "/"
    assert resolved.date_order_evidence == (
        "ambiguous: no day field over 12 in 3 values; configured roi_clockify_date_format "
        "(%d/%m/%Y) used"
    )
    data = json.loads(resolved.as_json())
    assert data["date_order"] == "ambiguous"
    assert "date_format" not in data


def test_dotted_dates_and_24_hour_clock():
    resolved = resolve_formats(
        "clockify",
        {"start_date": ["17.08.2026", "03.09.2026"], "start_time": ["08:30", "17:45"]},
    )
    assert resolved.date_format == "%d.%m.%Y"
    assert resolved.date_separator == "."
    assert resolved.time_format == "%H:%M"


def test_toggl_twelve_hour_times_with_seconds():
    resolved = resolve_formats(
        "toggl",
        {
            "start_date": ["2026-03-02", "2026-03-03"],
            "start_time": ["02:15:00 PM", "09:00:00 AM"],
            "end_date": ["2026-03-02"],
            "end_time": ["03:45:00 PM"],
        },
    )
    assert resolved.date_format == "%Y-%m-%d"
    assert resolved.date_order == "YMD"
    assert resolved.time_format == "%I:%M:%S %p"
    assert any("AM/PM marker in 3 time values" in line for line in resolved.evidence)


def test_harvest_decimal_comma():
    resolved = resolve_formats("harvest", {"date": ["2026-02-25"], "hours": ["1,5", "0,75", "2"]})
    assert resolved.decimal_separator == ","
    assert resolved.date_format == "%Y-%m-%d"
    assert not resolved.unrecognised


def test_one_decimal_comma_among_points_stays_unreadable():
    resolved = resolve_formats("harvest", {"date": ["2026-02-25"], "hours": ["1,5", "1.5"]})
    assert resolved.decimal_separator == "."
    assert resolved.unrecognised == {"hours": (1, ("1,5",))}


def test_unsupported_values_listed_with_three_examples():
    resolved = resolve_formats(
        "toggl",
        {
            "start_date": ["2026-03-02", "March 5th", "yesterday", "5 Mar", "n/a"],
            "start_time": ["09:00:00"],
        },
    )
    assert resolved.date_format == "%Y-%m-%d"
    count, examples = resolved.unrecognised["start_date"]
    assert count == 4
    assert examples == ("5 Mar", "March 5th", "n/a")  # sorted, three of them


def test_conflicting_orders_keep_the_majority():
    resolved = resolve_formats(
        "clockify", {"start_date": ["13/01/2026", "14/01/2026", "01/15/2026"]}
    )
    assert resolved.date_format == "%d/%m/%Y"
    assert resolved.unrecognised["start_date"] == (1, ("01/15/2026",))


def test_hubspot_created_without_a_zone():
    resolved = resolve_formats(
        "hubspot_email_events", {"created": ["2026-09-01 05:55:12", "2026-09-01 06:01:00"]}
    )
    assert resolved.timestamp_format == "iso_without_zone"
    assert "read in roi_hubspot_timezone" in resolved.describe()
    epoch = resolve_formats("hubspot_email_events", {"created": ["1775000000000"]})
    assert epoch.timestamp_format == "epoch_ms"


def test_shape_without_user_formats_resolves_empty():
    resolved = resolve_formats("salesforce_leads", {"CreatedDate": ["2026-01-01"]})
    assert json.loads(resolved.as_json()) == {"evidence": [], "shape": "salesforce_leads"}
    assert columns_to_resolve("salesforce_leads") == ()


def test_blank_and_missing_values_prove_nothing():
    resolved = resolve_formats("clockify", {"start_date": ["", None, "  "]})
    assert resolved.date_format is None and resolved.date_order is None
    assert not resolved.unrecognised


def test_staging_macro_supports_the_same_formats():
    """The CASE staging generates covers exactly the formats resolve_formats can answer."""
    macro = (REPO_ROOT / "macros" / "parsing" / "supported_datetime_formats.sql").read_text()
    dates = re.search(r"date_formats\s*=\s*\[(.*?)\]", macro, re.S)[1]
    times = re.search(r"time_formats\s*=\s*\[(.*?)\]", macro, re.S)[1]
    assert tuple(re.findall(r"'([^']+)'", dates)) == DATE_FORMATS
    assert tuple(re.findall(r"'([^']+)'", times)) == TIME_FORMATS


def test_epoch_timestamps_counted_elsewhere_resolve_as_if_listed():
    """The loader counts plain epoch values in SQL (CountedValues) and passes only the others:
    same counts, and a tie is listed in the order a scan of the sorted values meets the kinds
    (here the ISO values sort first: "1500-..." < "1790...")."""
    iso = ["1500-01-01T00:00:00Z", "1600-01-01T00:00:00Z"]
    counted = resolve_formats(
        "hubspot_email_events",
        {"created": iso},
        counted_epoch_ms=CountedValues(count=2, smallest="1790000000000"),
    )
    assert counted.timestamp_format == "mixed"
    assert counted.evidence == (
        "timestamps: ISO 8601 with an offset or Z in 2 values",
        "timestamps: epoch milliseconds (UTC) in 2 values",
    )
    listed = resolve_formats(
        "hubspot_email_events", {"created": [*iso, "1790000000000", "1790000060000"]}
    )
    assert listed == counted
