"""Run dbt from Python with the project's environment, streaming its output.

Signals: `roi build` is the only writer of the warehouse while dbt runs, so it never leaves dbt
behind. dbt runs in a session of its own (a terminal's Ctrl-C reaches `roi` alone, never twice);
SIGTERM and SIGINT sent to `roi` are forwarded to dbt's process group and `roi` waits for dbt to
end. dbt stops on SIGINT by cancelling its queries; SIGTERM ends it at once (DuckDB and
PostgreSQL roll back what was not committed). When dbt has not ended after
ROI_DBT_STOP_GRACE_SECONDS (default 60) it is killed. On Linux dbt also receives SIGTERM when `roi`
itself dies without a chance to forward anything (SIGKILL, a crash): no orphan keeps writing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .settings import DEFAULT_DBT_STOP_GRACE_SECONDS, REPO_ROOT, Settings

FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGINT)
BESIDE_WAREHOUSE_ENV = "ROI_DBT_BESIDE_WAREHOUSE"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def _end_with_parent(parent_pid: int) -> Callable[[], None] | None:
    """A preexec hook: the child gets SIGTERM when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)  # loaded before the fork: the child only calls it

    def hook() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


class DbtInterrupted(RuntimeError):
    """`roi` received SIGTERM or SIGINT while dbt ran; dbt has ended."""

    def __init__(self, signum: int, dbt_exit_code: int) -> None:
        self.signum = signum
        self.signal_name = signal.Signals(signum).name
        self.dbt_exit_code = dbt_exit_code
        self.exit_code = 128 + signum  # what a shell reports for a process ended by the signal
        super().__init__(
            f"dbt stopped after {self.signal_name} (dbt exit {dbt_exit_code}); nothing of this "
            "run is published"
        )


def run_child(
    command: list[str],
    env: dict[str, str],
    grace_seconds: float = DEFAULT_DBT_STOP_GRACE_SECONDS,
    cwd: Path = REPO_ROOT,
) -> int:
    """Run `command` until it ends; forward SIGTERM/SIGINT to it and wait, at most
    `grace_seconds` (Settings.dbt_stop_grace_seconds) before killing it (see the module
    docstring). Raise DbtInterrupted after a forwarded signal, else return the exit code."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        start_new_session=True,
        preexec_fn=_end_with_parent(os.getpid()),  # noqa: PLW1509 (no threads start children)
    )
    received: list[int] = []
    received_at: list[float] = []

    def forward(signum: int, _frame) -> None:
        received.append(signum)
        received_at.append(time.monotonic())
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    try:
        while True:
            try:
                code = process.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if received_at and time.monotonic() - received_at[0] > grace_seconds:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise DbtInterrupted(received[0], code)
    return code


def run_dbt(
    *args: str,
    check: bool = True,
    extra_env: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> int:
    """Run `dbt <args>` in the project folder with the environment of `settings` (default: this
    process's env vars); return its exit code (raise when check fails).

    Raises DbtInterrupted when `roi` was asked to stop (SIGTERM/SIGINT) and dbt has ended."""
    settings = settings or Settings.from_env()
    env = settings.dbt_env()
    env.update(extra_env or {})
    cwd = REPO_ROOT
    beside = env.get(BESIDE_WAREHOUSE_ENV) == "1" and settings.duckdb_path.parent.is_dir()
    if settings.target == "duckdb" and beside:
        # dbt keeps its parse (target/partial_parse.msgpack) only while the profile's connection
        # info is unchanged, and dbt-duckdb's includes the warehouse `path`: with this switch dbt
        # runs beside the warehouse file and names it relatively, so pipelines in many folders
        # (the test suite's) share one parse. Target and logs stay where they were. Off by
        # default: a `dbt` run by hand (absolute path) and `roi` then keep sharing theirs.
        cwd = settings.duckdb_path.parent
        env["ROI_DUCKDB_PATH"] = settings.duckdb_path.name
        env["DBT_PROJECT_DIR"] = str(REPO_ROOT)
    command = [dbt_executable(), *args]
    print(f"$ dbt {' '.join(args)}", flush=True)
    returncode = run_child(command, env, settings.dbt_stop_grace_seconds, cwd)
    if check and returncode != 0:
        raise SystemExit(f"dbt {args[0]} failed (exit {returncode}); see the log above.")
    return returncode


@contextlib.contextmanager
def packages_lock() -> Iterator[None]:
    """Hold the checkout's `dbt deps` lock: two installs at once race on `dbt_packages/`.

    Parallel test workers and a `roi build` running beside them share one checkout; `dbt deps`
    removes and recreates the package link, so concurrent installs queue here.
    """
    lock = REPO_ROOT / ".roi" / "dbt_deps.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def local_packages_linked(root: Path = REPO_ROOT) -> bool:
    """Whether `dbt deps` has nothing to do: every package of packages.yml is a local one and
    `dbt_packages/` already links to its folder (edits to it are seen through the link). A hub
    or git package, a missing link or one pointing elsewhere: False."""
    import yaml

    spec = yaml.safe_load((root / "packages.yml").read_text()) or {}
    packages = spec.get("packages") or []
    installed = root / "dbt_packages"
    if not installed.is_dir():
        return False
    linked = {entry.resolve() for entry in installed.iterdir() if entry.is_symlink()}
    return all("local" in package for package in packages) and all(
        (root / package["local"]).resolve() in linked for package in packages
    )


def install_packages(settings: Settings | None = None) -> None:
    """`dbt deps`, one process at a time (see packages_lock); skipped when the local packages
    are already linked (a nightly `roi build` saves dbt's start-up, about 4 s)."""
    with packages_lock():
        if local_packages_linked():
            return
        run_dbt("deps", "--quiet", settings=settings)
