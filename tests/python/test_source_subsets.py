"""Any subset of sources: nothing at all, each system alone, each vendor shape alone.

Most teams start with one system. Whatever subset is landed, `roi load`, `roi build`, `roi check`,
`roi publish`, `roi report` and `roi results` exit 0, and a dimension without data is stated
(fct_measurement_status, fct_roi_summary's `*_measurement_status`, a line in `roi results`, an
empty-state card on the dashboard), never hidden and never an error.

Landings are SMALL: the sample generator's output at a tiny scale, filtered to the case's files
(plus a canonical email fixture the generator does not write). Cost control (each dbt build has
~30 s of fixed overhead on an idle machine, minutes on a loaded one):

* built end to end by default (DuckDB): nothing at all, and each system alone (4 builds). The empty
  raw tables of every vendor shape are exercised by the "nothing" build, and each shape's rows by
  its system's build.
* each vendor shape alone: loader level on DuckDB and on PostgreSQL (load exits 0, the file is
  recorded in raw_meta.file_loads, only that shape's raw tables have rows, every other raw table
  exists and is empty, so dbt's sources resolve);
* each vendor shape alone end to end (9 more builds): with ROI_FULL_SOURCE_MATRIX=1.

dbt unit tests are excluded from these builds (`roi build -- --exclude resource_type:unit_test`):
they use given rows, never landed data, so they cannot tell subsets apart (other builds run them).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, isolated_env, roi

from python_helpers.devtools.sample_data import generate_all

TINY_SCALE = 0.02
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "source_subsets"
DIMENSIONS = ("efficiency", "performance_lift", "pipeline")
DIMENSION_OF_SYSTEM = {
    "time_tracking": "efficiency",
    "email_platform": "performance_lift",
    "crm": "pipeline",
}
# What `roi results` and the dashboard must say for a dimension without data: its name, that it
# is not measured, and the landing folder to put exports in (fct_measurement_status wording).
NOT_MEASURED_LINE = {
    "efficiency": ("Efficiency: not measured yet: land", "time_tracking/"),
    "performance_lift": ("Performance lift: not measured yet: land", "email_platform/"),
    "pipeline": ("Pipeline: not measured yet: land", "crm/"),
}
FULL_MATRIX = os.environ.get("ROI_FULL_SOURCE_MATRIX") == "1"


@dataclass(frozen=True)
class VendorShape:
    """One vendor's export: where its files come from and the raw tables they fill."""

    name: str
    system: str
    sample_files: tuple[str, ...]  # glob patterns in the tiny sample's <system>/ folder
    raw_tables: tuple[str, ...]
    fixture_files: tuple[str, ...] = ()  # <system>/<file>.csv.in under FIXTURES


VENDOR_SHAPES = (
    VendorShape(
        "toggl",
        "time_tracking",
        ("toggl_detailed_report.csv",),
        ("raw_time_tracking.toggl_time_entries",),
    ),
    VendorShape(
        "harvest",
        "time_tracking",
        ("harvest_detailed_time.csv",),
        ("raw_time_tracking.harvest_time_entries",),
    ),
    VendorShape(
        "clockify",
        "time_tracking",
        ("clockify_detailed_report.csv",),
        ("raw_time_tracking.clockify_time_entries",),
    ),
    VendorShape(
        "canonical_time",
        "time_tracking",
        ("canonical_time_entries.csv",),
        ("raw_time_tracking.canonical_time_entries",),
    ),
    VendorShape(
        "marketo",
        "email_platform",
        ("marketo_activities_*.csv",),
        ("raw_email_platform.marketo_activities",),
    ),
    VendorShape(
        "hubspot_email",
        "email_platform",
        ("hubspot_email_events_*.csv",),
        ("raw_email_platform.hubspot_email_events",),
    ),
    VendorShape(
        "canonical_email",
        "email_platform",
        (),
        ("raw_email_platform.canonical_email_events",),
        ("canonical_email_events.csv.in",),
    ),
    VendorShape(
        "hubspot_crm",
        "crm",
        ("hubspot_*.csv",),
        (
            "raw_crm.hubspot_contacts",
            "raw_crm.hubspot_deals",
            "raw_crm.hubspot_contact_deal_associations",
        ),
    ),
    VendorShape(
        "salesforce",
        "crm",
        ("salesforce_*.csv",),
        (
            "raw_crm.salesforce_leads",
            "raw_crm.salesforce_opportunities",
            "raw_crm.salesforce_campaign_members",
        ),
    ),
)
ALL_RAW_TABLES = tuple(table for shape in VENDOR_SHAPES for table in shape.raw_tables)


