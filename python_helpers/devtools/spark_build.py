"""The whole dbt build on a local Apache Spark session (`make spark`, scripts/spark_build.sh).

Outside the default test suite: it needs Java 17 and its own virtual environment (.venv-spark,
requirements-spark.txt), which the shell script creates. Steps:

1. sample extracts (`roi generate`) loaded by `roi load` into a throwaway DuckDB file: the loader
   stays the single source of truth for the vendor shapes and the lineage columns;
2. every raw_<system> table exported to Parquet (timestamps as UTC instants);
3. `dbt run-operation spark_create_raw_tables` registers them as Spark tables under the source
   schemas (raw_crm, raw_email_platform, raw_time_tracking);
4. `dbt build --full-refresh --target spark`: seeds, models, data tests and unit tests;
5. the same seeds and models built on DuckDB from the same raw tables, and every mart of the two
   builds compared row by row (numbers to 6 decimals; the Spark tables are read as Parquet).

Everything lives under ROI_SPARK_DIR (default .roi/spark, ignored): landing, DuckDB file, Parquet,
Spark warehouse, Derby metastore, dbt target and logs. Spark stays on loopback with no UI.
At the end it prints every node that did not pass, the counts, the mart comparison, the wall time
and the peak memory (proportional set size of this process and its children, the JVM included).
"""

from __future__ import annotations

import argparse
import decimal
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import duckdb

from python_helpers.schemas import MARTS, MARTS_SCHEMA, layer_schema
from python_helpers.settings import QUIET_ENV, REPO_ROOT

MAIN_BIN = Path(sys.executable).parent
SPARK_BIN = Path(os.environ.get("ROI_SPARK_VENV", REPO_ROOT / ".venv-spark")) / "bin"
COMPARE_DECIMALS = 6  # as tests/python/test_postgres.py compares PostgreSQL with DuckDB
# raw_meta: staging reads the formats detected per file from raw_meta.file_loads.
RAW_SCHEMAS = ("raw_crm", "raw_email_platform", "raw_meta", "raw_time_tracking")
# Paths under ROI_SPARK_DIR that a run recreates; nothing else there is touched.
RUN_PATHS = (
    "landing",
    "raw.duckdb",
    "raw.duckdb.wal",
    "parquet",
    "warehouse",
    "metastore_db",
    "derby.log",
    "target",
    "target-duckdb",
    "logs",
)


