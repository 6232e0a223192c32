"""`roi build`'s nightly scope (python_helpers/build_scope.py, macros/test_scope/).

- which scope a build gets, and what it records (no dbt: a fake manifest and warehouse);
- which nodes the nightly arguments select (`dbt ls` against a kept manifest in which one seed
  was edited: that seed and its tests run, the other seeds and their own tests do not, every
  model and every test touching a model do, tests joining a model to any seed included, unit
  tests never);
- a planted bad row in an incremental model: inside the lookback it fails the nightly build,
  outside it the nightly build passes and `roi build --full` fails (the weekly run catches it).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb
import pytest
from conftest import (
    Pipeline,
    copy_pipeline,
    dbt,
    dbt_deps,
    isolated_env,
    roi,
    shared_sample,
)

from python_helpers import build_scope, cli, dbt_runner, seed_files
from python_helpers.settings import Settings
from python_helpers.warehouse import duckdb_file

SEED_NODE = {
    "resource_type": "seed",
    "name": "workflows",
    "alias": "workflows",
    "schema": "main_seeds",
}


def settings_in(root: Path) -> Settings:
    return Settings.from_env(isolated_env(root))


def write_state(settings: Settings, nodes: dict) -> None:
    folder = build_scope.state_dir(settings)
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"nodes": nodes}))


def make_warehouse(settings: Settings, seed_tables: list[str]) -> None:
    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.duckdb_path)) as con:
        for table in seed_tables:
            schema, name = table.split(".")
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{name} (workflow_id varchar)")


def test_first_build_runs_everything(tmp_path):
    scope = build_scope.choose(settings_in(tmp_path), full=False, dbt_args=[])
    assert scope.mode == "full"
    assert "first build" in scope.reason
    assert scope.dbt_args == []
    assert scope.dbt_env == {"ROI_DATA_TESTS_RECENT_LOADS_ONLY": "false"}


def test_nightly_scope_once_a_successful_build_left_its_state(tmp_path):
    settings = settings_in(tmp_path)
    write_state(settings, {"seed.p.workflows": SEED_NODE})
    make_warehouse(settings, ["main_seeds.workflows"])
    scope = build_scope.choose(settings, full=False, dbt_args=[])
    assert scope.mode == "nightly"
    state = str(build_scope.state_dir(settings))
    assert scope.dbt_args == [
        "--select",
        "resource_type:model",
        "resource_type:snapshot",
        "resource_type:source",
        "resource_type:seed,state:modified",
        "--exclude",
        "resource_type:unit_test",
        "--state",
        state,
    ]
    assert scope.dbt_env == {"ROI_DATA_TESTS_RECENT_LOADS_ONLY": "true"}
    assert scope.keeps_state
    assert scope.summary().startswith("build scope: nightly (")


@pytest.mark.parametrize(
    ("full", "dbt_args", "reason"),
    [
        (True, [], "--full"),
        (False, ["--full-refresh"], "--full-refresh"),
        (False, ["-f"], "--full-refresh"),
    ],
)
def test_full_and_full_refresh_run_everything_despite_a_state(tmp_path, full, dbt_args, reason):
    settings = settings_in(tmp_path)
    write_state(settings, {"seed.p.workflows": SEED_NODE})
    make_warehouse(settings, ["main_seeds.workflows"])
    scope = build_scope.choose(settings, full=full, dbt_args=dbt_args)
    assert (scope.mode, scope.dbt_args) == ("full", [])
    assert scope.reason.startswith(reason)
    assert scope.dbt_env == {"ROI_DATA_TESTS_RECENT_LOADS_ONLY": "false"}


def test_a_new_warehouse_file_beside_an_old_state_runs_everything(tmp_path):
    settings = settings_in(tmp_path)
    write_state(settings, {"seed.p.workflows": SEED_NODE})
    make_warehouse(settings, [])  # loaded afresh: no seed table yet
    scope = build_scope.choose(settings, full=False, dbt_args=[])
    assert scope.mode == "full"
    assert "main_seeds.workflows" in scope.reason


def test_a_selection_of_ones_own_keeps_no_state(tmp_path):
    settings = settings_in(tmp_path)
    write_state(settings, {"seed.p.workflows": SEED_NODE})
    make_warehouse(settings, ["main_seeds.workflows"])
    selected = build_scope.choose(settings, False, ["--select", "dim_dates"])
    assert (selected.mode, selected.keeps_state) == ("nightly", False)
    assert selected.dbt_args == ["--exclude", "resource_type:unit_test"]
    assert selected.dbt_env == {"ROI_DATA_TESTS_RECENT_LOADS_ONLY": "true"}
    assert not build_scope.choose(settings, False, ["--exclude=dim_dates"]).keeps_state
    assert build_scope.choose(settings, False, ["--threads", "4"]).keeps_state


@pytest.mark.parametrize(("exit_code", "kept"), [(0, True), (1, False)])
def test_roi_build_records_its_scope_and_keeps_the_state_only_after_success(
    tmp_path, monkeypatch, capsys, exit_code, kept
):
    settings = settings_in(tmp_path)
    settings.dbt_target_dir.mkdir(parents=True)
    (settings.dbt_target_dir / "manifest.json").write_text('{"nodes": {}}')
    calls = []
    monkeypatch.setattr(seed_files, "check_seed_files", lambda: [])
    monkeypatch.setattr(dbt_runner, "install_packages", lambda settings=None: None)

    def fake_run_dbt(*args, check=True, extra_env=None, settings=None):
        calls.append((args, extra_env))
        return exit_code

    monkeypatch.setattr(dbt_runner, "run_dbt", fake_run_dbt)
    code = cli.cmd_build(
        argparse.Namespace(full=False, dbt_args=["--", "--threads", "1"]), settings
    )
    assert code == exit_code
    assert calls == [(("build", "--threads", "1"), {"ROI_DATA_TESTS_RECENT_LOADS_ONLY": "false"})]
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line.startswith("build scope: full (first build: no saved state")
    assert duckdb_file.read_audit(settings.duckdb_path)["build"]["scope"] == first_line
    assert (build_scope.state_dir(settings) / "manifest.json").exists() == kept


# --- dbt: what the nightly arguments select ----------------------------------------------------


def listed(env: dict[str, str], *args: str) -> set[str]:
    out = dbt("ls", "--quiet", "--output", "json", "--output-keys", "unique_id", *args, env=env)
    return {json.loads(line)["unique_id"] for line in out.stdout.splitlines() if line.strip()}


def test_nightly_arguments_select_changed_seeds_their_tests_and_no_unit_tests(tmp_path):
    env = isolated_env(tmp_path)
    dbt_deps(env)
    dbt("parse", "--quiet", env=env)
    state = tmp_path / "state"
    state.mkdir()
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    # RevOps edited the workflows seed since the kept build: its checksum differs.
    manifest["nodes"]["seed.ai_marketing_roi.workflows"]["checksum"]["checksum"] = "edited"
    (state / "manifest.json").write_text(json.dumps(manifest))
    nodes = manifest["nodes"]
    parents = {
        key: set(node["depends_on"]["nodes"])
        for key, node in nodes.items()
        if node["resource_type"] == "test"
    }
    workflows, fx_rates = "seed.ai_marketing_roi.workflows", "seed.ai_marketing_roi.fx_rates"

    selected = listed(env, *build_scope.nightly_dbt_args(state))

    assert {key for key in selected if key.startswith("seed.")} == {workflows}
    assert not {key for key in selected if key.startswith("unit_test.")}
    # The edited seed's own tests run (8 on 2026-12-05); another seed's own tests do not.
    assert {key for key, up in parents.items() if up == {workflows}} <= selected
    fx_only = {key for key, up in parents.items() if up == {fx_rates}}
    assert fx_only and not fx_only & selected
    # A test joining a model to an unchanged seed still runs (the model's rows changed).
    fx_joined = {key for key, up in parents.items() if fx_rates in up and len(up) > 1}
    assert fx_joined and fx_joined <= selected
    # Every model runs, and every test with a parent that is not a seed.
    models = {key for key, node in nodes.items() if node["resource_type"] == "model"}
    assert models <= selected
    on_models = {key for key, up in parents.items() if any(not p.startswith("seed.") for p in up)}
    assert on_models <= selected


# --- A planted bad row: nightly inside the lookback, weekly outside it --------------------------

ROLLUP = "int_email_events_rolled_up_to_recipient_sends"
ARM_TEST = f"accepted_values_{ROLLUP}_arm"


@pytest.fixture(scope="module")
def nightly_copy(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The shared sample with its manifest kept as the state of a successful build."""
    source = shared_sample(tmp_path_factory)
    pipeline = copy_pipeline(source, tmp_path_factory.mktemp("nightly"))
    assert build_scope.keep_state(Settings.from_env(pipeline.env)) is not None
    return pipeline


