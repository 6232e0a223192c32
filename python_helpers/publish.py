"""Write-audit-publish: BI never sees a half-built or failing build.

On DuckDB there are two files:

- the build file, ROI_DUCKDB_PATH (default .roi/warehouse/roi.duckdb): `roi load` and `roi build`
  (dbt) write here, `roi check` audits it;
- the published file, ROI_PUBLISHED_DUCKDB_PATH (default: `<build stem>_published.duckdb` next to
  the build file): the only file BI tools, `roi results` and the dashboard open, read-only.

`roi publish` replaces the published file only when all three gates pass, recorded in the audit
ledger `<build file>.audit.json`:

1. the last `roi build` finished with exit code 0 (a killed or failing build leaves the ledger at
   "running" or "failed"), and dbt's run_results.json still belongs to that build (a later plain
   `dbt build` invalidates it);
2. `roi check` passed on this exact build file (same size, modification time and SHA-256: any
   write after the check invalidates it);
3. the build file has no write-ahead log (no process is writing it, nothing is uncommitted).

Then the build file is copied into a temporary file in the published file's folder, flushed to
disk, opened read-only as a sanity check, and moved over the published file with os.replace (an
atomic rename on POSIX and Windows). A reader that already has the old file open keeps reading the
old version; the next connection opens the new one. Nothing in between is ever visible.

PostgreSQL (ROI_TARGET=postgres) publishes by schema swap. dbt keeps building into its own
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

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from . import settings
from .sql import identifier as _ident

PUBLISHED_ENV = "ROI_PUBLISHED_DUCKDB_PATH"


class PublishRefused(RuntimeError):
    """A gate of write-audit-publish is not met; the published file was not touched."""


def build_path() -> Path:
    return settings.duckdb_path()


def published_path() -> Path:
    configured = os.environ.get(PUBLISHED_ENV)
    if configured:
        return Path(configured).resolve()
    build = build_path()
    return build.with_name(f"{build.stem}_published{build.suffix}")


def reader_database() -> Path:
    """The file readers open: the published one, or the build file before the first publish."""
    published = published_path()
    return published if published.exists() else build_path()


def audit_path(build: Path) -> Path:
    return build.with_name(build.name + ".audit.json")


def run_results_path() -> Path:
    target = Path(os.environ.get("DBT_TARGET_PATH") or "target")
    target = target if target.is_absolute() else settings.REPO_ROOT / target
    return target / "run_results.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_fingerprint(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest.hexdigest()}


def read_audit(build: Path) -> dict[str, Any]:
    path = audit_path(build)
    return json.loads(path.read_text()) if path.exists() else {}


def _write_audit(build: Path, audit: dict[str, Any]) -> None:
    path = audit_path(build)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(audit, indent=2, sort_keys=True))
    os.replace(temporary, path)


def _dbt_invocation() -> str | None:
    path = run_results_path()
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())["metadata"]["invocation_id"]
    except (ValueError, KeyError):
        return None


def record_build_started(build: Path) -> None:
    """Before dbt touches the build file: any earlier audit of it no longer holds."""
    _write_audit(build, {"build": {"status": "running", "started_at": _now()}})


def record_build_finished(
    build: Path, exit_code: int, stopped_by: str | None = None, message: str | None = None
) -> None:
    """`stopped_by`: the signal (SIGTERM, SIGINT) that stopped the build; dbt has ended.
    `message`: why the build failed, when `roi build` knows (a seed file it refused)."""
    audit = read_audit(build)
    audit["build"] = {
        **audit.get("build", {}),
        "status": "passed" if exit_code == 0 and stopped_by is None else "failed",
        "exit_code": exit_code,
        "finished_at": _now(),
        "dbt_invocation_id": _dbt_invocation(),
    }
    if stopped_by:
        audit["build"]["stopped_by"] = stopped_by
    if message:
        audit["build"]["message"] = message
    audit.pop("checks", None)
    _write_audit(build, audit)


def record_checks(build: Path, passed: bool, summary: str) -> None:
    audit = read_audit(build)
    audit["checks"] = {
        "status": "passed" if passed else "failed",
        "summary": summary,
        "checked_at": _now(),
        "fingerprint": file_fingerprint(build) if build.exists() else None,
    }
    _write_audit(build, audit)


def gate_problems(build: Path) -> list[str]:
    """Why the build file may not be published (empty list: it may)."""
    if not build.exists():
        return [f"no build file at {build}"]
    audit = read_audit(build)
    problems = []
    built = audit.get("build", {})
    if built.get("status") != "passed":
        problems.append(
            f"the last `roi build` did not pass (status: {built.get('status', 'never built')}); "
            "a killed or failing build is never published"
        )
    elif built.get("dbt_invocation_id") and _dbt_invocation() != built["dbt_invocation_id"]:
        problems.append("dbt ran again after the last `roi build`: build and check again")
    checks = audit.get("checks", {})
    if checks.get("status") != "passed":
        problems.append(
            f"`roi check` has not passed on this build (status: {checks.get('status', 'not run')})"
        )
    elif checks.get("fingerprint") != file_fingerprint(build):
        problems.append("the build file changed after `roi check` passed: check it again")
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        problems.append(f"{wal.name} exists: a process is writing the build file (or crashed)")
    return problems


@dataclass(frozen=True)
class Published:
    path: Path
    source: Path
    bytes: int
    marts: int


def publish_file(build: Path, published: Path) -> Published:
    """Copy `build` over `published` atomically (no gates: see `publish`)."""
    published.parent.mkdir(parents=True, exist_ok=True)
    temporary = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    try:
        with build.open("rb") as source, temporary.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 22)
            target.flush()
            os.fsync(target.fileno())
        with duckdb.connect(str(temporary), read_only=True) as con:
            row = con.execute(
                "select count(*) from information_schema.tables where table_schema like '%marts'"
            ).fetchone()
        marts = int(row[0]) if row else 0
        if marts == 0:
            raise PublishRefused(f"{build} holds no mart tables: nothing to publish")
        os.replace(temporary, published)
    finally:
        temporary.unlink(missing_ok=True)
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(published.parent, os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    return Published(published, build, published.stat().st_size, marts)


def publish(build: Path | None = None, published: Path | None = None) -> Published:
    """Publish the build file if every gate passes; raise PublishRefused otherwise."""
    build = build or build_path()
    published = published or published_path()
    if build.resolve() == published.resolve():
        raise PublishRefused("ROI_PUBLISHED_DUCKDB_PATH must differ from ROI_DUCKDB_PATH")
    problems = gate_problems(build)
    if problems:
        raise PublishRefused("not published: " + "; ".join(problems))
    result = publish_file(build, published)
    audit = read_audit(build)
    audit["published"] = {"path": str(published), "published_at": _now(), "marts": result.marts}
    _write_audit(build, audit)
    return result


@dataclass(frozen=True)
class JobStep:
    """One command of the last job on the build file, as the audit ledger recorded it."""

    command: str  # "roi build", "roi check", "roi publish"
    status: str  # passed, failed, running, not run, refused
    detail: str


@dataclass(frozen=True)
class PublicationStatus:
    """What readers may show: the published file (None: nothing was ever published) and, when the
    latest build is not what was published, the steps of its job and why it was not published."""

    published: Path | None
    published_at: str | None  # the published file's modification time, UTC
    steps: list[JobStep]
    not_published_because: list[str]  # empty: the latest build is the published one

    @property
    def first_failed_step(self) -> JobStep | None:
        return next((step for step in self.steps if step.status != "passed"), None)


def _job_steps(build: Path, audit: dict[str, Any], problems: list[str]) -> list[JobStep]:
    built = audit.get("build")
    if not built:
        detail = "no build recorded for this build file" if build.exists() else f"no {build}"
        return [JobStep("roi build", "not run", detail)]
    if built.get("status") == "running":
        detail = f"started {built.get('started_at', '?')}, never finished (killed, or running)"
    else:
        detail = f"exit {built.get('exit_code')}, finished {built.get('finished_at', '?')}"
        if built.get("stopped_by"):
            detail += f", stopped by {built['stopped_by']}"
        if built.get("message"):
            detail += f": {built['message']}"
    steps = [JobStep("roi build", str(built.get("status")), detail)]
    checks = audit.get("checks")
    if checks:
        summary = str(checks.get("summary") or "")
        steps.append(
            JobStep(
                "roi check",
                str(checks.get("status")),
                f"{checks.get('checked_at', '?')}: {summary[:500]}",
            )
        )
    else:
        steps.append(JobStep("roi check", "not run", "not run on this build"))
    if audit.get("published") and not problems:
        steps.append(JobStep("roi publish", "passed", str(audit["published"]["published_at"])))
    elif problems:
        steps.append(JobStep("roi publish", "refused", "; ".join(problems)))
    else:
        steps.append(JobStep("roi publish", "not run", "every gate passes: run `roi publish`"))
    return steps


def publication_status(build: Path | None = None, published: Path | None = None):
    """The published file readers may open, and the state of the latest job (see JobStep)."""
    build = build or build_path()
    published = published or published_path()
    audit = read_audit(build) if build.exists() else {}
    problems = gate_problems(build)
    steps = _job_steps(build, audit, problems)
    if audit.get("published") and not problems:
        reasons = []
    else:
        reasons = problems or ["`roi publish` has not run on the latest build"]
    if not published.exists():
        return PublicationStatus(None, None, steps, reasons)
    stamp = datetime.fromtimestamp(published.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return PublicationStatus(published, stamp, steps, reasons)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: schema swap

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


@dataclass(frozen=True)
class DbtBuild:
    """The dbt invocation of DBT_TARGET_PATH: run_results.json and manifest.json."""

    invocation_id: str
    manifest_invocation_id: str  # dbt build writes both files; a later parse rewrites the manifest
    command: str
    adapter: str
    statuses: dict[str, str]  # unique_id -> status
    marts: dict[str, str]  # mart unique_id -> table name
    marts_schema: str | None


def _target_file(name: str) -> Path:
    return run_results_path().with_name(name)


def read_dbt_build() -> DbtBuild | None:
    """The last dbt invocation of this target path, or None when there is none to read."""
    try:
        results = json.loads(run_results_path().read_text())
        manifest = json.loads(_target_file("manifest.json").read_text())
    except (OSError, ValueError):
        return None
    marts = {
        unique_id: node["alias"]
        for unique_id, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == "model"
        and "marts" in node.get("fqn", [])
        and node.get("config", {}).get("materialized") in ("table", "incremental")
    }
    schemas = {manifest["nodes"][unique_id]["schema"] for unique_id in marts}
    return DbtBuild(
        invocation_id=results.get("metadata", {}).get("invocation_id", ""),
        manifest_invocation_id=manifest.get("metadata", {}).get("invocation_id", ""),
        command=results.get("args", {}).get("which", ""),
        adapter=manifest.get("metadata", {}).get("adapter_type", ""),
        statuses={r["unique_id"]: r["status"] for r in results.get("results", [])},
        marts=marts,
        marts_schema=schemas.pop() if len(schemas) == 1 else None,
    )


def build_problems(build: DbtBuild | None) -> list[str]:
    """Why the last dbt invocation is not a publishable build of the marts (empty: it is)."""
    if build is None:
        return [f"no dbt run_results.json/manifest.json in {run_results_path().parent}"]
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


def bi_schema() -> str:
    return (
        os.environ.get("ROI_PG_BI_SCHEMA") or f"{os.environ.get('ROI_PG_SCHEMA', 'analytics')}_bi"
    )


def bi_role() -> str:
    """ROI_BI_ROLE, else the roi_bi_role var of dbt_project.yml (empty: grant nothing)."""
    if "ROI_BI_ROLE" in os.environ:
        return os.environ["ROI_BI_ROLE"].strip()
    import yaml

    project = yaml.safe_load((settings.REPO_ROOT / "dbt_project.yml").read_text())
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


def check_postgres(landing: Path | None, marts: bool, docs: Path | None):
    """`roi check` on PostgreSQL: landed files and the marts of the last dbt invocation, read
    in one snapshot; the outcome is recorded in raw_meta.publish_audit when both were checked and
    the last invocation was a build."""
    import contextlib

    import psycopg2.extensions

    from .checks import run_checks
    from .checks.drift import find_drift
    from .checks.stage_mappings import find_unmapped_stages
    from .warehouse import postgres_connect

    build = read_dbt_build()
    schema = build.marts_schema if build else None
    tables = sorted(set(build.marts.values())) if build else []
    if marts and schema is None:
        raise PublishRefused("no dbt manifest naming the marts schema: run `roi build` first")
    with contextlib.closing(postgres_connect()) as con:
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
                staging = schema.removesuffix("_marts") + "_staging"
                drift = find_drift(cursor, mark="%s", staging_schema=staging)
                frames = read_postgres_marts(cursor, schema, tables, fingerprints)
            report = run_checks(
                None, landing, docs, marts=frames, unmapped_stages=unmapped, drift=drift
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


def publish_postgres(before_commit=None) -> PublishedSchema:
    """Swap the checked marts into the published schema in one transaction (see the module
    docstring); raise PublishRefused when a gate fails. `before_commit(connection)` runs inside
    the transaction just before the commit (tests use it to look from another session)."""
    import contextlib

    import psycopg2
    import psycopg2.extensions

    from .warehouse import postgres_connect

    build = read_dbt_build()
    problems = build_problems(build)
    if problems:
        raise PublishRefused("not published: " + "; ".join(problems))
    assert build is not None and build.marts_schema is not None
    source, target, role = build.marts_schema, bi_schema(), bi_role()
    tables = sorted(set(build.marts.values()))
    with contextlib.closing(postgres_connect()) as con:
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
