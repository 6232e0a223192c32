"""dbt parses the project once per test run, not once per pipeline folder.

A full parse costs ~16 s of CPU. dbt keeps a parse (target/partial_parse.msgpack) only while the
profile's connection info is unchanged, and dbt-duckdb's includes the warehouse `path`; every
pipeline has its own warehouse and target folder. So `dbt(...)` (conftest) and `roi` (through
python_helpers/dbt_runner.py, switched on by isolated_env) run dbt beside the warehouse file,
naming it relatively, and conftest copies the run's first parse into each new target folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import dbt, dbt_deps, isolated_env, roi

from python_helpers import dbt_runner
from python_helpers.settings import REPO_ROOT, Settings


def dbt_log(root: Path) -> str:
    return (root / "logs" / "dbt.log").read_text()


def test_a_new_pipeline_folder_reuses_the_runs_parse(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    dbt_deps(isolated_env(first))
    for root in first, second:
        (root / "warehouse").mkdir(parents=True)
    dbt("parse", env=isolated_env(first))  # the run's parse, unless another test made it first
    dbt("parse", env=isolated_env(second))
    assert "Unable to do partial parsing" not in dbt_log(second)
    assert "Partial parsing enabled" in dbt_log(second)
    assert (second / "target" / "manifest.json").is_file()
    assert not (REPO_ROOT / "roi.duckdb").exists()


def test_roi_build_in_a_new_pipeline_folder_reuses_the_runs_parse(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for root in first, second:
        (root / "warehouse").mkdir(parents=True)
    dbt_deps(isolated_env(first))
    dbt("parse", env=isolated_env(first))  # the run's parse, unless another test made it first
    roi("build", "--", "--select", "roles", "--resource-type", "seed", env=isolated_env(second))
    assert "Unable to do partial parsing" not in dbt_log(second)
    assert "Partial parsing enabled" in dbt_log(second)
    assert (second / "warehouse" / "roi.duckdb").is_file()


def test_roi_runs_dbt_beside_the_warehouse_with_a_relative_path(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(dbt_runner.BESIDE_WAREHOUSE_ENV, "1")
    calls = []
    monkeypatch.setattr(
        dbt_runner, "run_child", lambda command, env, grace, cwd: calls.append((env, cwd)) or 0
    )
    (tmp_path / "w").mkdir()
    settings = Settings.from_env(
        {"ROI_DUCKDB_PATH": str(tmp_path / "w" / "build.duckdb"), "DBT_TARGET_PATH": "t"}
    )
    dbt_runner.run_dbt("parse", settings=settings)
    [(env, cwd)] = calls
    assert cwd == tmp_path / "w"
    assert env["ROI_DUCKDB_PATH"] == "build.duckdb"
    assert env["DBT_PROJECT_DIR"] == str(REPO_ROOT)


@pytest.mark.parametrize(("target", "switch"), [("postgres", "1"), ("duckdb", None)])
def test_otherwise_roi_runs_dbt_in_the_project(tmp_path, monkeypatch, target, switch) -> None:
    """On another target, or without the switch (a `dbt` run by hand and `roi` then share one
    parse: both name the warehouse by its absolute path), dbt runs in the project folder."""
    if switch:
        monkeypatch.setenv(dbt_runner.BESIDE_WAREHOUSE_ENV, switch)
    else:
        monkeypatch.delenv(dbt_runner.BESIDE_WAREHOUSE_ENV, raising=False)
    calls = []
    monkeypatch.setattr(
        dbt_runner, "run_child", lambda command, env, grace, cwd: calls.append((env, cwd)) or 0
    )
    settings = Settings.from_env({"ROI_TARGET": target, "ROI_DUCKDB_PATH": str(tmp_path / "x")})
    dbt_runner.run_dbt("parse", settings=settings)
    [(env, cwd)] = calls
    assert cwd == REPO_ROOT
    assert env["ROI_DUCKDB_PATH"] == str(tmp_path / "x")
