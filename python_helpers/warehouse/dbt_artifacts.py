"""What dbt's last invocation left in its target folder (run_results.json, manifest.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MARTS_FOLDER = "marts"  # models/marts/**: the mart models, whatever schema they are built in


def run_results_path(target_dir: Path) -> Path:
    return target_dir / "run_results.json"


def invocation_id(target_dir: Path) -> str | None:
    """The invocation id of dbt's last run_results.json (None: none to read)."""
    path = run_results_path(target_dir)
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())["metadata"]["invocation_id"]
    except (ValueError, KeyError):
        return None


@dataclass(frozen=True)
class DbtBuild:
    """The dbt invocation of a target folder: run_results.json and manifest.json."""

    invocation_id: str
    manifest_invocation_id: str  # dbt build writes both files; a later parse rewrites the manifest
    command: str
    adapter: str
    statuses: dict[str, str]  # unique_id -> status
    marts: dict[str, str]  # mart unique_id -> table name
    marts_schema: str | None


def read_dbt_build(target_dir: Path) -> DbtBuild | None:
    """The last dbt invocation of this target folder, or None when there is none to read. The
    marts are the manifest's table models under models/marts/."""
    try:
        results = json.loads(run_results_path(target_dir).read_text())
        manifest = json.loads((target_dir / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    marts = {
        unique_id: node["alias"]
        for unique_id, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == "model"
        and MARTS_FOLDER in node.get("fqn", [])
        and node.get("config", {}).get("materialized") in ("table", "incremental")
    }
    schemas = {manifest["nodes"][unique_id]["schema"] for unique_id in marts}
    return DbtBuild(
        invocation_id=results.get("metadata", {}).get("invocation_id", ""),
        manifest_invocation_id=manifest.get("metadata", {}).get("invocation_id", ""),
        command=results.get("args", {}).get("which", ""),
        adapter=manifest.get("metadata", {}).get("adapter_type", ""),
        statuses={r["unique_id"]: r["status"] for r in results.get("results", [])},
        marts=marts,
        marts_schema=schemas.pop() if len(schemas) == 1 else None,
    )
