"""A RevOps seed edit takes effect on the next plain nightly `dbt build`, no `--full-refresh`.

A small sample is built, then a later delivery (one Marketo file held back) is loaded, and a row
of every seed that feeds an incremental model is edited (the test finds those seeds in the
manifest, so a seed joined upstream of an incremental model later fails it until an edit covers
it), with the seeds staging views join besides:

- ab_tests: a test's arms swapped, another test's control variant relabelled;
- email_event_types: a Marketo activity type remapped (hard bounces counted as `other`);
- fx_rates: a EUR rate changed;
- plausibility_rules: the GBP deal-amount ceiling lowered.

The nightly build runs with a lookback of 0 days, so the incremental models read only the held
back file's rows unless they notice the edit themselves (with the default 3 days a test that loads
minutes apart would read everything again and prove nothing). The warehouse is then copied and
rebuilt with `--full-refresh`: every mart, and the staging and incremental models the edits
reach, must hold the same rows (doubles compared at the scale their mart contract declares).
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, isolated_env, relations_that_differ, roi
from test_data_contracts import project_copy

SCALE = "0.05"
SEED = "42"
LOOKBACK_ZERO = ("--vars", "{roi_incremental_lookback_days: 0}")
HELD_BACK = "email_platform/marketo_activities_2026-06.csv"
DOUBLE_TYPES = ("double precision", "double", "float", "float8")
# Compared besides the marts: what the edits change before the marts.
COMPARED = (
    "main_staging.stg_email_platform__events",
    "main_staging.stg_email_platform__events__quarantined",
    "main_staging.base_email_platform__events_superseded",
    "main_staging.stg_crm__opportunities",
    "main_staging.stg_crm__opportunities__quarantined",
    "main_intermediate.int_email_events_rolled_up_to_recipient_sends",
)

pytestmark = pytest.mark.slow


def edit_seed(project: Path, name: str, key: dict[str, str], changes: dict[str, str]) -> None:
    """Set `changes` on the rows of seed `name` matching `key` (at least one must match)."""
    (path,) = list((project / "seeds").rglob(f"{name}.csv"))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    matching = [row for row in rows if all(row[column] == value for column, value in key.items())]
    assert matching, f"{name}: no row matches {key}"
    matching[0].update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_every_seed(project: Path) -> set[str]:
    """The RevOps edits; returns the seeds edited."""
    edit_seed(  # arms swapped: Version A was the human control, now it is the AI variant
        project,
        "ab_tests",
        {"ab_test_id": "webinar_invite_2026_04"},
        {"control_variant": "Version B", "ai_variant": "Version A"},
    )
    edit_seed(  # a variant relabelled: the follow-up's control is now called "Version C"
        project,
        "ab_tests",
        {"ab_test_id": "webinar_follow_up_2026_05"},
        {"control_variant": "Version C"},
    )
    edit_seed(  # a Marketo activity type remapped: hard bounces no longer count as bounces
        project,
        "email_event_types",
        {"source_system": "marketo", "vendor_event_code": "8"},
        {"event_type": "other"},
    )
    edit_seed(project, "fx_rates", {"currency_code": "EUR"}, {"usd_per_unit": "2.000000"})
    edit_seed(  # a lower ceiling: GBP deals above 30,000 are no longer believed
        project,
        "plausibility_rules",
        {"rule_id": "opportunity_amount_ceiling", "currency_code": "GBP"},
        {"limit_value": "30000"},
    )
    return {"ab_tests", "email_event_types", "fx_rates", "plausibility_rules"}


def incremental_models_upstream_seeds(manifest: dict) -> dict[str, set[str]]:
    """{incremental model: names of every seed upstream of it}."""
    nodes = manifest["nodes"]
    found = {}
    for unique_id, node in nodes.items():
        if node["resource_type"] != "model" or node["config"]["materialized"] != "incremental":
            continue
        seeds, queue, seen = set(), [unique_id], {unique_id}
        while queue:
            for parent in nodes.get(queue.pop(), {}).get("depends_on", {}).get("nodes", []):
                if parent in seen:
                    continue
                seen.add(parent)
                queue.append(parent)
                if parent.startswith("seed."):
                    seeds.add(nodes[parent]["name"])
        found[node["name"]] = seeds
    return found


def contract_scales(manifest: dict) -> dict[str, dict[str, int]]:
    """{mart table: {double column: the scale its contract declares}}."""
    found: dict[str, dict[str, int]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["fqn"][1:2] != ["marts"]:
            continue
        for column in node["columns"].values():
            meta = column.get("config", {}).get("meta") or column.get("meta") or {}
            if (column.get("data_type") or "").lower() in DOUBLE_TYPES and "scale" in meta:
                found.setdefault(node["name"], {})[column["name"]] = int(meta["scale"])
    return found


def _value(value, scale: int | None):
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # At the contract's scale; a double without one to 10 significant digits (parallel sums
        # may differ in the last bits).
        return round(value, scale) if scale is not None else float(f"{value:.10g}")
    return value


def export(database: Path, scales: dict[str, dict[str, int]]) -> dict[str, list[tuple]]:
    """Every mart table and every COMPARED relation, rows sorted."""
    with duckdb.connect(str(database), read_only=True) as con:
        marts = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema like '%marts' and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        result = {}
        for (relation,) in [*marts, *((name,) for name in COMPARED)]:
            cursor = con.execute(f"select * from {relation}")
            names = [column[0] for column in cursor.description]
            table_scales = scales.get(relation.split(".")[1], {})
            column_scales = [table_scales.get(name) for name in names]
            result[relation] = sorted(
                (
                    tuple(_value(v, scale) for v, scale in zip(row, column_scales, strict=True))
                    for row in cursor.fetchall()
                ),
                key=repr,
            )
    return result


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("seed_edits")
    project = project_copy(root)
    env = isolated_env(root)
    env["DBT_PROFILES_DIR"] = str(project / "profiles")
    directory = ("--project-dir", str(project))
    landing = Path(env["ROI_LANDING_DIR"])
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    held_back = root / "held_back.csv"
    shutil.move(landing / HELD_BACK, held_back)
    roi("load", "--strict", env=env)
    dbt("deps", "--quiet", *directory, env=env)
    dbt("build", "--resource-type", "seed", "model", *LOOKBACK_ZERO, *directory, env=env)
    manifest = json.loads((root / "target" / "manifest.json").read_text())
    scales = contract_scales(manifest)
    before = export(Path(env["ROI_DUCKDB_PATH"]), scales)

    # The next night: a new file landed and the seeds edited; the plain nightly build.
    shutil.move(held_back, landing / HELD_BACK)
    roi("load", "--strict", env=env)
    edited_seeds = edit_every_seed(project)
    nightly = dbt("build", *LOOKBACK_ZERO, *directory, env=env)

    # The nightly warehouse is exported and kept aside; the same file is then rebuilt from scratch
    # with the same path, target and vars, so dbt parses the project once.
    nightly_export = export(Path(env["ROI_DUCKDB_PATH"]), scales)
    nightly_database = root / "nightly.duckdb"
    shutil.copy(env["ROI_DUCKDB_PATH"], nightly_database)
    dbt(
        "build",
        "--full-refresh",
        "--resource-type",
        "seed",
        "model",
        *LOOKBACK_ZERO,
        *directory,
        env=env,
    )

    return {
        "manifest": manifest,
        "edited_seeds": edited_seeds,
        "nightly_log": nightly.stdout,
        "before": before,
        "nightly": nightly_export,
        "full_refresh": export(Path(env["ROI_DUCKDB_PATH"]), scales),
        "database": nightly_database,
    }


def test_every_seed_feeding_an_incremental_model_is_edited(edited):
    upstream = incremental_models_upstream_seeds(edited["manifest"])
    assert "base_email_platform__events_typed" in upstream
    assert {"ab_tests", "email_event_types"} <= upstream["base_email_platform__events_typed"]
    not_edited = {
        model: sorted(seeds - edited["edited_seeds"])
        for model, seeds in upstream.items()
        if seeds - edited["edited_seeds"]
    }
    assert not_edited == {}, f"seeds feeding incremental models that no edit covers: {not_edited}"


def test_the_nightly_build_ran_incrementally(edited):
    log = edited["nightly_log"]
    for model in (
        "main_staging.base_email_platform__events_typed",
        "main_staging.base_email_platform__events_superseded",
        "main_intermediate.int_email_events_rolled_up_to_recipient_sends",
    ):
        assert f"incremental model {model}" in log


def test_every_edit_changed_what_it_feeds(edited):
    """Each edit reaches the rows built the night before (else the comparison proves nothing)."""
    with duckdb.connect(str(edited["database"]), read_only=True) as con:
        swapped = con.execute(
            "select count(*) from main_staging.stg_email_platform__events "
            "where ab_test_id = 'webinar_invite_2026_04' and arm = 'ai' "
            "and variant_label = 'Version A'"
        ).fetchone()[0]
        relabelled = con.execute(
            "select count(*) from main_staging.stg_email_platform__events__quarantined "
            "where quarantine_reason = 'unknown_test_variant' and campaign_key = '4102'"
        ).fetchone()[0]
        remapped = con.execute(
            "select count(*) from main_staging.stg_email_platform__events "
            "where source_system = 'marketo' and event_type = 'bounce'"
        ).fetchone()[0]
        above_ceiling = con.execute(
            "select count(*) from main_staging.stg_crm__opportunities__quarantined "
            "where quarantine_reason = 'amount_above_ceiling' and currency_code = 'GBP'"
        ).fetchone()[0]
    assert swapped > 100
    assert relabelled > 100
    assert remapped == 0  # the sample's Marketo bounces are all hard bounces (8)
    assert above_ceiling > 0
    before, nightly = edited["before"], edited["nightly"]
    changed = {name for name in nightly if nightly[name] != before.get(name)}
    for mart in ("fct_ab_test_results", "fct_pipeline_attribution"):
        assert any(name.endswith(f".{mart}") for name in changed), f"{mart} did not change"


def test_plain_nightly_build_equals_full_refresh(edited):
    nightly, full = edited["nightly"], edited["full_refresh"]
    assert sorted(nightly) == sorted(full)
    assert sum(name.split(".")[0].endswith("marts") for name in full) > 10
    differing = relations_that_differ(nightly, full)
    assert differing == {}, (
        f"plain nightly build and full refresh differ (sample rows): {differing}"
    )
