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

PostgreSQL (ROI_TARGET=postgres) publishes by schema swap, the hook `publish_postgres` below:
dbt builds the marts into `<marts schema>__build`, `roi check` audits that schema, then one
transaction renames `<marts>` to `<marts>__previous`, `<marts>__build` to `<marts>`, drops
`<marts>__previous` and re-grants SELECT to the BI role. Readers see the old or the new schema,
never a mix. It is implemented with the PostgreSQL target, not here.
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


def record_build_finished(build: Path, exit_code: int) -> None:
    audit = read_audit(build)
    audit["build"] = {
        **audit.get("build", {}),
        "status": "passed" if exit_code == 0 else "failed",
        "exit_code": exit_code,
        "finished_at": _now(),
        "dbt_invocation_id": _dbt_invocation(),
    }
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


def publish_postgres() -> None:
    """The PostgreSQL hook (schema swap in one transaction, see the module docstring)."""
    raise NotImplementedError(
        "On PostgreSQL publishing is a schema swap in one transaction (build into "
        "<marts>__build, check it, then rename <marts> -> <marts>__previous and "
        "<marts>__build -> <marts>, drop <marts>__previous, grant SELECT to the BI role); "
        "it ships with the PostgreSQL target."
    )
