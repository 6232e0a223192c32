"""Property: no raw value can fail the build, and every raw row is accounted for.

A tiny landing (the first rows of one file of every sample shape: Toggl, Harvest, Clockify and
canonical time entries; HubSpot contacts, deals and associations; Salesforce leads,
opportunities and campaign members; HubSpot email events, Marketo activities, canonical email
events) is mutated by Hypothesis: in every file, one cell of every column is replaced, each with a
value of a kind drawn for it (empty, huge numbers, wrong types, odd unicode, long text), every
kind at least once per example. Each example is then loaded and
built (`dbt build` of models and data tests; seeds come from a template warehouse, unit tests do
not read data). The build must pass, every landed file must be in raw_meta.file_loads, a loaded
file's raw rows must be the rows written, and raw rows = clean + quarantined per file (the
analysis raw_rows_reconciliation).

Each example is a dbt build, so Hypothesis generates few examples (MAX_EXAMPLES, 3 unless
ROI_PROPERTY_EXAMPLES says otherwise), each mutating all shapes at once, derandomised (the same
examples on every run, for CI), without shrinking (a failure prints the mutations and the landing
folder, which the replayed failing example leaves in place). Every example reuses the same paths,
so dbt parses the project once. Cost: about 1.5 minutes for the template and 1 to 2.5 minutes per
example on a two-core machine, depending on its load.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, dbt_deps, isolated_env, roi
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

# Each example is a dbt build (about 1 minute on an idle two-core machine, 2 to 3 under load).
MAX_EXAMPLES = int(os.environ.get("ROI_PROPERTY_EXAMPLES", "3"))
ROWS_PER_FILE = 12
SCALE = "0.02"
ANALYSIS = "raw_rows_reconciliation"
CANONICAL_EMAIL = (
    "recipient_email,event_type,occurred_at,campaign_id,event_id,variant,is_bot,is_machine_open\n"
    "sam.0000001@acme.example,send,2026-04-06T09:00:00Z,c-100,ev-1,,false,false\n"
    "sam.0000001@acme.example,open,2026-04-06T09:05:00Z,c-100,ev-2,,false,\n"
    "sam.0000001@acme.example,click,2026-04-06T09:06:00Z,c-100,ev-3,,,\n"
)

pytestmark = pytest.mark.slow

# Values of every kind a vendor export or a hand-edited file can hold where a typed one belongs.
KINDS = {
    "empty": st.sampled_from(["", " ", "\t"]),
    "huge_number": st.one_of(
        st.integers(10**13, 10**40).map(str),
        st.integers(20, 400).map(lambda digits: "9" * digits),
        st.sampled_from(
            ["1e400", "-1e400", "99999999999999999999999.5", "-0", "NaN", "Infinity", "1" * 31]
        ),
    ),
    "wrong_type": st.sampled_from(
        [
            "abc",
            "true",
            "2026-13-45",
            "31/02/2026",
            "2026-02-30T25:61:00Z",
            "99:99:99",
            "$8,000",
            "1,5",
            "null",
            "0x1F",
            "{}",
            "12:00:00 PM",
            "-1:00:00",
        ]
    ),
    "odd_unicode": st.one_of(
        st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12),
        st.sampled_from(["Zoë", "\u202egnp.exe", "😀", "\u00a0", "İ", "ﬁ", "١٢٣", "１２３", "‐5"]),
    ),
    "long_text": st.integers(1_000, 20_000).map(lambda length: "x" * length),
}


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The tiny base landing, and a warehouse with the seeds built (restored for each example).

    Every example runs in the same folder with the same paths, so dbt parses the project once
    and reuses its partial parse (a full parse costs about a minute on a loaded machine)."""
    root = tmp_path_factory.mktemp("properties")
    env = isolated_env(root / "example")
    generate_env = {**env, "ROI_LANDING_DIR": str(root / "generated")}
    roi("generate", "--scale", SCALE, "--seed", "42", env=generate_env)
    base: dict[Path, tuple[list[str], list[list[str]]]] = {}
    shapes_seen: set[tuple[str, str]] = set()
    for path in sorted((root / "generated").glob("*/*.csv")):
        shape = (path.parent.name, path.stem.split("_20")[0])  # one file per vendor shape
        if shape in shapes_seen or "reexport" in path.stem:
            continue
        shapes_seen.add(shape)
        header, rows = read_csv(path)
        base[path.relative_to(root / "generated")] = (header, rows[:ROWS_PER_FILE])
    canonical_email = Path("email_platform/canonical_email_events.csv")
    header, *rows = list(csv.reader(CANONICAL_EMAIL.splitlines()))
    base[canonical_email] = (header, rows)
    assert len(base) >= 13, sorted(base)

    dbt_deps(env)
    database = Path(env["ROI_DUCKDB_PATH"])
    database.parent.mkdir(parents=True)
    dbt("seed", "--quiet", env=env)
    dbt("compile", "--select", ANALYSIS, "--quiet", env=env)
    compiled = next((root / "example" / "target" / "compiled").rglob(f"{ANALYSIS}.sql"))
    seeded = root / "seeded.duckdb"
    shutil.copy(database, seeded)
    return {
        "env": env,
        "base": base,
        "seeded": seeded,
        "reconciliation_sql": compiled.read_text(),
    }