# Spark's log: warnings and errors, without the one it repeats for every statement dbt sends
# ("Using an existing Spark session") and the Hive/Hadoop start-up notices.
LOG4J2_PROPERTIES = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
logger.session.name = org.apache.spark.sql.classic.SparkSession
logger.session.level = error
logger.namespace.name = org.apache.spark.sql.execution.datasources.v2.CreateNamespaceExec
logger.namespace.level = error
logger.hive.name = org.apache.hadoop.hive
logger.hive.level = off
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
logger.state.name = org.apache.spark.sql.hive.client
logger.state.level = error
"""


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them, so a JVM
    forking a shell command (Hadoop does, for file permissions) is not counted twice."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples the memory (PSS) of this process tree (Linux /proc) every half second."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_total_kib = 0
        self.peak_java_kib = 0
        self.peak_breakdown: list[tuple[str, int]] = []
        self._halt = threading.Event()

    @staticmethod
    def _tree() -> dict[int, tuple[str, int]]:
        parents: dict[int, int] = {}
        info: dict[int, tuple[str, int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            pid = int(entry.name)
            parents[pid] = int(fields.get("PPid", "0").strip())
            info[pid] = (fields.get("Name", "").strip(), 0)
        root = os.getpid()
        members = {root}
        changed = True
        while changed:
            changed = False
            for pid, parent in parents.items():
                if parent in members and pid not in members:
                    members.add(pid)
                    changed = True
        measured = {pid: (info[pid][0], _pss_kib(pid)) for pid in members if pid in info}
        # A child that shows exactly its parent's memory shares its address space: the JVM
        # starts shell commands with vfork (the child carries the name of the thread that
        # started it). Counted once, with the parent.
        return {
            pid: value
            for pid, value in measured.items()
            if not (parents[pid] in measured and measured[parents[pid]][1] == value[1] > 0)
        }

    def sample(self) -> None:
        tree = self._tree()
        total = sum(rss for _, rss in tree.values())
        if total > self.peak_total_kib:
            self.peak_total_kib = total
            self.peak_breakdown = sorted(tree.values(), key=lambda item: -item[1])
        java = [rss for name, rss in tree.values() if name == "java"]
        if java:
            self.peak_java_kib = max(self.peak_java_kib, max(java))

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def spark_env(spark_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QUIET_ENV)
    env.pop("ROI_TARGET", None)  # the loader writes DuckDB; dbt gets --target spark
    env.update(
        {
            "ROI_SPARK_DIR": str(spark_dir),
            "ROI_LANDING_DIR": str(spark_dir / "landing"),
            "ROI_DUCKDB_PATH": str(spark_dir / "raw.duckdb"),
            "DBT_PROFILES_DIR": str(REPO_ROOT / "profiles"),
            "DBT_TARGET_PATH": str(spark_dir / "target"),
            "DBT_LOG_PATH": str(spark_dir / "logs"),
            "SPARK_LOCAL_IP": "127.0.0.1",
            "PYSPARK_PYTHON": str(SPARK_BIN / "python"),
        }
    )
    return env


def step(title: str, command: list[str], env: dict[str, str], check: bool = True) -> int:
    print(f"\n== {title}\n   {' '.join(command)}", flush=True)
    started = time.monotonic()
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)
    print(f"   ({time.monotonic() - started:.1f} s, exit {completed.returncode})", flush=True)
    if check and completed.returncode != 0:
        raise SystemExit(f"spark build: step '{title}' failed (exit {completed.returncode})")
    return completed.returncode


def export_raw_tables(database: Path, parquet_dir: Path) -> list[str]:
    """Every raw_<system> table to <parquet_dir>/<schema>/<table>/data.parquet."""
    tables: list[str] = []
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ? order by 1, 2",
            [list(RAW_SCHEMAS)],
        ).fetchall()
        for schema, table in rows:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            # A timestamp without zone is written as an instant in UTC, so Spark reads a TIMESTAMP
            # (not TIMESTAMP_NTZ) with the same wall clock in its UTC session.
            select = ", ".join(
                f'cast("{name}" as timestamptz) as "{name}"'
                if data_type == "TIMESTAMP"
                else f'"{name}"'
                for name, data_type in columns
            )
            target = parquet_dir / schema / table
            target.mkdir(parents=True, exist_ok=True)
            con.execute(
                f'copy (select {select} from "{schema}"."{table}") '
                f"to '{target / 'data.parquet'}' (format parquet)"
            )
            tables.append(f"{schema}.{table}")
    return tables


def _normalise(value):
    """Doubles to 6 decimals; decimals stay exact (same column type on both warehouses)."""
    if isinstance(value, float):
        return round(value, COMPARE_DECIMALS)
    return value


def _sorted_rows(rows: list[tuple]) -> list[tuple]:
    normalised = [tuple(_normalise(value) for value in row) for row in rows]
    return sorted(normalised, key=lambda row: [(value is None, str(value)) for value in row])


def _near(left, right) -> bool:
    """One unit in the last place of a decimal (a cent on numeric(18, 2)), or 1e-9 relative."""
    if isinstance(left, decimal.Decimal) and isinstance(right, decimal.Decimal):
        exponent = left.as_tuple().exponent  # 'n', 'N', 'F' for NaN and infinity
        unit = decimal.Decimal(1).scaleb(min(exponent, 0) if isinstance(exponent, int) else 0)
        return abs(left - right) <= unit
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)
    return False


def _near_equal_values(spark: list[tuple], duck: list[tuple]) -> int | None:
    """How many values differ by a rounding unit when the rows are otherwise equal, else None."""
    if len(spark) != len(duck):
        return None
    count = 0
    for spark_row, duck_row in zip(spark, duck, strict=True):
        for left, right in zip(spark_row, duck_row, strict=True):
            if left == right:
                continue
            if not _near(left, right):
                return None
            count += 1
    return count


def compare_marts(database: Path, warehouse: Path) -> list[tuple[str, str]]:
    """Every mart of the DuckDB build against the Parquet files of the Spark one, to rounding."""
    outcomes: list[tuple[str, str]] = []
    with duckdb.connect(str(database), read_only=True) as con:
        marts = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? order by 1",
                [MARTS_SCHEMA],
            ).fetchall()
        ]
        for table in marts:
            spark_schema = layer_schema(MARTS, "analytics")  # profiles.yml: the spark target's
            files = sorted((warehouse / f"{spark_schema}.db" / table).glob("*.parquet"))
            if not files:
                outcomes.append((table, "not built on Spark"))
                continue
            columns = [
                column[0]
                for column in con.execute(
                    f"select * from {MARTS_SCHEMA}.{table} limit 0"
                ).description
            ]
            quoted = ", ".join(f'"{column}"' for column in columns)
            duck = _sorted_rows(
                con.execute(f"select {quoted} from {MARTS_SCHEMA}.{table}").fetchall()
            )
            paths = ", ".join(f"'{path}'" for path in files)
            spark = _sorted_rows(
                con.execute(f"select {quoted} from read_parquet([{paths}])").fetchall()
            )
            if spark == duck:
                outcomes.append((table, f"same {len(duck)} rows"))
                continue
            near = _near_equal_values(spark, duck)
            if near is not None:
                outcomes.append(
                    (
                        table,
                        f"same {len(duck)} rows; {near} value(s) one unit apart in the last "
                        "decimal place (a sum of doubles taken in another order, rounded)",
                    )
                )
                continue
            only_spark = [row for row in spark if row not in duck]
            only_duck = [row for row in duck if row not in spark]
            example = f"e.g. {(only_spark or only_duck)[:1]}"
            if only_spark and only_duck:
                pairs = zip(columns, only_spark[0], only_duck[0], strict=True)
                example = "first differing row: " + "; ".join(
                    f"{name} Spark {left} DuckDB {right}"
                    for name, left, right in pairs
                    if left != right
                )
            outcomes.append(
                (
                    table,
                    f"DIFFERS: {len(spark)} rows on Spark, {len(duck)} on DuckDB, "
                    f"{len(only_spark)} only on Spark, {len(only_duck)} only on DuckDB; {example}",
                )
            )
    return outcomes


def summarise(run_results: Path) -> tuple[Counter, list[tuple[str, str, str]]]:
    results = json.loads(run_results.read_text())["results"]
    counts: Counter = Counter()
    problems: list[tuple[str, str, str]] = []
    for result in results:
        unique_id = result["unique_id"]
        kind = unique_id.split(".", 1)[0]
        status = result["status"]
        counts[(kind, status)] += 1
        if status not in ("success", "pass", "no-op"):
            message = " ".join(str(result.get("message") or "").split())
            problems.append((status, unique_id, message[:300]))
    return counts, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="0.2", help="sample volume (roi generate --scale)")
    args = parser.parse_args(argv)

    spark_dir = Path(os.environ.get("ROI_SPARK_DIR", REPO_ROOT / ".roi" / "spark")).resolve()
    spark_dir.mkdir(parents=True, exist_ok=True)
    for name in RUN_PATHS:
        path = spark_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    (spark_dir / "log4j2.properties").write_text(LOG4J2_PROPERTIES)
    env = spark_env(spark_dir)
    dbt = str(SPARK_BIN / "dbt")

    watch = MemoryWatch()
    watch.start()
    started = time.monotonic()
    try:
        step(
            f"sample extracts at scale {args.scale}",
            [str(MAIN_BIN / "roi"), "generate", "--scale", args.scale],
            env,
        )
        step(
            "load them with the loader (throwaway DuckDB file)",
            [str(MAIN_BIN / "roi"), "load"],
            env,
        )
        print("\n== raw tables to Parquet", flush=True)
        tables = export_raw_tables(spark_dir / "raw.duckdb", spark_dir / "parquet")
        print(f"   {len(tables)} tables under {spark_dir / 'parquet'}", flush=True)
        operation_args = json.dumps({"parquet_dir": str(spark_dir / "parquet"), "tables": tables})
        step(
            "register the raw tables in Spark",
            [dbt, "run-operation", "spark_create_raw_tables", "--target", "spark"]
            + ["--args", operation_args],
            env,
        )
        build_exit = step(
            "dbt build on Spark (seeds, models, data tests, unit tests)",
            [dbt, "build", "--target", "spark", "--full-refresh"],
            env,
            check=False,
        )
        spark_elapsed = time.monotonic() - started
        # The same seeds and models on DuckDB from the same raw tables: the marts must match.
        duckdb_env = dict(env, DBT_TARGET_PATH=str(spark_dir / "target-duckdb"))
        duckdb_exit = step(
            "the same seeds and models on DuckDB, to compare the marts",
            [str(MAIN_BIN / "dbt"), "build", "--target", "duckdb"]
            + ["--resource-type", "seed", "--resource-type", "model"],
            duckdb_env,
            check=False,
        )
    finally:
        elapsed = time.monotonic() - started
        watch.stop()

    counts, problems = summarise(spark_dir / "target" / "run_results.json")
    print("\n== Spark build summary")
    for status, unique_id, message in problems:
        print(f"   {status.upper():7} {unique_id}: {message}")
    kinds = sorted({kind for kind, _ in counts})
    for kind in kinds:
        by_status = {status: n for (k, status), n in counts.items() if k == kind}
        print(f"   {kind:10} " + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())))
    print("\n== Marts: Spark against DuckDB (same raw tables, numbers to 6 decimals)")
    outcomes = compare_marts(spark_dir / "raw.duckdb", spark_dir / "warehouse")
    if duckdb_exit != 0:
        outcomes.append(("(DuckDB build)", f"DIFFERS: exit {duckdb_exit}, see target-duckdb"))
    for table, outcome in outcomes:
        print(f"   {table:40} {outcome}")
    differing = [table for table, outcome in outcomes if outcome.startswith(("DIFFERS", "not"))]
    print(
        f"\n   wall time {spark_elapsed:.0f} s to the end of the Spark build (scale {args.scale}),"
    )
    print(f"   {elapsed:.0f} s with the DuckDB comparison")
    print(
        f"   peak memory {watch.peak_total_kib / 1024:.0f} MiB for the whole process tree, "
        f"of which the Spark JVM {watch.peak_java_kib / 1024:.0f} MiB"
    )
    top = ", ".join(f"{name} {rss / 1024:.0f}" for name, rss in watch.peak_breakdown[:4])
    print(f"   at the peak (MiB): {top}")
    print(f"   dbt log: {spark_dir / 'logs' / 'dbt.log'}")
    if build_exit == 0 and differing:
        print(f"   marts that differ from DuckDB: {', '.join(differing)}")
        return 1
    return build_exit


if __name__ == "__main__":
    raise SystemExit(main())