def plant_bad_arm(pipeline: Pipeline, send_id: str, days_before_latest_load: int) -> None:
    """A recipient send with an arm that is neither control nor ai, last loaded this many days
    before the model's latest load (a new key: the nightly run leaves it in place)."""
    with duckdb.connect(str(pipeline.database)) as con:
        (schema,) = con.execute(
            "select table_schema from information_schema.tables where table_name = ?", [ROLLUP]
        ).fetchone()
        table = f'"{schema}"."{ROLLUP}"'
        con.execute(
            f"insert into {table} select * replace ("
            f"'{send_id}' as recipient_send_id, 'planted_arm' as arm, "
            f"(select max(last_loaded_at) from {table}) - to_days({days_before_latest_load}) "
            f"as last_loaded_at) from {table} where count_events > 0 limit 1"
        )


def build(pipeline: Pipeline, *args: str):
    return roi("build", *args, "--", "--select", ROLLUP, env=pipeline.env, check=False)


def test_a_bad_row_outside_the_lookback_waits_for_the_weekly_full_build(nightly_copy):
    plant_bad_arm(nightly_copy, "planted_outside_lookback", days_before_latest_load=30)
    nightly = build(nightly_copy)
    assert nightly.stdout.startswith("build scope: nightly ("), nightly.stdout[-3000:]
    assert nightly.returncode == 0, nightly.stdout[-3000:]
    assert f"PASS {ARM_TEST}" in nightly.stdout.replace("\x1b[32m", "").replace("\x1b[0m", "")
    full = build(nightly_copy, "--full")
    assert full.stdout.startswith("build scope: full (--full"), full.stdout[-3000:]
    assert full.returncode != 0
    assert f"FAIL 1 {ARM_TEST}" in full.stdout.replace("\x1b[31m", "").replace("\x1b[0m", "")


