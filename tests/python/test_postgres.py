"""The project on a live PostgreSQL server, checked against the DuckDB build of the same sample.

A throwaway server (python_helpers/devtools/pg_server.py: fresh data folder, 127.0.0.1 only,
removed at the end) receives the landed sample of the shared `built_warehouse` fixture through the
loader (ROI_TARGET=postgres); `dbt build` runs unchanged on it (models, seeds, data and unit
tests). The marts must hold the same rows as the DuckDB build, to rounding; `roi check` + `roi
publish` copy the checked marts into the published schema in one transaction, and the BI role reads
that schema and nothing else; failing builds and marts changed after the check are never published;
the parsing macros must give the same answers on both warehouses for edge cases.
"""

from __future__ import annotations

import contextlib
import csv
import decimal
import glob
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import REPO_ROOT, Pipeline, dbt, dbt_deps, isolated_env, roi

from python_helpers.devtools import pg_server

pytestmark = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
    reason="PostgreSQL server binaries missing: run scripts/ensure_postgres.sh (make test does)",
)

BI_ROLE = "roi_bi"  # the default of the roi_bi_role var
BI_PASSWORD = "bi-test-password"
PG_SCHEMA = "analytics"  # the profile's default ROI_PG_SCHEMA; dbt appends _marts, _staging ...
BI_SCHEMA = f"{PG_SCHEMA}_bi"  # the published schema `roi publish` swaps in
DUCKDB_SCHEMA = "main"
DECIMALS = 6


@dataclass(frozen=True)
class PgPipeline:
    server: pg_server.PgServer
    env: dict[str, str]
    load_log: str
    build_log: str
    build_target: (
        Path  # run_results.json + manifest.json of that build (later dbt calls replace them)
    )

    def query(self, sql: str, user: str | None = None, password: str | None = None) -> list:
        with contextlib.closing(self.server.connect(user, password)) as con, con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()


@pytest.fixture(scope="module")
def server() -> Iterator[pg_server.PgServer]:
    with pg_server.running_server() as running:
        running.create_login_role(BI_ROLE, BI_PASSWORD)
        yield running


