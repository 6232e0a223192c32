"""Shared fixtures and helpers. The sample warehouse is built ONCE per test run and shared.

A `dbt build` of the sample costs minutes of CPU (dbt parses ~680 nodes, then runs models, data
tests and unit tests), so tests that only READ a built sample must not build their own.

Fixtures and helpers (use these; names are stable):

- `built_warehouse` (session): the sample extracts (scale SAMPLE_SCALE, seed 42) generated,
  loaded and built with `dbt build` (models, seeds, data tests and unit tests). The build runs
  once per `pytest` run, whichever xdist worker (or the background start, see below) gets there
  first; every worker then gets its OWN copy of the warehouse file, its dbt target folder and
  logs (copying is cheap), so `dbt compile`, `roi results` or `roi check` with
  `built_warehouse.env` never meet another worker's lock. Its landing folder is shared by all
  workers: read it, never write to it. Read marts with `built_warehouse.query(sql)` /
  `.connect()` (read-only); `build_log` is the build's dbt output.
- `warehouse_copy` (function): a private, writable copy of `built_warehouse` (warehouse file,
  target, landing) under the test's tmp_path: for a test that mutates the built warehouse
  (plants a violation, reloads, rebuilds a few models). Copying replaces a rebuild.
- `copy_pipeline(pipeline, root, copy_landing=False)`: the same copy, for module fixtures.
- `shared_sample(tmp_path_factory, scale, seed)`: the once-per-run build at another scale, for
  modules that need a smaller or larger sample (read-only; take a `copy_pipeline` to write).
- `run_pipeline(root, scale, seed)`: generate, load and build a sample of one's own in `root`:
  only where a test needs its own data (fixtures, edited files, deliveries).
- `isolated_env(root)`, `roi(...)`, `dbt(...)`, `dbt_deps(env)`: run commands with the landing,
  warehouse, dbt target and logs under `root`, never the developer's .roi/.

Cost rules for new tests: read `built_warehouse` wherever the sample proves the point; build only
what the test needs (`dbt build --select <model>+` / `--select +<model>` instead of the whole
project; `--exclude resource_type:unit_test` in builds of landed data: dbt unit tests read given
rows, never landed data, and the shared build runs every one of them); a module fixture that
builds runs every dbt command with the same vars so dbt parses the project once (a full parse
costs ~16 s of CPU; `--vars` other than the project's force one).

One parse per run: dbt keeps its parse (target/partial_parse.msgpack) only while the profile's
connection info is unchanged, and dbt-duckdb's includes the warehouse path. So `dbt(...)` runs dbt
beside the warehouse file, naming it relatively ("roi.duckdb" in every pipeline), `roi` does the
same (isolated_env sets ROI_DBT_BESIDE_WAREHOUSE=1, python_helpers/dbt_runner.py), and the first
parse of the run is copied into each new target folder (`_parse_seed`). dbt still checks every
file's checksum and parses what changed. Run dbt through `dbt(...)` or `roi(...)`, not a
subprocess of your own, or it parses again.

Background start: when the collected tests use `built_warehouse`, the first worker to run a test
starts the shared build in a background process (its output in <basetemp>/sample_*/builder.log),
so the build overlaps the modules that need no sample. ROI_TEST_BACKGROUND_BUILD=0 builds in the
first test that asks instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pytest

from python_helpers.dbt_runner import BESIDE_WAREHOUSE_ENV, packages_lock

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLE_SCALE = 0.5
SAMPLE_SEED = 42
WAREHOUSE_FILE = Path("warehouse") / "roi.duckdb"


@dataclass(frozen=True)
class Pipeline:
    root: Path
    landing: Path
    database: Path
    env: dict[str, str]
    build_log: str = ""

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.database), read_only=True)

    def query(self, sql: str) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql).fetchall()


def isolated_env(root: Path) -> dict[str, str]:
    """Environment for a pipeline in its own folder: landing, warehouse, dbt target and logs."""
    env = dict(os.environ)
    # Tests reconcile every raw row, whatever a scheduler exported for its nightly runs.
    env.pop("ROI_DATA_TESTS_RECENT_LOADS_ONLY", None)
    env.update(
        {
            "ROI_LANDING_DIR": str(root / "landing"),
            "ROI_DUCKDB_PATH": str(root / WAREHOUSE_FILE),
            "DBT_TARGET_PATH": str(root / "target"),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_PROFILES_DIR": str(REPO_ROOT / "profiles"),
            # `roi` runs dbt as `dbt(...)` below does: beside the warehouse, one parse per run.
            BESIDE_WAREHOUSE_ENV: "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DO_NOT_TRACK": "1",
            "GX_ANALYTICS_ENABLED": "False",
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    return env


def run(
    command: list[str], env: dict[str, str], check: bool = True, cwd: Path = REPO_ROOT
) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout[-8000:]}\n"
            f"--- stderr ---\n{completed.stderr[-4000:]}"
        )
    return completed


def roi(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    if args[:1] == ("build",) and env.get(BESIDE_WAREHOUSE_ENV) == "1":
        _copy_parse_seed(env, args)  # `roi build` runs dbt beside the warehouse, as dbt() does
    return run([str(BIN / "roi"), *args], env, check)


def dbt(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """`dbt <args>` in `env`, reusing this run's parse where dbt allows it (see `_parse_seed`)."""
    command = [str(BIN / "dbt"), *args]
    database = Path(env.get("ROI_DUCKDB_PATH") or "roi.duckdb")
    if (
        not database.is_absolute()
        or not database.parent.is_dir()  # `dbt deps` before anything made the folder
        or "--project-dir" in args
        or env.get("ROI_TARGET", "duckdb") != "duckdb"
    ):
        return run(command, env, check)
    # dbt keeps its parse (partial_parse.msgpack) only while the profile's connection info is
    # unchanged, and dbt-duckdb's includes the warehouse `path`: dbt runs beside the warehouse
    # file and names it relatively, the same string ("roi.duckdb") in every pipeline.
    env = {**env, "ROI_DUCKDB_PATH": database.name, "DBT_PROJECT_DIR": str(REPO_ROOT)}
    parse, seed = _copy_parse_seed(env, args)
    completed = run(command, env, check, cwd=database.parent)
    if seed is not None and completed.returncode == 0 and parse.exists() and not seed.exists():
        seed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parse, f"{seed}.{os.getpid()}")
        os.replace(f"{seed}.{os.getpid()}", seed)
    return completed


