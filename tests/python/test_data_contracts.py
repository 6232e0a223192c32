"""Data contracts: every bad input answered, nothing silently lost, checks that fail loudly.

- Bad-input fixtures (tests/fixtures/bad_inputs): each row gets its expected outcome.
- Reconciliation: raw rows = clean + quarantined, per source file, for every quarantine model
  dbt knows (the analysis raw_rows_reconciliation, driven by dbt's graph), on the sample and on
  the fixtures; every source table feeds a quarantine model; every landed file is in the ledger.
- Seeds edited to nonsense fail the build naming the seed, the row and the rule.
- Great Expectations: the suites pass on the sample, and a planted violation makes `roi check`
  exit non-zero with the failing expectation and examples printed.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, Pipeline, dbt, dbt_deps, isolated_env, roi

from python_helpers.checks import run_checks
from python_helpers.loader import load_landing

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "bad_inputs"
EXPECTED = FIXTURES / "expected_outcomes.tsv"
ANALYSIS = "raw_rows_reconciliation"


def expected_outcomes() -> list[dict[str, str]]:
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def land_fixtures(landing: Path) -> list[Path]:
    """Every <system>/*.csv.in fixture landed as <system>/*.csv."""
    landed = []
    for source in sorted(FIXTURES.glob("*/*.csv.in")):
        if source.parent.name == "seeds":
            continue
        target = landing / source.parent.name / source.name.removesuffix(".in")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        landed.append(target)
    return landed


def quarantine_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, clean view, quarantine view) for every `<clean>__quarantined` staging model."""
    names = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_name like '%\\_\\_quarantined' escape '\\'"
    ).fetchall()
    return [(schema, name.removesuffix("__quarantined"), name) for schema, name in names]


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The bad-input fixtures landed, loaded and built through staging (no sample data)."""
    root = tmp_path_factory.mktemp("bad_inputs")
    env = isolated_env(root)
    land_fixtures(root / "landing")
    roi("load", env=env)
    dbt_deps(env)
    dbt("seed", "--quiet", env=env)  # staging maps vendor codes with seeds (email_event_types)
    dbt("run", "--select", "staging", "--quiet", env=env)
    return Pipeline(root, root / "landing", root / "warehouse" / "roi.duckdb", env)


@pytest.fixture(scope="module")
def outcomes(fixture_build: Pipeline) -> dict[tuple[str, str, str], dict]:
    """What happened to each fixture: per (system, file, row) and per (system, file, '')."""
    found: dict[tuple[str, str, str], dict] = {}
    with fixture_build.connect() as con:
        for file_name, system, status, rows, message in con.execute(
            "select source_file, system, status, row_count, message from raw_meta.file_loads"
        ).fetchall():
            outcome = "loaded_no_rows" if status == "loaded" and rows == 0 else status
            found[(system, file_name, "")] = {"outcome": outcome, "message": message}
        for schema, clean, quarantined in quarantine_pairs(con):
            system = clean.removeprefix("stg_").split("__")[0]
            for row in con.execute(
                f"select * from {schema}.{clean}"
            ).df().to_dict("records"):  # fmt: skip
                key = (system, row["source_file"], str(row["source_row_number"]))
                found[key] = {"outcome": "clean", **row}
            for row in con.execute(f"select * from {schema}.{quarantined}").df().to_dict("records"):
                key = (system, row["source_file"], str(row["source_row_number"]))
                found[key] = {"outcome": row["quarantine_reason"], **row}
    return found


def _case_id(case: dict[str, str]) -> str:
    return f"{case['file']}:{case['row'] or 'file'}"


@pytest.mark.parametrize("case", expected_outcomes(), ids=_case_id)
def test_bad_input_gets_its_outcome(case, outcomes):
    check = case["check"] or ""
    if check.startswith("pending:"):
        pytest.xfail(check)
    actual = outcomes.get((case["system"], case["file"], case["row"]))
    assert actual is not None, f"no outcome for {case}"
    assert actual["outcome"] == case["outcome"], f"{case['input_class']}: got {actual}"
    if case["outcome"] == "refused":
        for words in check.split("|"):
            assert words in actual["message"], actual["message"]
    elif "=" in check and not check.startswith("same_person:"):
        column, value = check.split("=", 1)
        found = actual[column]
        if isinstance(found, float):
            expected = float(value)
        elif value.lower() in ("true", "false"):  # booleans (numpy's too): null is neither
            found, expected = str(found).lower(), value.lower()
        else:
            expected = value
        assert found == expected, f"{case['input_class']}: {column} = {actual[column]!r}"


