"""Incremental nightly builds give the same warehouse as a full rebuild.

The sample extracts (scale 0.1) are cut into deliveries: each file of an incrementally built
source is split into consecutive row chunks (the generators write rows in time order, so a chunk
is a run of days, and a person-day or an email send can straddle two deliveries). Delivery k
lands chunk k of every file; after each, `roi load` and a `dbt build` of the incremental models,
their parents and their children (with the data tests on them, the raw-row reconciliation
included; dbt unit tests read given rows and run in the shared sample build).
Then corrections arrive late: a re-delivered Toggl chunk with longer durations (superseding the
earlier rows and making the following entries overlap) and some entries gone (deleted at the
source), a same-name Clockify re-export without some entries, and re-exported Harvest, Marketo,
HubSpot and Salesforce campaign-member chunks (duplicates; a few Marketo activities re-filed under
another campaign, which empties recipient sends built earlier). The incremental runs use a lookback
of 0 days, so each run really reads only the newest load and must recompute whatever those rows
change in earlier days.

The email roll-up to recipient sends is incremental too and is built on every delivery.

Finally the same warehouse file is copied and rebuilt with `dbt build --full-refresh` (seeds and
models: the data tests already ran on every increment): every mart and every incremental model
(and its clean and quarantine views) must hold the same rows in both.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import dbt, dbt_deps, isolated_env, roi

SCALE = "0.1"
SEED = "42"
DELIVERIES = 3
# Sources whose staging builds incrementally: their files are cut into deliveries. Every other
# file lands whole with the first delivery.
SPLIT_SYSTEMS = ("time_tracking", "email_platform", "crm")
LOOKBACK_ZERO = "{roi_incremental_lookback_days: 0}"
INCREMENTAL_MODELS = (
    "base_time_tracking__entries_validated",
    "base_email_platform__events_typed",
    "base_email_platform__events_superseded",
    "base_crm__campaign_members_validated",
)
# Views over incremental models, built with every parent (the seeds they read too), whose
# children (clean and quarantine) are compared too. The time-entry plausibility rules run in the
# clean and quarantine views themselves: the quarantine view's parents bring the seed.
VALIDATED_VIEWS = (
    "base_email_platform__events_validated",
    "stg_time_tracking__time_entries__quarantined",
)
# Incremental models downstream of staging (schema, name): built on every delivery too.
INCREMENTAL_ROLLUPS = (("main_intermediate", "int_email_events_rolled_up_to_recipient_sends"),)
# Every incremental model with its parents, and the staging children (clean and quarantine) of
# the validated ones; tests only where every parent is built.
INCREMENTAL_SELECTION = (
    "--select",
    "+config.materialized:incremental",
    *(f"{model}+1" for model in INCREMENTAL_MODELS),
    *(f"+{model}+1" for model in VALIDATED_VIEWS),
)
CAUTIOUS = ("--indirect-selection", "cautious")
# dbt unit tests read given rows, never the warehouse: the shared sample build runs them once.
NO_UNIT_TESTS = ("--exclude", "resource_type:unit_test")
# Children of the incremental models compared besides the marts.
STAGING_MODELS = (
    "stg_time_tracking__time_entries",
    "stg_time_tracking__time_entries__quarantined",
    "stg_email_platform__events",
    "stg_email_platform__events__quarantined",
    "stg_crm__campaign_members",
    "stg_crm__campaign_members__quarantined",
)
# Chunks 1 re-exported (same rows), landed after the last delivery: pure duplicates.
REEXPORTED = ("harvest_", "marketo_activities_", "hubspot_email_events_", "salesforce_campaign_")

pytestmark = pytest.mark.slow


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def split_into_deliveries(generated: Path, parts: int) -> list[dict[Path, pd.DataFrame]]:
    """deliveries[k] = {landing-relative path: rows}: chunk k of every split file."""
    deliveries: list[dict[Path, pd.DataFrame]] = [{} for _ in range(parts)]
    for path in sorted(generated.glob("*/*.csv")):
        relative = path.relative_to(generated)
        if relative.parts[0] not in SPLIT_SYSTEMS:
            deliveries[0][relative] = _read(path)
            continue
        frame = _read(path)
        bounds = [round(len(frame) * k / parts) for k in range(parts + 1)]
        for k in range(parts):
            name = relative.with_name(f"{relative.stem}_d{k + 1}.csv")
            deliveries[k][name] = frame.iloc[bounds[k] : bounds[k + 1]]
    return deliveries


def corrections(first: dict[Path, pd.DataFrame]) -> dict[Path, pd.DataFrame]:
    """A corrected Toggl re-delivery of chunk 1 and plain re-exports of other chunks 1."""
    late: dict[Path, pd.DataFrame] = {}
    for relative, frame in first.items():
        if relative.name.startswith("toggl_") and relative.parts[0] == "time_tracking":
            corrected = frame.copy()
            # Every third row takes 45 minutes longer: the later-named file supersedes the old row,
            # and the person's next entry (laid out 5 minutes after it) now overlaps it.
            changed = corrected.index[::3]
            hours = pd.to_timedelta(corrected.loc[changed, "Duration"]) + pd.Timedelta(minutes=45)
            seconds = hours.dt.total_seconds().astype(int)
            corrected.loc[changed, "Duration"] = [
                f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in seconds
            ]
            # Every seventh row is gone from the corrected export: deleted at the source, so the
            # rows built from chunk 1 three increments earlier become deleted_in_later_export.
            corrected = corrected.drop(corrected.index[1::7])
            late[relative.with_name(f"{relative.stem}_corrected.csv")] = corrected
        elif relative.name.startswith("clockify_") and relative.parts[0] == "time_tracking":
            # A same-name re-export (other bytes, later load) without every fifth entry.
            late[relative] = frame.drop(frame.index[::5])
        elif relative.name.startswith(REEXPORTED):
            # The same rows in another order: other bytes, so the loader does not skip the file.
            reexport = frame.iloc[::-1].copy()
            if relative.name.startswith("marketo_activities_"):
                # Every activity of one lead in 40 re-filed under another campaign: the earlier
                # copies become duplicates, and the recipient sends built from them three
                # increments earlier are left with no event (they must leave the roll-up too).
                moved = pd.to_numeric(reexport["leadId"], errors="coerce") % 40 == 0
                reexport.loc[moved, "campaignId"] = "4999"
            late[relative.with_name(f"{relative.stem}_reexport.csv")] = reexport
    found = {prefix for prefix in REEXPORTED for name in late if name.name.startswith(prefix)}
    assert found == set(REEXPORTED), f"expected chunks of {REEXPORTED} in {sorted(first)}"
    return late


def land(landing: Path, files: dict[Path, pd.DataFrame]) -> None:
    for relative, frame in files.items():
        target = landing / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(target, index=False)


def _value(value):
    if isinstance(value, float):
        return None if math.isnan(value) else float(f"{value:.10g}")
    return value


def export(database: Path) -> dict[str, list[tuple]]:
    """Every mart table and every compared staging relation, rows sorted (doubles to 10
    significant digits: parallel sums may differ in the last bits)."""
    with duckdb.connect(str(database), read_only=True) as con:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where (table_schema like '%marts' and table_type = 'BASE TABLE') "
            f"or table_name in {(*STAGING_MODELS, *(name for _, name in INCREMENTAL_ROLLUPS))} "
            "or table_name in (select table_name from information_schema.tables "
            "  where table_schema like '%staging' and table_name like 'base\\_%' "
            "  escape '\\' and table_type = 'BASE TABLE') "
            "order by 1, 2"
        ).fetchall()
        result = {}
        for schema, table in relations:
            rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
            result[f"{schema}.{table}"] = sorted(
                (tuple(_value(v) for v in row) for row in rows), key=repr
            )
    return result


@pytest.fixture(scope="module")
def increments(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("incremental")
    env = isolated_env(root)
    generate_env = {**env, "ROI_LANDING_DIR": str(root / "generated")}
    roi("generate", "--scale", SCALE, "--seed", SEED, env=generate_env)
    deliveries = split_into_deliveries(root / "generated", DELIVERIES)
    landing = Path(env["ROI_LANDING_DIR"])
    dbt_deps(env)
    logs = []
    for files in [*deliveries, corrections(deliveries[0])]:
        land(landing, files)
        roi("load", "--strict", env=env)
        build = dbt(
            "build",
            *INCREMENTAL_SELECTION,
            *CAUTIOUS,
            *NO_UNIT_TESTS,
            "--vars",
            LOOKBACK_ZERO,
            env=env,
        )
        logs.append(build.stdout)
    # Everything else (intermediate models, marts) from the incrementally built staging.
    dbt("build", "--resource-type", "seed", "model", "--vars", LOOKBACK_ZERO, env=env)

    # The incremental warehouse is kept aside; the same file is then rebuilt from scratch with the
    # same path, target and vars, so dbt parses the project once (a changed warehouse path or
    # --vars would parse it all again; the lookback does nothing in a full refresh).
    incremental_database = root / "incremental.duckdb"
    shutil.copy(env["ROI_DUCKDB_PATH"], incremental_database)
    # The tests already ran on every increment; the rebuild only has to produce the tables.
    dbt(
        "build",
        "--full-refresh",
        "--resource-type",
        "seed",
        "model",
        "--vars",
        LOOKBACK_ZERO,
        env=env,
    )
    return {
        "logs": logs,
        "incremental": export(incremental_database),
        "full_refresh": export(Path(env["ROI_DUCKDB_PATH"])),
        "database": incremental_database,
    }


def test_increments_ran_incrementally(increments):
    """The first build creates the incremental tables; later ones merge into them."""
    first, *later = increments["logs"]
    for model in INCREMENTAL_MODELS:
        assert model in first
        for log in later:
            assert f"incremental model main_staging.{model}" in log
            assert "ERROR=0" in log
    for schema, model in INCREMENTAL_ROLLUPS:
        for log in later:
            assert f"incremental model {schema}.{model}" in log


def test_corrections_were_applied_to_earlier_days(increments):
    """The late corrections landed in days built long before: the superseded rows, the
    duplicates and the overlaps they cause are quarantined in the incremental warehouse."""
    with duckdb.connect(str(increments["database"]), read_only=True) as con:
        reasons = dict(
            con.execute(
                "select quarantine_reason, count(*) "
                "from main_staging.stg_time_tracking__time_entries__quarantined group by 1"
            ).fetchall()
        )
    assert reasons.get("superseded_by_later_delivery", 0) > 10
    assert reasons.get("duplicate_row", 0) > 10
    assert reasons.get("overlapping_entry", 0) > 0
    assert reasons.get("deleted_in_later_export", 0) > 10
    with duckdb.connect(str(increments["database"]), read_only=True) as con:
        same_name_deleted = con.execute(
            "select count(*) from main_staging.stg_time_tracking__time_entries__quarantined "
            "where quarantine_reason = 'deleted_in_later_export' "
            "and source_file like 'clockify%\\_d1.csv' escape '\\'"
        ).fetchone()[0]
    assert same_name_deleted > 0, "a same-name re-export without an entry must delete it"


@pytest.mark.parametrize(
    ("quarantine_model", "reason"),
    [
        ("stg_email_platform__events__quarantined", "duplicate_event"),
        ("stg_crm__campaign_members__quarantined", "duplicate_row"),
    ],
)
def test_late_reexports_are_quarantined_as_duplicates(increments, quarantine_model, reason):
    """The re-export's name sorts after the chunk it repeats, so the chunk's rows, built three
    increments earlier, become the duplicates."""
    with duckdb.connect(str(increments["database"]), read_only=True) as con:
        count = con.execute(
            f"select count(*) from main_staging.{quarantine_model} "
            "where quarantine_reason = ? and source_file like '%\\_d1.csv' escape '\\'",
            [reason],
        ).fetchone()[0]
    assert count > 10


def test_full_refresh_gives_the_same_marts_and_staging(increments):
    incremental, full = increments["incremental"], increments["full_refresh"]
    assert sorted(incremental) == sorted(full)
    assert any(name.endswith("int_email_events_rolled_up_to_recipient_sends") for name in full)
    assert any(name.endswith("fct_workflow_time_savings") for name in full)
    assert any(name.endswith("base_time_tracking__entries_validated") for name in full)
    for name, rows in full.items():
        assert rows, f"{name} is empty: nothing to compare"
        assert incremental[name] == rows, f"{name} differs between increments and full refresh"
