"""Run dbt from Python with the project's environment, streaming its output."""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
import sys
from collections.abc import Iterator

from .settings import REPO_ROOT, dbt_env


def dbt_executable() -> str:
    from pathlib import Path

    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(*args: str, check: bool = True, extra_env: dict[str, str] | None = None) -> int:
    """Run `dbt <args>` in the project folder; return its exit code (raise when check fails)."""
    env = dbt_env()
    env.update(extra_env or {})
    command = [dbt_executable(), *args]
    print(f"$ dbt {' '.join(args)}", flush=True)
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)
    if check and completed.returncode != 0:
        raise SystemExit(f"dbt {args[0]} failed (exit {completed.returncode}); see the log above.")
    return completed.returncode


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


def install_packages() -> None:
    """`dbt deps`, one process at a time (see packages_lock)."""
    with packages_lock():
        run_dbt("deps", "--quiet")
