"""Write-audit-publish and idempotency, on a small pipeline of its own (scale 0.1).

The job (generate -> load -> build -> check -> publish) runs once in a module fixture; BI reads
the published file. Then: a build killed midway (SIGKILL of the whole `roi build` process group)
and a build with a failing model are never published, and BI keeps reading the last good marts;
running the whole job again gives identical marts (sorted export) and re-landing the same files
loads nothing; landing the files one by one in the reverse order gives identical marts too.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import BIN, REPO_ROOT, isolated_env, roi

from python_helpers.checks import mart_tables
from python_helpers.loader import load_landing
from python_helpers.warehouse import duckdb_file

SCALE = "0.1"
SEED = "42"


@dataclass(frozen=True)
class Job:
    root: Path
    env: dict[str, str]
    build: Path
    published: Path
    first_export: dict


def job_env(root: Path) -> dict[str, str]:
    env = isolated_env(root)
    env["ROI_PUBLISHED_DUCKDB_PATH"] = str(root / "bi" / "roi.duckdb")
    env["ROI_DATA_DOCS_DIR"] = str(root / "data_docs")
    return env


def _value(value):
    if isinstance(value, float):
        return None if math.isnan(value) else float(f"{value:.10g}")
    return value


def export_marts(database: Path) -> dict[str, list[tuple]]:
    """Every mart table, rows sorted; doubles to 10 significant digits (parallel sums of
    doubles may differ in the last bits between runs; every other value must match exactly)."""
    with duckdb.connect(str(database), read_only=True) as con:
        export = {}
        for schema, table in mart_tables(con):
            rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
            export[f"{schema}.{table}"] = sorted(
                (tuple(_value(v) for v in row) for row in rows), key=repr
            )
    return export


def raw_row_count(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw\\_%' escape '\\' and table_schema <> 'raw_meta'"
        ).fetchall()
        return sum(
            con.execute(f"select count(*) from {schema}.{table}").fetchone()[0]
            for schema, table in tables
        )


def whole_job(env: dict[str, str]) -> None:
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    roi("load", env=env)
    # dbt unit tests read given rows, never landed data: the shared sample build runs them.
    roi("build", "--", "--exclude", "resource_type:unit_test", env=env)
    roi("check", env=env)
    roi("publish", env=env)


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Job:
    root = tmp_path_factory.mktemp("publish")
    env = job_env(root)
    whole_job(env)
    build, published = Path(env["ROI_DUCKDB_PATH"]), Path(env["ROI_PUBLISHED_DUCKDB_PATH"])
    return Job(root, env, build, published, export_marts(published))


def test_published_file_holds_the_checked_build(job):
    assert job.published.exists()
    assert job.first_export == export_marts(job.build)
    assert sum(len(rows) for rows in job.first_export.values()) > 0
    audit = duckdb_file.read_audit(job.build)
    assert audit["build"]["status"] == "passed" and audit["checks"]["status"] == "passed"
    results = roi("results", env=job.env)
    assert f"(reading {job.published})" in results.stdout


def _start_build_and_kill_it(env: dict[str, str], log: Path) -> None:
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "roi"), "build"],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while " START " not in log.read_text() and process.poll() is None:
        assert time.monotonic() < deadline, "dbt never started a model"
        time.sleep(0.1)
    assert process.poll() is None, "the build finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_killed_build_leaves_bi_on_last_good_marts_and_rerun_recovers(job, tmp_path):
    # A BI session opened before anything happens keeps working throughout.
    bi = duckdb.connect(str(job.published), read_only=True)
    (table,) = [name for name in job.first_export if name.endswith("dim_workflows")]
    before = bi.execute(f"select count(*) from {table}").fetchone()

    _start_build_and_kill_it(job.env, tmp_path / "build.log")
    assert duckdb_file.read_audit(job.build)["build"]["status"] == "running"
    refused = roi("publish", env=job.env, check=False)
    assert refused.returncode != 0
    assert "did not pass (status: running)" in refused.stderr
    assert export_marts(job.published) == job.first_export
    # Even a check that passes on the half-built file does not make it publishable.
    roi("check", "--no-docs", env=job.env, check=False)
    assert roi("publish", env=job.env, check=False).returncode != 0
    assert export_marts(job.published) == job.first_export
    assert bi.execute(f"select count(*) from {table}").fetchone() == before

    # The whole job again, over the same landing folder: the same files load nothing new and
    # the republished marts are identical.
    raw_before = raw_row_count(job.build)
    whole_job(job.env)
    assert raw_row_count(job.build) == raw_before
    assert export_marts(job.published) == job.first_export
    assert bi.execute(f"select count(*) from {table}").fetchone() == before
    bi.close()


def test_failing_build_is_not_published(job):
    stamp = job.published.stat().st_mtime_ns
    failing = roi(
        "build",
        "--",
        "--select",
        "base_time_tracking__entries_validated",
        "--vars",
        "{roi_max_entry_hours: no_such_column}",
        env=job.env,
        check=False,
    )
    assert failing.returncode != 0
    assert duckdb_file.read_audit(job.build)["build"]["status"] == "failed"
    refused = roi("publish", env=job.env, check=False)
    assert refused.returncode != 0 and "status: failed" in refused.stderr
    assert job.published.stat().st_mtime_ns == stamp
    assert export_marts(job.published) == job.first_export


def test_landing_files_in_another_order_changes_nothing(job, tmp_path):
    env = job_env(tmp_path)
    landing, database = Path(env["ROI_LANDING_DIR"]), Path(env["ROI_DUCKDB_PATH"])
    files = sorted((job.root / "landing").glob("*/*.csv"))
    assert len(files) >= 2
    for source in reversed(files):
        target = landing / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        load_landing(landing, database)
    # Only the marts are compared: models and seeds, not the 450 data tests the job already ran.
    roi("build", "--", "--resource-type", "model", "seed", env=env)
    assert export_marts(database) == job.first_export


def test_publish_gates(tmp_path, job):
    build, published = tmp_path / "build.duckdb", tmp_path / "bi" / "roi.duckdb"
    shutil.copyfile(job.published, build)
    with pytest.raises(duckdb_file.PublishRefused, match="never built"):
        duckdb_file.publish(build, published)
    duckdb_file.record_build_started(build)
    duckdb_file.record_build_finished(build, 0)
    with pytest.raises(duckdb_file.PublishRefused, match="has not passed"):
        duckdb_file.publish(build, published)
    duckdb_file.record_checks(build, passed=True, summary="test")
    audit = duckdb_file.read_audit(build)
    audit["build"]["dbt_invocation_id"] = None  # this copy has no dbt run of its own
    duckdb_file.audit_path(build).write_text(json.dumps(audit))
    with duckdb.connect(str(build)) as con:  # a write after the check
        con.execute("create table main.after_check as select 1 as x")
    with pytest.raises(duckdb_file.PublishRefused, match="changed after"):
        duckdb_file.publish(build, published)
    assert not published.exists()
    duckdb_file.record_checks(build, passed=True, summary="test")
    result = duckdb_file.publish(build, published)
    assert result.marts > 0 and export_marts(published) == job.first_export
    assert not list(published.parent.glob(".*.tmp")), "temporary copy left behind"
