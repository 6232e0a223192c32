"""What `roi build` runs tonight: the nightly scope, or everything (`roi build --full`, weekly).

Nightly (a successful earlier build left its manifest in the state folder):

- unit tests are left out: they test SQL on fixed fixtures, never the night's data, and run in
  CI (`make test`) and in the weekly full build;
- seeds unchanged since that build (`state:modified` against its manifest), and the data tests
  whose every parent is such a seed, are left out: a seed and its tests run again the night
  RevOps edits it. Tests that join a model to a seed (relationships) still run: every model is
  selected with all of its tests;
- data tests on incremental models check the rows loaded within `roi_incremental_lookback_days`
  of the model's latest load (macros/test_scope/get_where_subquery.sql, switched on by
  ROI_DATA_TESTS_RECENT_LOADS_ONLY=true in dbt's environment), as does the email raw-row
  reconciliation. Tests on other models check every row.

Everything (unit tests, seeds, every row) runs on the first night (no saved state), with
`roi build --full`, with `--full-refresh`, and when the saved state does not match the warehouse
(seed tables missing: a new warehouse file). After a build that ends with exit 0, without a
selection of the caller's own, the manifest is kept as the next night's state. A selection of
the caller's own (`roi build -- --select x+`) runs what it selects, without unit tests and with
the recent-loads filter, and keeps no state.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .settings import REPO_ROOT, Settings

RECENT_LOADS_ENV = "ROI_DATA_TESTS_RECENT_LOADS_ONLY"
STATE_MANIFEST = "manifest.json"
# A caller's own selection: the build runs what it selects (in the night's scope), and its
# manifest is not kept as state (the seeds it did not select were not built).
SELECTION_FLAGS = frozenset(
    {"-s", "--select", "--selector", "-m", "--models", "--exclude", "--resource-type",
     "--resource-types", "--exclude-resource-type", "--exclude-resource-types"}
)  # fmt: skip


@dataclass(frozen=True)
class BuildScope:
    """The scope of one `roi build`: `nightly` or `full`, why, and what dbt gets for it."""

    mode: str
    reason: str
    dbt_args: list[str] = field(default_factory=list)
    dbt_env: dict[str, str] = field(default_factory=dict)
    keeps_state: bool = True

    def summary(self) -> str:
        """The one line the nightly log starts with, also recorded in the build's audit."""
        return f"build scope: {self.mode} ({self.reason})"


def state_dir(settings: Settings) -> Path:
    """Where the last successful build's manifest is kept: beside the DuckDB build file
    (`<file>.state/`, as its audit ledger `<file>.audit.json`), or per PostgreSQL schema."""
    if settings.target == "postgres":
        pg = settings.postgres
        name = f"postgres_{pg.host}_{pg.port}_{pg.database}_{pg.schema}".replace("/", "_")
        return REPO_ROOT / ".roi" / "state" / name
    build = settings.duckdb_path
    return build.with_name(build.name + ".state")


def _has_selection(dbt_args: list[str]) -> bool:
    return any(arg.split("=", 1)[0] in SELECTION_FLAGS for arg in dbt_args)


def _missing_seed_tables(settings: Settings, manifest: Path) -> list[str]:
    """Seeds of the saved manifest with no table in the DuckDB build file (a new warehouse file
    beside an old state folder). PostgreSQL: not checked (the state folder is per schema)."""
    if settings.target != "duckdb":
        return []
    import duckdb

    seeds = [
        (node["schema"].lower(), (node.get("alias") or node["name"]).lower())
        for node in json.loads(manifest.read_text())["nodes"].values()
        if node["resource_type"] == "seed"
    ]
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        tables = {
            (schema.lower(), name.lower())
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
    return [f"{schema}.{name}" for schema, name in seeds if (schema, name) not in tables]


def nightly_dbt_args(state: Path) -> list[str]:
    """dbt's arguments for the nightly scope against the manifest kept in `state`: every model
    with its tests (tests joining a model to a seed included), the seeds edited since (with the
    tests on them), no unit test. Selected, not excluded: a test of an edited seed is itself
    unmodified, so an exclusion of unmodified nodes would drop it (dbt expands each criterion to
    its tests before intersecting)."""
    return [
        "--select", "resource_type:model", "resource_type:snapshot", "resource_type:source",
        "resource_type:seed,state:modified",
        "--exclude", "resource_type:unit_test",
        "--state", str(state),
    ]  # fmt: skip


def choose(settings: Settings, full: bool, dbt_args: list[str]) -> BuildScope:
    """The scope of this build (see the module docstring)."""
    keeps_state = not _has_selection(dbt_args)
    everything = {RECENT_LOADS_ENV: "false"}
    recent_loads = {RECENT_LOADS_ENV: "true"}
    if full:
        return BuildScope("full", "--full: every node, every row", [], everything, keeps_state)
    if "--full-refresh" in dbt_args or "-f" in dbt_args:
        reason = "--full-refresh rebuilds everything: every node, every row"
        return BuildScope("full", reason, [], everything, keeps_state)
    manifest = state_dir(settings) / STATE_MANIFEST
    if not manifest.exists():
        reason = f"first build: no saved state in {manifest.parent}; every node, every row"
        return BuildScope("full", reason, [], everything, keeps_state)
    if settings.target == "duckdb" and not settings.duckdb_path.exists():
        reason = f"no warehouse file {settings.duckdb_path} yet; every node, every row"
        return BuildScope("full", reason, [], everything, keeps_state)
    missing = _missing_seed_tables(settings, manifest)
    if missing:
        reason = (
            f"{len(missing)} seed table(s) missing from the warehouse (e.g. {missing[0]}); "
            "every node, every row"
        )
        return BuildScope("full", reason, [], everything, keeps_state)
    if not keeps_state:
        reason = (
            "your selection, without unit tests; incremental models' tests over loads within "
            "the lookback; the state is not updated"
        )
        return BuildScope(
            "nightly", reason, ["--exclude", "resource_type:unit_test"], recent_loads, False
        )
    reason = (
        "state saved: no unit tests; seeds and their tests only if changed since the last "
        "successful build; incremental models' tests over loads within the lookback; weekly: "
        "roi build --full"
    )
    return BuildScope("nightly", reason, nightly_dbt_args(manifest.parent), recent_loads)


def keep_state(settings: Settings) -> Path | None:
    """After a successful build: its manifest becomes the state the next night compares with.
    Written to a temporary name first, so a crash never leaves half a manifest."""
    built = settings.dbt_target_dir / STATE_MANIFEST
    if not built.exists():
        return None
    folder = state_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / (STATE_MANIFEST + ".tmp")
    shutil.copyfile(built, temporary)
    temporary.replace(folder / STATE_MANIFEST)
    return folder / STATE_MANIFEST
