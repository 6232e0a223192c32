"""Shared fixtures: one end-to-end build of the sample data per test session.

`built_warehouse` generates small-scale sample extracts into a temp folder, loads them, runs
`dbt build` once (models, data tests and unit tests) and yields the paths. Area tests read the
marts from it read-only. Tests that need their own build use `isolated_env` and `run_pipeline`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from python_helpers.dbt_runner import packages_lock

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLE_SCALE = 0.5


@dataclass(frozen=True)
class Pipeline:
    root: Path
    landing: Path
    database: Path
    env: dict[str, str]
    build_log: str = ""

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)

    def query(self, sql: str) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql).fetchall()


def isolated_env(root: Path) -> dict[str, str]:
    """Environment for a pipeline in its own folder: landing, warehouse, dbt target and logs."""
    env = dict(os.environ)
    # Tests reconcile every raw row, whatever a scheduler exported for its nightly runs.
    env.pop("ROI_DATA_TESTS_RECENT_LOADS_ONLY", None)
    env.update(
        {
            "ROI_LANDING_DIR": str(root / "landing"),
            "ROI_DUCKDB_PATH": str(root / "warehouse" / "roi.duckdb"),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": str(REPO_ROOT / "profiles"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
            "GX_ANALYTICS_ENABLED": "False",
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    return env


def run(command: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout[-8000:]}\n"
            f"--- stderr ---\n{completed.stderr[-4000:]}"
        )
    return completed


def roi(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return run([str(BIN / "roi"), *args], env, check)


def dbt(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    return run([str(BIN / "dbt"), *args], env, check)


def dbt_deps(env: dict[str, str]) -> None:
    """`dbt deps` for the checkout, queued behind any other worker's (pytest-xdist shares it)."""
    with packages_lock():
        dbt("deps", "--quiet", env=env)


def run_pipeline(root: Path, scale: float = SAMPLE_SCALE, seed: int = 42) -> Pipeline:
    env = isolated_env(root)
    roi("generate", "--scale", str(scale), "--seed", str(seed), env=env)
    roi("load", env=env)
    dbt_deps(env)
    build = dbt("build", env=env)
    return Pipeline(root, root / "landing", root / "warehouse" / "roi.duckdb", env, build.stdout)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    yield run_pipeline(tmp_path_factory.mktemp("pipeline"))
