"""Paths and environment shared by every command. Everything comes from env vars with defaults."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Nothing phones home, whatever the caller's environment says.
QUIET_ENV = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
}


def landing_dir() -> Path:
    """Where extracts land: ROI_LANDING_DIR/<system>/*.csv."""
    return Path(os.environ.get("ROI_LANDING_DIR", REPO_ROOT / ".roi" / "landing")).resolve()


def duckdb_path() -> Path:
    """The DuckDB warehouse file dbt builds into."""
    return Path(
        os.environ.get("ROI_DUCKDB_PATH", REPO_ROOT / ".roi" / "warehouse" / "roi.duckdb")
    ).resolve()


def dashboard_path() -> Path:
    default = REPO_ROOT / ".roi" / "dashboard" / "roi_dashboard.html"
    return Path(os.environ.get("ROI_DASHBOARD_PATH", default)).resolve()


def profiles_dir() -> Path:
    return Path(os.environ.get("DBT_PROFILES_DIR", REPO_ROOT / "profiles")).resolve()


def dbt_env() -> dict[str, str]:
    """The environment dbt runs in: the caller's, plus absolute paths and the quiet flags."""
    env = dict(os.environ)
    env.update(QUIET_ENV)
    env["ROI_DUCKDB_PATH"] = str(duckdb_path())
    env["ROI_LANDING_DIR"] = str(landing_dir())
    env["DBT_PROFILES_DIR"] = str(profiles_dir())
    return env
