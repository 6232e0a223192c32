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
