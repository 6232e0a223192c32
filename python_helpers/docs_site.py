"""The dbt docs site and the MetricFlow project, for the people and BI tools that read the marts.

`generate_docs(target_dir)` runs `dbt docs generate` into a folder of its own and returns the
site's `index.html` (plus `static_index.html`, one file that opens offline from disk);
`serve_docs(target_dir)` serves that folder over HTTP. `prepare_metricflow_project(workdir)`
makes a folder that `mf` (MetricFlow's command line) can run in when dbt's artifacts are not in
the project's own `target/` (see its docstring).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
from pathlib import Path

from .dbt_runner import dbt_executable
from .settings import REPO_ROOT, Settings

# What a dbt project needs to be loaded from another folder (dbt debug, dbt parse, mf).
PROJECT_ENTRIES = (
    "dbt_project.yml",
    "packages.yml",
    "package-lock.yml",
    "selectors.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "analyses",
    "snapshots",
    "local_packages",
    "dbt_packages",
)
DOCS_FILES = ("index.html", "manifest.json", "catalog.json")


class DocsError(RuntimeError):
    """dbt could not write the docs site or the semantic manifest; the message says what to do."""


def _run_dbt(args: list[str], env: dict[str, str] | None) -> subprocess.CompletedProcess:
    environment = Settings.from_env().dbt_env() if env is None else dict(env)
    return subprocess.run(
        [dbt_executable(), *args],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _failure(what: str, completed: subprocess.CompletedProcess, hint: str) -> DocsError:
    tail = "\n".join((completed.stdout + completed.stderr).strip().splitlines()[-25:])
    return DocsError(f"{what} failed (exit {completed.returncode}). {hint}\n{tail}")


def generate_docs(
    target_dir: Path, *, static: bool = True, env: dict[str, str] | None = None
) -> Path:
    """Write the dbt docs site into `target_dir` and return the path of its index.html.

    Descriptions, lineage, exposures and metrics come from the project; column types and row
    counts (catalog.json) from the warehouse dbt's profile points at (ROI_DUCKDB_PATH), so build
    it first for a complete catalog. With `static`, dbt also writes static_index.html: the same
    site in one file that opens from disk without a server. `env` replaces the environment dbt
    runs in (default: the project's, settings.dbt_env()).
    """
    target_dir = Path(target_dir).resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    args = ["docs", "generate", "--target-path", str(target_dir)]
    if static:
        args.append("--static")
    print(f"writing the docs site to {target_dir} ...", flush=True)
    completed = _run_dbt(args, env)
    if completed.returncode != 0:
        raise _failure(
            "dbt docs generate",
            completed,
            "Fix the model or YAML file named below (try `dbt parse`), and run `roi build` first "
            "so the warehouse holds the tables the catalog describes.",
        )
    missing = [name for name in DOCS_FILES if not (target_dir / name).is_file()]
    if missing:
        raise DocsError(f"dbt docs generate did not write {', '.join(missing)} in {target_dir}.")
    return target_dir / "index.html"


def serve_docs(target_dir: Path, port: int = 8080) -> None:  # pragma: no cover - blocks
    """Serve a generated docs site on http://127.0.0.1:<port>/ until interrupted (Ctrl-C)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(target_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"docs site: http://127.0.0.1:{port}/ (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def prepare_metricflow_project(workdir: Path, env: dict[str, str] | None = None) -> Path:
    """Make `workdir` a folder `mf` can run in, with a fresh semantic manifest; return it.

    MetricFlow's command line (dbt-metricflow 0.15) reads the semantic manifest only from
    `<project>/target/semantic_manifest.json`: it ignores DBT_TARGET_PATH and `--target-path`
    (dbt-labs/metricflow#605 made the default `target` an assumption). Where dbt writes its
    artifacts elsewhere (our tests, parallel builds), this links the project's files into
    `workdir`, runs `dbt parse` with `workdir/target` as the target path, and leaves the real
    `target/` alone. Run `mf` with `cwd=workdir` (or DBT_PROJECT_DIR=workdir) and the same
    environment, so it queries the warehouse the manifest was parsed against.
    """
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_ENTRIES:
        source, link = REPO_ROOT / name, workdir / name
        if source.exists() and not link.exists():
            link.symlink_to(source, target_is_directory=source.is_dir())
    target = workdir / "target"
    environment = Settings.from_env().dbt_env() if env is None else dict(env)
    environment["DBT_TARGET_PATH"] = str(target)
    environment.pop("DBT_PROJECT_DIR", None)
    completed = _run_dbt(
        ["parse", "--project-dir", str(REPO_ROOT), "--target-path", str(target)], environment
    )
    if completed.returncode != 0:
        raise _failure(
            "dbt parse", completed, "Fix the model or YAML file named below, then run mf again."
        )
    if not (target / "semantic_manifest.json").is_file():
        raise DocsError(f"dbt parse wrote no semantic_manifest.json in {target}.")
    return workdir


def metricflow_env(workdir: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to run `mf` in for a folder made by prepare_metricflow_project."""
    environment = Settings.from_env().dbt_env() if env is None else dict(env)
    environment["DBT_PROJECT_DIR"] = str(Path(workdir).resolve())
    return environment