PARSE_SEED_ENV = "ROI_TEST_PARTIAL_PARSE_SEED"


def _copy_parse_seed(env: dict[str, str], args: tuple[str, ...]) -> tuple[Path, Path | None]:
    """Copy the run's parse into the target folder of `env` when it has none (and `args` pass
    no --vars); return that folder's partial_parse.msgpack and the seed (None: not used)."""
    parse = Path(env.get("DBT_TARGET_PATH") or REPO_ROOT / "target") / "partial_parse.msgpack"
    seed = _parse_seed() if not any(arg.startswith("--vars") for arg in args) else None
    if seed is not None and seed.exists() and not parse.exists():
        parse.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, parse)
    return parse, seed


def _parse_seed() -> Path | None:
    """This run's partial_parse.msgpack (made by the first dbt command without --vars), copied
    into each new target folder: a full parse of the project costs ~16 s of CPU, a partial one
    of an unchanged project none. dbt checks every file's checksum, the vars, the profile's
    connection info and env vars the files read, and parses again whatever differs."""
    seed = os.environ.get(PARSE_SEED_ENV)
    return Path(seed) if seed else None


def dbt_deps(env: dict[str, str]) -> None:
    """`dbt deps` for the checkout, queued behind any other worker's (pytest-xdist shares it)."""
    with packages_lock():
        dbt("deps", "--quiet", env=env)


def parsed_manifest(root: Path) -> dict:
    """The project's manifest.json from `dbt parse` in a folder of its own (no build)."""
    (root / "warehouse").mkdir(parents=True, exist_ok=True)
    env = isolated_env(root)
    dbt_deps(env)
    dbt("parse", "--quiet", env=env)
    return json.loads((root / "target" / "manifest.json").read_text())


def relations_that_differ(
    nightly: dict[str, list[tuple]], full: dict[str, list[tuple]]
) -> dict[str, list[tuple]]:
    """Relations whose rows differ between a plain nightly build and a full refresh (exports by
    relation name), each with up to 4 sample rows of the symmetric difference; {} when equal."""
    return {
        name: sorted(set(rows) ^ set(full[name]), key=repr)[:4]
        for name, rows in nightly.items()
        if full[name] != rows
    }


def run_pipeline(root: Path, scale: float = SAMPLE_SCALE, seed: int = SAMPLE_SEED) -> Pipeline:
    env = isolated_env(root)
    roi("generate", "--scale", str(scale), "--seed", str(seed), env=env)
    roi("load", env=env)
    dbt_deps(env)
    build = dbt("build", env=env)
    return Pipeline(root, root / "landing", root / WAREHOUSE_FILE, env, build.stdout)