def test_rows_of_one_person_share_one_hash(outcomes):
    groups: dict[str, set] = {}
    for case in expected_outcomes():
        if case["check"].startswith("same_person:"):
            row = outcomes[(case["system"], case["file"], case["row"])]
            groups.setdefault(case["check"], set()).add(row["person_id"])
    assert groups and all(len(ids) == 1 for ids in groups.values()), groups


def test_every_fixture_row_has_an_expected_outcome(outcomes):
    listed = {(c["system"], c["file"], c["row"]) for c in expected_outcomes()}
    answered = {key for key, found in outcomes.items() if found["outcome"] != "loaded"}
    assert answered - listed == set()
    fixture_files = {
        (path.parent.name, path.name.removesuffix(".in"))
        for path in FIXTURES.glob("*/*.csv.in")
        if path.parent.name != "seeds"
    }
    assert fixture_files == {(c["system"], c["file"]) for c in expected_outcomes()}


# --- reconciliation ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reconciliation_sql(built_warehouse: Pipeline) -> str:
    """The analysis compiled once: one union over every quarantine model in dbt's graph."""
    dbt("compile", "--select", ANALYSIS, "--quiet", env=built_warehouse.env)
    compiled = next((built_warehouse.root / "target" / "compiled").rglob(f"{ANALYSIS}.sql"))
    return compiled.read_text()


def reconcile(pipeline: Pipeline, sql: str) -> list[dict]:
    with pipeline.connect() as con:
        return con.execute(sql).df().to_dict("records")


def assert_balanced(pipeline: Pipeline, sql: str) -> list[dict]:
    rows = reconcile(pipeline, sql)
    unbalanced = [row for row in rows if row["count_rows_out_of_balance"]]
    assert unbalanced == [], f"raw rows not in exactly one of clean / quarantined: {unbalanced}"
    for row in rows:
        assert row["count_raw_rows"] == row["count_clean_rows"] + row["count_quarantined_rows"]
    with pipeline.connect() as con:
        loaded = {
            name
            for (name,) in con.execute(
                "select source_file from raw_meta.file_loads where status = 'loaded' "
                "and row_count > 0"
            ).fetchall()
        }
    assert loaded <= {row["source_file"] for row in rows}, "a loaded file is not reconciled"
    return rows


def test_sample_raw_rows_reconcile_per_file(built_warehouse, reconciliation_sql):
    rows = assert_balanced(built_warehouse, reconciliation_sql)
    assert sum(row["count_raw_rows"] for row in rows) > 0


def test_bad_input_raw_rows_reconcile_per_file(fixture_build, reconciliation_sql):
    rows = assert_balanced(fixture_build, reconciliation_sql)
    assert sum(row["count_quarantined_rows"] for row in rows) >= 15


def test_every_source_table_feeds_a_quarantine_model(built_warehouse):
    manifest = json.loads((built_warehouse.root / "target" / "manifest.json").read_text())
    parents = manifest["parent_map"]
    covered: set[str] = set()
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "model" and node["name"].endswith("__quarantined"):
            frontier = [unique_id]
            while frontier:
                current = frontier.pop()
                covered.add(current)
                frontier += [p for p in parents.get(current, []) if p not in covered]
    sources = set(manifest["sources"])
    assert sources, "no dbt sources declared"
    assert sources - covered == set(), "source tables with no clean/quarantine staging pair"


def test_every_landed_file_is_in_the_ledger(built_warehouse, fixture_build):
    for pipeline in (built_warehouse, fixture_build):
        landed = {path.name for path in pipeline.landing.glob("*/*.csv")}
        ledger = {name for (name,) in pipeline.query("select source_file from raw_meta.file_loads")}
        assert landed and landed <= ledger


def test_reloading_the_fixtures_loads_nothing_new(fixture_build, tmp_path):
    database = tmp_path / "copy.duckdb"
    shutil.copyfile(fixture_build.database, database)
    results = load_landing(fixture_build.landing, database)
    assert {result.status for result in results} <= {"skipped", "refused"}
    assert [r for r in results if r.status == "skipped"], "nothing was recognised as loaded"


