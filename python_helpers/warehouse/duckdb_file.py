"""The DuckDB back-end: one embedded file, published by write-audit-publish (BI never sees a
half-built or failing build).

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

from ..loader import FileLoadResult, load_landing
from ..schemas import MARTS_SCHEMA_LIKE
from ..settings import Settings
from . import dbt_artifacts
from .interface import CheckOutcome, JobStep, PublicationStatus, PublishRefused


def reader_database(settings: Settings) -> Path:
    """The file readers open: the published one, or the build file before the first publish."""
    published = settings.published_path
    return published if published.exists() else settings.duckdb_path


def _dbt_target(dbt_target: Path | None) -> Path:
    """dbt's target folder: the one given, else DBT_TARGET_PATH's (callers outside the CLI)."""
    return dbt_target if dbt_target is not None else Settings.from_env().dbt_target_dir


def audit_path(build: Path) -> Path:
    return build.with_name(build.name + ".audit.json")


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


def record_build_started(build: Path, scope: str | None = None) -> None:
    """Before dbt touches the build file: any earlier audit of it no longer holds. `scope`: the
    build's scope line (nightly or full, and why)."""
    started: dict[str, Any] = {"status": "running", "started_at": _now()}
    if scope:
        started["scope"] = scope
    _write_audit(build, {"build": started})


def record_build_finished(
    build: Path,
    exit_code: int,
    stopped_by: str | None = None,
    message: str | None = None,
    dbt_target: Path | None = None,
) -> None:
    """`stopped_by`: the signal (SIGTERM, SIGINT) that stopped the build; dbt has ended.
    `message`: why the build failed, when `roi build` knows (a seed file it refused)."""
    audit = read_audit(build)
    audit["build"] = {
        **audit.get("build", {}),
        "status": "passed" if exit_code == 0 and stopped_by is None else "failed",
        "exit_code": exit_code,
        "finished_at": _now(),
        "dbt_invocation_id": dbt_artifacts.invocation_id(_dbt_target(dbt_target)),
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


def gate_problems(build: Path, dbt_target: Path | None = None) -> list[str]:
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
    elif built.get("dbt_invocation_id") and (
        dbt_artifacts.invocation_id(_dbt_target(dbt_target)) != built["dbt_invocation_id"]
    ):
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
                "select count(*) from information_schema.tables where table_schema like ?",
                [MARTS_SCHEMA_LIKE],
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


def publish(build: Path, published: Path, dbt_target: Path | None = None) -> Published:
    """Publish the build file if every gate passes; raise PublishRefused otherwise."""
    if build.resolve() == published.resolve():
        raise PublishRefused("ROI_PUBLISHED_DUCKDB_PATH must differ from ROI_DUCKDB_PATH")
    problems = gate_problems(build, dbt_target)
    if problems:
        raise PublishRefused("not published: " + "; ".join(problems))
    result = publish_file(build, published)
    audit = read_audit(build)
    audit["published"] = {"path": str(published), "published_at": _now(), "marts": result.marts}
    _write_audit(build, audit)
    return result


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


def publication_status(
    build: Path, published: Path, dbt_target: Path | None = None
) -> PublicationStatus:
    """The published file readers may open, and the state of the latest job (see JobStep)."""
    audit = read_audit(build) if build.exists() else {}
    problems = gate_problems(build, dbt_target)
    steps = _job_steps(build, audit, problems)
    if audit.get("published") and not problems:
        reasons = []
    else:
        reasons = problems or ["`roi publish` has not run on the latest build"]
    if not published.exists():
        return PublicationStatus(None, None, steps, reasons)
    stamp = datetime.fromtimestamp(published.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return PublicationStatus(published, stamp, steps, reasons)


class DuckDBFile:
    """The DuckDB back-end (interface.Warehouse): the build file and the published file."""

    name = "duckdb"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def bi_location(self) -> str:
        return str(self.settings.published_path)

    def load(self, landing: Path) -> list[FileLoadResult]:
        return load_landing(landing, self.settings.duckdb_path, self.settings.load_workers)

    def build_started(self, scope: str | None = None) -> None:
        record_build_started(self.settings.duckdb_path, scope)

    def build_finished(
        self, exit_code: int, stopped_by: str | None = None, message: str | None = None
    ) -> None:
        build, target = self.settings.duckdb_path, self.settings.dbt_target_dir
        record_build_finished(build, exit_code, stopped_by, message, dbt_target=target)

    def marts_location(self, database: Path | None) -> str:
        return f"marts in {database}"

    def check(
        self, landing: Path | None, marts: bool, docs: Path | None, database: Path | None = None
    ) -> CheckOutcome:
        from ..checks import run_checks

        build = self.settings.duckdb_path
        database = (database or build) if marts else None
        report = run_checks(
            database,
            landing,
            docs,
            manifest=self.settings.dbt_target_dir / "manifest.json",
            max_share=self.settings.format_drift_max_share,
        )
        if database is not None and database.resolve() == build and landing is not None:
            record_checks(build, report.success, report.summary())
        return CheckOutcome(report)

    def publish(self) -> str:
        settings = self.settings
        result = publish(settings.duckdb_path, settings.published_path, settings.dbt_target_dir)
        return f"published {result.marts} mart tables: {result.source} -> {result.path}"

    def publication_status(self) -> PublicationStatus:
        settings = self.settings
        return publication_status(
            settings.duckdb_path, settings.published_path, settings.dbt_target_dir
        )
