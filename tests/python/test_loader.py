"""The loader: header detection by column name, lineage, idempotency and refusals."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from python_helpers.loader import ShapeError, load_landing, match_shape
from python_helpers.shapes import normalize_column_name

TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (USD)"
)
TOGGL_ROW = (
    "Avery,avery@example.com,Northwind,Demand Generation,Webinar email sequence,"
    'Webinar #1,No,2026-06-23,09:30:00,2026-06-23,11:00:00,1:30:00,"webinar, ai-assisted",'
)


def land(landing: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder = landing / "time_tracking"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("Amount (USD)", "amount_usd"), ("\ufeffUser", "user"), ("Billable?", "billable")],
)
def test_column_names_are_normalized(raw, normalized):
    assert normalize_column_name(raw) == normalized


def test_shapes_are_recognised_by_name_in_any_order():
    header = list(reversed(TOGGL_HEADER.split(",")))
    shape, unknown = match_shape("time_tracking", header, "x.csv")
    assert (shape.name, unknown) == ("toggl", [])


def test_stop_date_variant_is_an_alias_of_end_date():
    header = TOGGL_HEADER.replace("End date", "Stop date").replace("End time", "Stop time")
    shape, unknown = match_shape("time_tracking", header.split(","), "x.csv")
    assert shape.name == "toggl" and unknown == []


def test_unknown_header_is_refused_naming_missing_and_unknown_columns():
    header = TOGGL_HEADER.replace("Duration", "Time spent").split(",")
    with pytest.raises(ShapeError) as error:
        match_shape("time_tracking", header, "export.csv")
    message = str(error.value)
    assert "export.csv" in message
    assert "'duration'" in message and "Time spent" in message


def test_load_keeps_lineage_and_loads_each_file_once(tmp_path):
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    land(landing, "toggl.csv", f"\ufeff{TOGGL_HEADER}\n{TOGGL_ROW}\n{TOGGL_ROW}\n")
    first = load_landing(landing, database)
    assert [(r.status, r.rows) for r in first] == [("loaded", 2)]
    second = load_landing(landing, database)
    assert [r.status for r in second] == ["skipped"]
    loaded = rows(
        database,
        "select _source_file, _row_number, length(_file_checksum), email, duration, tags "
        "from raw_time_tracking.toggl_time_entries order by _row_number",
    )
    assert loaded == [
        ("toggl.csv", 1, 64, "avery@example.com", "1:30:00", "webinar, ai-assisted"),
        ("toggl.csv", 2, 64, "avery@example.com", "1:30:00", "webinar, ai-assisted"),
    ]


def test_refused_file_is_recorded_and_other_files_still_load(tmp_path):
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    land(landing, "a_bad.csv", "Who,When,How long\nA,today,1h\n")
    land(landing, "b_good.csv", f"{TOGGL_HEADER}\n{TOGGL_ROW}\n")
    results = {r.path.name: r for r in load_landing(landing, database)}
    assert results["a_bad.csv"].status == "refused"
    assert "missing columns" in results["a_bad.csv"].message
    assert results["b_good.csv"].status == "loaded"
    ledger = rows(database, "select source_file, status from raw_meta.file_loads order by 1")
    assert ledger == [("a_bad.csv", "refused"), ("b_good.csv", "loaded")]


def test_latin1_file_is_decoded(tmp_path):
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    row = TOGGL_ROW.replace("Avery", "Zoë")
    land(landing, "latin.csv", f"{TOGGL_HEADER}\n{row}\n", encoding="latin-1")
    (result,) = load_landing(landing, database)
    assert result.status == "loaded"
    assert rows(database, "select user from raw_time_tracking.toggl_time_entries") == [("Zoë",)]


def test_every_known_raw_table_exists_before_any_file_lands(tmp_path):
    database = tmp_path / "roi.duckdb"
    load_landing(tmp_path / "empty", database)
    tables = {
        name
        for (name,) in rows(
            database,
            "select table_name from information_schema.tables "
            "where table_schema = 'raw_time_tracking'",
        )
    }
    assert {"toggl_time_entries", "harvest_time_entries", "clockify_time_entries"} <= tables