@pytest.fixture(scope="module")
def pg_pipeline(
    server: pg_server.PgServer, built_warehouse: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> PgPipeline:
    root = tmp_path_factory.mktemp("postgres")
    env = isolated_env(root)
    env.update(server.env(PG_SCHEMA))
    env["ROI_LANDING_DIR"] = str(built_warehouse.landing)  # the very files DuckDB loaded
    load = roi("load", env=env)
    dbt_deps(env)
    build = dbt("build", env=env, check=False)
    assert build.returncode == 0, f"dbt build failed on PostgreSQL:\n{build.stdout[-12000:]}"
    build_target = root / "build_target"
    build_target.mkdir()
    for name in ("run_results.json", "manifest.json"):
        shutil.copy(Path(env["DBT_TARGET_PATH"]) / name, build_target / name)
    return PgPipeline(server, env, load.stdout, build.stdout, build_target)


def _normalise(value):
    if isinstance(value, float | decimal.Decimal):
        return round(float(value), DECIMALS)
    return value


def _sorted_rows(rows: list[tuple]) -> list[tuple]:
    normalised = [tuple(_normalise(value) for value in row) for row in rows]
    return sorted(normalised, key=lambda row: [(value is None, str(value)) for value in row])


def _duckdb_tables(pipeline: Pipeline, schema: str) -> list[str]:
    return [
        row[0]
        for row in pipeline.query(
            "select table_name from information_schema.tables "
            f"where table_schema = '{schema}' order by table_name"
        )
    ]


def test_build_runs_every_node_on_postgres(pg_pipeline: PgPipeline, built_warehouse: Pipeline):
    def done(log: str) -> dict[str, int]:
        match = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", log)
        assert match, log[-2000:]
        return dict(zip(("pass", "warn", "error", "skip"), map(int, match.groups()), strict=True))

    on_postgres, on_duckdb = done(pg_pipeline.build_log), done(built_warehouse.build_log)
    assert on_postgres["error"] == 0 and on_postgres["skip"] == 0
    assert on_postgres["pass"] + on_postgres["warn"] == on_duckdb["pass"] + on_duckdb["warn"]
    assert "unit_test" in pg_pipeline.build_log


def test_loader_fills_the_same_raw_tables_and_ledger(
    pg_pipeline: PgPipeline, built_warehouse: Pipeline
):
    raw_tables = built_warehouse.query(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema like 'raw_%' and table_schema <> 'raw_meta' order by 1"
    )
    assert raw_tables
    for (table,) in raw_tables:
        sql = f"select count(*), count(distinct _file_checksum), max(_row_number) from {table}"
        assert tuple(pg_pipeline.query(sql)[0]) == tuple(built_warehouse.query(sql)[0]), table
    ledger = pg_pipeline.query(
        "select status, count(*), sum(row_count) from raw_meta.file_loads group by status"
    )
    duck_ledger = built_warehouse.query(
        "select status, count(*), sum(row_count) from raw_meta.file_loads group by status"
    )
    assert sorted(ledger) == sorted(tuple(row) for row in duck_ledger)


def test_loading_again_loads_nothing(pg_pipeline: PgPipeline):
    before = pg_pipeline.query("select count(*) from raw_time_tracking.toggl_time_entries")
    again = roi("load", env=pg_pipeline.env)
    statuses = {line.split()[0] for line in again.stdout.splitlines() if line.startswith("  ")}
    assert statuses == {"skipped"}, again.stdout
    after = pg_pipeline.query("select count(*) from raw_time_tracking.toggl_time_entries")
    assert after == before


def test_loader_refuses_an_unknown_header_on_postgres(server: pg_server.PgServer, tmp_path: Path):
    folder = tmp_path / "landing" / "time_tracking"
    folder.mkdir(parents=True)
    (folder / "mystery.csv").write_text("when,who,how long\n2026-06-23,avery,1\n")
    env = isolated_env(tmp_path)
    env.update(server.env(PG_SCHEMA))
    result = roi("load", env=env)
    assert "refused" in result.stdout and "mystery.csv" in result.stdout
    with contextlib.closing(server.connect()) as con, con.cursor() as cur:
        cur.execute(
            "select status, message from raw_meta.file_loads where source_file = 'mystery.csv'"
        )
        status, message = cur.fetchone()
    assert status == "refused" and "matches no known time_tracking export" in message


def test_marts_match_the_duckdb_build(pg_pipeline: PgPipeline, built_warehouse: Pipeline):
    marts = _duckdb_tables(built_warehouse, f"{DUCKDB_SCHEMA}_marts")
    assert "fct_workflow_time_savings" in marts
    for table in marts:
        duck = built_warehouse.query(f"select * from {DUCKDB_SCHEMA}_marts.{table}")
        with built_warehouse.connect() as con:
            columns = [
                column[0]
                for column in con.execute(
                    f"select * from {DUCKDB_SCHEMA}_marts.{table} limit 0"
                ).description
            ]
        quoted = ", ".join(f'"{column}"' for column in columns)
        pg = pg_pipeline.query(f"select {quoted} from {PG_SCHEMA}_marts.{table}")
        assert _sorted_rows(pg) == _sorted_rows(duck), table


def test_headline_efficiency_figures_match(pg_pipeline: PgPipeline, built_warehouse: Pipeline):
    sql = (
        "select workflow_id, annual_hours_saved, annual_savings_usd_base, "
        "annual_savings_usd_low, annual_savings_usd_high, evidence_maturity "
        "from {schema}_marts.fct_workflow_time_savings order by workflow_id"
    )
    duck = built_warehouse.query(sql.format(schema=DUCKDB_SCHEMA))
    pg = pg_pipeline.query(sql.format(schema=PG_SCHEMA))
    assert [tuple(map(_normalise, row)) for row in pg] == [
        tuple(map(_normalise, row)) for row in duck
    ]
    assert any(row[2] for row in pg), "some workflow should show savings on the sample"


def test_every_model_holds_the_same_number_of_rows(
    pg_pipeline: PgPipeline, built_warehouse: Pipeline
):
    for layer in ("staging", "intermediate", "marts", "seeds"):
        for table in _duckdb_tables(built_warehouse, f"{DUCKDB_SCHEMA}_{layer}"):
            duck = built_warehouse.query(f"select count(*) from {DUCKDB_SCHEMA}_{layer}.{table}")
            pg = pg_pipeline.query(f"select count(*) from {PG_SCHEMA}_{layer}.{table}")
            assert tuple(pg[0]) == tuple(duck[0]), f"{layer}.{table}"


def _publish_env(pipeline: PgPipeline, root: Path) -> dict[str, str]:
    """The pipeline's env with a target folder of its own holding the build's results."""
    target = root / "target"
    shutil.copytree(pipeline.build_target, target, dirs_exist_ok=True)
    return {**pipeline.env, "DBT_TARGET_PATH": str(target), "ROI_DATA_DOCS_DIR": str(root / "docs")}


def _mart_tables(env: dict[str, str]) -> list[str]:
    manifest = json.loads((Path(env["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    return sorted(
        node["alias"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "marts" in node["fqn"]
    )


@pytest.fixture(scope="module")
def published(pg_pipeline: PgPipeline, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`roi check` then `roi publish` after the passing build; the env they ran in."""
    env = _publish_env(pg_pipeline, tmp_path_factory.mktemp("publish"))
    unchecked = roi("publish", env=env, check=False)
    assert unchecked.returncode == 1 and "`roi check` has not passed" in unchecked.stderr
    check = roi("check", "--no-docs", env=env, check=False)
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr[-2000:]
    assert "recorded in raw_meta.publish_audit" in check.stdout, check.stdout[-2000:]
    publish = roi("publish", env=env, check=False)
    assert publish.returncode == 0, publish.stdout + publish.stderr
    assert f"-> {BI_SCHEMA}, SELECT granted to {BI_ROLE}" in publish.stdout
    return env


def _bi_state(pipeline: PgPipeline) -> tuple:
    """What BI sees: the published schema's oid and the sorted rows of one mart, as the BI role."""
    oid = pipeline.query(f"select oid from pg_namespace where nspname = '{BI_SCHEMA}'")
    rows = pipeline.query(
        f"select * from {BI_SCHEMA}.fct_workflow_time_savings", user=BI_ROLE, password=BI_PASSWORD
    )
    return oid, _sorted_rows(rows)


def test_publish_copies_every_checked_mart_into_the_bi_schema(
    pg_pipeline: PgPipeline, published: dict
):
    tables = _mart_tables(published)
    assert "fct_workflow_roi" in tables
    found = pg_pipeline.query(
        f"select table_name from information_schema.tables where table_schema = '{BI_SCHEMA}'"
    )
    assert sorted(row[0] for row in found) == tables
    for table in tables:
        built = pg_pipeline.query(f"select * from {PG_SCHEMA}_marts.{table}")
        bi = pg_pipeline.query(f"select * from {BI_SCHEMA}.{table}", BI_ROLE, BI_PASSWORD)
        assert _sorted_rows(bi) == _sorted_rows(built), table
    build_id = json.loads((pg_pipeline.build_target / "run_results.json").read_text())["metadata"]
    audit = pg_pipeline.query(
        "select checks_status, published_schema, published_at is not null "
        f"from raw_meta.publish_audit where dbt_invocation_id = '{build_id['invocation_id']}'"
    )
    assert audit == [("passed", BI_SCHEMA, True)]
    leftovers = pg_pipeline.query(
        f"select nspname from pg_namespace where nspname like '{BI_SCHEMA}\\_\\_%'"
    )
    assert leftovers == []


def test_bi_role_reads_the_published_schema_and_nothing_else(
    pg_pipeline: PgPipeline, published: dict
):
    import psycopg2

    rows = pg_pipeline.query(
        f"select count(*) from {BI_SCHEMA}.fct_workflow_time_savings",
        user=BI_ROLE,
        password=BI_PASSWORD,
    )
    assert rows[0][0] > 0
    for relation in (
        f"{PG_SCHEMA}_marts.fct_workflow_time_savings",  # the build schema: not checked yet
        f"{PG_SCHEMA}_staging.stg_time_tracking__time_entries",
        f"{PG_SCHEMA}_intermediate.int_task_instances_classified",
        f"{PG_SCHEMA}_seeds.roles",
        "raw_time_tracking.toggl_time_entries",
        "raw_meta.file_loads",
        "raw_meta.publish_audit",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            pg_pipeline.query(f"select 1 from {relation}", user=BI_ROLE, password=BI_PASSWORD)


def _rewrite_results(env: dict[str, str], change) -> None:
    path = Path(env["DBT_TARGET_PATH"]) / "run_results.json"
    results = json.loads(path.read_text())
    change(results)
    path.write_text(json.dumps(results))


def test_a_failing_or_other_dbt_invocation_is_never_published(
    pg_pipeline: PgPipeline, published: dict, tmp_path: Path
):
    before = _bi_state(pg_pipeline)

    def one_error(results: dict) -> None:  # e.g. a data test failing in a later build
        results["results"][-1]["status"] = "fail"

    def not_a_build(results: dict) -> None:  # `dbt run` / `dbt show` replaced the results
        results["args"]["which"] = "run"

    def some_marts_only(results: dict) -> None:  # `dbt build --select` of part of the project
        results["results"] = [
            r for r in results["results"] if "fct_workflow_roi" not in r["unique_id"]
        ]

    cases = {
        "did not pass": one_error,
        "not `dbt build`": not_a_build,
        "did not build every mart": some_marts_only,
    }
    for number, (message, change) in enumerate(cases.items()):
        env = _publish_env(pg_pipeline, tmp_path / str(number))
        _rewrite_results(env, change)
        refused = roi("publish", env=env, check=False)
        assert refused.returncode == 1 and message in refused.stderr, refused.stderr
        assert f"BI keeps reading schema {BI_SCHEMA}" in refused.stderr
    env = _publish_env(pg_pipeline, tmp_path / "no_role")
    refused = roi("publish", env={**env, "ROI_BI_ROLE": "nobody_here"}, check=False)
    assert refused.returncode == 1 and "does not exist" in refused.stderr, refused.stderr
    (Path(env["DBT_TARGET_PATH"]) / "run_results.json").unlink()  # killed before any build ended
    assert roi("publish", env=env, check=False).returncode == 1
    assert _bi_state(pg_pipeline) == before


def test_marts_changed_after_the_check_are_never_published(
    pg_pipeline: PgPipeline, published: dict
):
    """Whatever writes the marts after `roi check` (a session outside dbt, a build on another
    target path): the copies no longer hold the checked rows."""
    before = _bi_state(pg_pipeline)
    mart = f"{PG_SCHEMA}_marts.fct_workflow_time_savings"
    with contextlib.closing(pg_pipeline.server.connect()) as con, con.cursor() as cur:
        cur.execute(f"delete from {mart} where ctid = (select min(ctid) from {mart}) returning *")
        removed = cur.fetchone()
        con.commit()
        try:
            refused = roi("publish", env=published, check=False)
            assert refused.returncode == 1, refused.stdout
            assert "changed after `roi check` passed" in refused.stderr
            assert "fct_workflow_time_savings" in refused.stderr
            assert _bi_state(pg_pipeline) == before
            leftovers = pg_pipeline.query(
                f"select nspname from pg_namespace where nspname like '{BI_SCHEMA}\\_\\_%'"
            )
            assert leftovers == [], "the failed publish rolled back everything"
        finally:
            cur.execute(f"insert into {mart} values ({', '.join(['%s'] * len(removed))})", removed)
            con.commit()


def test_a_build_killed_midway_is_never_published(pg_pipeline: PgPipeline, published: dict):
    """A killed `dbt build` never writes run_results.json (it still names the checked build) but
    its on-run-start hook recorded it in raw_meta.dbt_invocations, never finished."""
    before = _bi_state(pg_pipeline)
    with contextlib.closing(pg_pipeline.server.connect()) as con, con.cursor() as cur:
        cur.execute(
            "insert into raw_meta.dbt_invocations (invocation_id, command, started_at) "
            "values ('killed-build', 'build', clock_timestamp())"
        )
        con.commit()
        try:
            refused = roi("publish", env=published, check=False)
            assert refused.returncode == 1, refused.stdout
            assert "dbt ran on the marts after the checked build" in refused.stderr
            cur.execute(
                "update raw_meta.dbt_invocations set started_at = started_at - interval '1 day' "
                "where invocation_id = 'killed-build'"
            )
            con.commit()
            build_id = json.loads((pg_pipeline.build_target / "run_results.json").read_text())
            cur.execute(
                "update raw_meta.dbt_invocations set finished_at = null where invocation_id = %s",
                [build_id["metadata"]["invocation_id"]],
            )
            con.commit()  # as if the checked build itself had been killed
            refused = roi("publish", env=published, check=False)
            assert refused.returncode == 1 and "never finished" in refused.stderr, refused.stderr
            assert _bi_state(pg_pipeline) == before
        finally:
            cur.execute("delete from raw_meta.dbt_invocations where invocation_id = 'killed-build'")
            cur.execute(
                "update raw_meta.dbt_invocations set finished_at = coalesce(finished_at, now())"
            )
            con.commit()


def test_the_swap_is_one_transaction_readers_never_miss_the_schema(
    pg_pipeline: PgPipeline, published: dict, monkeypatch: pytest.MonkeyPatch
):
    from python_helpers.settings import Settings
    from python_helpers.warehouse.postgres_schema import publish_postgres

    for name, value in published.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ROI_BI_ROLE", BI_ROLE)
    old_oid, rows = _bi_state(pg_pipeline)
    seen: dict = {}

    def read_as_bi() -> None:
        try:
            seen["rows"] = pg_pipeline.query(
                f"select * from {BI_SCHEMA}.fct_workflow_time_savings", BI_ROLE, BI_PASSWORD
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            seen["error"] = error

    reader = threading.Thread(target=read_as_bi)

    def before_commit(_connection) -> None:
        # Everything is done but the commit: other sessions still see the old schema only.
        seen["schemas"] = pg_pipeline.query(
            f"select oid, nspname from pg_namespace where nspname like '{BI_SCHEMA}%'"
        )
        reader.start()
        time.sleep(0.5)
        seen["reader_waiting"] = reader.is_alive()

    result = publish_postgres(Settings.from_env(), before_commit=before_commit)
    reader.join(30)
    assert result.schema == BI_SCHEMA and result.marts == len(_mart_tables(published))
    assert seen["schemas"] == [(old_oid[0][0], BI_SCHEMA)], "no __next, no gap before commit"
    assert seen["reader_waiting"], "a reader of a table being replaced waits for the commit"
    assert "error" not in seen, seen.get("error")
    assert _sorted_rows(seen["rows"]) == rows  # then reads the new copy (same checked rows)
    new_oid, new_rows = _bi_state(pg_pipeline)
    assert new_oid != old_oid and new_rows == rows


BAD_INPUTS = REPO_ROOT / "tests" / "fixtures" / "bad_inputs"


def test_bad_inputs_get_their_expected_outcomes_on_postgres(
    server: pg_server.PgServer, tmp_path: Path
):
    """The bad-input fixtures (tests/fixtures/bad_inputs) through the loader and staging on
    PostgreSQL: every row gets the quarantine reason (or `clean`) and every file the loader outcome
    that expected_outcomes.tsv names, as on DuckDB (test_data_contracts.py)."""
    with contextlib.closing(server.superuser_connect()) as con:
        con.autocommit = True
        con.cursor().execute(f'create database bad_inputs owner "{server.user}"')
    for source in BAD_INPUTS.glob("*/*.csv.in"):
        if source.parent.name != "seeds":
            target = tmp_path / "landing" / source.parent.name / source.name.removesuffix(".in")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    env = isolated_env(tmp_path)
    env.update(server.env(PG_SCHEMA))
    env["ROI_PG_DATABASE"] = "bad_inputs"
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", "--quiet", env=env)  # staging maps vendor codes with seeds (email_event_types)
    dbt("run", "--select", "staging", "--quiet", env=env)

    found: dict[tuple[str, str, str], dict] = {}
    with contextlib.closing(server.connect(database="bad_inputs")) as con, con.cursor() as cur:
        cur.execute("select source_file, system, status, row_count from raw_meta.file_loads")
        for file_name, system, status, rows in cur.fetchall():
            outcome = "loaded_no_rows" if status == "loaded" and rows == 0 else status
            found[(system, file_name, "")] = {"outcome": outcome}
        cur.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_name like '%%\\_\\_quarantined'"
        )
        for schema, quarantined in cur.fetchall():
            clean = quarantined.removesuffix("__quarantined")
            system = clean.removeprefix("stg_").split("__")[0]
            for relation, reason in ((clean, "'clean'"), (quarantined, "quarantine_reason")):
                cur.execute(f"select *, {reason} as outcome from {schema}.{relation}")
                names = [column.name for column in cur.description]
                for values in cur.fetchall():
                    row = dict(zip(names, values, strict=True))
                    found[(system, row["source_file"], str(row["source_row_number"]))] = row

    with (BAD_INPUTS / "expected_outcomes.tsv").open(encoding="utf-8", newline="") as handle:
        cases = list(csv.DictReader(handle, delimiter="\t"))
    assert cases
    for case in cases:
        if case["check"].startswith("pending"):
            continue
        key = (case["system"], case["file"], case["row"])
        assert key in found, f"no outcome on PostgreSQL for {key}"
        assert found[key]["outcome"] == case["outcome"], (key, case["input_class"])
        if "=" in case["check"] and ":" not in case["check"]:
            column, value = case["check"].split("=", 1)
            actual = found[key][column]
            if isinstance(actual, float | decimal.Decimal):
                assert float(actual) == float(value), (key, column)
            elif isinstance(actual, bool):  # psycopg gives True/False, the TSV says true/false
                assert str(actual).lower() == value, (key, column)
            else:
                assert str(actual) == value, (key, column)


FORMATS = REPO_ROOT / "tests" / "fixtures" / "formats"


def test_format_fixtures_resolve_parse_and_drift_on_postgres(
    server: pg_server.PgServer, tmp_path: Path
):
    """The per-file format fixtures (tests/fixtures/formats) on PostgreSQL: the loader records
    each file's resolved formats, staging reads the rows with them to the same UTC values as on
    DuckDB (hand-worked in test_format_detection.py), and the drift rule finds the one
    unreadable file."""
    from python_helpers.checks.drift import find_drift

    with contextlib.closing(server.superuser_connect()) as con:
        con.autocommit = True
        con.cursor().execute(f'create database formats owner "{server.user}"')
    for source in FORMATS.glob("*/*.csv.in"):
        target = tmp_path / "landing" / source.parent.name / source.name.removesuffix(".in")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    env = isolated_env(tmp_path)
    env.update(server.env(PG_SCHEMA))
    env["ROI_PG_DATABASE"] = "formats"
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", "--quiet", env=env)
    zones = json.dumps(
        {
            "roi_time_tracking_timezone": "America/New_York",
            "roi_hubspot_timezone": "America/New_York",
        }
    )
    dbt("run", "--select", "staging", "--quiet", "--vars", zones, env=env)
    with contextlib.closing(server.connect(database="formats")) as con, con.cursor() as cur:
        cur.execute("select source_file, resolved_formats from raw_meta.file_loads")
        resolved = {name: json.loads(text) for name, text in cur.fetchall()}
        assert resolved["clockify_us_dates_2026-02.csv"]["date_format"] == "%m/%d/%Y"
        assert resolved["clockify_ambiguous_2026-04.csv"]["date_order"] == "ambiguous"
        assert resolved["harvest_decimal_comma_2026-02.csv"]["decimal_separator"] == ","
        cur.execute(
            "select source_file, source_row_number, to_char(started_at, 'YYYY-MM-DD HH24:MI'), "
            f"entry_date::text, duration_hours::float from {PG_SCHEMA}_staging."
            "stg_time_tracking__time_entries order by 1, 2"
        )
        assert cur.fetchall() == [
            ("clockify_ambiguous_2026-04.csv", 1, "2026-05-04 14:00", "2026-05-04", 1.0),
            ("clockify_ambiguous_2026-04.csv", 2, "2026-04-05 20:45", "2026-04-05", 0.5),
            ("clockify_dotted_2026-08.csv", 1, "2026-08-17 12:30", "2026-08-17", 1.5),
            ("clockify_dotted_2026-08.csv", 2, "2026-09-03 17:00", "2026-09-03", 0.25),
            ("clockify_us_dates_2026-02.csv", 1, "2026-02-03 14:00", "2026-02-03", 2.0),
            ("clockify_us_dates_2026-02.csv", 2, "2026-02-17 19:15", "2026-02-17", 1.5),
            ("clockify_us_dates_2026-02.csv", 3, "2026-03-01 15:30", "2026-03-01", 0.75),
            ("harvest_decimal_comma_2026-02.csv", 1, None, "2026-02-25", 1.5),
            ("harvest_decimal_comma_2026-02.csv", 2, None, "2026-03-03", 0.75),
            ("toggl_12_hour_2026-03.csv", 1, "2026-03-02 19:15", "2026-03-02", 1.5),
            ("toggl_12_hour_2026-03.csv", 2, "2026-03-10 13:05", "2026-03-10", 0.75),
            ("toggl_12_hour_2026-03.csv", 3, "2026-03-11 04:30", "2026-03-11", 1.0),
        ]
        cur.execute(
            "select source_row_number, to_char(occurred_at, 'YYYY-MM-DD HH24:MI:SS') "
            f"from {PG_SCHEMA}_staging.stg_email_platform__events "
            "where source_file = 'hubspot_email_events_zoneless_2026-09.csv' order by 1"
        )
        assert cur.fetchall() == [
            (1, "2026-09-01 09:55:12"),
            (2, "2026-09-01 09:55:40"),
            (3, "2026-09-01 18:02:09"),
        ]
        findings = find_drift(cur, share=0.05, mark="%s", staging_schema=f"{PG_SCHEMA}_staging")
    assert [(f.source_file, f.reason, f.count, f.examples[0]) for f in findings] == [
        ("toggl_unreadable_dates_2026-05.csv", "unparseable_or_zoneless_start", 4,
         "4 May 2026 09:00:00")
    ]  # fmt: skip


EDGE_CASES = """
select
    {{ try_parse_timestamp("'23/06/2026 09:30'", '%d/%m/%Y %H:%M') }} as valid_day_first,
    {{ try_parse_timestamp("'06/23/2026 12:55'", '%d/%m/%Y %H:%M') }} as month_23,
    {{ try_parse_timestamp("'31/02/2026 10:00'", '%d/%m/%Y %H:%M') }} as february_31,
    {{ try_parse_timestamp("'2026-06-23'", '%d/%m/%Y %H:%M') }} as wrong_shape,
    {{ try_parse_timestamp("'06/23/2026 01:05 PM'", '%m/%d/%Y %I:%M %p') }} as twelve_hour,
    {{ parse_iso8601_utc("'2026-06-23T09:30:00+02:00'") }} as iso_offset,
    {{ parse_iso8601_utc("'2026-06-23 09:30:00.250Z'") }} as iso_z,
    {{ parse_iso8601_utc("'2026-13-45T09:30:00Z'") }} as iso_month_13,
    {{ parse_iso8601_utc("'2026-06-23T09:30:00'") }} as iso_no_offset,
    {{ try_cast_decimal("' -1.5 '") }} as decimal_ok,
    {{ try_cast_decimal("'$8,000'") }} as decimal_currency,
    {{ try_cast_decimal("'1234567890123456789012345678901'") }} as decimal_31_digits,
    {{ is_decimal_out_of_range("'1234567890123456789012345678901'") }} as out_of_range_31_digits,
    {{ is_decimal_out_of_range("'999999999999.99'") }} as out_of_range_12_digits,
    {{ parse_hms_hours("'27:05:00'") }} as hms_hours,
    {{ parse_hms_hours("'1:75:00'") }} as hms_bad,
    {{ parse_hms_hours("'" ~ "9" * 400 ~ ":00:00'") }} as hms_400_digits,
    {{ convert_to_utc("cast('2026-06-23 09:30:00' as timestamp)", 'Europe/Berlin') }} as berlin,
    {{ convert_to_utc("cast('2026-01-23 09:30:00' as timestamp)", 'America/New_York') }} as nyc,
    {{ normalize_tag_list("' Webinar, AI-assisted '") }} as tag_list,
    {{ normalize_email("'  Avery@Example.COM '") }} as email,
    {{ hash_pii("'avery@example.com'") }} as hashed_email,
    {{ matches_pattern("'abc'", '[a-c]+') }} as matches_whole,
    {{ matches_pattern("'abcd'", '[a-c]+') }} as matches_part,
    {{ dbt.safe_cast("'not a date'", 'date') }} as safe_cast_bad_date,
    {{ dbt.safe_cast("'2026-06-23'", 'date') }} as safe_cast_date
"""

EXPECTED_EDGE_CASES = {
    "valid_day_first": "2026-06-23T09:30:00",
    "month_23": None,
    "february_31": None,
    "wrong_shape": None,
    "twelve_hour": "2026-06-23T13:05:00",
    "iso_offset": "2026-06-23T07:30:00",
    "iso_z": "2026-06-23T09:30:00.250000",
    "iso_month_13": None,
    "iso_no_offset": None,
    "decimal_ok": -1.5,
    "decimal_currency": None,
    "decimal_31_digits": None,
    "out_of_range_31_digits": True,
    "out_of_range_12_digits": False,
    "hms_hours": 27.083333333333332,
    "hms_bad": None,
    "hms_400_digits": None,
    "berlin": "2026-06-23T07:30:00",
    "nyc": "2026-01-23T14:30:00",
    "tag_list": ",webinar,ai-assisted,",
    "email": "avery@example.com",
    "matches_whole": True,
    "matches_part": False,
    "safe_cast_bad_date": None,
    "safe_cast_date": "2026-06-23",
}


def _show(env: dict[str, str]) -> dict:
    completed = dbt("show", "--inline", EDGE_CASES, "--output", "json", "--quiet", env=env)
    return json.loads(completed.stdout[completed.stdout.index("{") :])["show"][0]


def test_parsing_macros_agree_on_both_warehouses(pg_pipeline: PgPipeline, tmp_path: Path):
    """Bad input gives null, never an error (PostgreSQL has no try_cast; to_timestamp raises)."""
    duck_env = isolated_env(tmp_path)
    duck_env["ROI_DUCKDB_PATH"] = str(tmp_path / "edge_cases.duckdb")
    on_duckdb, on_postgres = _show(duck_env), _show(pg_pipeline.env)
    assert on_postgres == on_duckdb
    hashed = on_postgres.pop("hashed_email")
    assert on_postgres == EXPECTED_EDGE_CASES
    assert re.fullmatch(r"[0-9a-f]{32}", hashed)


def test_unit_test_names_fit_postgres_identifiers():
    """dbt names a unit test's temp table after the test: PostgreSQL cuts identifiers at 63."""
    too_long = []
    for path in (REPO_ROOT / "models").rglob("*.yml"):
        document = yaml.safe_load(path.read_text()) or {}
        for unit_test in document.get("unit_tests") or []:
            if len(unit_test["name"]) > 63:
                too_long.append(f"{path.relative_to(REPO_ROOT)}: {unit_test['name']}")
    assert not too_long, f"unit test names longer than 63 characters: {too_long}"


def test_server_helper_cli_starts_and_removes_a_server(tmp_path: Path):
    state = tmp_path / "server.json"
    command = [sys.executable, "-m", "python_helpers.devtools.pg_server"]
    started = subprocess.run(
        [*command, "start", "--state", str(state)], capture_output=True, text=True, check=True
    )
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in started.stdout.splitlines()
        if line.startswith("export ")
    )
    saved = pg_server.PgServer(**json.loads(state.read_text()))
    try:
        assert exports["ROI_PG_HOST"] == "127.0.0.1" and exports["ROI_TARGET"] == "postgres"
        with contextlib.closing(saved.connect()) as con, con.cursor() as cur:
            cur.execute("select current_user, current_database(), now() is not null")
            assert cur.fetchone() == ("roi", "roi", True)
            cur.execute("show listen_addresses")
            assert cur.fetchone() == ("127.0.0.1",)
    finally:
        subprocess.run([*command, "stop", "--state", str(state)], check=True)
    assert not Path(saved.root).exists() and not state.exists()


def test_real_export_files_load_on_postgres_as_on_duckdb(
    server: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The landing of tests/fixtures/real_exports (multi-line cells, Windows-1252, UTF-16, a
    semicolon file, .CSV, .txt, .csv.gz, .xlsx, and entries that are skipped or refused) gives
    PostgreSQL the same ledger and the same raw rows as DuckDB (test_landing_files.py)."""
    from test_landing_files import expected_loads, land_real_exports

    from python_helpers.loader import load_landing
    from python_helpers.settings import Settings
    from python_helpers.shapes import all_shapes
    from python_helpers.warehouse import for_settings

    with contextlib.closing(server.superuser_connect()) as con:
        con.autocommit = True
        con.cursor().execute(f'create database real_exports owner "{server.user}"')
    landing = land_real_exports(tmp_path / "landing")
    duck = tmp_path / "roi.duckdb"
    load_landing(landing, duck)
    for name, value in {**server.env(PG_SCHEMA), "ROI_PG_DATABASE": "real_exports"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert settings.target == "postgres"
    results = for_settings(settings).load(landing)  # to the server
    assert len(results) == len(expected_loads())

    ledger_sql = (
        "select coalesce(system, ''), source_file, status, coalesce(shape, ''), row_count, "
        "coalesce(encoding, ''), coalesce(delimiter, ''), coalesce(duplicate_of, '') "
        "from raw_meta.file_loads order by 1, 2, 3"
    )

    def raw_sql(shape) -> str:
        columns = ", ".join(f'"{c}"' for c in (*shape.columns, "_source_file", "_row_number"))
        return (
            f"select {columns} from {shape.schema}.{shape.table} order by _source_file, _row_number"
        )

    with contextlib.closing(server.connect(database="real_exports")) as con, con.cursor() as cur:
        cur.execute(ledger_sql)
        pg_ledger = [tuple(row) for row in cur.fetchall()]
        pg_raw = {}
        for shape in all_shapes():
            cur.execute(raw_sql(shape))
            pg_raw[shape.table] = [tuple(row) for row in cur.fetchall()]
    with duckdb.connect(str(duck), read_only=True) as con:
        duck_ledger = [tuple(row) for row in con.execute(ledger_sql).fetchall()]
        duck_raw = {
            shape.table: [tuple(row) for row in con.execute(raw_sql(shape)).fetchall()]
            for shape in all_shapes()
        }
    assert pg_ledger == duck_ledger
    assert sum(row[4] for row in pg_ledger if row[2] == "loaded") == 21
    assert sum(len(rows) for rows in pg_raw.values()) == 21
    for table, rows in duck_raw.items():
        assert pg_raw[table] == rows, table