@st.composite
def mutated_landings(draw, base: dict) -> dict[Path, tuple[list[str], list[list[str]]]]:
    """The base landing with one cell of every column of every file replaced (the row and the
    kind of value drawn per column), so every typed column meets a bad value in every example,
    and every kind of value occurs at least once."""
    files = sorted(base)
    landing = {name: (header, [list(row) for row in rows]) for name, (header, rows) in base.items()}
    targets = [
        (name, column, draw(st.sampled_from(sorted(KINDS))))
        for name in files
        for column in range(len(base[name][0]))
    ]
    targets += [(draw(st.sampled_from(files)), None, kind) for kind in sorted(KINDS)]
    for name, column, kind in targets:
        header, rows = landing[name]
        if not rows:
            continue
        row = draw(st.integers(0, len(rows) - 1))
        if column is None:
            column = draw(st.integers(0, len(header) - 1))
        value = draw(KINDS[kind])
        rows[row][column] = value
        note(f"{name} row {row + 1} column {header[column]!r} <- {kind}: {value[:60]!r}")
    return landing


def check_example(template: dict, landing: dict) -> None:
    env = template["env"]
    landing_dir = Path(env["ROI_LANDING_DIR"])
    note(f"landing folder: {landing_dir}")
    shutil.rmtree(landing_dir, ignore_errors=True)
    for name, (header, rows) in landing.items():
        write_csv(landing_dir / name, header, rows)
    database = Path(env["ROI_DUCKDB_PATH"])
    Path(f"{database}.wal").unlink(missing_ok=True)  # nothing of the previous example stays
    shutil.copy(template["seeded"], database)

    roi("load", env=env)
    build = dbt(
        "build", "--exclude", "resource_type:seed", "resource_type:unit_test", env=env, check=False
    )
    assert build.returncode == 0, f"the build failed on mutated raw data:\n{build.stdout[-6000:]}"

    with duckdb.connect(str(database), read_only=True) as con:
        ledger = {
            name: (status, count)
            for name, status, count in con.execute(
                "select source_file, status, row_count from raw_meta.file_loads"
            ).fetchall()
        }
        balance = con.execute(template["reconciliation_sql"]).df().to_dict("records")
    for name, (_, rows) in landing.items():
        assert Path(name).name in ledger, f"{name} is not in raw_meta.file_loads"
        status, count = ledger[Path(name).name]
        if status == "loaded":
            assert count == len(rows), f"{name}: {len(rows)} rows written, {count} loaded"
    unbalanced = [row for row in balance if row["count_rows_out_of_balance"]]
    assert unbalanced == [], f"raw rows not in exactly one of clean / quarantined: {unbalanced}"
    reconciled = {row["source_file"] for row in balance}
    for name, (status, count) in ledger.items():
        if status == "loaded" and count:
            assert name in reconciled, f"{name} was loaded but is in no reconciliation"


def test_no_raw_value_fails_the_build_and_every_row_is_accounted_for(template):
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(landing=mutated_landings(template["base"]))
    def property_holds(landing):
        check_example(template, landing)

    property_holds()
