"""What the loader reads from a landing folder, and how (docs/landing_files.md).

Files shaped like real vendor exports (tests/fixtures/real_exports): multi-line quoted cells,
Windows-1252, UTF-16 tab-separated "Unicode text", semicolons, .CSV, .txt, .csv.gz, .xlsx, and
everything that is not an export (an unknown extension, a sub-folder, a hidden file, an unknown
system folder, a file at the landing root, a binary file, a copy of another file). Loader-level,
except one test that runs staging on the landing: every raw row is clean or quarantined.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, Pipeline, dbt, dbt_deps, isolated_env, roi

from python_helpers import sniffing
from python_helpers.loader import load_landing, match_shape
from python_helpers.shapes import normalize_column_name
from python_helpers.sniffing import cell_text, landing_entries, sniff

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "real_exports"
EXPECTED = FIXTURES / "expected_loads.tsv"
TOGGL_HEADER = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (USD)"
)
TOGGL_ROW = (
    "Avery,avery@example.com,Northwind,Demand Generation,Webinar email sequence,"
    "Webinar #1,No,2026-06-23,09:30:00,2026-06-23,11:00:00,1:30:00,webinar,"
)


def expected_loads() -> list[dict[str, str]]:
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        row["delimiter"] = row["delimiter"].replace("\\t", "\t")
    return rows


def write_opportunities_workbook(path: Path) -> None:
    """A Salesforce opportunities report saved as .xlsx: two title rows and a blank row above
    the header, typed cells (dates, a datetime, numbers, booleans), a blank row at the end."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Opportunities"
    sheet.append(["Opportunities with AI touches"])
    sheet.append(["Generated 2026-09-14 by Sam Lee"])
    sheet.append([])
    sheet.append(
        ["Id", "Name", "Amount", "CurrencyIsoCode", "StageName", "CloseDate", "IsClosed", "IsWon"]
        + ["CreatedDate"]
    )
    rows = [
        ["0065e00000XyZa1", "Nordwind renewal", 48000, "EUR", "Closed Won", date(2026, 9, 30)]
        + [True, True, datetime(2026, 8, 12, 9, 30, 5)],
        ["0065e00000XyZa2", "Acme pilot", 12500.5, "USD", "Prospecting", date(2026, 11, 15)]
        + [False, False, datetime(2026, 8, 20, 16, 0, 0)],
    ]
    for values in rows:
        sheet.append(values)
        row = sheet.max_row
        sheet.cell(row, 6).number_format = "yyyy-mm-dd"
        sheet.cell(row, 9).number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.append([])
    workbook.create_sheet("Notes").append(["not read: only the first sheet is"])
    workbook.save(path)