@pytest.fixture(scope="module")
def tiny_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample generator's extracts at a tiny scale: the pool every case picks files from."""
    landing = tmp_path_factory.mktemp("tiny_sample") / "landing"
    generate_all(landing, scale=TINY_SCALE, seed=42)
    return landing


def land(sample: Path, landing: Path, shapes: list[VendorShape]) -> list[str]:
    """Copy the files of `shapes` into `landing`/<system>/; returns their names."""
    names = []
    for shape in shapes:
        target = landing / shape.system
        target.mkdir(parents=True, exist_ok=True)
        for pattern in shape.sample_files:
            matches = sorted((sample / shape.system).glob(pattern))
            assert matches, f"the tiny sample has no {shape.system}/{pattern}"
            for path in matches:
                shutil.copy(path, target / path.name)
                names.append(path.name)
        for fixture in shape.fixture_files:
            name = fixture.removesuffix(".in")
            shutil.copy(FIXTURES / shape.system / fixture, target / name)
            names.append(name)
    return names


def shapes_of(*systems: str) -> list[VendorShape]:
    return [shape for shape in VENDOR_SHAPES if shape.system in systems]


# ---------------------------------------------------------------------------------------------
# End to end on DuckDB: load, build, check, publish, report, results


def run_everything(root: Path) -> tuple[dict[str, str], str]:
    """Every command on the landing under `root`; each must exit 0. Returns the environment and
    the output of `roi results`."""
    env = isolated_env(root)
    env.pop("ROI_PUBLISHED_DUCKDB_PATH", None)
    env["ROI_PUBLISHED_DUCKDB_PATH"] = str(root / "warehouse" / "roi_published.duckdb")
    (root / "landing").mkdir(parents=True, exist_ok=True)
    roi("load", env=env)
    roi("build", "--", "--exclude", "resource_type:unit_test", env=env)
    roi("check", "--no-docs", env=env)
    roi("publish", env=env)
    roi("report", "--output", str(root / "dashboard.html"), env=env)
    results = roi("results", env=env)
    return env, results.stdout


def measurement_status(database: Path) -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select dimension, measurement_status from main_marts.fct_measurement_status"
        ).fetchall()
    return dict(rows)


def assert_states(root: Path, results: str, measured: set[str]) -> None:
    """The status columns, `roi results` and the dashboard agree on what is measured."""
    published = root / "warehouse" / "roi_published.duckdb"
    expected = {
        dimension: "measured" if dimension in measured else "not_measured_no_data"
        for dimension in DIMENSIONS
    }
    assert measurement_status(published) == expected

    with duckdb.connect(str(published), read_only=True) as con:
        summary = con.execute(
            "select efficiency_measurement_status, performance_lift_measurement_status, "
            "pipeline_measurement_status from main_marts.fct_roi_summary"
        ).fetchall()
        context = con.execute(
            "select pipeline_measurement_status, as_of_date "
            "from main_intermediate.int_pipeline_measurement_context"
        ).fetchall()
    if measured:
        assert summary == [tuple(expected[dimension] for dimension in DIMENSIONS)]
    else:
        assert summary == [], "nothing landed: no date to evaluate on, no summary row"
    assert len(context) == 1
    assert context[0][0] == expected["pipeline"]
    assert (context[0][1] is None) == ("pipeline" not in measured)

    dashboard = (root / "dashboard.html").read_text(encoding="utf-8")
    for dimension in DIMENSIONS:
        start, folder = NOT_MEASURED_LINE[dimension]
        card = f'class="empty-state" data-dimension="{dimension}"'
        if dimension in measured:
            assert start not in results
            assert card not in dashboard
        else:
            line = next((line for line in results.splitlines() if start in line), "")
            assert folder in line, f"roi results does not say what to land for {dimension}"
            assert card in dashboard
            assert start in dashboard


SYSTEM_CASES = {
    "nothing_at_all": (),
    "time_tracking_alone": ("time_tracking",),
    "email_platform_alone": ("email_platform",),
    "crm_alone": ("crm",),
}


@pytest.mark.parametrize("case", list(SYSTEM_CASES))
def test_each_system_alone_and_nothing_at_all_run_end_to_end(
    case: str, tiny_sample: Path, tmp_path: Path
) -> None:
    systems = SYSTEM_CASES[case]
    land(tiny_sample, tmp_path / "landing", shapes_of(*systems))
    _, results = run_everything(tmp_path)
    assert_states(tmp_path, results, {DIMENSION_OF_SYSTEM[system] for system in systems})