def test_a_bad_row_inside_the_lookback_fails_the_nightly_build(nightly_copy):
    plant_bad_arm(nightly_copy, "planted_inside_lookback", days_before_latest_load=0)
    nightly = build(nightly_copy)
    assert nightly.stdout.startswith("build scope: nightly ("), nightly.stdout[-3000:]
    assert nightly.returncode != 0
    assert f"FAIL 1 {ARM_TEST}" in nightly.stdout.replace("\x1b[31m", "").replace("\x1b[0m", "")


# --- dbt deps: skipped when the local packages are already linked -------------------------------


def project_with_packages(root: Path, packages: str) -> Path:
    (root / "local_packages" / "dbt_utils").mkdir(parents=True)
    (root / "packages.yml").write_text(packages)
    return root


def test_dbt_deps_is_skipped_only_when_every_local_package_is_linked(tmp_path):
    local = "packages:\n  - local: local_packages/dbt_utils\n"
    root = project_with_packages(tmp_path / "project", local)
    assert not dbt_runner.local_packages_linked(root)  # fresh clone: no dbt_packages/
    (root / "dbt_packages").mkdir()
    assert not dbt_runner.local_packages_linked(root)  # nothing linked yet
    (root / "dbt_packages" / "dbt_utils").symlink_to(tmp_path / "elsewhere")
    assert not dbt_runner.local_packages_linked(root)  # a link to another folder
    (root / "dbt_packages" / "dbt_utils").unlink()
    (root / "dbt_packages" / "dbt_utils").symlink_to(root / "local_packages" / "dbt_utils")
    assert dbt_runner.local_packages_linked(root)
    hub = local + "  - package: dbt-labs/codegen\n    version: 0.12.1\n"
    (root / "packages.yml").write_text(hub)
    assert not dbt_runner.local_packages_linked(root)  # a hub package: dbt deps decides