def land_real_exports(landing: Path) -> Path:
    """The fixture tree landed (`.in` dropped), plus what the test makes: the .xlsx and a
    .DS_Store."""
    source = FIXTURES / "landing"
    for path in sorted(source.rglob("*.in")):
        target = landing / path.relative_to(source).with_name(path.name.removesuffix(".in"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    write_opportunities_workbook(landing / "crm" / "salesforce_opportunities_report.xlsx")
    (landing / "time_tracking" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00")
    return landing


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list]:
    root = tmp_path_factory.mktemp("real_exports")
    landing = land_real_exports(root / "landing")
    database = root / "roi.duckdb"
    results = load_landing(landing, database)
    return landing, database, results


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def ledger(database: Path) -> dict[tuple[str, str], dict]:
    rows = query(
        database,
        "select system, source_file, status, shape, row_count, encoding, delimiter, "
        "duplicate_of, message from raw_meta.file_loads",
    )
    found: dict[tuple[str, str], dict] = {}
    for system, name, status, shape, count, encoding, delimiter, duplicate_of, message in rows:
        assert (system or "", name) not in found, f"two ledger rows for {name}"
        found[(system or "", name)] = {
            "status": status,
            "shape": shape or "",
            "rows": str(count),
            "encoding": encoding or "",
            "delimiter": delimiter or "",
            "duplicate_of": duplicate_of or "",
            "message": message or "",
        }
    return found


def test_every_entry_of_the_landing_folder_is_in_the_ledger(loaded):
    landing, database, results = loaded
    expected = {(row["system"], row["file"]) for row in expected_loads()}
    listed = {(entry.system or "", entry.name) for entry in landing_entries(landing)}
    assert listed == expected
    assert set(ledger(database)) == expected
    assert {(r.system or "", r.name) for r in results} == expected


@pytest.mark.parametrize("case", expected_loads(), ids=lambda case: case["file"])
def test_each_landed_entry_gets_its_outcome(loaded, case):
    _, database, _ = loaded
    found = ledger(database)[(case["system"], case["file"])]
    for column in ("status", "shape", "encoding", "delimiter", "duplicate_of"):
        assert found[column] == case[column], (column, case["case"], found)
    if case["status"] == "loaded":
        assert found["rows"] == case["rows"], (case["case"], found)
    assert case["message"] in found["message"], (case["case"], found)


def test_roi_load_lists_every_entry_with_its_reason(loaded):
    _, _, results = loaded
    by_name = {result.display_name: result for result in results}
    assert by_name["time_tracking/archive/"].status == "skipped"
    assert "move exports up" in by_name["time_tracking/archive/"].message
    assert "email_platform/" in by_name["marketo/"].message  # where its files belong
    assert "save it as .xlsx" in by_name["crm/old_leads_2019.xls"].message


def _file_rows(path: Path, case: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """The file's header and rows as Python's csv module reads them, with the encoding and the
    delimiter the expected table states (not those the loader sniffed)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE):
        raw = raw.removeprefix(bom)
    text = raw.decode(case["encoding"])
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=case["delimiter"]))
    return rows[0], rows[1:]


@pytest.mark.parametrize(
    "case",
    [case for case in expected_loads() if case["status"] == "loaded" and case["encoding"]],
    ids=lambda case: case["file"],
)
def test_raw_rows_equal_the_file_rows(loaded, case):
    landing, database, _ = loaded
    header, rows = _file_rows(landing / case["system"] / case["file"], case)
    shape, _ = match_shape(case["system"], header, case["file"])
    positions = {}
    for index, column in enumerate(header):
        normalized = normalize_column_name(column)
        positions[shape.aliases.get(normalized, normalized)] = index
    known = [column for column in shape.columns if column in positions]
    columns = ", ".join(f'"{column}"' for column in known)
    raw = query(
        database,
        f"select _row_number, {columns} from {shape.schema}.{shape.table} "
        "where _source_file = ? order by _row_number",
        [case["file"]],
    )
    from_file = [
        (number, *[row[positions[column]] for column in known])
        for number, row in enumerate(rows, start=1)
    ]
    as_loaded = [tuple("" if value is None else value for value in row) for row in raw]
    assert as_loaded == from_file
    assert len(as_loaded) == int(case["rows"])


def values(database: Path, table: str, columns: str, source_file: str) -> list[tuple]:
    return query(
        database,
        f"select {columns} from {table} where _source_file = ? order by _row_number",
        [source_file],
    )


def test_windows_1252_punctuation_and_accents_survive(loaded):
    _, database, _ = loaded
    got = values(
        database,
        "raw_time_tracking.toggl_time_entries",
        '"user", description',
        "Toggl_time_entries_2026-08-01_to_2026-08-31.csv",
    )
    assert got == [
        ("Renée Dubois", "\u201cKick-off\u201d call \u2013 \u20ac2k budget"),
        ("Renée Dubois", "Draft invitation email (AI first draft)"),
        ("Marc Lefèvre", "Client report \u2013 August \u201cnumbers\u201d"),
    ]


def test_utf16_tab_separated_text_is_read(loaded):
    _, database, _ = loaded
    got = values(
        database,
        "raw_time_tracking.clockify_time_entries",
        '"user", description, start_date, duration_decimal',
        "Clockify_Time_Report_Detailed_08_2026.txt",
    )
    assert got == [
        ("Zoë Fischer", "Café data clean-up, part 1", "04/08/2026", "1.50"),
        ("Zoë Fischer", "Model review", "05/08/2026", "0.75"),
    ]


def test_semicolon_file_keeps_quoted_semicolons_and_decimal_commas_as_text(loaded):
    _, database, _ = loaded
    got = values(
        database,
        "raw_time_tracking.harvest_time_entries",
        "date, notes, hours, currency",
        "harvest_time_report_from2026-08-01to2026-08-31.csv",
    )
    assert got == [
        ("2026-08-03", "Drafts; review with client", "1,5", "Euro - EUR"),
        ("2026-08-04", "AI summary check", "0,75", "Euro - EUR"),
    ]


def test_multi_line_cells_load_and_keep_their_line_breaks(loaded):
    _, database, _ = loaded
    toggl = values(
        database,
        "raw_time_tracking.toggl_time_entries",
        "_row_number, description, tags",
        "TOGGL_DETAILED_2026-07.CSV",
    )
    assert toggl == [
        (1, "Webinar #1 landing page", "webinar"),
        (2, "Webinar #1 follow-up\nsecond line of the note", "webinar, ai-assisted"),
    ]
    contacts = values(
        database,
        "raw_crm.hubspot_contacts",
        "_row_number, hs_object_id, email, lifecyclestage, "
        "hs_lifecyclestage_marketingqualifiedlead_date",
        "hubspot-crm-exports-all-contacts-2026-09-14.csv",
    )
    assert contacts == [
        (1, "51", "avery.quinn@example.com", "marketingqualifiedlead", "2026-08-05 10:00"),
        (2, "52", "blake.rivera@example.com", "lead", None),
        (3, "53", "casey.nguyen@example.com", "salesqualifiedlead", "2026-08-07 08:00"),
    ]
    leads = values(
        database,
        "raw_crm.salesforce_leads",
        "_row_number, id, status, isconverted, converteddate, createddate",
        "salesforce_lead_extract_2026-09-14.csv",
    )
    assert leads == [
        (1, "00Q5e00000AbCdE1", "Working - Contacted", "false", None, "2026-08-10T08:30:00.000Z"),
        (2, "00Q5e00000AbCdF2", "Qualified", "true", "2026-08-20", "2026-08-11T14:05:12.000Z"),
    ]


def test_gzip_and_txt_exports_load(loaded):
    _, database, _ = loaded
    marketo = values(
        database,
        "raw_email_platform.marketo_activities",
        "marketoguid, activitytypeid, attributes",
        "marketo_activities_2026-09.csv.gz",
    )
    assert marketo[0] == (
        "10001",
        "6",
        '{"Test Variant":"Version A","Campaign Run ID":"3001"}',
    )
    assert len(marketo) == 2
    events = values(
        database,
        "raw_email_platform.hubspot_email_events",
        "id, type, sentby_id, filteredevent",
        "hubspot_email_events_2026-09.txt",
    )
    assert events == [
        ("e-1001", "SENT", None, "false"),
        ("e-1002", "DELIVERED", "e-1001", "false"),
        ("e-1003", "OPEN", "e-1001", "true"),
    ]


def test_xlsx_first_sheet_loads_from_the_row_holding_the_header(loaded):
    _, database, _ = loaded
    got = values(
        database,
        "raw_crm.salesforce_opportunities",
        "_row_number, id, name, amount, currencyisocode, closedate, isclosed, iswon, createddate",
        "salesforce_opportunities_report.xlsx",
    )
    assert got == [
        (1, "0065e00000XyZa1", "Nordwind renewal", "48000", "EUR", "2026-09-30", "true", "true")
        + ("2026-08-12 09:30:05",),
        (2, "0065e00000XyZa2", "Acme pilot", "12500.5", "USD", "2026-11-15", "false", "false")
        + ("2026-08-20 16:00:00",),
    ]


# --- loading again ---------------------------------------------------------------------------


def test_loading_again_records_each_repeat_once(tmp_path):
    landing = land_real_exports(tmp_path / "landing")
    database = tmp_path / "roi.duckdb"
    load_landing(landing, database)
    before = query(database, "select count(*) from raw_time_tracking.toggl_time_entries")
    second = {r.display_name: r for r in load_landing(landing, database)}
    third = load_landing(landing, database)
    assert {r.status for r in second.values()} <= {"skipped", "refused"}
    repeat = second["time_tracking/TOGGL_DETAILED_2026-07.CSV"]
    assert (repeat.status, repeat.duplicate_of) == ("skipped", "TOGGL_DETAILED_2026-07.CSV")
    assert "the same file" in repeat.message
    assert query(database, "select count(*) from raw_time_tracking.toggl_time_entries") == before
    traces = query(
        database,
        "select source_file, status, duplicate_of from raw_meta.file_loads "
        "where source_file = 'TOGGL_DETAILED_2026-07.CSV' order by status",
    )
    assert traces == [
        ("TOGGL_DETAILED_2026-07.CSV", "loaded", None),
        ("TOGGL_DETAILED_2026-07.CSV", "skipped", "TOGGL_DETAILED_2026-07.CSV"),
    ]
    skipped_rows = query(
        database,
        "select count(*) from raw_meta.file_loads where status = 'skipped' "
        "group by source_file, system having count(*) > 1",
    )
    assert skipped_rows == [], "a skip is recorded once, not on every load"
    assert len(third) == len(second)


def test_a_relanded_file_under_a_new_name_names_the_file_it_duplicates(tmp_path):
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    folder = landing / "time_tracking"
    folder.mkdir(parents=True)
    (folder / "toggl_2026-06.csv").write_text(f"{TOGGL_HEADER}\n{TOGGL_ROW}\n")
    load_landing(landing, database)
    (folder / "toggl_2026-06.csv").rename(folder / "toggl_june_again.csv")
    (result,) = load_landing(landing, database)
    assert (result.status, result.duplicate_of) == ("skipped", "toggl_2026-06.csv")
    assert "a copy of toggl_2026-06.csv" in result.message
    assert query(
        database,
        "select status, duplicate_of, row_count from raw_meta.file_loads "
        "where source_file = 'toggl_june_again.csv'",
    ) == [("skipped", "toggl_2026-06.csv", 0)]


def test_an_old_ledger_gains_the_new_columns(tmp_path):
    database = tmp_path / "roi.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw_meta")
        con.execute(
            "create table raw_meta.file_loads (source_file varchar, file_checksum varchar, "
            "system varchar, shape varchar, status varchar, row_count bigint, message varchar, "
            "encoding varchar, loaded_at timestamp)"
        )
        con.execute(
            "insert into raw_meta.file_loads values ('old.csv', 'abc', 'time_tracking', "
            "'toggl', 'loaded', 1, '', 'utf-8', timestamp '2026-01-01')"
        )
    landing = tmp_path / "landing"
    (landing / "time_tracking").mkdir(parents=True)
    (landing / "time_tracking" / "new.csv").write_text(f"{TOGGL_HEADER}\n{TOGGL_ROW}\n")
    load_landing(landing, database)
    assert query(
        database, "select source_file, delimiter from raw_meta.file_loads order by source_file"
    ) == [("new.csv", ","), ("old.csv", None)]


# --- sniffing, case by case ------------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # 0x93/0x94 curly quotes and 0x80 euro: Windows-1252, not Latin-1's control characters.
        ("Café “AI” €5".encode("cp1252"), "windows-1252"),
        # Only bytes Latin-1 and Windows-1252 share: Latin-1, as before.
        ("Café".encode("latin-1"), "latin-1"),
        # 0x81 is undefined in Windows-1252: Latin-1 decodes it.
        (b"Caf\xe9 \x81", "latin-1"),
        ("Café “AI” €5".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "utf-16-le"),
        # No BOM, but the header's zero bytes show UTF-16 LE.
        ("User\tEmail".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encoding_is_sniffed(tmp_path, data, encoding):
    path = write(tmp_path / "time_tracking" / "export.csv", f"{TOGGL_HEADER}\n".encode() + data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"U\x00")):
        path.write_bytes(data)
    assert sniff(path).encoding == encoding


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_confirmed_by_the_header(tmp_path, delimiter):
    header = TOGGL_HEADER.replace(",", delimiter)
    row = TOGGL_ROW.replace(",", delimiter)
    path = write(tmp_path / "time_tracking" / "export.csv", f"{header}\n{row}\n".encode())
    found = sniff(path)
    assert (found.delimiter, found.shape, found.reason) == (delimiter, "toggl", "")
    assert found.header == TOGGL_HEADER.split(",")


QUOTED_SEMICOLONS = '"a; b; c; d; e; f; g; h"'


def test_a_comma_header_with_semicolons_in_cells_stays_comma(tmp_path):
    path = write(
        tmp_path / "time_tracking" / "export.csv",
        f"{TOGGL_HEADER}\n{TOGGL_ROW.replace('Webinar #1', QUOTED_SEMICOLONS)}\n".encode(),
    )
    assert sniff(path).delimiter == ","


def test_undecodable_files_say_why(tmp_path):
    folder = tmp_path / "time_tracking"
    binary = sniff(write(folder / "a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "zero bytes" in binary.reason and not binary.usable
    odd = sniff(write(folder / "b.csv", codecs.BOM_UTF16_LE + b"U\x00s\x00\x00\xdc"))
    assert "not valid UTF-16-LE" in odd.reason
    not_gzip = sniff(write(folder / "c.csv.gz", TOGGL_HEADER.encode()))
    assert "not gzip-compressed" in not_gzip.reason
    empty = sniff(write(folder / "d.csv", b""))
    assert "the file is empty" in empty.reason
    notes = sniff(write(folder / "notes.txt", b"Exports for the Q3 review.\nAsk Sam.\n"))
    assert notes.kind == "unsupported" and "not an export" in notes.reason
    fake_xlsx = sniff(write(folder / "e.xlsx", b"Id,Name\n"))
    assert fake_xlsx.kind == "unsupported" and "not an Excel workbook" in fake_xlsx.reason


def test_xlsx_header_row_is_the_first_matching_a_shape(tmp_path):
    path = tmp_path / "crm" / "report.xlsx"
    path.parent.mkdir()
    write_opportunities_workbook(path)
    found = sniff(path)
    assert (found.kind, found.header_row, found.shape) == ("xlsx", 4, "salesforce_opportunities")
    assert found.header[:3] == ["Id", "Name", "Amount"]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (None, "General", ""),
        (True, "General", "true"),
        (3.0, "General", "3"),
        (1.62, "General", "1.62"),
        (datetime(2026, 6, 23), "yyyy-mm-dd", "2026-06-23"),
        (datetime(2026, 6, 23), "yyyy-mm-dd hh:mm", "2026-06-23 00:00:00"),
        (datetime(2026, 6, 23, 9, 5, 7), "General", "2026-06-23 09:05:07"),
        (time(14, 15), "h:mm", "14:15:00"),
        (timedelta(hours=26, minutes=30), "[h]:mm:ss", "26:30:00"),
        ("Webinar", "General", "Webinar"),
    ],
)
def test_workbook_cells_are_written_as_an_export_would(value, number_format, text):
    assert cell_text(value, number_format) == text


def test_listing_skips_what_is_not_read(tmp_path):
    landing = tmp_path / "landing"
    write(landing / "crm" / "~$report.xlsx", b"lock")
    write(landing / "crm" / "deals", b"no extension")
    write(landing / "hubspot" / "contacts.csv", TOGGL_HEADER.encode())
    (landing / "empty_folder").mkdir()
    reasons = {sniffing.display_name(e): e.reason for e in landing_entries(landing)}
    assert "Excel lock file" in reasons["crm/~$report.xlsx"]
    assert "no extension" in reasons["crm/deals"]
    assert "crm/ (contacts, deals)" in reasons["hubspot/"]
    assert "1 file(s) inside" in reasons["hubspot/"]
    assert "unknown system" in reasons["empty_folder/"]
    assert landing_entries(tmp_path / "missing") == []


def test_a_row_the_reader_cannot_parse_is_refused_with_a_short_message(tmp_path):
    landing, database = tmp_path / "landing", tmp_path / "roi.duckdb"
    write(
        landing / "time_tracking" / "toggl.csv",
        f"{TOGGL_HEADER}\n{TOGGL_ROW}\n{TOGGL_ROW},one cell too many\n".encode(),
    )
    (result,) = load_landing(landing, database)
    assert result.status == "refused"
    assert "Expected Number of Columns: 14 Found: 15" in result.message
    assert "one cell too many" in result.message  # the line as written
    assert "Possible fixes" not in result.message and "sample_size" not in result.message
    assert query(database, "select count(*) from raw_time_tracking.toggl_time_entries") == [(0,)]


# --- through staging -------------------------------------------------------------------------

RECONCILIATION = "raw_rows_reconciliation"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The real-export landing through `roi load` and dbt staging (no marts)."""
    root = tmp_path_factory.mktemp("real_exports_staged")
    env = isolated_env(root)
    land_real_exports(root / "landing")
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", "--quiet", env=env)
    dbt("run", "--select", "staging", "--quiet", env=env)
    dbt("compile", "--select", RECONCILIATION, "--quiet", env=env)
    return Pipeline(root, root / "landing", root / "warehouse" / "roi.duckdb", env)


def test_every_raw_row_of_the_real_exports_is_clean_or_quarantined(staged):
    compiled = next((staged.root / "target" / "compiled").rglob(f"{RECONCILIATION}.sql"))
    with staged.connect() as con:
        balance = con.execute(compiled.read_text()).df().to_dict("records")
    per_file = {row["source_file"]: row for row in balance}
    loaded = {
        name: rows
        for name, rows in staged.query(
            "select source_file, row_count from raw_meta.file_loads where status = 'loaded'"
        )
    }
    assert set(loaded) == set(per_file), "every loaded file reaches a staging pair"
    for name, rows in loaded.items():
        row = per_file[name]
        assert row["count_raw_rows"] == rows, name
        assert row["count_clean_rows"] + row["count_quarantined_rows"] == rows, name
        assert row["count_rows_out_of_balance"] == 0, name


def test_roi_check_reads_landed_files_as_the_loader_does(loaded):
    """`roi check`'s landed-file expectations see the rows the loader loaded (multi-line cells
    included) and refuse the file the loader refuses."""
    from python_helpers.checks import read_landed_file
    from python_helpers.loader import ReadError

    landing, _, _ = loaded
    shape, frame = read_landed_file(
        landing / "time_tracking" / "TOGGL_DETAILED_2026-07.CSV", "time_tracking"
    )
    assert shape.name == "toggl"
    assert list(frame["description"]) == [
        "Webinar #1 landing page",
        "Webinar #1 follow-up\nsecond line of the note",
    ]
    with pytest.raises(ReadError, match="never closed"):
        read_landed_file(
            landing / "time_tracking" / "toggl_hand_edited_2026-07.csv", "time_tracking"
        )