# --- One build per run -----------------------------------------------------------------------


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder all xdist workers of this run share (each worker's basetemp is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _sample_folder(run_root: Path, scale: float, seed: int) -> Path:
    return run_root / f"sample_scale{scale}_seed{seed}"


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_sample_built(folder: Path, scale: float, seed: int) -> None:
    """Build the sample in `folder` unless an earlier process of this run did (or failed to:
    the failure is raised again, not rebuilt). Safe to call from any number of processes."""
    done, failed = folder / "build.log", folder / "build.failed"
    with _exclusive(folder.with_name(folder.name + ".lock")):
        if failed.exists():
            raise AssertionError(f"the shared sample build failed:\n{failed.read_text()}")
        if done.exists():
            return
        shutil.rmtree(folder / "pipeline", ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            pipeline = run_pipeline(folder / "pipeline", scale, seed)
        except BaseException as error:
            failed.write_text("".join(traceback.format_exception(error))[-12000:])
            raise
        done.with_suffix(".tmp").write_text(pipeline.build_log)
        os.replace(done.with_suffix(".tmp"), done)


def _pipeline_in(root: Path, build_log: str) -> Pipeline:
    return Pipeline(root, root / "landing", root / WAREHOUSE_FILE, isolated_env(root), build_log)


def shared_sample(
    tmp_path_factory: pytest.TempPathFactory, scale: float = SAMPLE_SCALE, seed: int = SAMPLE_SEED
) -> Pipeline:
    """The sample at `scale`/`seed`, built once per run and shared by every worker: READ-ONLY
    (take a `copy_pipeline` of it to run dbt or roi commands that write)."""
    folder = _sample_folder(run_folder(tmp_path_factory), scale, seed)
    ensure_sample_built(folder, scale, seed)
    return _pipeline_in(folder / "pipeline", (folder / "build.log").read_text())


def copy_pipeline(source: Pipeline, root: Path, copy_landing: bool = False) -> Pipeline:
    """A private copy of a built pipeline in `root`: the warehouse file (with its audit), the dbt
    target folder (manifest, run results) and logs; the landing folder too when `copy_landing`,
    else the copy reads the source's landing (do not write to it)."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("warehouse", "target", "logs"):
        if (source.root / folder).exists():
            shutil.copytree(source.root / folder, root / folder, dirs_exist_ok=True)
    env = isolated_env(root)
    if copy_landing:
        shutil.copytree(source.landing, root / "landing", copy_function=shutil.copy2)
        landing = root / "landing"
    else:
        landing = source.landing
        env["ROI_LANDING_DIR"] = str(landing)
    return replace(source, root=root, landing=landing, database=root / WAREHOUSE_FILE, env=env)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    shared = shared_sample(tmp_path_factory)
    yield copy_pipeline(shared, tmp_path_factory.mktemp("pipeline"))


@pytest.fixture
def warehouse_copy(built_warehouse: Pipeline, tmp_path: Path) -> Pipeline:
    """A writable copy of the sample build (landing included), private to one test."""
    return copy_pipeline(built_warehouse, tmp_path / "pipeline", copy_landing=True)


# --- Longest modules first --------------------------------------------------------------------

# Test modules by measured cost, the most expensive first (`--durations=0`, CPU seconds of their
# dbt runs). xdist hands whole modules to the workers in collection order (`make test` passes
# --no-loadscope-reorder: xdist would otherwise sort modules by their NUMBER of tests and start
# these few-test, many-minute modules last), so the long ones start early and the short ones fill
# in at the end. Modules needing `built_warehouse` wait here while the background build runs, so
# the first ones build their own data. A module not listed runs after these, in file order: add
# a new module that runs its own dbt builds to this list.
LONGEST_MODULES_FIRST = (
    "test_source_subsets.py",
    "test_nightly_scope.py",
    "test_incremental.py",
    "test_publish.py",
    "test_bad_data_properties.py",
    "test_postgres.py",
    "test_formula_safe.py",
    "test_deterministic_numbers.py",
    "test_mart_equality.py",
    "test_signals.py",
    "test_crm_stage_mappings.py",
    "test_format_detection.py",
    "test_landing_files.py",
    "test_data_contracts.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(LONGEST_MODULES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: order kept within


# --- Background start of the shared build ------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _start_shared_build_early(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """When any collected test uses `built_warehouse`, start its build in the background at the
    first test, so it overlaps the modules that need no sample (the first worker starts it; the
    fixture then waits for it, or builds it itself when ROI_TEST_BACKGROUND_BUILD=0)."""
    os.environ[PARSE_SEED_ENV] = str(run_folder(tmp_path_factory) / "partial_parse.msgpack")
    builder = None
    wanted = any(
        "built_warehouse" in getattr(item, "fixturenames", ()) for item in request.session.items
    )
    if wanted and os.environ.get("ROI_TEST_BACKGROUND_BUILD", "1") != "0":
        folder = _sample_folder(run_folder(tmp_path_factory), SAMPLE_SCALE, SAMPLE_SEED)
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(folder / "builder.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            with (folder / "builder.log").open("w") as log:
                builder = subprocess.Popen(
                    [sys.executable, __file__, str(folder), str(SAMPLE_SCALE), str(SAMPLE_SEED)],
                    cwd=REPO_ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_end_with_parent(os.getpid()),
                )
    yield
    if builder is not None and builder.poll() is None:
        if request.session.shouldstop or request.session.shouldfail:  # -x, --maxfail
            os.killpg(builder.pid, signal.SIGTERM)
        builder.wait()  # another worker may still wait for it


def _end_with_parent(parent_pid: int):
    """The builder gets SIGTERM when the worker that started it dies (Linux; else None)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def hook() -> None:
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent_pid:
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


def _builder_main(folder: Path, scale: float, seed: int) -> None:
    """The background builder: on SIGTERM it ends with its whole process group (dbt too); the
    lock it held is released and the next process that asks builds the sample again."""
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(os.getpgrp(), signal.SIGKILL))
    ensure_sample_built(folder, scale, seed)


if __name__ == "__main__":  # conftest.py <folder> <scale> <seed>
    _builder_main(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))