@pytest.mark.skipif(not FULL_MATRIX, reason="9 more dbt builds: set ROI_FULL_SOURCE_MATRIX=1")
@pytest.mark.parametrize("shape", VENDOR_SHAPES, ids=[shape.name for shape in VENDOR_SHAPES])
def test_each_vendor_shape_alone_runs_end_to_end(
    shape: VendorShape, tiny_sample: Path, tmp_path: Path
) -> None:
    land(tiny_sample, tmp_path / "landing", [shape])
    _, results = run_everything(tmp_path)
    assert_states(tmp_path, results, {DIMENSION_OF_SYSTEM[shape.system]})


# ---------------------------------------------------------------------------------------------
# Loader level: each vendor shape alone, DuckDB and PostgreSQL


def assert_only_shape_loaded(
    shape: VendorShape, names: list[str], loads: list[tuple], counts: dict[str, int]
) -> None:
    """file_loads lists exactly the landed files as loaded; only the shape's tables have rows."""
    assert sorted(name for name, _, _ in loads) == sorted(names)
    assert {status for _, status, _ in loads} == {"loaded"}, loads
    for table in ALL_RAW_TABLES:
        if table in shape.raw_tables:
            assert counts[table] > 0, f"{table} is empty after loading {names}"
        else:
            assert counts[table] == 0, f"{table} has rows though only {shape.name} landed"


@pytest.mark.parametrize("shape", VENDOR_SHAPES, ids=[shape.name for shape in VENDOR_SHAPES])
def test_each_vendor_shape_alone_loads_on_duckdb(
    shape: VendorShape, tiny_sample: Path, tmp_path: Path
) -> None:
    names = land(tiny_sample, tmp_path / "landing", [shape])
    env = isolated_env(tmp_path)
    roi("load", "--strict", env=env)
    with duckdb.connect(env["ROI_DUCKDB_PATH"], read_only=True) as con:
        loads = con.execute(
            "select regexp_extract(source_file, '[^/]+$'), status, shape from raw_meta.file_loads"
        ).fetchall()
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ALL_RAW_TABLES
        }
    assert_only_shape_loaded(shape, names, loads, counts)


def test_nothing_landed_loads_on_duckdb(tmp_path: Path) -> None:
    """No landing folder content at all: the load succeeds and creates every raw table empty."""
    env = isolated_env(tmp_path)
    (tmp_path / "landing").mkdir()
    roi("load", "--strict", env=env)
    with duckdb.connect(env["ROI_DUCKDB_PATH"], read_only=True) as con:
        for table in ALL_RAW_TABLES:
            assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0


needs_postgres = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
    reason="PostgreSQL server binaries missing: run scripts/ensure_postgres.sh (make test does)",
)


@pytest.fixture(scope="module")
def pg_server():
    from python_helpers.devtools import pg_server as servers

    with servers.running_server() as running:
        yield running


@needs_postgres
@pytest.mark.parametrize(
    "shape", [*VENDOR_SHAPES, None], ids=[shape.name for shape in VENDOR_SHAPES] + ["nothing"]
)
def test_each_vendor_shape_alone_loads_on_postgres(
    shape: VendorShape | None, pg_server, tiny_sample: Path, tmp_path: Path
) -> None:
    database = f"subset_{shape.name if shape else 'nothing'}"
    with contextlib.closing(pg_server.superuser_connect()) as con:
        con.autocommit = True
        con.cursor().execute(f'create database {database} owner "{pg_server.user}"')
    names = land(tiny_sample, tmp_path / "landing", [shape] if shape else [])
    (tmp_path / "landing").mkdir(exist_ok=True)
    env = isolated_env(tmp_path)
    env.update(pg_server.env())
    env["ROI_PG_DATABASE"] = database
    roi("load", "--strict", env=env)
    with contextlib.closing(pg_server.connect(database=database)) as con, con.cursor() as cur:
        cur.execute(
            "select regexp_replace(source_file, '^.*/', ''), status, shape from raw_meta.file_loads"
        )
        loads = cur.fetchall()
        counts = {}
        for table in ALL_RAW_TABLES:
            cur.execute(f"select count(*) from {table}")
            counts[table] = cur.fetchone()[0]
    if shape is None:
        assert loads == []
        assert set(counts.values()) == {0}
    else:
        assert_only_shape_loaded(shape, names, loads, counts)