# --- seeds edited to nonsense ----------------------------------------------------------------

PROJECT_PARTS = (
    "dbt_project.yml",
    "packages.yml",
    "models",
    "macros",
    "seeds",
    "analyses",
    "tests/generic",
    "local_packages",
    "profiles",
)


def project_copy(root: Path) -> Path:
    project = root / "project"
    for part in PROJECT_PARTS:
        source, target = REPO_ROOT / part, project / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return project


def test_seed_edited_to_nonsense_fails_the_build_naming_seed_row_and_rule(tmp_path):
    project = project_copy(tmp_path)
    for fixture in (FIXTURES / "seeds").glob("*.csv.in"):
        name = fixture.name.removesuffix(".in")
        (target,) = list((project / "seeds").rglob(name))
        shutil.copyfile(fixture, target)
    env = isolated_env(tmp_path)
    (tmp_path / "warehouse").mkdir()
    env["DBT_PROFILES_DIR"] = str(project / "profiles")
    directory = ["--project-dir", str(project)]
    dbt("deps", "--quiet", *directory, env=env)
    build = dbt(
        "build", "--select", "roles", "micro_conversion_values", *directory, env=env, check=False
    )
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert "Seed 'roles' breaks a rule: loading_factor must be between 1.0 and 2.0" in output
    assert "row role_id = marketing_manager: loading_factor = 14" in output
    assert "Seed 'micro_conversion_values' breaks a rule: value_usd must be a positive" in output
    assert "row conversion_type = click: value_usd = -80" in output


# --- Great Expectations ----------------------------------------------------------------------


def test_checks_pass_on_the_sample(built_warehouse, tmp_path):
    report = run_checks(
        built_warehouse.database,
        built_warehouse.landing,
        docs=tmp_path / "docs",
        manifest=built_warehouse.root / "target" / "manifest.json",
    )
    assert report.success, "\n".join(map(str, report.failures))
    assert report.expectations_run > 20
    assert report.docs_index is not None and report.docs_index.exists()


def test_landed_file_checks_flag_the_bad_fixtures(fixture_build):
    report = run_checks(None, fixture_build.landing, docs=None)
    failing = {failure.target.split("/")[-1] for failure in report.failures}
    assert {
        "toggl_empty.csv",
        "toggl_header_only.csv",
        "toggl_renamed_column.csv",
        "harvest_missing_column.csv",
        "harvest_decimal_comma.csv",
        "toggl_bad_durations.csv",
        "canonical_bad_values.csv",
    } <= failing
    assert "toggl_with_bom.csv" not in failing and "toggl_latin1.csv" not in failing


def test_planted_violation_fails_roi_check_with_examples(built_warehouse, tmp_path):
    database = tmp_path / "planted.duckdb"
    shutil.copyfile(built_warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        con.execute(
            "update main_marts.dim_workflows set workflow_name = 'Jane.Doe@Example.com' "
            "where workflow_id = (select min(workflow_id) from main_marts.dim_workflows)"
        )
        # The mart's check constraint refuses this row (test_constraints_enforced); `roi check`
        # guards a warehouse file whatever wrote it, so the mart is replaced by a copy without it.
        con.execute(
            "create table main_marts.planted_time_savings as "
            "select * replace (case when annual_savings_usd_base is not null "
            "then annual_savings_usd_high + 1 else annual_savings_usd_low end "
            "as annual_savings_usd_low) from main_marts.fct_workflow_time_savings"
        )
        con.execute("drop table main_marts.fct_workflow_time_savings")
        con.execute(
            "alter table main_marts.planted_time_savings rename to fct_workflow_time_savings"
        )
    env = dict(built_warehouse.env, ROI_DATA_DOCS_DIR=str(tmp_path / "docs"))
    check = roi("check", "--marts-only", "--database", str(database), env=env, check=False)
    assert check.returncode != 0
    assert "expect_column_values_to_not_match_regex(column='workflow_name'" in check.stdout
    assert "Jane.Doe@Example.com" in check.stdout
    assert "expect_column_pair_values_a_to_be_greater_than_b" in check.stdout
    assert "checks FAILED" in check.stdout
    assert (tmp_path / "docs" / "index.html").exists()
    clean = roi("check", "--marts-only", "--no-docs", env=built_warehouse.env, check=False)
    assert clean.returncode == 0, clean.stdout
