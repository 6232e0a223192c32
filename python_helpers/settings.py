"""The settings of a run, read from the environment once and passed down as one typed object.

`roi` reads them when it starts (`Settings.from_env()`) and hands the object to every command;
nothing changes os.environ. dbt runs as a child process and reads its settings from env vars: its
environment is built from the object in one place, `Settings.dbt_env()`.

| env var | setting | default |
| --- | --- | --- |
| ROI_TARGET | target (`duckdb` or `postgres`) | duckdb |
| ROI_LANDING_DIR | landing_dir | .roi/landing |
| ROI_DUCKDB_PATH | duckdb_path (the build file) | .roi/warehouse/roi.duckdb |
| ROI_PUBLISHED_DUCKDB_PATH | published_path (the file BI reads) | <build stem>_published.duckdb |
| ROI_DASHBOARD_PATH | dashboard_path | .roi/dashboard/roi_dashboard.html |
| DBT_PROFILES_DIR | profiles_dir | profiles/ |
| DBT_TARGET_PATH | dbt_target_dir (run_results.json, manifest.json) | target/ |
| ROI_PG_HOST, ROI_PG_PORT, ROI_PG_USER | postgres.host, .port, .user | 127.0.0.1, 5432, roi |
| ROI_PG_DATABASE, ROI_PG_SSLMODE | postgres.database, .sslmode | roi, prefer |
| ROI_PG_SCHEMA (dbt builds <schema>_marts ...) | postgres.schema | analytics |
| DBT_ENV_SECRET_ROI_PG_PASSWORD | postgres.password | '' |
| ROI_PG_BI_SCHEMA | postgres.bi_schema (what BI reads) | <schema>_bi |
| ROI_BI_ROLE | postgres.bi_role (granted SELECT) | dbt var roi_bi_role |
| ROI_LOAD_WORKERS | load_workers (files `roi load` loads side by side) | one per core, at most 4 |
| ROI_FORMAT_DRIFT_MAX_SHARE | format_drift_max_share (0-1) | 0.05 |
| ROI_DATA_DOCS_DIR | data_docs_dir (Great Expectations Data Docs) | data_docs/ by the build file |
| ROI_DBT_STOP_GRACE_SECONDS | dbt_stop_grace_seconds (dbt's time to stop after SIGTERM) | 60 |
| ROI_CHROMIUM | chromium (`roi report --screenshot`) | /usr/bin/chromium, chromium |

No other module reads os.environ for a setting (tests/python/test_settings.py checks): a function
that needs one takes it as an argument, from the Settings object the CLI made.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

# Nothing phones home, whatever the caller's environment says.
QUIET_ENV = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
}
TARGETS = ("duckdb", "postgres")
PUBLISHED_ENV = "ROI_PUBLISHED_DUCKDB_PATH"
DEFAULT_FORMAT_DRIFT_MAX_SHARE = 0.05
DEFAULT_DBT_STOP_GRACE_SECONDS = 60.0


def _load_workers(env: Mapping[str, str]) -> int | None:
    """ROI_LOAD_WORKERS: a whole number >= 1, or None (one per core, see loader.load_workers)."""
    configured = env.get("ROI_LOAD_WORKERS", "").strip()
    if not configured:
        return None
    if not configured.isdigit() or int(configured) < 1:
        raise ValueError(f"ROI_LOAD_WORKERS must be a whole number >= 1, not {configured!r}")
    return int(configured)


def _format_drift_max_share(env: Mapping[str, str]) -> float:
    """ROI_FORMAT_DRIFT_MAX_SHARE: a share between 0 and 1 (default 0.05)."""
    configured = env.get("ROI_FORMAT_DRIFT_MAX_SHARE", "").strip()
    if not configured:
        return DEFAULT_FORMAT_DRIFT_MAX_SHARE
    try:
        value = float(configured)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ValueError(
            f"ROI_FORMAT_DRIFT_MAX_SHARE must be a share between 0 and 1 (0.05 = 5%), "
            f"not {configured!r}"
        )
    return value


def _dbt_stop_grace_seconds(env: Mapping[str, str]) -> float:
    value = env.get("ROI_DBT_STOP_GRACE_SECONDS", str(DEFAULT_DBT_STOP_GRACE_SECONDS))
    try:
        return max(float(value), 0.0)
    except ValueError:
        raise SystemExit(
            f"ROI_DBT_STOP_GRACE_SECONDS must be a number of seconds, not {value!r}"
        ) from None


@dataclass(frozen=True)
class PostgresSettings:
    """The PostgreSQL server the `postgres` target builds on (profiles/profiles.yml reads the same
    env vars), and the published schema BI reads."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "roi"
    password: str = field(default="", repr=False)
    database: str = "roi"
    sslmode: str = "prefer"
    schema: str = "analytics"  # dbt builds <schema>_staging, <schema>_marts, ...
    bi_schema: str = "analytics_bi"
    bi_role: str | None = None  # None: the roi_bi_role var of dbt_project.yml; '': no grants

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PostgresSettings:
        schema = env.get("ROI_PG_SCHEMA", "analytics")
        return cls(
            host=env.get("ROI_PG_HOST", "127.0.0.1"),
            port=int(env.get("ROI_PG_PORT", "5432")),
            user=env.get("ROI_PG_USER", "roi"),
            password=env.get("DBT_ENV_SECRET_ROI_PG_PASSWORD", ""),
            database=env.get("ROI_PG_DATABASE", "roi"),
            sslmode=env.get("ROI_PG_SSLMODE", "prefer"),
            schema=schema,
            bi_schema=env.get("ROI_PG_BI_SCHEMA") or f"{schema}_bi",
            bi_role=env["ROI_BI_ROLE"].strip() if "ROI_BI_ROLE" in env else None,
        )

    def connect_args(self) -> dict[str, Any]:
        """psycopg2.connect keyword arguments."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.database,
            "sslmode": self.sslmode,
        }


@dataclass(frozen=True)
class Settings:
    target: str
    landing_dir: Path
    duckdb_path: Path
    published_path: Path
    dashboard_path: Path
    profiles_dir: Path
    dbt_target_dir: Path
    postgres: PostgresSettings
    data_docs_dir: Path
    load_workers: int | None = None  # None: one per core this process may use, at most 4
    format_drift_max_share: float = DEFAULT_FORMAT_DRIFT_MAX_SHARE
    dbt_stop_grace_seconds: float = DEFAULT_DBT_STOP_GRACE_SECONDS
    chromium: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings the env vars give (os.environ by default), paths made absolute."""
        env = os.environ if env is None else env
        target = env.get("ROI_TARGET", "duckdb").strip().lower() or "duckdb"
        if target not in TARGETS:
            raise SystemExit(f"ROI_TARGET={target!r}: expected one of {TARGETS}")
        build = Path(env.get("ROI_DUCKDB_PATH", REPO_ROOT / ".roi" / "warehouse" / "roi.duckdb"))
        build = build.resolve()
        published = env.get(PUBLISHED_ENV)
        dashboard = REPO_ROOT / ".roi" / "dashboard" / "roi_dashboard.html"
        dbt_target = Path(env.get("DBT_TARGET_PATH") or "target")
        data_docs = env.get("ROI_DATA_DOCS_DIR")
        return cls(
            target=target,
            landing_dir=Path(env.get("ROI_LANDING_DIR", REPO_ROOT / ".roi" / "landing")).resolve(),
            duckdb_path=build,
            published_path=(
                Path(published).resolve()
                if published
                else build.with_name(f"{build.stem}_published{build.suffix}")
            ),
            dashboard_path=Path(env.get("ROI_DASHBOARD_PATH", dashboard)).resolve(),
            profiles_dir=Path(env.get("DBT_PROFILES_DIR", REPO_ROOT / "profiles")).resolve(),
            dbt_target_dir=dbt_target if dbt_target.is_absolute() else REPO_ROOT / dbt_target,
            postgres=PostgresSettings.from_env(env),
            data_docs_dir=Path(data_docs).resolve() if data_docs else build.parent / "data_docs",
            load_workers=_load_workers(env),
            format_drift_max_share=_format_drift_max_share(env),
            dbt_stop_grace_seconds=_dbt_stop_grace_seconds(env),
            chromium=env.get("ROI_CHROMIUM") or None,
        )

    def dbt_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment dbt runs in: the caller's (PATH, ...), the quiet flags and these
        settings, the one place they become env vars again."""
        env = dict(os.environ if base is None else base)
        env.update(QUIET_ENV)
        env["ROI_TARGET"] = self.target
        env["ROI_DUCKDB_PATH"] = str(self.duckdb_path)
        env["ROI_LANDING_DIR"] = str(self.landing_dir)
        env["DBT_PROFILES_DIR"] = str(self.profiles_dir)
        if self.target == "postgres":
            pg = self.postgres
            env.update(
                {
                    "ROI_PG_HOST": pg.host,
                    "ROI_PG_PORT": str(pg.port),
                    "ROI_PG_USER": pg.user,
                    "ROI_PG_DATABASE": pg.database,
                    "ROI_PG_SSLMODE": pg.sslmode,
                    "ROI_PG_SCHEMA": pg.schema,
                    "DBT_ENV_SECRET_ROI_PG_PASSWORD": pg.password,
                }
            )
        return env
