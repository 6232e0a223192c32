"""Run dbt from Python with the project's environment, streaming its output."""

from __future__ import annotations

import subprocess
import sys

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
