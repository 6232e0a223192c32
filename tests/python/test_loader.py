"""The loader: header detection by column name, lineage, idempotency and refusals."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from python_helpers import sniffing
from python_helpers.loader import ShapeError, fingerprint, load_landing, match_shape
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


@pytest.mark.parametrize("workers", [1, 3])
def test_files_load_side_by_side_as_if_one_by_one(tmp_path, workers):
    """Loaded concurrently, each file still numbers its rows in file order, and of two files
    with the same bytes in one landing the first (landing order) loads, the other is skipped."""
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    durations = [f"{hours}:00:00" for hours in range(1, 8)]
    big = "\n".join(TOGGL_ROW.replace("1:30:00", d) for d in durations * 3000)
    land(landing, "a_big.csv", f"{TOGGL_HEADER}\n{big}\n")
    land(landing, "b_small.csv", f"{TOGGL_HEADER}\n{TOGGL_ROW}\n")
    land(landing, "c_copy_of_big.csv", f"{TOGGL_HEADER}\n{big}\n")
    results = load_landing(landing, database, workers)
    assert [(r.path.name, r.status, r.rows) for r in results] == [
        ("a_big.csv", "loaded", 21000),
        ("b_small.csv", "loaded", 1),
        ("c_copy_of_big.csv", "skipped", 0),
    ]
    out_of_order = rows(
        database,
        "select count(*) from raw_time_tracking.toggl_time_entries where _source_file = "
        "'a_big.csv' and duration <> concat(((_row_number - 1) % 7) + 1, ':00:00')",
    )
    assert out_of_order == [(0,)]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # With 4-byte chunks the UTF-8 "é" (c3 a9) straddles chunks 1 and 2; chunk 3 is ASCII.
        ("abcé defgh".encode(), "utf-8"),
        # A Latin-1 "é" (e9) alone in a chunk of otherwise ASCII bytes.
        ("abcé defgh".encode("latin-1"), "latin-1"),
        # A multi-byte start, an all-ASCII chunk, then a continuation byte: not UTF-8.
        (b"abc\xc3defg\xa9xyz", "latin-1"),
        # The file ends inside a multi-byte character.
        (b"abcdefg\xc3", "latin-1"),
        (b"abcdefgh", "utf-8"),
    ],
)
def test_fingerprint_detects_the_encoding_across_chunks(tmp_path, monkeypatch, data, encoding):
    monkeypatch.setattr(sniffing, "CHUNK_BYTES", 4)
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    assert fingerprint(path)[1] == encoding


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
