"""Integration tests of the local dbt_utils package (local_packages/dbt_utils).

The package's integration project (local_packages/dbt_utils/integration_tests) is copied,
together with the package, into a temporary folder and built there against a temporary
DuckDB file, so the working tree is never written to. The module checks that

* `dbt deps` + `dbt build` succeed: seeds, models, dbt unit tests and data tests with
  hand-worked expected values for every macro;
* every macro of the subset and every generic test is actually exercised;
* every generic test has must-fail cases that find exactly their expected number of
  failures, and that really fail (non-zero exit) once dbt's default thresholds apply;
* the argument guards of star() and generate_surrogate_key() raise compiler errors.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "local_packages" / "dbt_utils"

SQL_MACROS = {
    "generate_surrogate_key",
    "safe_divide",
    "date_spine",
    "star",
    "deduplicate",
    "get_single_value",
    "pivot",
}
GENERIC_TESTS = {
    "accepted_range",
    "expression_is_true",
    "unique_combination_of_columns",
    "equal_rowcount",
    "not_constant",
    "at_least_one",
    "not_null_proportion",
    "recency",
}
EXPECT_FAIL_TAG = "expect_fail"
RAW_THRESHOLDS_VARS = "{dbt_utils_it_raw_thresholds: true}"
# Environment variables that would redirect dbt away from the temporary copy.
_DBT_ENV_TO_DROP = (
    "DBT_TARGET_PATH",
    "DBT_LOG_PATH",
    "DBT_PROJECT_DIR",
    "DBT_PACKAGES_INSTALL_PATH",
)


def _dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if found is None:
        pytest.skip("dbt executable not found")
    return found


@dataclass
class DbtRun:
    returncode: int
    output: str
    run_results: dict | None
    manifest: dict | None

    def results_by_id(self) -> dict[str, dict]:
        assert self.run_results is not None, self.output[-4000:]
        return {r["unique_id"]: r for r in self.run_results["results"]}


@dataclass
class IntegrationProject:
    project_dir: Path
    env: dict[str, str]
    dbt: str

    def run(self, *args: str) -> DbtRun:
        target = self.project_dir / "target"
        for name in ("run_results.json", "manifest.json"):
            (target / name).unlink(missing_ok=True)
        proc = subprocess.run(
            [self.dbt, "--no-use-colors", *args, "--project-dir", str(self.project_dir)],
            cwd=self.project_dir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

        def load(name: str) -> dict | None:
            path = target / name
            return json.loads(path.read_text()) if path.exists() else None

        return DbtRun(
            proc.returncode,
            proc.stdout + proc.stderr,
            load("run_results.json"),
            load("manifest.json"),
        )


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> IntegrationProject:
    work = tmp_path_factory.mktemp("dbt_utils_local")
    package_copy = work / "dbt_utils"
    shutil.copytree(
        PACKAGE_DIR,
        package_copy,
        ignore=shutil.ignore_patterns(
            "target",
            "dbt_packages",
            "logs",
            "*.duckdb",
            "*.duckdb.wal",
            "package-lock.yml",
            "__pycache__",
        ),
    )
    env = {k: v for k, v in os.environ.items() if k not in _DBT_ENV_TO_DROP}
    project_dir = package_copy / "integration_tests"
    env.update(
        DBT_PROFILES_DIR=str(project_dir),
        DBT_UTILS_IT_TARGET="duckdb",
        DBT_UTILS_IT_DUCKDB_PATH=str(work / "it.duckdb"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    it = IntegrationProject(project_dir, env, _dbt_executable())
    deps = it.run("deps")
    assert deps.returncode == 0, deps.output[-4000:]
    return it


@pytest.fixture(scope="module")
def build(project: IntegrationProject) -> DbtRun:
    return project.run("build")


@pytest.fixture(scope="module")
def raw_threshold_run(project: IntegrationProject, build: DbtRun) -> DbtRun:
    # depends on `build` so that the tested relations exist
    return project.run("test", "--select", f"tag:{EXPECT_FAIL_TAG}", "--vars", RAW_THRESHOLDS_VARS)


def _expect_fail_tests(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "test" and EXPECT_FAIL_TAG in node.get("tags", [])
    }


def test_build_succeeds(build: DbtRun) -> None:
    assert build.returncode == 0, build.output[-6000:]
    results = build.results_by_id()
    bad = {
        uid: (r["status"], r["message"])
        for uid, r in results.items()
        if r["status"] not in ("success", "pass")
    }
    assert not bad, bad
    kinds = Counter(uid.split(".")[0] for uid in results)
    assert kinds.get("unit_test", 0) >= 6, kinds
    assert kinds.get("test", 0) >= 50, kinds
    assert kinds.get("model", 0) >= 20, kinds
    # the integration project validates macros/_macros.yml against the macro signatures
    assert "yaml for macro" not in build.output, build.output[-6000:]


def test_every_macro_and_generic_test_is_exercised(build: DbtRun) -> None:
    manifest = build.manifest
    assert manifest is not None
    used_macros: set[str] = set()
    for node in manifest["nodes"].values():
        used_macros.update(node.get("depends_on", {}).get("macros", []))
    missing_macros = {m for m in SQL_MACROS if f"macro.dbt_utils.{m}" not in used_macros}
    assert not missing_macros, missing_macros

    passing, must_fail = set(), set()
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or meta.get("namespace") != "dbt_utils":
            continue
        (must_fail if EXPECT_FAIL_TAG in node.get("tags", []) else passing).add(meta["name"])
    assert passing == GENERIC_TESTS, GENERIC_TESTS ^ passing
    assert must_fail == GENERIC_TESTS, GENERIC_TESTS ^ must_fail


def test_must_fail_cases_find_exactly_their_failures_in_build(build: DbtRun) -> None:
    # In the normal build each must-fail test is configured error_if/warn_if "!= N",
    # so "pass" means the test found exactly its N failing rows.
    expect_fail = _expect_fail_tests(build.manifest)
    assert len(expect_fail) >= len(GENERIC_TESTS)
    results = build.results_by_id()
    for uid, node in expect_fail.items():
        n = node["config"]["meta"]["expected_failures"]
        assert n > 0, uid
        assert node["config"]["error_if"].replace(" ", "") == f"!={n}", (
            uid,
            node["config"]["error_if"],
        )
        assert results[uid]["status"] == "pass", (uid, results[uid]["message"])


def test_must_fail_cases_fail_with_default_thresholds(raw_threshold_run: DbtRun) -> None:
    assert raw_threshold_run.returncode != 0, raw_threshold_run.output[-6000:]
    expect_fail = _expect_fail_tests(raw_threshold_run.manifest)
    results = raw_threshold_run.results_by_id()
    assert set(results) == set(expect_fail), set(results) ^ set(expect_fail)
    seen = set()
    for uid, node in expect_fail.items():
        assert node["config"]["error_if"].replace(" ", "") == "!=0", (
            uid,
            node["config"]["error_if"],
        )
        result = results[uid]
        expected = node["config"]["meta"]["expected_failures"]
        assert result["status"] == "fail", (uid, result["status"], result["message"])
        assert result["failures"] == expected, (uid, result["failures"], expected)
        seen.add(node["test_metadata"]["name"])
    assert seen == GENERIC_TESTS, GENERIC_TESTS ^ seen


@pytest.mark.parametrize(
    ("inline_sql", "message"),
    [
        (
            "select {{ dbt_utils.star('data_star') }} from {{ ref('data_star') }}",
            "Macro star expected a Relation but received the value: data_star",
        ),
        (
            "select {{ dbt_utils.generate_surrogate_key('field_1') }} from {{ ref('data_star') }}",
            "generate_surrogate_key expects a list",
        ),
    ],
    ids=["star_rejects_a_string", "surrogate_key_rejects_a_string"],
)
def test_argument_guards_raise(
    project: IntegrationProject, build: DbtRun, inline_sql: str, message: str
) -> None:
    run = project.run("compile", "--inline", inline_sql)
    assert run.returncode != 0, run.output[-4000:]
    assert message in run.output, run.output[-4000:]


@pytest.mark.skipif(
    not os.environ.get("DBT_UTILS_IT_PG_HOST"),
    reason="set DBT_UTILS_IT_PG_HOST (and _PORT, _USER, _PASSWORD, _DBNAME, _SCHEMA) for Postgres",
)
def test_postgres_build_when_configured(tmp_path: Path) -> None:
    package_copy = tmp_path / "dbt_utils"
    shutil.copytree(
        PACKAGE_DIR,
        package_copy,
        ignore=shutil.ignore_patterns(
            "target", "dbt_packages", "logs", "*.duckdb", "package-lock.yml"
        ),
    )
    project_dir = package_copy / "integration_tests"
    env = {k: v for k, v in os.environ.items() if k not in _DBT_ENV_TO_DROP}
    env.update(
        DBT_PROFILES_DIR=str(project_dir),
        DBT_UTILS_IT_TARGET="postgres",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    it = IntegrationProject(project_dir, env, _dbt_executable())
    assert it.run("deps").returncode == 0
    build = it.run("build")
    assert build.returncode == 0, build.output[-6000:]
    raw = it.run("test", "--select", f"tag:{EXPECT_FAIL_TAG}", "--vars", RAW_THRESHOLDS_VARS)
    assert raw.returncode != 0
    for uid, node in _expect_fail_tests(raw.manifest).items():
        result = raw.results_by_id()[uid]
        assert (result["status"], result["failures"]) == (
            "fail",
            node["config"]["meta"]["expected_failures"],
        ), uid
