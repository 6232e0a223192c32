"""A var that shapes an incremental model's stored rows takes effect on the next plain `dbt build`.

The time-tracking parsing vars (vendor date and time formats, time zone, format detection),
`roi_max_entry_hours` and `roi_export_period_max_gap_days` shape the rows
base_time_tracking__entries_validated stores; `roi_salesforce_timezone` those of
base_crm__campaign_members_validated. Both models list them in
`meta.full_refresh_when_vars_change`: their last build records the values
(macro record_vars_fingerprint) and a build with other values rebuilds them whole
(the project's should_full_refresh), so no `--full-refresh` is needed.

- Every var an incremental model or anything upstream of it names must be listed (in its
  `full_refresh_when_vars_change`, or in a `rebuild_when_vars_change` of it or upstream, the
  email models' fingerprint), unless it cannot change a row (NOT_SHAPING): checked on the
  manifest, so a var added later to a staging model fails here until it is listed.
- A sample is built with a lookback of 0 days (so a plain build reads only the last-loaded file
  unless it notices the change itself), then built again without `--full-refresh` with
  `roi_max_entry_hours` lowered from 24 to 2 hours (entries over 2 h are quarantined
  `duration_over_max_hours`). A copy of the first warehouse built with `--full-refresh` and the
  same var must hold the same rows in every mart and in the time-tracking staging models.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, dbt_deps, isolated_env, parsed_manifest, relations_that_differ, roi
from test_seed_edits import _value, contract_scales, export

SCALE = "0.05"
SEED = "42"
LOOKBACK_ZERO = "roi_incremental_lookback_days: 0"
EDITED_VAR = "roi_max_entry_hours: 2"
# Vars named upstream of an incremental model that cannot change the rows it stores, and why.
NOT_SHAPING = {
    "roi_incremental_lookback_days": "how far back a plain build reads raw rows again; the rows "
    "it stores are the same (late rows within the window replace their earlier copy)",
}
VAR_NAME = re.compile(r"""['"](roi_[a-z0-9_]+)['"]""")
COMPARED = (
    "main_staging.base_time_tracking__entries_validated",
    "main_staging.stg_time_tracking__time_entries",
    "main_staging.stg_time_tracking__time_entries__quarantined",
    "main_staging.base_crm__campaign_members_validated",
)


def vars_named(manifest: dict, unique_id: str) -> set[str]:
    """`roi_*` names in the SQL of a node and of the macros it calls (transitively)."""
    node = manifest["nodes"][unique_id]
    found = set(VAR_NAME.findall(node.get("raw_code") or ""))
    macros, seen = list(node.get("depends_on", {}).get("macros", [])), set()
    while macros:
        macro_id = macros.pop()
        if macro_id in seen or macro_id not in manifest["macros"]:
            continue
        seen.add(macro_id)
        macro = manifest["macros"][macro_id]
        found |= set(re.findall(r"""var\(\s*['"](roi_[a-z0-9_]+)['"]""", macro["macro_sql"]))
        macros.extend(macro.get("depends_on", {}).get("macros", []))
    return found


def unlisted_vars(manifest: dict) -> dict[str, list[str]]:
    """{incremental model: vars named by it or upstream of it that no list covers}."""
    nodes = manifest["nodes"]
    unlisted = {}
    for unique_id, node in nodes.items():
        if node["resource_type"] != "model" or node["config"]["materialized"] != "incremental":
            continue
        meta = node["config"].get("meta") or {}
        covered = set(meta.get("full_refresh_when_vars_change") or [])
        named, queue, seen = set(), [unique_id], {unique_id}
        while queue:
            current = queue.pop()
            named |= vars_named(manifest, current)
            current_meta = nodes[current]["config"].get("meta") or {}
            covered |= set(current_meta.get("rebuild_when_vars_change") or [])
            for parent in nodes[current].get("depends_on", {}).get("nodes", []):
                if parent not in seen and parent.startswith("model."):
                    seen.add(parent)
                    queue.append(parent)
        missing = sorted(named - covered - set(NOT_SHAPING))
        if missing:
            unlisted[node["name"]] = missing
    return unlisted


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return parsed_manifest(tmp_path_factory.mktemp("var_edits_manifest"))


def test_every_var_shaping_an_incremental_model_is_listed(manifest):
    assert unlisted_vars(manifest) == {}


def test_the_listed_time_tracking_vars_are_those_the_issue_names(manifest):
    (node,) = [
        node
        for node in manifest["nodes"].values()
        if node["name"] == "base_time_tracking__entries_validated"
    ]
    listed = set(node["config"]["meta"]["full_refresh_when_vars_change"])
    assert {
        "roi_max_entry_hours",
        "roi_export_period_max_gap_days",
        "roi_time_tracking_timezone",
        "roi_toggl_date_format",
        "roi_clockify_date_format",
        "roi_harvest_date_format",
    } <= listed


