"""The PostgreSQL back-end (ROI_TARGET=postgres): a server reached with ROI_PG_HOST,
ROI_PG_PORT, ROI_PG_USER, ROI_PG_DATABASE and the secret DBT_ENV_SECRET_ROI_PG_PASSWORD
(settings.PostgresSettings).

Loading. On PostgreSQL the loader behaves exactly as on DuckDB: same
shape detection, raw tables of text with the same lineage columns, the same raw_meta.file_loads
ledger, the same idempotency (a file with a checksum already loaded loads nothing) and refusals.
Each file is parsed by an in-memory DuckDB with the very reader the DuckDB loader uses (so both
warehouses see the same values and nulls), written to a temporary CSV and streamed in with
`COPY ... FROM STDIN`, in one transaction per file.

Publishing. PostgreSQL publishes by schema swap. dbt keeps building into its own
schemas (`<ROI_PG_SCHEMA>_marts` ...), which BI cannot read; BI reads only the published schema,
ROI_PG_BI_SCHEMA (default `<ROI_PG_SCHEMA>_bi`). The audit ledger is the table
raw_meta.publish_audit in the same database, one row per dbt invocation id. `roi publish` copies
the marts into the published schema only when:

1. dbt's run_results.json in DBT_TARGET_PATH is a `dbt build` on PostgreSQL, with manifest.json
   of the same invocation, in which every node passed (success, pass, or no-op for exposures;
   warn is allowed, as dbt's exit code allows it) and every mart model of the manifest was
   built; a failing build leaves errors there, a later `dbt run`, `dbt show` or parse replaces
   a file: all refused;
2. `roi check` passed for that invocation id (landed files + every mart read from PostgreSQL into
   DataFrames in one repeatable-read snapshot, which also records each mart's row count and MD5
   of its sorted rows);
3. that build is the newest `dbt build`/`dbt run` on this database and it finished, per
   raw_meta.dbt_invocations (dbt's on-run-start/on-run-end hooks record every invocation, see
   macros/portability/record_dbt_invocation.sql): a build killed midway never writes
   run_results.json, so the results still name the last good build, but the hooks show a newer
   invocation that never finished;
4. the copies hold exactly the rows that were checked (same fingerprints): nothing changed the
   marts between `roi check` and the copy.

The copy is ONE transaction (under an advisory lock, so two publishers queue): create
`<bi>__next`, `create table as select` every mart into it, compare fingerprints, grant USAGE on
the schema and SELECT on its tables to the BI role (ROI_BI_ROLE, else the roi_bi_role var of
dbt_project.yml; empty: no grants), rename `<bi>` to `<bi>__previous`, `<bi>__next` to `<bi>`,
drop `<bi>__previous` cascade, mark the ledger row published, commit. Any failure rolls back:
the old `<bi>` is untouched. Other sessions never see `<bi>__next` nor a missing `<bi>`: until
commit they read the old schema (a query that touches a table being dropped waits for the commit,
then reads the new table). BI views created inside `<bi>` are dropped by the swap: keep them in
another schema.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from .. import loader, sniffing
from ..loader import FileLoadResult
from ..schemas import MARTS, STAGING, layer_schema, target_schema_of
from ..settings import REPO_ROOT, PostgresSettings, Settings
from ..sniffing import LandingEntry, Sniffed
from ..sql import identifier as _ident
from ..sql import literal
from .dbt_artifacts import DbtBuild, read_dbt_build, run_results_path
from .interface import CheckOutcome, PublicationStatus, PublishRefused

if TYPE_CHECKING:
    from ..checks import CheckReport


def postgres_connect(settings: PostgresSettings) -> Any:
    import psycopg2

    return psycopg2.connect(**settings.connect_args())


def _to_copy_csv(source: loader.Readable, shape, lineage: list[str]) -> Path:
    """The file's rows in shape column order plus lineage, as CSV PostgreSQL's COPY reads.

    DuckDB writes a null as an empty unquoted field and an empty string as "", which is exactly
    how COPY ... (format csv) tells them apart.
    """
    handle, name = tempfile.mkstemp(prefix="roi-copy-", suffix=".csv")
    os.close(handle)
    output = Path(name)
    with duckdb.connect() as con:

        def copy(selected: str, reader: str) -> None:
            con.execute(
                f"copy (select {selected}, {', '.join(lineage[:2])}, row_number() over (), "
                f"{lineage[2]} from {reader}) to {literal(str(output))} "
                "(format csv, header false)"
            )

        try:
            loader.read_rows(source, shape, copy, lambda: None)
        except BaseException:
            output.unlink(missing_ok=True)
            raise
    return output


def load_file_postgres(con, entry: LandingEntry, sniffed: Sniffed | None) -> FileLoadResult:
    """One landing entry into PostgreSQL: the same decisions as loader.load_file."""
    import psycopg2

    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    checksum = sniffed.checksum if sniffed else None
    with con.cursor() as cursor:
        loaded_name = (
            loader.loaded_name_of(cursor, checksum, "%s") if checksum and entry.readable else None
        )
        result, shape, unknown = loader.outcome_before_loading(entry, sniffed, loaded_name)
        if result is not None:
            loader.record(cursor, result, loaded_at, "%s")
    if result is not None:
        con.commit()
        return result
    assert sniffed is not None and shape is not None

    lineage = [
        literal(entry.name),
        literal(checksum or ""),
        f"timestamp '{loaded_at.isoformat(sep=' ')}'",
    ]
    columns = ", ".join(f'"{column}"' for column in (*shape.columns, *loader.LINEAGE_COLUMNS))
    copy_file: Path | None = None
    try:
        with loader.readable(entry.path, sniffed) as source:
            copy_file = _to_copy_csv(source, shape, lineage)
        with con.cursor() as cursor, copy_file.open("rb") as rows:
            cursor.copy_expert(
                f"copy {shape.schema}.{shape.table} ({columns}) from stdin with (format csv)", rows
            )
            cursor.execute(
                f"select count(*) from {shape.schema}.{shape.table} where _file_checksum = %s",
                [checksum],
            )
            row = cursor.fetchone()
            count = int(row[0]) if row else 0
            note = loader.loaded_note(sniffed, unknown)
            result = loader.entry_result(
                entry, sniffed, status="loaded", shape=shape.name, rows=count, message=note
            )
            loader.record(cursor, result, loaded_at, "%s")
            loader.record_resolved_formats(cursor, shape, checksum or "", "%s")
        con.commit()
    except (
        duckdb.Error,
        psycopg2.Error,
        loader.ReadError,
        OSError,
        UnicodeDecodeError,
        csv.Error,
    ) as error:
        con.rollback()
        result = loader.entry_result(
            entry,
            sniffed,
            status="refused",
            shape=shape.name,
            message=loader.read_error(entry, error),
        )
        with con.cursor() as cursor:
            loader.record(cursor, result, loaded_at, "%s")
        con.commit()
    finally:
        if copy_file is not None:
            copy_file.unlink(missing_ok=True)
    return result


def load_landing_postgres(settings: PostgresSettings, landing: Path) -> list[FileLoadResult]:
    """Load every landed file into the PostgreSQL server; one result per landing entry."""
    with contextlib.closing(postgres_connect(settings)) as con:
        with con.cursor() as cursor:
            loader.ensure_raw_tables(cursor)  # the DDL is portable; a cursor has .execute
        con.commit()
        return [
            load_file_postgres(con, entry, loader.sniff_entry(entry))
            for entry in sniffing.landing_entries(landing)
        ]


AUDIT_TABLE = "raw_meta.publish_audit"
INVOCATIONS_TABLE = "raw_meta.dbt_invocations"  # written by dbt's hooks (record_dbt_invocation)
AUDIT_DDL = f"""
create table if not exists {AUDIT_TABLE} (
    dbt_invocation_id text primary key,
    marts_schema text not null,
    checks_status text not null,
    checks_summary text,
    mart_fingerprints text not null,
    checked_at timestamp not null,
    published_schema text,
    published_at timestamp
)"""
PUBLISH_LOCK = 4_216_042  # pg_advisory_xact_lock key: one publisher at a time
PASSING = {"success", "pass", "warn", "no-op"}  # no-op: exposures


def build_problems(build: DbtBuild | None, target_dir: Path) -> list[str]:
    """Why the last dbt invocation is not a publishable build of the marts (empty: it is)."""
    if build is None:
        return [f"no dbt run_results.json/manifest.json in {run_results_path(target_dir).parent}"]
    problems = []
    if build.command != "build":
        problems.append(f"the last dbt command here was `dbt {build.command}`, not `dbt build`")
    elif build.manifest_invocation_id != build.invocation_id:
        problems.append("manifest.json was rewritten after the build (dbt ran again)")
    if build.adapter != "postgres":
        problems.append(f"the last dbt build ran on {build.adapter or 'unknown'}, not PostgreSQL")
    failed = sorted(f"{key} ({status})" for key, status in build.statuses.items()
                    if status not in PASSING)  # fmt: skip
    if failed:
        problems.append(f"{len(failed)} node(s) did not pass: {', '.join(failed[:5])}")
    unbuilt = sorted(table for key, table in build.marts.items() if key not in build.statuses)
    if unbuilt:
        problems.append(f"the build did not build every mart: {', '.join(unbuilt[:5])}")
    if not build.marts or build.marts_schema is None:
        problems.append("the manifest names no marts schema (one schema holding every mart)")
    return problems


def bi_role(settings: PostgresSettings) -> str:
    """ROI_BI_ROLE, else the roi_bi_role var of dbt_project.yml (empty: grant nothing)."""
    if settings.bi_role is not None:
        return settings.bi_role
    import yaml

    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())
    return str((project.get("vars") or {}).get("roi_bi_role") or "").strip()


def _fingerprint_sql(schema: str, table: str) -> str:
    relation = f"{_ident(schema)}.{_ident(table)}"
    return (
        "select count(*), md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) "
        f"from {relation} as t"
    )


def table_fingerprint(cursor, schema: str, table: str) -> str:
    cursor.execute(_fingerprint_sql(schema, table))
    rows, digest = cursor.fetchone()
    return f"{rows}:{digest}"


def read_postgres_marts(cursor, schema: str, tables: list[str], fingerprints: dict[str, str]):
    """Each mart as a DataFrame (numeric as float, like DuckDB's doubles), for the checks;
    fills `fingerprints` with what was read."""
    import pandas as pd

    for table in tables:
        cursor.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = %s and table_name = %s order by ordinal_position",
            [schema, table],
        )
        columns = cursor.fetchall()
        if not columns:
            continue  # not built: run_checks reports it
        cursor.execute(f"select * from {_ident(schema)}.{_ident(table)}")
        frame = pd.DataFrame(cursor.fetchall(), columns=[name for name, _ in columns])
        for name, data_type in columns:
            if data_type in ("numeric", "double precision", "real"):
                frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
            elif data_type == "date" or data_type.startswith("timestamp"):
                frame[name] = pd.to_datetime(frame[name])
        fingerprints[table] = table_fingerprint(cursor, schema, table)
        yield schema, table, columns, frame


def check_postgres(
    settings: Settings, landing: Path | None, marts: bool, docs: Path | None
) -> tuple[CheckReport, str | None]:
    """`roi check` on PostgreSQL: landed files and the marts of the last dbt invocation, read
    in one snapshot; the outcome is recorded in raw_meta.publish_audit when both were checked and
    the last invocation was a build."""
    import psycopg2.extensions

    from ..checks import run_checks
    from ..checks.drift import find_drift
    from ..checks.stage_mappings import find_unmapped_stages

    build = read_dbt_build(settings.dbt_target_dir)
    schema = build.marts_schema if build else None
    tables = sorted(set(build.marts.values())) if build else []
    if marts and schema is None:
        raise PublishRefused("no dbt manifest naming the marts schema: run `roi build` first")
    with contextlib.closing(postgres_connect(settings.postgres)) as con:
        con.set_session(
            isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True
        )
        fingerprints: dict[str, str] = {}
        with con.cursor() as cursor:
            unmapped = drift = frames = None
            if marts:
                assert schema is not None  # refused above
                unmapped = find_unmapped_stages(cursor, mark="%s")
                # format drift (checks/drift.py) in the build's staging schema
                staging = layer_schema(STAGING, target_schema_of(schema, MARTS))
                drift = find_drift(
                    cursor, settings.format_drift_max_share, mark="%s", staging_schema=staging
                )
                frames = read_postgres_marts(cursor, schema, tables, fingerprints)
            report = run_checks(
                None,
                landing,
                docs,
                manifest=settings.dbt_target_dir / "manifest.json",
                marts=frames,
                unmapped_stages=unmapped,
                drift=drift,
                max_share=settings.format_drift_max_share,
            )
        con.rollback()
        recorded = None
        if marts and landing is not None and build is not None and build.command == "build":
            con.set_session(isolation_level="DEFAULT", readonly=False)
            with con.cursor() as cursor:
                cursor.execute("create schema if not exists raw_meta")
                cursor.execute(AUDIT_DDL)
                cursor.execute(
                    f"insert into {AUDIT_TABLE} (dbt_invocation_id, marts_schema, checks_status, "
                    "checks_summary, mart_fingerprints, checked_at) values (%s, %s, %s, %s, %s, "
                    "now()) on conflict (dbt_invocation_id) do update set "
                    "marts_schema = excluded.marts_schema, checks_status = excluded.checks_status, "
                    "checks_summary = excluded.checks_summary, "
                    "mart_fingerprints = excluded.mart_fingerprints, checked_at = now()",
                    [
                        build.invocation_id,
                        schema,
                        "passed" if report.success else "failed",
                        report.summary(),
                        json.dumps(fingerprints, sort_keys=True),
                    ],
                )
            con.commit()
            recorded = build.invocation_id
    return report, recorded


def _latest_dbt_invocation(cursor) -> tuple[str, bool] | None:
    """(invocation id, finished) of the newest `dbt build`/`dbt run` on this database, recorded by
    the hooks of macros/portability/record_dbt_invocation.sql."""
    cursor.execute("select to_regclass(%s) is not null", [INVOCATIONS_TABLE])
    if not cursor.fetchone()[0]:
        return None
    cursor.execute(
        f"select invocation_id, finished_at is not null from {INVOCATIONS_TABLE} "
        "order by started_at desc limit 1"
    )
    row = cursor.fetchone()
    return (row[0], bool(row[1])) if row else None


@dataclass(frozen=True)
class PublishedSchema:
    schema: str
    source: str
    marts: int
    invocation_id: str
    role: str


def publish_postgres(settings: Settings, before_commit=None) -> PublishedSchema:
    """Swap the checked marts into the published schema in one transaction (see the module
    docstring); raise PublishRefused when a gate fails. `before_commit(connection)` runs inside
    the transaction just before the commit (tests use it to look from another session)."""
    import psycopg2.extensions

    build = read_dbt_build(settings.dbt_target_dir)
    problems = build_problems(build, settings.dbt_target_dir)
    if problems:
        raise PublishRefused("not published: " + "; ".join(problems))
    assert build is not None and build.marts_schema is not None
    source, target = build.marts_schema, settings.postgres.bi_schema
    role = bi_role(settings.postgres)
    tables = sorted(set(build.marts.values()))
    with contextlib.closing(postgres_connect(settings.postgres)) as con:
        con.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
        try:
            with con.cursor() as cursor:
                cursor.execute("select pg_advisory_xact_lock(%s)", [PUBLISH_LOCK])
                cursor.execute("select to_regclass(%s) is not null", [AUDIT_TABLE])
                audit = None
                if cursor.fetchone()[0]:
                    cursor.execute(
                        f"select checks_status, marts_schema, mart_fingerprints from {AUDIT_TABLE} "
                        "where dbt_invocation_id = %s",
                        [build.invocation_id],
                    )
                    audit = cursor.fetchone()
                if audit is None or audit[0] != "passed" or audit[1] != source:
                    status = audit[0] if audit else "not run"
                    raise PublishRefused(
                        f"not published: `roi check` has not passed on dbt build "
                        f"{build.invocation_id} (status: {status})"
                    )
                checked = json.loads(audit[2])
                latest = _latest_dbt_invocation(cursor)
                if latest is None:
                    raise PublishRefused(
                        f"not published: no dbt build recorded in {INVOCATIONS_TABLE} (its hooks "
                        "write it; a build from before them?): build and check again"
                    )
                if latest[0] != build.invocation_id:
                    raise PublishRefused(
                        f"not published: dbt ran on the marts after the checked build "
                        f"{build.invocation_id} (latest in {INVOCATIONS_TABLE}: {latest[0]}); "
                        "build and check again"
                    )
                if not latest[1]:
                    raise PublishRefused(
                        f"not published: dbt build {build.invocation_id} never finished "
                        "(killed midway, or still running)"
                    )
                if role:
                    cursor.execute("select 1 from pg_roles where rolname = %s", [role])
                    if cursor.fetchone() is None:
                        raise PublishRefused(
                            f"not published: the BI role {role!r} does not exist (create it, "
                            "or set ROI_BI_ROLE to another role, or to '' for no grants)"
                        )
                following, previous = f"{target}__next", f"{target}__previous"
                cursor.execute(f"drop schema if exists {_ident(following)} cascade")
                cursor.execute(f"create schema {_ident(following)}")
                changed = []
                for table in tables:
                    cursor.execute(
                        f"create table {_ident(following)}.{_ident(table)} as "
                        f"select * from {_ident(source)}.{_ident(table)}"
                    )
                    if table_fingerprint(cursor, following, table) != checked.get(table):
                        changed.append(table)
                if changed:
                    raise PublishRefused(
                        "not published: the marts changed after `roi check` passed (a later or "
                        f"killed build?): {', '.join(changed[:5])}; build and check again"
                    )
                if role:
                    cursor.execute(f"grant usage on schema {_ident(following)} to {_ident(role)}")
                    cursor.execute(
                        f"grant select on all tables in schema {_ident(following)} "
                        f"to {_ident(role)}"
                    )
                cursor.execute("select 1 from pg_namespace where nspname = %s", [target])
                if cursor.fetchone():
                    cursor.execute(f"alter schema {_ident(target)} rename to {_ident(previous)}")
                cursor.execute(f"alter schema {_ident(following)} rename to {_ident(target)}")
                cursor.execute(f"drop schema if exists {_ident(previous)} cascade")
                cursor.execute(
                    f"update {AUDIT_TABLE} set published_schema = %s, published_at = now() "
                    "where dbt_invocation_id = %s",
                    [target, build.invocation_id],
                )
                if before_commit is not None:
                    before_commit(con)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return PublishedSchema(target, source, len(tables), build.invocation_id, role)


class PostgresSchema:
    """The PostgreSQL back-end (interface.Warehouse): dbt's schemas and the published BI schema."""

    name = "postgres"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def bi_location(self) -> str:
        return f"schema {self.settings.postgres.bi_schema}"

    def load(self, landing: Path) -> list[FileLoadResult]:
        return load_landing_postgres(self.settings.postgres, landing)

    def build_started(self, scope: str | None = None) -> None:
        """Nothing to do: dbt's hooks record every invocation in raw_meta.dbt_invocations (the
        scope line is in the build's log)."""

    def build_finished(
        self, exit_code: int, stopped_by: str | None = None, message: str | None = None
    ) -> None:
        """Nothing to do: the audit is run_results.json plus the invocations the hooks record."""

    def marts_location(self, database: Path | None) -> str:
        return "the marts on PostgreSQL"

    def check(
        self, landing: Path | None, marts: bool, docs: Path | None, database: Path | None = None
    ) -> CheckOutcome:
        report, recorded = check_postgres(self.settings, landing, marts, docs)
        note = f"recorded in {AUDIT_TABLE} for dbt build {recorded}" if recorded else None
        return CheckOutcome(report, note)

    def publication_status(self) -> PublicationStatus | None:
        return None  # BI reads the published schema; `roi report` renders a DuckDB file

    def publish(self) -> str:
        result = publish_postgres(self.settings)
        grant = f", SELECT granted to {result.role}" if result.role else ", no BI role granted"
        return (
            f"published {result.marts} mart tables of dbt build {result.invocation_id}: "
            f"{result.source} -> {result.schema}{grant}"
        )
