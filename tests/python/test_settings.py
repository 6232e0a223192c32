"""Settings are one typed object read once from the environment; nothing writes os.environ; dbt's
environment is built from the object in one place; the schema names Python reads agree with the
dbt project."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
import yaml

from python_helpers import cli, schemas
from python_helpers.settings import REPO_ROOT, Settings
from python_helpers.warehouse import for_settings
from python_helpers.warehouse.duckdb_file import DuckDBFile
from python_helpers.warehouse.postgres_schema import PostgresSchema


def test_settings_from_env_defaults_and_overrides(tmp_path: Path):
    defaults = Settings.from_env({})
    assert defaults.target == "duckdb"
    assert defaults.duckdb_path == REPO_ROOT / ".roi" / "warehouse" / "roi.duckdb"
    assert defaults.published_path == REPO_ROOT / ".roi" / "warehouse" / "roi_published.duckdb"
    assert defaults.dbt_target_dir == REPO_ROOT / "target"
    assert defaults.postgres.bi_schema == "analytics_bi" and defaults.postgres.bi_role is None

    env = {
        "ROI_TARGET": " Postgres ",
        "ROI_DUCKDB_PATH": str(tmp_path / "w" / "build.duckdb"),
        "ROI_PG_SCHEMA": "acme",
        "ROI_PG_PORT": "6543",
        "ROI_BI_ROLE": " looker ",
        "DBT_TARGET_PATH": str(tmp_path / "t"),
    }
    settings = Settings.from_env(env)
    assert settings.target == "postgres"
    assert settings.published_path == tmp_path / "w" / "build_published.duckdb"
    assert settings.dbt_target_dir == tmp_path / "t"
    assert settings.postgres.port == 6543 and settings.postgres.bi_schema == "acme_bi"
    assert settings.postgres.bi_role == "looker"
    assert "password" not in repr(Settings.from_env({"DBT_ENV_SECRET_ROI_PG_PASSWORD": "s3cret"}))
    with pytest.raises(SystemExit, match="ROI_TARGET='spark'"):
        Settings.from_env({"ROI_TARGET": "spark"})


def test_dbt_env_is_built_from_the_settings_object(tmp_path: Path):
    settings = Settings.from_env(
        {"ROI_TARGET": "postgres", "ROI_PG_SCHEMA": "acme", "ROI_LANDING_DIR": str(tmp_path)}
    )
    env = settings.dbt_env({"PATH": "/bin", "DO_NOT_TRACK": "0"})
    assert env["PATH"] == "/bin"  # the caller's environment is kept ...
    assert env["DO_NOT_TRACK"] == "1"  # ... but nothing phones home
    assert env["ROI_TARGET"] == "postgres" and env["ROI_PG_SCHEMA"] == "acme"
    assert env["ROI_LANDING_DIR"] == str(tmp_path)
    assert env["ROI_DUCKDB_PATH"] == str(settings.duckdb_path)


def test_the_back_end_comes_from_the_settings():
    assert isinstance(for_settings(Settings.from_env({})), DuckDBFile)
    postgres = for_settings(Settings.from_env({"ROI_TARGET": "postgres", "ROI_PG_SCHEMA": "a"}))
    assert isinstance(postgres, PostgresSchema) and postgres.bi_location == "schema a_bi"


def test_roi_leaves_os_environ_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ROI_DUCKDB_PATH", str(tmp_path / "roi.duckdb"))
    monkeypatch.delenv("ROI_PUBLISHED_DUCKDB_PATH", raising=False)
    before = dict(os.environ)
    assert cli.main(["export", "fct_roi_summary", "--output", str(tmp_path / "x.csv")]) == 1
    assert dict(os.environ) == before


def test_no_python_helpers_module_writes_os_environ():
    """os.environ is read (Settings.from_env) but never assigned, updated or set by a default."""
    writes = []
    for path in sorted((REPO_ROOT / "python_helpers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            target = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("setdefault", "update", "pop", "clear", "putenv"):
                    target = node.func.value
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                targets = (
                    node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                )
                target = next((t.value for t in targets if isinstance(t, ast.Subscript)), None)
            if target is not None and ast.unparse(target) in ("os.environ", "environ"):
                writes.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert writes == []


def test_cli_commands_never_branch_on_the_target():
    """The CLI asks the back-end (warehouse.for_settings); no `== "duckdb"` in cli.py."""
    tree = ast.parse((REPO_ROOT / "python_helpers" / "cli.py").read_text())
    compared = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(
            isinstance(side, ast.Constant) and side.value in ("duckdb", "postgres")
            for side in [node.left, *node.comparators]
        )
    ]
    assert compared == []


def test_schema_names_agree_with_the_dbt_project():
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())
    models = project["models"]["ai_marketing_roi"]
    assert models["marts"]["+schema"] == schemas.MARTS
    assert models["intermediate"]["+schema"] == schemas.INTERMEDIATE
    assert models["staging"]["+schema"] == schemas.STAGING
    profile = yaml.safe_load((REPO_ROOT / "profiles" / "profiles.yml").read_text())
    duckdb_output = profile["ai_marketing_roi"]["outputs"]["duckdb"]
    assert duckdb_output["schema"] == schemas.DUCKDB_TARGET_SCHEMA
    assert schemas.MARTS_SCHEMA == "main_marts"  # what BI tools and docs name
    assert schemas.target_schema_of("acme_marts", schemas.MARTS) == "acme"


def test_every_setting_of_the_nightly_run_is_on_the_settings_object(tmp_path: Path):
    """What modules read ad hoc from os.environ before is parsed once, with the same defaults
    and the same messages for a bad value."""
    defaults = Settings.from_env({"ROI_DUCKDB_PATH": str(tmp_path / "w" / "roi.duckdb")})
    assert defaults.load_workers is None  # one per core, at most 4 (loader.load_workers)
    assert defaults.format_drift_max_share == 0.05
    assert defaults.data_docs_dir == tmp_path / "w" / "data_docs"
    assert defaults.dbt_stop_grace_seconds == 60.0
    assert defaults.chromium is None
    settings = Settings.from_env(
        {
            "ROI_LOAD_WORKERS": "3",
            "ROI_FORMAT_DRIFT_MAX_SHARE": "0.2",
            "ROI_DATA_DOCS_DIR": str(tmp_path / "docs"),
            "ROI_DBT_STOP_GRACE_SECONDS": "-5",
            "ROI_CHROMIUM": "/opt/chromium",
        }
    )
    assert settings.load_workers == 3 and settings.format_drift_max_share == 0.2
    assert settings.data_docs_dir == tmp_path / "docs"
    assert settings.dbt_stop_grace_seconds == 0.0  # never negative
    assert settings.chromium == "/opt/chromium"
    with pytest.raises(ValueError, match="ROI_LOAD_WORKERS must be a whole number >= 1, not '0'"):
        Settings.from_env({"ROI_LOAD_WORKERS": "0"})
    with pytest.raises(SystemExit, match="ROI_DBT_STOP_GRACE_SECONDS must be a number"):
        Settings.from_env({"ROI_DBT_STOP_GRACE_SECONDS": "a minute"})


def test_loader_takes_the_workers_from_the_settings():
    from python_helpers.loader import load_workers

    assert load_workers(7) == 7
    assert 1 <= load_workers(None) <= 4


# Modules that may read os.environ: settings.py (the one place settings are read), cli.py (it
# calls Settings.from_env) and the toolbox (python_helpers/devtools: benchmark, sample data,
# Spark and throwaway PostgreSQL helpers, never imported by the nightly run).
MAY_READ_ENVIRON = ("settings.py", "cli.py", "devtools/")


def environ_reads(root: Path = REPO_ROOT) -> list[str]:
    """Every os.environ / os.getenv / environ read in python_helpers outside MAY_READ_ENVIRON."""
    found = []
    for path in sorted((root / "python_helpers").rglob("*.py")):
        relative = path.relative_to(root / "python_helpers").as_posix()
        if relative in MAY_READ_ENVIRON or relative.startswith(MAY_READ_ENVIRON[-1]):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            text = ast.unparse(node) if isinstance(node, ast.Attribute | ast.Name) else ""
            if text in ("os.environ", "os.getenv", "environ", "getenv"):
                found.append(f"python_helpers/{relative}:{node.lineno}: {text}")
    return found


def test_no_module_reads_a_setting_from_os_environ_ad_hoc():
    assert environ_reads() == []


def test_an_ad_hoc_environ_read_is_caught(tmp_path: Path):
    package = tmp_path / "python_helpers"
    (package / "checks").mkdir(parents=True)
    (package / "devtools").mkdir()
    (package / "settings.py").write_text("import os\nENV = os.environ\n")
    (package / "devtools" / "benchmark.py").write_text("import os\nENV = dict(os.environ)\n")
    (package / "checks" / "drift.py").write_text(
        "import os\n\ndef share():\n    return float(os.environ.get('ROI_X', '0.05'))\n"
    )
    (package / "loader.py").write_text(
        "from os import getenv\n\ndef workers():\n    return getenv('ROI_Y')\n"
    )
    assert environ_reads(tmp_path) == [
        "python_helpers/checks/drift.py:4: os.environ",
        "python_helpers/loader.py:4: getenv",
    ]
