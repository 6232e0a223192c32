"""`roi benchmark`: how long the pipeline takes on this machine, in one run, against a floor.

For the main scale (default 10) in a work folder of its own (never the warehouse of ROI_* vars):

1. generate the sample extracts (`roi generate`), then carve the last day of every event file
   (time entries, email events, CRM campaign members) out into "next day" files kept aside;
2. `roi load`, then a full nightly `dbt build` (models, seeds and data tests; unit tests are
   excluded as in production: they test SQL logic on fixtures, not data, and run in CI);
3. the floor: the headline figures (hours saved per workflow, CTR per A/B test arm, MQL->SQL per
   cohort) computed by one hand-written DuckDB script straight over the raw tables
   (python_helpers/devtools/benchmark_floor.sql), timed in this process;
4. the next night: land the carved day, `roi load` it and run the nightly command, `roi build`,
   in its nightly scope against the full build's manifest (docs/nightly_run.md);
5. with `--compare-scale` (default 1) steps 1-2 once more at that scale, to judge growth, and
   with `--growth-scales 30` (or 1,10,30) at each further scale, after the main scale's figures,
   for the growth line (a scale that fails, e.g. out of memory or disk, is recorded as failed);
6. with `--time-make-test`, `make test` timed last (opt-in: see time_make_test).

Every figure of issue 18 is printed against its target (verdicts: met, MISSED, or "not
measured" for a figure this run did not take, never counted as met).

Every step but the floor runs as a child process; peak memory is the largest maximum resident
set size of any child (os.wait4), the floor's is this process's own. dbt's DuckDB gets a memory
limit (ROI_DUCKDB_MEMORY_LIMIT, `--memory-limit`, default 3GiB: it spills to disk past it);
without it DuckDB may take 80% of RAM. Figures are printed and written to
<workdir>/benchmark.json, the README's table to <workdir>/benchmark.md (`roi benchmark --table
<benchmark.json>` prints it again); dbt's per-node timings stay in each scale's target folder.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from .. import build_scope, settings

FLOOR_SQL = Path(__file__).with_name("benchmark_floor.sql")
BIN = Path(sys.executable).parent
# The production nightly build: unit tests run in CI (`make test`), not on every night's data.
NIGHTLY_BUILD = ["build", "--exclude", "test_type:unit"]
DEFAULT_MEMORY_LIMIT = "3GiB"
# Issue 18's figures to reach (scale 10, one run, quiet machine).
NEXT_NIGHT_MAX_SHARE = 0.15  # next night <= 15% of the full build
BUILD_OVER_FLOOR_MAX = 8.0  # full build / floor <= 8
LOAD_PLUS_BUILD_UNDER_S = 60.0  # load + full build < 60 s
PEAK_MEMORY_UNDER_GIB = 3.0  # peak memory < 3 GiB
MAKE_TEST_UNDER_S = 8 * 60.0  # `make test` under 8 minutes
GROWTH_LINE_SCALE = 30.0  # the point past one machine the growth line must have on record

# The event files a night adds to: (system, file name prefix, date column, SQL turning it into a
# timestamp). The last-named file of each prefix gives up the rows of its last day.
NEXT_DAY_COLUMNS = (
    ("time_tracking", "toggl_", "Start date", "try_strptime({c}, '%Y-%m-%d')"),
    ("time_tracking", "harvest_", "Date", "try_strptime({c}, '%Y-%m-%d')"),
    ("time_tracking", "clockify_", "Start Date", "try_strptime({c}, '%d/%m/%Y')"),
    ("time_tracking", "canonical_", "started_at", "try_cast({c} as timestamptz)"),
    ("email_platform", "hubspot_email_events", "created", "epoch_ms(try_cast({c} as bigint))"),
    ("email_platform", "marketo_activities", "activityDate", "try_cast({c} as timestamptz)"),
    ("email_platform", "canonical_email", "occurred_at", "try_cast({c} as timestamptz)"),
    ("crm", "salesforce_campaign_member", "CreatedDate", "try_cast({c} as timestamptz)"),
)


@dataclass
class Step:
    seconds: float
    peak_rss_bytes: int
    log: Path


@dataclass
class ScaleRun:
    scale: float
    root: Path
    steps: dict[str, Step] = field(default_factory=dict)
    raw_rows: dict[str, int] = field(default_factory=dict)
    next_day_rows: int = 0
    floor_seconds: float | None = None
    floor_results: dict[str, list] = field(default_factory=dict)
    slowest_nodes: list[tuple[str, float]] = field(default_factory=list)
    incremental_slowest_nodes: list[tuple[str, float]] = field(default_factory=list)

    def growth_point(self) -> dict[str, Any]:
        """This scale's point on the growth line: generate, load and full build, and the peak
        memory of load and build (the pipeline's) and of generation apart."""
        pipeline = [self.steps[name] for name in ("load", "build")]
        return {
            "scale": self.scale,
            "generate_s": self.steps["generate"].seconds,
            "load_s": self.steps["load"].seconds,
            "build_s": self.steps["build"].seconds,
            "peak_rss_gib": max(step.peak_rss_bytes for step in pipeline) / 2**30,
            "generate_peak_rss_gib": self.steps["generate"].peak_rss_bytes / 2**30,
            "raw_rows": sum(self.raw_rows.values()),
        }


def pipeline_env(root: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> dict[str, str]:
    env = dict(os.environ)
    env.update(settings.QUIET_ENV)
    env["ROI_DUCKDB_MEMORY_LIMIT"] = memory_limit
    env.pop("ROI_DATA_TESTS_RECENT_LOADS_ONLY", None)
    env.update(
        {
            "ROI_TARGET": "duckdb",
            "ROI_LANDING_DIR": str(root / "landing"),
            "ROI_DUCKDB_PATH": str(root / "warehouse" / "roi.duckdb"),
            "ROI_PUBLISHED_DUCKDB_PATH": str(root / "warehouse" / "roi_published.duckdb"),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": str(settings.Settings.from_env().profiles_dir),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    return env


def run_step(name: str, command: list[str], env: dict[str, str], root: Path) -> Step:
    """Run one child process to completion; its wall time and its maximum resident set size."""
    log = root / "logs" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=settings.REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise SystemExit(f"benchmark step '{name}' failed (exit {process.returncode}):\n{tail}")
    # Linux reports ru_maxrss in KiB.
    return Step(seconds, usage.ru_maxrss * 1024, log)


def spread_load_times(database: Path, days: int = 365) -> None:
    """Make the history look loaded night by night over the past year, as it is in production.

    The benchmark loads a year of extracts in one go, so every raw row carries today's
    _loaded_at and the incremental models' lookback window (`roi_incremental_lookback_days`
    before the latest load they saw) would cover the whole history. Spreading the history's load
    times over the previous `days` nights (by row number) gives the next night the share of
    history a nightly run really re-reads: the lookback's nights, not the year.
    """
    with duckdb.connect(str(database)) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.columns "
            "where column_name = '_loaded_at' and table_schema like 'raw\\_%' escape '\\'"
        ).fetchall()
        for schema, table in tables:
            con.execute(
                f"update {_identifier(schema)}.{_identifier(table)} set _loaded_at = "
                f"_loaded_at - to_days(cast(1 + _row_number % {days} as integer))"
            )


def carve_next_day(landing: Path, aside: Path) -> int:
    """Move the rows of the last day of each event file out of the landing folder, into files
    named <stem>_next_day.csv under `aside`; return how many rows moved."""
    moved = 0
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        for system, prefix, column, to_timestamp in NEXT_DAY_COLUMNS:
            files = sorted((landing / system).glob(f"{prefix}*.csv"))
            if not files:
                continue
            path = files[-1]
            source = (
                f"read_csv('{path}', all_varchar = true, header = true, delim = ',', "
                "quote = '\"', escape = '\"')"
            )
            day = f"cast({to_timestamp.format(c=_identifier(column))} as date)"
            last_day = _scalar(con, f"select max({day}) from {source}")
            if last_day is None:
                continue
            target = aside / system / f"{path.stem}_next_day.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            kept = path.with_suffix(".kept.tmp")
            options = "(header true, delimiter ',', quote '\"')"
            con.execute(
                f"copy (select * from {source} where {day} = date '{last_day}') "
                f"to '{target}' {options}"
            )
            con.execute(
                f"copy (select * from {source} where coalesce({day} <> date '{last_day}', true)) "
                f"to '{kept}' {options}"
            )
            os.replace(kept, path)
            moved += _scalar(con, f"select count(*) from read_csv('{target}')")
    return moved


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The one value a one-row, one-column query returns."""
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_row_counts(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema like 'raw\\_%' escape '\\' and table_schema <> 'raw_meta' "
            "order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{table}": _scalar(con, f'select count(*) from "{schema}"."{table}"')
            for schema, table in tables
        }


def run_floor(database: Path) -> tuple[float, dict[str, list]]:
    """Run the floor script over the raw tables; its wall time and its result sets."""
    script = FLOOR_SQL.read_text().replace("{seeds}", str(settings.REPO_ROOT / "seeds"))
    blocks = re.split(r"^-- @(prepare|result) ", script, flags=re.MULTILINE)
    results: dict[str, list] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        started = time.perf_counter()
        for kind, block in zip(blocks[1::2], blocks[2::2], strict=True):
            name, _, sql = block.partition("\n")
            rows = con.execute(sql).fetchall()
            if kind == "result":
                results[name.strip()] = rows
        seconds = time.perf_counter() - started
    return seconds, results


def slowest_nodes(target: Path, count: int = 8) -> list[tuple[str, float]]:
    run_results = json.loads((target / "run_results.json").read_text())
    timed = [(r["unique_id"], float(r["execution_time"])) for r in run_results["results"]]
    return sorted(timed, key=lambda item: -item[1])[:count]


def run_scale(
    scale: float, seed: int, workdir: Path, nightly: bool, memory_limit: str = DEFAULT_MEMORY_LIMIT
) -> ScaleRun:
    root = workdir / f"scale_{scale:g}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    env = pipeline_env(root, memory_limit)
    run = ScaleRun(scale, root)
    # This very package (python -m from the repository), and the dbt beside this Python.
    roi, dbt = [sys.executable, "-m", "python_helpers.cli"], [str(BIN / "dbt")]
    print(f"\n== scale {scale:g} in {root}", flush=True)
    run.steps["generate"] = run_step(
        "generate", [*roi, "generate", "--scale", f"{scale:g}", "--seed", str(seed)], env, root
    )
    _report("sample generation", run.steps["generate"])
    if nightly:
        run.next_day_rows = carve_next_day(root / "landing", root / "next_day")
        print(f"  carved the last day aside: {run.next_day_rows:,} rows", flush=True)
    run.steps["load"] = run_step("load", [*roi, "load"], env, root)
    _report("load", run.steps["load"])
    if nightly:
        spread_load_times(root / "warehouse" / "roi.duckdb")
    run_step("deps", [*dbt, "deps", "--quiet"], env, root)
    run.steps["build"] = run_step("build", [*dbt, *NIGHTLY_BUILD], env, root)
    _report("full dbt build", run.steps["build"])
    run.slowest_nodes = slowest_nodes(root / "target")
    # Kept: the next night's build writes its own run_results.json into the same target folder.
    shutil.copy(root / "target" / "run_results.json", root / "run_results_full_build.json")
    run.raw_rows = raw_row_counts(root / "warehouse" / "roi.duckdb")
    if not nightly:
        return run
    run.floor_seconds, run.floor_results = run_floor(root / "warehouse" / "roi.duckdb")
    print(f"  {'floor (hand-written SQL)':<28}{run.floor_seconds:8.1f} s", flush=True)
    for path in sorted((root / "next_day").glob("*/*.csv")):
        destination = root / "landing" / path.parent.name / path.name
        shutil.move(path, destination)
    run.steps["next_day_load"] = run_step("next_day_load", [*roi, "load"], env, root)
    _report("next day: load", run.steps["next_day_load"])
    # The nightly command itself: `roi build` in its nightly scope against the full build's
    # manifest (docs/nightly_run.md).
    build_scope.keep_state(settings.Settings.from_env(env))
    run.steps["incremental_build"] = run_step("incremental_build", [*roi, "build"], env, root)
    run.incremental_slowest_nodes = slowest_nodes(root / "target")
    _report("next day: dbt build", run.steps["incremental_build"])
    return run


def _report(label: str, step: Step) -> None:
    print(
        f"  {label:<28}{step.seconds:8.1f} s   peak {step.peak_rss_bytes / 2**30:5.2f} GiB",
        flush=True,
    )


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown CPU"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": str(os.cpu_count()), "memory_gib": f"{memory:.1f}", "cpu_model": cpu}


def summarise(
    main: ScaleRun,
    compare: ScaleRun | None,
    memory_limit: str = "",
    growth: list[ScaleRun] | None = None,
    growth_failures: dict[float, str] | None = None,
) -> dict:
    steps = main.steps
    build = steps["build"].seconds
    incremental = steps["incremental_build"].seconds
    # The pipeline's peak: load, builds, next night, and this process (carving, the floor).
    # Sample generation is the benchmark's own data, not the pipeline: reported apart.
    peak = max(step.peak_rss_bytes for name, step in steps.items() if name != "generate")
    peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    figures = {
        "machine": machine(),
        "commit": _commit(),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_end": os.getloadavg(),
        "duckdb_memory_limit": memory_limit,
        "scale": main.scale,
        "raw_rows": main.raw_rows,
        "generate_s": steps["generate"].seconds,
        "load_s": steps["load"].seconds,
        "build_s": build,
        "load_plus_build_s": steps["load"].seconds + build,
        "floor_s": main.floor_seconds,
        "build_over_floor": build / main.floor_seconds if main.floor_seconds else None,
        "next_day_rows": main.next_day_rows,
        "next_day_load_s": steps["next_day_load"].seconds,
        "incremental_build_s": incremental,
        "incremental_share": incremental / build,
        "peak_rss_gib": peak / 2**30,
        "generate_peak_rss_gib": steps["generate"].peak_rss_bytes / 2**30,
        "slowest_nodes": main.slowest_nodes,
        "incremental_slowest_nodes": main.incremental_slowest_nodes,
        "floor_results": {name: len(rows) for name, rows in main.floor_results.items()},
    }
    if compare is not None:
        figures["compare_scale"] = compare.scale
        figures["compare_build_s"] = compare.steps["build"].seconds
        figures["compare_load_s"] = compare.steps["load"].seconds
        figures["build_growth"] = build / compare.steps["build"].seconds
    runs = sorted([main, *([compare] if compare else []), *(growth or [])], key=lambda r: r.scale)
    line: list[dict[str, Any]] = [run.growth_point() for run in runs]
    for scale, message in sorted((growth_failures or {}).items()):
        line.append({"scale": scale, "failed": message})
    figures["growth_line"] = line
    return figures


def _git(*args: str) -> str:
    """The output of `git <args>` in the repository, stripped."""
    return subprocess.run(
        ["git", *args], cwd=settings.REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def _commit() -> str:
    """The commit measured (with '+changes' when the work tree differs from it)."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


# --- the figures against their targets (pure: figures in, verdicts out) --------------


@dataclass(frozen=True)
class Verdict:
    """One figure of issue 18 against its target. status: met | MISSED | not measured."""

    figure: str
    measured: str
    target: str
    status: str


def _status(ok: bool) -> str:
    return "met" if ok else "MISSED"


def verdicts(figures: dict) -> list[Verdict]:
    """Every figure issue 18 asks for, measured in `figures` (benchmark.json), against its
    target. A figure the run did not measure says so: it is never counted as met."""
    build = figures["build_s"]
    found = [
        Verdict(
            "next night",
            f"{figures['incremental_share']:.0%} of the full build "
            f"({figures['incremental_build_s']:.1f} s / {build:.1f} s, "
            f"{figures['next_day_rows']:,} new rows)",
            f"<= {NEXT_NIGHT_MAX_SHARE:.0%}",
            _status(figures["incremental_share"] <= NEXT_NIGHT_MAX_SHARE),
        )
    ]
    ratio = figures.get("build_over_floor")
    found.append(
        Verdict(
            "full build / floor",
            f"{ratio:.1f} ({build:.1f} s / {figures['floor_s']:.1f} s)"
            if ratio is not None
            else "no floor measured",
            f"<= {BUILD_OVER_FLOOR_MAX:g}",
            _status(ratio <= BUILD_OVER_FLOOR_MAX) if ratio is not None else "not measured",
        )
    )
    total = figures["load_plus_build_s"]
    found.append(
        Verdict(
            "load + full build",
            f"{total:.1f} s ({figures['load_s']:.1f} s + {build:.1f} s)",
            f"< {LOAD_PLUS_BUILD_UNDER_S:g} s",
            _status(total < LOAD_PLUS_BUILD_UNDER_S),
        )
    )
    found.append(
        Verdict(
            "peak memory",
            f"{figures['peak_rss_gib']:.2f} GiB (largest max RSS of load, builds, floor)"
            + _generation_peak(figures),
            f"< {PEAK_MEMORY_UNDER_GIB:g} GiB",
            _status(figures["peak_rss_gib"] < PEAK_MEMORY_UNDER_GIB),
        )
    )
    found.append(_growth_verdict(figures))
    found.append(_growth_line_verdict(figures))
    found.append(_make_test_verdict(figures))
    return found


def _generation_peak(figures: dict) -> str:
    generation = figures.get("generate_peak_rss_gib")
    return "" if generation is None else f"; sample generation apart: {generation:.2f} GiB"


def _growth_verdict(figures: dict) -> Verdict:
    if "compare_scale" not in figures:
        return Verdict(
            "build growth", "no smaller scale built", "<= the data's growth", "not measured"
        )
    factor = figures["scale"] / figures["compare_scale"]
    growth = figures["build_growth"]
    return Verdict(
        f"build growth, scale {figures['compare_scale']:g} -> {figures['scale']:g}",
        f"{growth:.1f}x ({figures['compare_build_s']:.1f} s -> {figures['build_s']:.1f} s)",
        f"<= {factor:g}x",
        _status(growth <= factor),
    )


def growth_points(figures: dict) -> list[dict]:
    """The growth line; for a benchmark.json written before it existed, its two builds."""
    if "growth_line" in figures:
        return figures["growth_line"]
    points = [{"scale": figures["scale"], "generate_s": figures["generate_s"]}]
    points[0].update(
        load_s=figures["load_s"], build_s=figures["build_s"], peak_rss_gib=figures["peak_rss_gib"]
    )
    if "compare_scale" in figures:
        earlier = {"scale": figures["compare_scale"], "generate_s": None, "peak_rss_gib": None}
        earlier.update(load_s=figures["compare_load_s"], build_s=figures["compare_build_s"])
        points.insert(0, earlier)
    return points


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def _gib(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} GiB"


def _growth_line_verdict(figures: dict) -> Verdict:
    """The growth line has a measured point at scale 30 (GROWTH_LINE_SCALE)."""
    target = f"scale {GROWTH_LINE_SCALE:g} on record"
    points = {point["scale"]: point for point in growth_points(figures)}
    point = points.get(GROWTH_LINE_SCALE)
    if point is None:
        return Verdict(
            f"growth line at scale {GROWTH_LINE_SCALE:g}",
            "not run (add it: --growth-scales 30)",
            target,
            "not measured",
        )
    if "failed" in point:
        return Verdict(
            f"growth line at scale {GROWTH_LINE_SCALE:g}",
            f"failed: {point['failed'][:120]}",
            target,
            "MISSED",
        )
    below = [p for p in points.values() if p["scale"] < GROWTH_LINE_SCALE and "failed" not in p]
    versus = ""
    if below:
        previous = max(below, key=lambda p: p["scale"])
        versus = (
            f", {point['build_s'] / previous['build_s']:.1f}x the build of scale "
            f"{previous['scale']:g} for {GROWTH_LINE_SCALE / previous['scale']:g}x the data"
        )
    return Verdict(
        f"growth line at scale {GROWTH_LINE_SCALE:g}",
        f"build {point['build_s']:.1f} s, load {point['load_s']:.1f} s, peak "
        f"{point['peak_rss_gib']:.2f} GiB{versus}",
        target,
        "met",
    )


def _make_test_verdict(figures: dict) -> Verdict:
    seconds = figures.get("make_test_s")
    if seconds is None:
        return Verdict(
            "make test",
            "not timed in this run (--time-make-test times it)",
            f"< {MAKE_TEST_UNDER_S / 60:g} min",
            "not measured",
        )
    return Verdict(
        "make test",
        f"{seconds / 60:.1f} min ({seconds:.0f} s)",
        f"< {MAKE_TEST_UNDER_S / 60:g} min",
        _status(seconds < MAKE_TEST_UNDER_S),
    )


def verdict_lines(figures: dict) -> list[str]:
    """The issue's figures as printed: figure, measured, target, status."""
    lines = []
    for item in verdicts(figures):
        lines.append(f"  {item.figure:<34}{item.measured}")
        lines.append(f"  {'':<34}target {item.target}: {item.status}")
    return lines


def markdown_table(figures: dict) -> str:
    """The README's benchmark table: every figure of one run (benchmark.json) and its target."""
    m = figures["machine"]
    load = " ".join(f"{x:.1f}" for x in figures["load_average_at_end"])
    lines = [
        f"`roi benchmark --scale {figures['scale']:g}`, {figures.get('measured_at', '?')}, "
        f"commit {figures.get('commit', '?')}, "
        f"{m['cpus']} cores, {m['memory_gib']} GiB, {m['cpu_model']}; DuckDB memory limit "
        f"{figures['duckdb_memory_limit']}; load average at the end {load}.",
        "",
        "| figure | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {item.figure} | {item.measured} | {item.target} | {item.status} |"
        for item in verdicts(figures)
    ]
    lines += [
        "",
        "| scale | generate | load | full build | peak memory (load, build) |",
        "|---|---|---|---|---|",
    ]
    for point in growth_points(figures):
        if "failed" in point:
            lines.append(f"| {point['scale']:g} | failed: {point['failed'][:80]} | | | |")
            continue
        lines.append(
            f"| {point['scale']:g} | {_seconds(point['generate_s'])} | "
            f"{_seconds(point['load_s'])} | {_seconds(point['build_s'])} | "
            f"{_gib(point['peak_rss_gib'])} |"
        )
    return "\n".join(lines) + "\n"


def print_summary(figures: dict) -> None:
    m = figures["machine"]
    print(
        f"\nBenchmark at scale {figures['scale']:g} on {m['cpus']} cores, "
        f"{m['memory_gib']} GiB, {m['cpu_model']}; DuckDB memory limit "
        f"{figures['duckdb_memory_limit']}; load average at the end "
        + " ".join(f"{x:.1f}" for x in figures["load_average_at_end"])
        + f"; commit {figures.get('commit', '?')}"
    )
    rows = figures["raw_rows"]
    print("  raw rows: " + ", ".join(f"{name.split('.', 1)[1]} {n:,}" for name, n in rows.items()))
    print(f"  sample generation           {figures['generate_s']:7.1f} s")
    print(f"  load                        {figures['load_s']:7.1f} s")
    print(f"  full dbt build              {figures['build_s']:7.1f} s")
    print(f"  floor (hand-written SQL)    {figures['floor_s']:7.1f} s")
    print(
        f"  next night: load {figures['next_day_load_s']:.1f} s, "
        f"build {figures['incremental_build_s']:.1f} s"
    )
    print("  growth line (generate / load / full build / peak):")
    for point in growth_points(figures):
        if "failed" in point:
            print(f"    scale {point['scale']:>4g}: failed: {point['failed'][:200]}")
            continue
        print(
            f"    scale {point['scale']:>4g}: {_seconds(point['generate_s']):>9} "
            f"{_seconds(point['load_s']):>9} {_seconds(point['build_s']):>9} "
            f"{_gib(point['peak_rss_gib']):>9}"
        )
    print("\nIssue 18 figures against their targets:")
    for text in verdict_lines(figures):
        print(text)
    nodes = (("full build", "slowest_nodes"), ("next night", "incremental_slowest_nodes"))
    for label, key in nodes:
        print(f"  slowest nodes of the {label}:")
        for unique_id, seconds in figures[key]:
            print(f"    {seconds:6.1f} s  {unique_id}")


def time_make_test(workdir: Path) -> float:
    """`make test` in this repository, timed as one child (its log in <workdir>/make_test.log).

    Opt-in (--time-make-test): it takes longer than the rest of the benchmark, builds its own
    sample warehouses, and the issue's target is for a quiet machine: it runs after every other
    step, so nothing of the benchmark runs beside it. Its peak memory is not the pipeline's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ROI_")}
    env.update(settings.QUIET_ENV)
    step = run_step("make_test", ["make", "test"], env, workdir)
    shutil.copy(step.log, workdir / "make_test.log")
    return step.seconds


def benchmark(
    scale: float,
    seed: int,
    workdir: Path,
    compare_scale: float,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    growth_scales: tuple[float, ...] = (),
    make_test: bool = False,
) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    commit = _commit()  # the code measured: taken before the first step
    compare = (
        run_scale(compare_scale, seed, workdir, nightly=False, memory_limit=memory_limit)
        if compare_scale
        else None
    )
    main = run_scale(scale, seed, workdir, nightly=True, memory_limit=memory_limit)
    growth: list[ScaleRun] = []
    failures: dict[float, str] = {}
    # Further points of the growth line (generate, load, full build), after the main scale's
    # figures are taken: a scale too big for the machine is recorded as failed, not fatal.
    for extra in sorted(set(growth_scales) - {scale, compare_scale}):
        try:
            growth.append(run_scale(extra, seed, workdir, nightly=False, memory_limit=memory_limit))
        except SystemExit as error:
            failures[extra] = " ".join(str(error).split())
            print(f"  scale {extra:g} failed: {failures[extra][:300]}", flush=True)
    figures = summarise(main, compare, memory_limit, growth, failures)
    figures["commit"] = commit
    if make_test:
        figures["make_test_s"] = time_make_test(workdir)
    (workdir / "benchmark.json").write_text(json.dumps(figures, indent=2, default=str))
    (workdir / "benchmark.md").write_text(markdown_table(figures))
    print_summary(figures)
    print(f"\nfigures: {workdir / 'benchmark.json'}; README table: {workdir / 'benchmark.md'}")
    return figures
