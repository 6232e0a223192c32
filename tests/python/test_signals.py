"""`roi build` never leaves an orphan dbt writing the warehouse (issue 14, item 6).

SIGTERM or SIGINT to `roi build` reaches its dbt child; `roi` waits for dbt to end, records the
build as failed (stopped by the signal) and exits 128 + the signal number. Right after, another
process opens the warehouse for writing: DuckDB's single-writer lock is free.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from conftest import BIN, REPO_ROOT, isolated_env, roi

from python_helpers.warehouse import duckdb_file


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its closing bracket
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")


def test_a_child_that_ignores_the_signal_is_killed_after_the_grace_period(tmp_path):
    """run_child forwards the signal, waits, and kills a child that does not stop in time."""
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"
    script = tmp_path / "runner.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from python_helpers.dbt_runner import DbtInterrupted, run_child
            try:
                run_child([sys.executable, "-c", {stubborn!r}], {{}}, grace_seconds=1)
            except DbtInterrupted as stopped:
                print("stopped", stopped.signal_name, stopped.dbt_exit_code, flush=True)
                raise SystemExit(stopped.exit_code)
            """
        )
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    runner = subprocess.Popen(
        [sys.executable, str(script)], env=env, stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while not (children := children_of(runner.pid)):
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    (child,) = children
    time.sleep(0.3)  # let the child install its SIG_IGN
    runner.send_signal(signal.SIGTERM)
    output, _ = runner.communicate(timeout=30)
    assert runner.returncode == 128 + signal.SIGTERM
    assert f"stopped SIGTERM {-signal.SIGKILL}" in output  # ignored SIGTERM, killed after 1 s
    assert not is_running(child)


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("signals")
    env = isolated_env(root)
    env["ROI_PUBLISHED_DUCKDB_PATH"] = str(root / "bi" / "roi.duckdb")
    roi("generate", "--scale", "0.05", "--seed", "7", env=env)
    roi("load", env=env)
    return env


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_to_roi_build_stops_dbt_and_frees_the_warehouse(small_warehouse, signum, tmp_path):
    env, log = small_warehouse, tmp_path / "build.log"
    database = Path(env["ROI_DUCKDB_PATH"])
    with log.open("w") as output:
        build = subprocess.Popen(
            [str(BIN / "roi"), "build"], cwd=REPO_ROOT, env=env, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 300
    dbt_child = None
    while " START " not in log.read_text():  # dbt runs a node: it holds the warehouse
        assert build.poll() is None, f"roi build ended early:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, "dbt never started a node"
        time.sleep(0.1)
    dbt_children = [pid for pid in children_of(build.pid) if is_running(pid)]
    assert len(dbt_children) == 1, dbt_children
    (dbt_child,) = dbt_children
    assert "dbt" in Path(f"/proc/{dbt_child}/cmdline").read_text()

    build.send_signal(signum)  # to `roi` alone, as `kill <pid>` or a scheduler does
    build.wait(timeout=180)

    assert not is_running(dbt_child), "dbt still runs after roi build ended"
    assert build.returncode == 128 + signum
    with duckdb.connect(str(database)) as con:  # read-write: fails on DuckDB's lock if held
        con.execute("create or replace table main.writable_after_signal as select 1 as one")
    recorded = duckdb_file.read_audit(database)["build"]
    assert recorded["status"] == "failed"
    assert recorded["stopped_by"] == signal.Signals(signum).name
    assert f"dbt stopped after {signal.Signals(signum).name}" in log.read_text()
