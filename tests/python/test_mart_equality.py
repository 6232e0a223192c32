"""Every mart holds the same rows as the committed snapshot, at a fixed sample and seed.

The snapshot (tests/fixtures/mart_snapshot/, one CSV per mart) was written from the marts as they
stood before the workflow-economics spine and the range renames (issue 15 items 1 and 2). A
refactor that only moves a formula or renames a column must leave every number where it was:
the snapshot's columns are renamed with `RENAMED_COLUMNS` and every one of them must hold the
same values, row for row, in today's mart. Columns a mart gains are not compared (nothing was
there before); a mart the snapshot lacks is not compared either.

When numbers change on purpose (a new statistic, a corrected formula), write the snapshot again
from the new code and say why in the commit:

    ROI_WRITE_MART_SNAPSHOT=1 .venv/bin/python -m pytest tests/python/test_mart_equality.py -q

Values are compared as the marts store them (contracts round each column to its declared
scale): decimals and text exactly, doubles to 1e-9 relative (the CSV keeps repr's 17 digits).

Cost: one generate, load and `dbt build` of seeds and models at scale 0.1 (no data tests).
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT, dbt, dbt_deps, isolated_env, roi

SCALE = "0.1"
SEED = "42"
SNAPSHOT = REPO_ROOT / "tests" / "fixtures" / "mart_snapshot"
WRITE = os.environ.get("ROI_WRITE_MART_SNAPSHOT") == "1"

# Issue 15 item 2: the suffix _low / _base / _high is always last; `pre_post` is the one
# spelling of the method. {mart: {column in the snapshot: column today}}.
RENAMED_COLUMNS: dict[str, dict[str, str]] = {}

pytestmark = pytest.mark.slow


def cell(value: object) -> str:
    """One stored value as text: repr for doubles (round-trips), str otherwise, '' for null."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def export_marts(database: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """{mart: (columns, rows as text)} for every mart table."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like '%marts' and table_type = 'BASE TABLE' order by 2"
        ).fetchall()
        marts = {}
        for schema, table in tables:
            result = con.execute(f'select * from "{schema}"."{table}"')
            columns = [description[0] for description in result.description]
            rows = sorted(([cell(value) for value in row] for row in result.fetchall()))
            marts[table] = (columns, rows)
        return marts


def write_snapshot(marts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
    SNAPSHOT.mkdir(parents=True, exist_ok=True)
    for old in SNAPSHOT.glob("*.csv"):
        old.unlink()
    for mart, (columns, rows) in marts.items():
        with (SNAPSHOT / f"{mart}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)


def read_snapshot() -> dict[str, tuple[list[str], list[list[str]]]]:
    marts = {}
    for path in sorted(SNAPSHOT.glob("*.csv")):
        with path.open(newline="") as handle:
            header, *rows = list(csv.reader(handle))
        marts[path.stem] = (header, rows)
    return marts


def same_value(before: str, after: str) -> bool:
    if before == after:
        return True
    try:
        old, new = float(before), float(after)
    except ValueError:
        return False
    return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)


def projected(columns: list[str], rows: list[list[str]], keep: list[str]) -> list[tuple]:
    """The rows restricted to `keep` (in that order), sorted."""
    positions = [columns.index(column) for column in keep]
    return sorted(tuple(row[position] for position in positions) for row in rows)


def differences(
    mart: str, before: tuple[list[str], list[list[str]]], after: tuple[list[str], list[list[str]]]
) -> list[str]:
    """What differs between the snapshot's rows and today's, in the snapshot's columns."""
    renames = RENAMED_COLUMNS.get(mart, {})
    old_columns, old_rows = before
    new_columns, new_rows = after
    renamed = [renames.get(column, column) for column in old_columns]
    missing = [column for column in renamed if column not in new_columns]
    if missing:
        return [f"{mart}: columns gone (or renamed without an entry in RENAMED_COLUMNS): {missing}"]
    if len(old_rows) != len(new_rows):
        return [f"{mart}: {len(old_rows)} rows in the snapshot, {len(new_rows)} today"]
    old_sorted = projected(renamed, old_rows, renamed)
    new_sorted = projected(new_columns, new_rows, renamed)
    found = []
    for old_row, new_row in zip(old_sorted, new_sorted, strict=True):
        for column, old, new in zip(renamed, old_row, new_row, strict=True):
            if not same_value(old, new):
                found.append(f"{mart}.{column}: {old!r} before, {new!r} now (row {old_row[:3]})")
    return found[:10]


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("mart_equality")
    env = isolated_env(root)
    roi("generate", "--scale", SCALE, "--seed", SEED, env=env)
    roi("load", env=env)
    dbt_deps(env)
    dbt("build", "--resource-type", "seed", "model", env=env)
    return export_marts(Path(env["ROI_DUCKDB_PATH"]))


def test_every_mart_holds_the_snapshot_rows(marts):
    if WRITE:
        write_snapshot(marts)
        pytest.skip(f"snapshot written to {SNAPSHOT}")
    snapshot = read_snapshot()
    assert "fct_workflow_roi" in snapshot, "no snapshot: write it (see the module docstring)"
    gone = sorted(set(snapshot) - set(marts))
    assert gone == [], f"marts in the snapshot that are no longer built: {gone}"
    found = [line for mart in snapshot for line in differences(mart, snapshot[mart], marts[mart])]
    assert found == [], "marts differ from the snapshot:\n" + "\n".join(found)


def test_the_comparison_sees_a_changed_cent():
    """The check can fail: one cent more in one cell is a difference."""
    before = (["workflow_id", "total_cost_usd"], [["a", "100.00"], ["b", "5.00"]])
    after = (["workflow_id", "total_cost_usd"], [["b", "5.00"], ["a", "100.01"]])
    assert differences("fct_x", before, after) == [
        "fct_x.total_cost_usd: '100.00' before, '100.01' now (row ('a', '100.00'))"
    ]
    assert differences("fct_x", before, (after[0], [["b", "5.00"], ["a", "100.0"]])) == []


def test_a_rename_must_be_declared(monkeypatch):
    before = (["lift_value_low_usd"], [["1.5"]])
    after = (["lift_value_usd_low"], [["1.5"]])
    assert "columns gone" in differences("fct_x", before, after)[0]
    monkeypatch.setitem(RENAMED_COLUMNS, "fct_x", {"lift_value_low_usd": "lift_value_usd_low"})
    assert differences("fct_x", before, after) == []