def test_the_fingerprint_table_is_made_once_before_any_model(manifest):
    """Two incremental models (in one schema) record their fingerprint in post-hooks that may run
    at the same time on 4 threads. When each post-hook ran `create table if not exists`, a first
    build at scale 10 failed with DuckDB's "Catalog write-write conflict" on
    incremental_vars_fingerprints. The table is made by an on-run-start hook instead; the
    post-hook only deletes and inserts its own row."""
    macros = {macro["name"]: macro["macro_sql"] for macro in manifest["macros"].values()}
    post_hook = macros["record_vars_fingerprint"]
    assert not re.search(r"\bcreate\b", post_hook, re.IGNORECASE), post_hook
    assert "create table if not exists" in macros["create_vars_fingerprints_tables"]
    hooks = [
        node["raw_code"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "operation" and "on-run-start" in node["unique_id"]
    ]
    assert any("create_vars_fingerprints_tables()" in hook for hook in hooks), hooks
    listing = {
        node["schema"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"].get("meta", {}).get("full_refresh_when_vars_change")
    }
    # More than one model per schema is what made the post-hooks race.
    assert listing == {"main_staging"}


def test_the_completeness_check_can_fail(manifest):
    """Drop a listed var from the time-tracking model (in a copy): the check names it."""
    copied = json.loads(json.dumps(manifest))
    for node in copied["nodes"].values():
        if node["name"] == "base_time_tracking__entries_validated":
            node["config"]["meta"]["full_refresh_when_vars_change"].remove("roi_max_entry_hours")
    assert unlisted_vars(copied) == {
        "base_time_tracking__entries_validated": ["roi_max_entry_hours"]
    }


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("var_edits")
    env = isolated_env(root)
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    roi("load", "--strict", env=env)
    dbt_deps(env)
    first_vars = ("--vars", "{" + LOOKBACK_ZERO + "}")
    dbt("build", "--resource-type", "seed", "model", *first_vars, env=env)
    manifest = json.loads((root / "target" / "manifest.json").read_text())
    scales = contract_scales(manifest)
    database = Path(env["ROI_DUCKDB_PATH"])
    full_env = isolated_env(root / "full_refresh")
    full_env.update(ROI_LANDING_DIR=env["ROI_LANDING_DIR"])
    full_database = Path(full_env["ROI_DUCKDB_PATH"])
    full_database.parent.mkdir(parents=True)
    shutil.copy(database, full_database)

    edited_vars = ("--vars", "{" + LOOKBACK_ZERO + ", " + EDITED_VAR + "}")
    nightly = dbt("build", "--resource-type", "seed", "model", *edited_vars, env=env)
    dbt(
        "build",
        "--full-refresh",
        "--resource-type",
        "seed",
        "model",
        *edited_vars,
        env=full_env,
    )
    return {
        "nightly_log": nightly.stdout,
        "nightly": export_with(database, scales),
        "full_refresh": export_with(full_database, scales),
        "database": database,
    }


def export_with(database: Path, scales: dict) -> dict[str, list[tuple]]:
    exported = export(database, scales)
    with duckdb.connect(str(database), read_only=True) as con:
        for relation in COMPARED:
            rows = con.execute(f"select * from {relation}").fetchall()
            exported[relation] = sorted(
                (tuple(_value(value, None) for value in row) for row in rows), key=repr
            )
    return exported


@pytest.mark.slow
def test_the_edited_var_reached_rows_loaded_before(edited):
    """Entries over 2 hours of every vendor are quarantined, not only the last-loaded file's."""
    with duckdb.connect(str(edited["database"]), read_only=True) as con:
        by_system = dict(
            con.execute(
                "select source_system, count(*) "
                "from main_staging.stg_time_tracking__time_entries__quarantined "
                "where quarantine_reason = 'duration_over_max_hours' group by 1"
            ).fetchall()
        )
        clean_over = con.execute(
            "select count(*) from main_staging.stg_time_tracking__time_entries "
            "where duration_hours > 2"
        ).fetchone()[0]
    assert len(by_system) >= 2, by_system
    assert clean_over == 0


@pytest.mark.slow
def test_plain_build_after_a_var_edit_equals_full_refresh(edited):
    nightly, full = edited["nightly"], edited["full_refresh"]
    assert sorted(nightly) == sorted(full)
    assert sum(name.split(".")[0].endswith("marts") for name in full) > 10
    differing = relations_that_differ(nightly, full)
    assert differing == {}, f"plain build and full refresh differ (sample rows): {differing}"
