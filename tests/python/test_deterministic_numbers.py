"""Deterministic numbers, and one person one lead across CRMs.

A small sample (scale 0.05) plus the fixture `tests/fixtures/one_person_two_crms` (the same person
as a HubSpot contact and a Salesforce lead) is loaded and built (seeds and models, 1 thread);
then a copy of that warehouse has every intermediate model and mart built again with 4 threads
(staging is computed row by row; the sums and means that can reorder are downstream). Every mart
table must hold the same rows, value for value: no rounding in the comparison (the marts round,
each to the scale its contract declares). Every double column of a contracted mart declares that
scale (`config: {meta: {scale: N}}`) and holds values already rounded to it.

Cost: one load, one model build and one intermediate + mart rebuild of a small sample (about 4
minutes on a loaded two-core machine: 6 with two full builds).
Marts are small at this scale, so DuckDB rarely reorders a sum here: the contract-scale check is
what makes the property hold at any scale; the two builds guard against a regression.
"""

from __future__ import annotations

import json
import math
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import REPO_ROOT, dbt, dbt_deps, isolated_env, roi

SCALE = "0.05"
SEED = "42"
ONE_PERSON = REPO_ROOT / "tests" / "fixtures" / "one_person_two_crms"
DOUBLE_TYPES = ("double precision", "double", "float", "float8")

pytestmark = pytest.mark.slow


def export_marts(database: Path) -> dict[str, list[tuple]]:
    """Every mart table's rows, sorted, exactly as stored."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like '%marts' and table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{table}": sorted(
                con.execute(f'select * from "{schema}"."{table}"').fetchall(), key=repr
            )
            for schema, table in tables
        }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("deterministic")
    env = isolated_env(root / "one_thread")
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    landing = Path(env["ROI_LANDING_DIR"])
    for fixture in ONE_PERSON.glob("*.csv.in"):
        shutil.copyfile(fixture, landing / "crm" / fixture.name.removesuffix(".in"))
    roi("load", "--strict", env=env)
    dbt_deps(env)

    dbt("build", "--resource-type", "seed", "model", "--threads", "1", env=env)
    # The 1-thread warehouse is kept aside; the same file then gets every intermediate model and
    # mart built again with 4 threads (staging is row by row; the sums and means that can reorder
    # are downstream). Same warehouse path, target and vars: dbt parses the project once.
    one_database = root / "one_thread.duckdb"
    shutil.copy(env["ROI_DUCKDB_PATH"], one_database)
    dbt("run", "--select", "intermediate", "marts", "--threads", "4", env=env)
    manifest = json.loads((root / "one_thread" / "target" / "manifest.json").read_text())
    databases = {"one": one_database, "four": Path(env["ROI_DUCKDB_PATH"])}
    return {"databases": databases, "manifest": manifest}


def test_every_mart_is_identical_across_thread_counts(two_builds):
    one = export_marts(two_builds["databases"]["one"])
    four = export_marts(two_builds["databases"]["four"])
    assert sorted(one) == sorted(four)
    assert any(name.endswith("fct_pipeline_attribution") for name in one)
    differing = {
        name: sorted(set(rows) ^ set(four[name]), key=repr)[:4]
        for name, rows in one.items()
        if four[name] != rows
    }
    assert differing == {}, f"marts that differ between 1 and 4 threads (sample rows): {differing}"


def contracted_double_columns(manifest: dict) -> dict[str, dict[str, int | None]]:
    """{mart: {double column: declared scale or None}} for every contract-enforced model."""
    found: dict[str, dict[str, int | None]] = {}
    for node in manifest["nodes"].values():
        is_mart = node["resource_type"] == "model" and node["fqn"][1:2] == ["marts"]
        if not is_mart or not node["config"]["contract"]["enforced"]:
            continue
        for column in node["columns"].values():
            if (column.get("data_type") or "").lower() in DOUBLE_TYPES:
                meta = column.get("config", {}).get("meta") or column.get("meta") or {}
                found.setdefault(node["name"], {})[column["name"]] = meta.get("scale")
    return found


def test_every_double_in_a_mart_contract_declares_its_scale(two_builds):
    columns = contracted_double_columns(two_builds["manifest"])
    assert "fct_workflow_time_savings" in columns
    undeclared = [
        f"{model}.{column}"
        for model, scales in columns.items()
        for column, scale in scales.items()
        if not isinstance(scale, int)
    ]
    assert undeclared == [], f"double mart columns without config.meta.scale: {undeclared}"


def test_every_double_in_a_mart_is_rounded_to_its_declared_scale(two_builds):
    columns = contracted_double_columns(two_builds["manifest"])
    unrounded = []
    with duckdb.connect(str(two_builds["databases"]["one"]), read_only=True) as con:
        for model, scales in columns.items():
            (schema,) = con.execute(
                "select table_schema from information_schema.tables where table_name = ?", [model]
            ).fetchone()
            frame = con.execute(f'select * from "{schema}"."{model}"').df()
            for column, scale in scales.items():
                for value in frame[column].dropna():
                    # The value is the double nearest to a decimal of `scale` places.
                    if float(round(Decimal(repr(float(value))), scale)) != float(value):
                        unrounded.append(f"{model}.{column} = {value!r} (scale {scale})")
                        break
    assert unrounded == []


def test_one_person_in_both_crms_is_one_lead(two_builds):
    with duckdb.connect(str(two_builds["databases"]["one"]), read_only=True) as con:
        person = con.execute(
            "select hubspot_contact_id, salesforce_lead_id, count_leads, mql_at, sql_at, "
            "is_ai_scored, mql_month from main_intermediate.int_leads_merged_to_persons "
            "where hubspot_contact_id = '1999001'"
        ).fetchall()
        leads = con.execute(
            "select funnel_person_id as person, mql_at from main_intermediate.int_leads_unified"
        ).df()
        cohort_mqls = con.execute(
            "select sum(count_mqls) from main_marts.fct_mql_sql_cohorts "
            "where cohort_type in ('ai_assisted_any', 'non_ai')"
        ).fetchone()[0]
    # Hand-worked from the fixture: Salesforce's MQL is earlier, HubSpot holds the SQL and the
    # AI score; both record ids are kept.
    assert person == [
        (
            "1999001",
            "00Q0000000BOTH1AAA",
            2,
            pd.Timestamp("2026-01-10 09:00:00").to_pydatetime(),
            pd.Timestamp("2026-01-20 10:00:00").to_pydatetime(),
            True,
            pd.Timestamp("2026-01-01").date(),
        )
    ]
    # Every cohort MQL is one person: the people with an MQL date in any of their leads.
    persons_with_mql = leads.dropna(subset=["mql_at"])["person"].nunique()
    clean_leads_with_mql = int(leads["mql_at"].notna().sum())
    assert cohort_mqls == persons_with_mql
    assert clean_leads_with_mql > persons_with_mql, "the sample has no person in both CRMs"


def test_nan_is_not_a_published_number(two_builds):
    """NaN is not equal to itself: a mart holding one could never compare equal across builds."""
    for name, rows in export_marts(two_builds["databases"]["one"]).items():
        for row in rows:
            assert not any(isinstance(v, float) and math.isnan(v) for v in row), name
