"""Layers only point down, enforced over dbt's manifest (docs/architecture.md "Rules").

The rules are written here, after dbt-project-evaluator's (which is not installable here): each
takes a parsed `manifest.json` and returns the violations it finds. `dbt parse` writes the real
manifest in a few seconds (no warehouse, no build), so the real project is checked on every
`make test`. Each rule is also shown to fail: a tiny synthetic manifest that passes every rule
gets one violation planted, and exactly that rule must report it; a few violations are planted
in a copy of the real manifest too.

Violations owned by engineers still at work are listed in KNOWN_VIOLATIONS with their owner and
why they are still there. The owner deletes the entry in the commit that removes the violation:
an entry that no longer matches a violation fails the test as well, so the list only shrinks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import parsed_manifest

PROJECT = "ai_marketing_roi"

# Seeds that staging may read: vendor-code mappings and staging's own quarantine rules, whose
# edit takes effect on the next plain `dbt build` (the rule also checks that every incremental
# model downstream of them rebuilds after a seed edit: it calls upstream_seeds_changed, which
# tests/python/test_seed_edits.py proves equal to a full refresh; any other incremental model
# would keep rows built with the old values). Business values (costs, rates applied to amounts,
# a test's workflow) are joined after staging. docs/staging.md lists them with the same reasons.
STAGING_SEEDS = {
    "plausibility_rules": (
        "the limits beyond which staging quarantines a row (a time entry over N hours, an "
        "opportunity amount over a ceiling): deciding what is quarantined is staging's job, and "
        "only views read the seed, so an edit re-decides every row on the next build"
    ),
    "email_event_types": (
        "maps each vendor's event code to an event type; a code without one is quarantined "
        "unknown_event_type (the email incremental models rebuild after an edit)"
    ),
    "ab_tests": (
        "staging reads only the vendor labels (platform, campaign key, control and AI variant "
        "labels) that map an event to its test arm; an unregistered variant is quarantined "
        "unknown_test_variant (the email incremental models rebuild after an edit)"
    ),
    "fx_rates": (
        "staging reads only which currencies have a rate: an amount in any other currency is "
        "quarantined unknown_currency, never summed as dollars; the rates are applied in "
        "int_opportunities_converted_to_usd (only views read it in staging)"
    ),
}
# The macro an incremental model calls to read every raw row again after an upstream seed edit.
REBUILDS_AFTER_SEED_EDITS = f"macro.{PROJECT}.upstream_seeds_changed"

# Seeds: the team that edits them. Models: the team that maintains them.
SEED_OWNERS = {"RevOps", "Finance"}
MODEL_OWNERS = {"analytics-engineering"}

# Violations of engineers still at work (issue 15): (rule, node, what it reads) -> owner, why.
# Delete an entry in the commit that removes its violation.
KNOWN_VIOLATIONS: dict[tuple[str, str, str], str] = {}


class Violation(NamedTuple):
    rule: str
    node: str
    reads: str  # the node it reads, or "" when the rule is about the node alone
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.node, self.reads)


# --- reading the manifest ---------------------------------------------------------------------


def _project_nodes(manifest: dict, resource_type: str) -> dict[str, dict]:
    return {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == resource_type and node["package_name"] == PROJECT
    }


def layer_of(node: dict) -> str:
    """staging, quarantine, intermediate, marts, seed, source; 'other' for a model elsewhere."""
    if node["resource_type"] in ("seed", "source"):
        return node["resource_type"]
    path = Path(node["original_file_path"]).parts
    folder = path[1] if len(path) > 2 and path[0] == "models" else ""
    if folder == "staging" and node["name"].endswith("__quarantined"):
        return "quarantine"
    if folder in ("staging", "intermediate", "marts"):
        return folder
    return "other"


def _node(manifest: dict, unique_id: str) -> dict | None:
    return manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id)


def _parents(manifest: dict, node: dict) -> Iterable[dict]:
    for unique_id in node["depends_on"]["nodes"]:
        parent = _node(manifest, unique_id)
        if parent is not None and parent["package_name"] == PROJECT:
            yield parent


def _meta(node: dict) -> dict:
    return {**(node.get("meta") or {}), **(node.get("config", {}).get("meta") or {})}


def _descendant_models(manifest: dict, unique_id: str) -> set[str]:
    children = manifest.get("child_map") or {}
    if not children:  # a hand-made manifest: derive it from depends_on
        for child_id, child in manifest["nodes"].items():
            for parent_id in child.get("depends_on", {}).get("nodes", []):
                children.setdefault(parent_id, []).append(child_id)
    seen: set[str] = set()
    stack = [unique_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child.startswith("model.") and child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


# --- the rules --------------------------------------------------------------------------------


def _edges(manifest: dict, reader: str, read: set[str], rule: str, why: str) -> list[Violation]:
    found = []
    for node in _project_nodes(manifest, "model").values():
        if layer_of(node) != reader:
            continue
        for parent in _parents(manifest, node):
            if layer_of(parent) in read:
                found.append(Violation(rule, node["name"], parent["name"], why))
    return found


def model_outside_layers(manifest: dict) -> list[Violation]:
    return [
        Violation(
            "model_outside_layers",
            node["name"],
            "",
            f"{node['original_file_path']} is not under models/staging, intermediate or marts",
        )
        for node in _project_nodes(manifest, "model").values()
        if layer_of(node) == "other"
    ]


def source_outside_staging(manifest: dict) -> list[Violation]:
    found = []
    for layer in ("intermediate", "marts"):
        found += _edges(
            manifest,
            layer,
            {"source"},
            "source_outside_staging",
            "only staging reads raw tables (source())",
        )
    return found


def intermediate_reads_mart(manifest: dict) -> list[Violation]:
    return _edges(
        manifest,
        "intermediate",
        {"marts"},
        "intermediate_reads_mart",
        "an intermediate model reads a mart (arrows run back up): read the seed or the "
        "intermediate model the mart is built from",
    )


def mart_reads_staging(manifest: dict) -> list[Violation]:
    return _edges(
        manifest,
        "marts",
        {"staging", "quarantine"},
        "mart_reads_staging",
        "a mart reads staging (skips the intermediate layer): read an intermediate model",
    )


def reads_quarantine_outside_staging(manifest: dict) -> list[Violation]:
    found = []
    for layer in ("intermediate", "marts", "other"):
        found += _edges(
            manifest,
            layer,
            {"quarantine"},
            "reads_quarantine_outside_staging",
            "quarantined rows are for the reconciliation inside staging and for people "
            "(roi doctor), never an input of a number",
        )
    return found


def staging_reads_business_seed(manifest: dict) -> list[Violation]:
    found = []
    for node in _project_nodes(manifest, "model").values():
        if layer_of(node) not in ("staging", "quarantine"):
            continue
        for parent in _parents(manifest, node):
            if parent["resource_type"] != "seed":
                continue
            if parent["name"] not in STAGING_SEEDS:
                why = (
                    f"staging joins the business seed {parent['name']}: join it after staging "
                    "(STAGING_SEEDS lists the seeds staging may read, with the reason)"
                )
            else:
                incremental = sorted(
                    manifest["nodes"][child]["name"]
                    for child in _descendant_models(manifest, parent["unique_id"])
                    if manifest["nodes"][child]["config"]["materialized"] == "incremental"
                    and REBUILDS_AFTER_SEED_EDITS
                    not in manifest["nodes"][child]["depends_on"].get("macros", [])
                )
                if not incremental:
                    continue
                why = (
                    f"{parent['name']} may be read in staging only while an edit takes effect "
                    f"on a plain build, but incremental models sit downstream: {incremental}"
                )
            found.append(
                Violation("staging_reads_business_seed", node["name"], parent["name"], why)
            )
    return found


def exposure_reads_non_mart(manifest: dict) -> list[Violation]:
    found = []
    readers = [*manifest["exposures"].values(), *manifest.get("semantic_models", {}).values()]
    for reader in readers:
        for unique_id in reader["depends_on"]["nodes"]:
            parent = _node(manifest, unique_id)
            if parent is not None and layer_of(parent) != "marts":
                found.append(
                    Violation(
                        "exposure_reads_non_mart",
                        reader["name"],
                        parent["name"],
                        "what BI and the semantic layer read is a mart (contracted, documented)",
                    )
                )
    return found


def _primary_keys(manifest: dict) -> dict[str, list[set[str]]]:
    """Per model id: the column sets proven unique and not null (tests or constraints)."""
    unique: dict[str, list[set[str]]] = {}
    not_null: dict[str, set[str]] = {}
    for test in _project_nodes(manifest, "test").values():
        metadata = test.get("test_metadata") or {}
        attached = test.get("attached_node")
        if not attached:
            continue
        name = metadata.get("name")
        kwargs = metadata.get("kwargs") or {}
        if name == "unique" and test.get("column_name"):
            unique.setdefault(attached, []).append({test["column_name"]})
        elif name == "not_null" and test.get("column_name"):
            not_null.setdefault(attached, set()).add(test["column_name"])
        elif name == "unique_combination_of_columns":
            columns = kwargs.get("combination_of_columns") or []
            # a key of several columns: each column must be there; dbt_utils' test fails on a
            # combination that repeats, nulls included, which is what a composite key needs.
            unique.setdefault(attached, []).append(set(columns) | {"__composite__"})
    keys: dict[str, list[set[str]]] = {}
    for unique_id, column_sets in unique.items():
        for columns in column_sets:
            if "__composite__" in columns or columns <= not_null.get(unique_id, set()):
                keys.setdefault(unique_id, []).append(columns - {"__composite__"})
    for unique_id, node in manifest["nodes"].items():
        for constraint in node.get("constraints") or []:
            if constraint.get("type") == "primary_key":
                keys.setdefault(unique_id, []).append(set(constraint.get("columns") or []))
        for column in (node.get("columns") or {}).values():
            for constraint in column.get("constraints") or []:
                if constraint.get("type") == "primary_key":
                    keys.setdefault(unique_id, []).append({column["name"]})
    return keys


def table_without_primary_key(manifest: dict) -> list[Violation]:
    keys = _primary_keys(manifest)
    return [
        Violation(
            "table_without_primary_key",
            node["name"],
            "",
            "a table or incremental model needs a primary key: unique + not_null on a column, "
            "dbt_utils.unique_combination_of_columns, or a primary_key constraint",
        )
        for unique_id, node in _project_nodes(manifest, "model").items()
        if node["config"]["materialized"] in ("table", "incremental") and not keys.get(unique_id)
    ]


def mart_column_undocumented(manifest: dict) -> list[Violation]:
    found = []
    for node in _project_nodes(manifest, "model").values():
        if layer_of(node) != "marts":
            continue
        if not (node.get("description") or "").strip():
            found.append(
                Violation(
                    "mart_column_undocumented", node["name"], "", "the mart has no description"
                )
            )
        if not node.get("columns") or not node["config"].get("contract", {}).get("enforced"):
            # Only an enforced contract makes dbt check that the YAML lists every column.
            found.append(
                Violation(
                    "mart_column_undocumented",
                    node["name"],
                    "",
                    "the mart needs contract: {enforced: true} and every column listed",
                )
            )
        for column in node["columns"].values():
            if not (column.get("description") or "").strip():
                found.append(
                    Violation(
                        "mart_column_undocumented",
                        node["name"],
                        column["name"],
                        f"column {column['name']} has no description",
                    )
                )
    return found


def missing_owner(manifest: dict) -> list[Violation]:
    found = []
    for resource_type, owners in (("model", MODEL_OWNERS), ("seed", SEED_OWNERS)):
        for node in _project_nodes(manifest, resource_type).values():
            owner = _meta(node).get("owner")
            if owner not in owners:
                found.append(
                    Violation(
                        "missing_owner",
                        node["name"],
                        "",
                        f"meta.owner is {owner!r}; a {resource_type} is owned by one of "
                        f"{sorted(owners)}",
                    )
                )
    return found


def macro_undocumented(manifest: dict) -> list[Violation]:
    return [
        Violation(
            "macro_undocumented",
            macro["name"],
            "",
            f"{macro['original_file_path']}: describe the macro in a YAML properties file "
            "(macros: - name: ... description: ...)",
        )
        for macro in manifest.get("macros", {}).values()
        if macro["package_name"] == PROJECT and not (macro.get("description") or "").strip()
    ]


RULES: list[Callable[[dict], list[Violation]]] = [
    model_outside_layers,
    source_outside_staging,
    intermediate_reads_mart,
    mart_reads_staging,
    reads_quarantine_outside_staging,
    staging_reads_business_seed,
    exposure_reads_non_mart,
    table_without_primary_key,
    mart_column_undocumented,
    missing_owner,
    macro_undocumented,
]


def violations(manifest: dict) -> list[Violation]:
    return sorted(violation for rule in RULES for violation in rule(manifest))


def _report(found: Iterable[Violation]) -> str:
    return "\n".join(
        f"  {v.rule}: {v.node} {('-> ' + v.reads) if v.reads else ''}: {v.message}" for v in found
    )


# --- the real project --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return parsed_manifest(tmp_path_factory.mktemp("layers"))


def test_the_project_keeps_its_layers(manifest: dict):
    found = [v for v in violations(manifest) if v.key not in KNOWN_VIOLATIONS]
    assert not found, "Layer rules broken (docs/architecture.md):\n" + _report(found)


def test_every_known_violation_is_still_there(manifest: dict):
    current = {v.key for v in violations(manifest)}
    stale = sorted(key for key in KNOWN_VIOLATIONS if key not in current)
    assert not stale, (
        "These KNOWN_VIOLATIONS are fixed: delete them from tests/python/test_layers.py:\n"
        + "\n".join(f"  {key}" for key in stale)
    )


def test_the_real_manifest_has_every_layer(manifest: dict):
    # The rules classify by folder: a rename of a folder must not leave them checking nothing.
    layers = {layer_of(node) for node in manifest["nodes"].values()}
    assert {"staging", "quarantine", "intermediate", "marts", "seed"} <= layers
    assert manifest["exposures"], "no exposure parsed"


@pytest.mark.parametrize(
    ("plant", "expected"),
    [
        pytest.param(
            lambda m: _depend(m, "int_ab_test_arms_counted", "model", "fct_workflow_roi"),
            ("intermediate_reads_mart", "int_ab_test_arms_counted", "fct_workflow_roi"),
            id="intermediate_reads_mart",
        ),
        pytest.param(
            lambda m: _depend(m, "fct_workflow_roi", "model", "stg_time_tracking__time_entries"),
            ("mart_reads_staging", "fct_workflow_roi", "stg_time_tracking__time_entries"),
            id="mart_reads_staging",
        ),
        pytest.param(
            lambda m: _depend(m, "int_leads_unified", "model", "stg_crm__leads__quarantined"),
            (
                "reads_quarantine_outside_staging",
                "int_leads_unified",
                "stg_crm__leads__quarantined",
            ),
            id="reads_quarantine_outside_staging",
        ),
        pytest.param(
            lambda m: _depend(m, "stg_crm__leads", "seed", "roi_scenarios"),
            ("staging_reads_business_seed", "stg_crm__leads", "roi_scenarios"),
            id="staging_reads_business_seed",
        ),
        pytest.param(
            lambda m: _depend(m, "roi_dashboard", "model", "int_leads_unified"),
            ("exposure_reads_non_mart", "roi_dashboard", "int_leads_unified"),
            id="exposure_reads_non_mart",
        ),
        pytest.param(
            lambda m: _strip_primary_key(m, "fct_workflow_roi"),
            ("table_without_primary_key", "fct_workflow_roi", ""),
            id="table_without_primary_key",
        ),
        pytest.param(
            lambda m: _undocument(m, "fct_workflow_roi", "workflow_id"),
            ("mart_column_undocumented", "fct_workflow_roi", "workflow_id"),
            id="mart_column_undocumented",
        ),
        pytest.param(
            lambda m: _set_owner(m, "seed", "fx_rates", "analytics-engineering"),
            ("missing_owner", "fx_rates", ""),
            id="missing_owner",
        ),
        pytest.param(
            lambda m: m["macros"][f"macro.{PROJECT}.hash_pii"].update(description=""),
            ("macro_undocumented", "hash_pii", ""),
            id="macro_undocumented",
        ),
    ],
)
def test_a_violation_planted_in_the_real_manifest_is_caught(manifest: dict, plant, expected):
    planted = copy.deepcopy(manifest)
    plant(planted)
    before = {v.key for v in violations(manifest)}
    new = {v.key for v in violations(planted)} - before
    assert new == {expected}


def _find(manifest: dict, resource_type: str, name: str) -> dict:
    pool = manifest["exposures"] if resource_type == "exposure" else manifest["nodes"]
    matches = [
        n for n in pool.values() if n["name"] == name and n["resource_type"] == resource_type
    ]
    assert len(matches) == 1, f"{resource_type} {name} not in the manifest"
    return matches[0]


def _by_name(manifest: dict, name: str) -> dict:
    for pool in (manifest["nodes"], manifest["exposures"]):
        for node in pool.values():
            if node["name"] == name and node["resource_type"] in ("model", "exposure"):
                return node
    raise AssertionError(f"{name} not in the manifest")


def _depend(manifest: dict, reader: str, resource_type: str, read: str) -> None:
    _by_name(manifest, reader)["depends_on"]["nodes"].append(
        _find(manifest, resource_type, read)["unique_id"]
    )
    manifest.pop("child_map", None)


def _strip_primary_key(manifest: dict, name: str) -> None:
    node = _find(manifest, "model", name)
    node["constraints"] = [c for c in node.get("constraints", []) if c["type"] != "primary_key"]
    for column in node["columns"].values():
        column["constraints"] = [
            c for c in column.get("constraints", []) if c["type"] != "primary_key"
        ]
    for unique_id in [
        unique_id
        for unique_id, test in manifest["nodes"].items()
        if test["resource_type"] == "test"
        and test.get("attached_node") == node["unique_id"]
        and (test.get("test_metadata") or {}).get("name")
        in ("unique", "unique_combination_of_columns")
    ]:
        del manifest["nodes"][unique_id]


def _undocument(manifest: dict, name: str, column: str) -> None:
    _find(manifest, "model", name)["columns"][column]["description"] = ""


def _set_owner(manifest: dict, resource_type: str, name: str, owner: str) -> None:
    node = _find(manifest, resource_type, name)
    node.setdefault("config", {}).setdefault("meta", {})["owner"] = owner
    node.setdefault("meta", {})["owner"] = owner


# --- every rule can fail: a synthetic manifest that passes, and one violation at a time ---------


def _model(
    name: str,
    folder: str,
    reads: Iterable[str] = (),
    materialized: str = "view",
    columns: dict[str, str] | None = None,
    owner: str | None = "analytics-engineering",
) -> dict:
    return {
        "unique_id": f"model.{PROJECT}.{name}",
        "resource_type": "model",
        "package_name": PROJECT,
        "name": name,
        "original_file_path": f"models/{folder}/{name}.sql",
        "description": f"One row per {name}.",
        "depends_on": {"nodes": list(reads)},
        "config": {
            "materialized": materialized,
            "meta": {"owner": owner} if owner else {},
            "contract": {"enforced": folder == "marts"},
        },
        "meta": {},
        "constraints": [],
        "columns": {
            column: {"name": column, "description": text, "constraints": []}
            for column, text in (columns or {}).items()
        },
    }


def _seed(name: str, owner: str | None = "RevOps") -> dict:
    return {
        "unique_id": f"seed.{PROJECT}.{name}",
        "resource_type": "seed",
        "package_name": PROJECT,
        "name": name,
        "original_file_path": f"seeds/{name}.csv",
        "depends_on": {"nodes": []},
        "config": {"materialized": "seed", "meta": {"owner": owner} if owner else {}},
        "meta": {},
        "columns": {},
    }


def _test(name: str, model: str, column: str | None, combination: list[str] | None = None) -> dict:
    kwargs = {"combination_of_columns": combination} if combination else {"column_name": column}
    return {
        "unique_id": f"test.{PROJECT}.{name}_{model}_{column}",
        "resource_type": "test",
        "package_name": PROJECT,
        "name": f"{name}_{model}_{column}",
        "attached_node": f"model.{PROJECT}.{model}",
        "column_name": column,
        "test_metadata": {"name": name, "kwargs": kwargs},
        "depends_on": {"nodes": [f"model.{PROJECT}.{model}"]},
        "config": {"materialized": "test"},
    }


def _id(kind: str, name: str) -> str:
    return f"{kind}.{PROJECT}.{name}"


def tiny_manifest() -> dict:
    """Source -> staging (with quarantine) -> intermediate -> mart -> exposure, all rules kept."""
    nodes = [
        _seed("vendor_codes"),
        _seed("values", owner="Finance"),
        _model("stg_x__rows", "staging", [_id("source", "raw.rows"), _id("seed", "vendor_codes")]),
        _model("stg_x__rows__quarantined", "staging", [_id("source", "raw.rows")]),
        _model(
            "int_rows_valued",
            "intermediate",
            [_id("model", "stg_x__rows"), _id("seed", "values")],
            materialized="table",
        ),
        _model(
            "fct_values",
            "marts",
            [_id("model", "int_rows_valued")],
            materialized="table",
            columns={"row_id": "The row.", "value_usd": "Its value."},
        ),
        _model(
            "fct_values_by_month",
            "marts",
            [_id("model", "fct_values")],
            materialized="table",
            columns={"row_id": "The row.", "month_start": "The month."},
        ),
        _test("unique", "int_rows_valued", "row_id"),
        _test("not_null", "int_rows_valued", "row_id"),
        _test("unique", "fct_values", "row_id"),
        _test("not_null", "fct_values", "row_id"),
        _test(
            "unique_combination_of_columns", "fct_values_by_month", None, ["row_id", "month_start"]
        ),
    ]
    source = {
        "unique_id": _id("source", "raw.rows"),
        "resource_type": "source",
        "package_name": PROJECT,
        "name": "rows",
        "original_file_path": "models/staging/x/_x__sources.yml",
    }
    exposure = {
        "unique_id": f"exposure.{PROJECT}.dashboard",
        "resource_type": "exposure",
        "package_name": PROJECT,
        "name": "dashboard",
        "depends_on": {"nodes": [_id("model", "fct_values")]},
    }
    macro = {
        "unique_id": f"macro.{PROJECT}.safe_divide",
        "package_name": PROJECT,
        "name": "safe_divide",
        "original_file_path": "macros/safe_divide.sql",
        "description": "Numerator over denominator; null when the denominator is 0.",
    }
    return {
        "macros": {macro["unique_id"]: macro},
        "nodes": {node["unique_id"]: node for node in nodes},
        "sources": {source["unique_id"]: source},
        "exposures": {exposure["unique_id"]: exposure},
        "semantic_models": {},
    }


@pytest.fixture
def vendor_codes_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(STAGING_SEEDS, "vendor_codes", "a vendor-code mapping read by views")


def test_the_tiny_manifest_keeps_every_rule(vendor_codes_allowed):
    assert violations(tiny_manifest()) == []


def _reads(manifest: dict, reader: str, unique_id: str) -> None:
    manifest["nodes"][_id("model", reader)]["depends_on"]["nodes"].append(unique_id)


def _plant_incremental_below_vendor_codes(manifest: dict) -> None:
    manifest["nodes"][_id("model", "int_rows_valued")]["config"]["materialized"] = "incremental"


def _plant_incremental_that_rebuilds_below_vendor_codes(manifest: dict) -> None:
    _plant_incremental_below_vendor_codes(manifest)
    depends_on = manifest["nodes"][_id("model", "int_rows_valued")]["depends_on"]
    depends_on["macros"] = [REBUILDS_AFTER_SEED_EDITS]


def _plant_no_primary_key(manifest: dict) -> None:
    nodes = manifest["nodes"]
    del nodes[f"test.{PROJECT}.unique_int_rows_valued_row_id"]


def _plant_unique_without_not_null(manifest: dict) -> None:
    del manifest["nodes"][f"test.{PROJECT}.not_null_fct_values_row_id"]


def _plant_primary_key_constraint_only(manifest: dict) -> None:
    # Not a violation: a primary_key constraint is a key (fct_values keeps its tests too).
    del manifest["nodes"][f"test.{PROJECT}.unique_int_rows_valued_row_id"]
    manifest["nodes"][_id("model", "int_rows_valued")]["constraints"] = [
        {"type": "primary_key", "columns": ["row_id"]}
    ]


def _plant_exposure_reads(manifest: dict, unique_id: str) -> None:
    manifest["exposures"][f"exposure.{PROJECT}.dashboard"]["depends_on"]["nodes"].append(unique_id)


def _plant_semantic_model_reads_intermediate(manifest: dict) -> None:
    manifest["semantic_models"]["semantic_model.x.values"] = {
        "name": "values",
        "depends_on": {"nodes": [_id("model", "int_rows_valued")]},
    }


def _plant_model_owner(manifest: dict, name: str, owner: str | None) -> None:
    manifest["nodes"][_id("model", name)]["config"]["meta"] = {"owner": owner} if owner else {}


def _plant_seed_owner(manifest: dict, name: str, owner: str | None) -> None:
    manifest["nodes"][_id("seed", name)]["config"]["meta"] = {"owner": owner} if owner else {}


def _plant_model_elsewhere(manifest: dict) -> None:
    manifest["nodes"][_id("model", "int_rows_valued")]["original_file_path"] = "models/misc/x.sql"


PLANTED = [
    (
        "macro_undocumented",
        lambda m: m["macros"][f"macro.{PROJECT}.safe_divide"].update(description=""),
        {("macro_undocumented", "safe_divide", "")},
    ),
    (
        "model_outside_layers",
        _plant_model_elsewhere,
        {("model_outside_layers", "int_rows_valued", "")},
    ),
    (
        "source_in_intermediate",
        lambda m: _reads(m, "int_rows_valued", _id("source", "raw.rows")),
        {("source_outside_staging", "int_rows_valued", "rows")},
    ),
    (
        "source_in_mart",
        lambda m: _reads(m, "fct_values", _id("source", "raw.rows")),
        {("source_outside_staging", "fct_values", "rows")},
    ),
    (
        "intermediate_reads_mart",
        lambda m: _reads(m, "int_rows_valued", _id("model", "fct_values")),
        {("intermediate_reads_mart", "int_rows_valued", "fct_values")},
    ),
    (
        "mart_reads_staging",
        lambda m: _reads(m, "fct_values", _id("model", "stg_x__rows")),
        {("mart_reads_staging", "fct_values", "stg_x__rows")},
    ),
    (
        "mart_reads_quarantine",
        lambda m: _reads(m, "fct_values", _id("model", "stg_x__rows__quarantined")),
        {
            ("mart_reads_staging", "fct_values", "stg_x__rows__quarantined"),
            ("reads_quarantine_outside_staging", "fct_values", "stg_x__rows__quarantined"),
        },
    ),
    (
        "intermediate_reads_quarantine",
        lambda m: _reads(m, "int_rows_valued", _id("model", "stg_x__rows__quarantined")),
        {("reads_quarantine_outside_staging", "int_rows_valued", "stg_x__rows__quarantined")},
    ),
    (
        "staging_reads_business_seed",
        lambda m: _reads(m, "stg_x__rows", _id("seed", "values")),
        {("staging_reads_business_seed", "stg_x__rows", "values")},
    ),
    (
        "quarantine_reads_business_seed",
        lambda m: _reads(m, "stg_x__rows__quarantined", _id("seed", "values")),
        {("staging_reads_business_seed", "stg_x__rows__quarantined", "values")},
    ),
    (
        "allowed_staging_seed_with_incremental_downstream",
        _plant_incremental_below_vendor_codes,
        {("staging_reads_business_seed", "stg_x__rows", "vendor_codes")},
    ),
    (
        "allowed_staging_seed_with_incremental_downstream_that_rebuilds_after_edits",
        _plant_incremental_that_rebuilds_below_vendor_codes,
        set(),
    ),
    (
        "exposure_reads_intermediate",
        lambda m: _plant_exposure_reads(m, _id("model", "int_rows_valued")),
        {("exposure_reads_non_mart", "dashboard", "int_rows_valued")},
    ),
    (
        "exposure_reads_staging",
        lambda m: _plant_exposure_reads(m, _id("model", "stg_x__rows")),
        {("exposure_reads_non_mart", "dashboard", "stg_x__rows")},
    ),
    (
        "semantic_model_reads_intermediate",
        _plant_semantic_model_reads_intermediate,
        {("exposure_reads_non_mart", "values", "int_rows_valued")},
    ),
    (
        "table_without_unique_test",
        _plant_no_primary_key,
        {("table_without_primary_key", "int_rows_valued", "")},
    ),
    (
        "unique_without_not_null",
        _plant_unique_without_not_null,
        {("table_without_primary_key", "fct_values", "")},
    ),
    ("primary_key_constraint_is_a_key", _plant_primary_key_constraint_only, set()),
    (
        "mart_column_undocumented",
        lambda m: m["nodes"][_id("model", "fct_values")]["columns"]["value_usd"].update(
            description="  "
        ),
        {("mart_column_undocumented", "fct_values", "value_usd")},
    ),
    (
        "mart_without_contract",
        lambda m: m["nodes"][_id("model", "fct_values")]["config"].update(
            contract={"enforced": False}
        ),
        {("mart_column_undocumented", "fct_values", "")},
    ),
    (
        "mart_undescribed",
        lambda m: m["nodes"][_id("model", "fct_values")].update(description=""),
        {("mart_column_undocumented", "fct_values", "")},
    ),
    (
        "model_without_owner",
        lambda m: _plant_model_owner(m, "stg_x__rows", None),
        {("missing_owner", "stg_x__rows", "")},
    ),
    (
        "model_owned_by_a_person",
        lambda m: _plant_model_owner(m, "fct_values", "jane@example.com"),
        {("missing_owner", "fct_values", "")},
    ),
    (
        "seed_without_owner",
        lambda m: _plant_seed_owner(m, "values", None),
        {("missing_owner", "values", "")},
    ),
    (
        "seed_owned_by_engineering",
        lambda m: _plant_seed_owner(m, "vendor_codes", "analytics-engineering"),
        {("missing_owner", "vendor_codes", "")},
    ),
]


@pytest.mark.parametrize(
    ("plant", "expected"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED]
)
def test_each_rule_catches_a_planted_violation(vendor_codes_allowed, plant, expected):
    manifest = tiny_manifest()
    plant(manifest)
    assert {v.key for v in violations(manifest)} == expected


def test_every_rule_is_planted_at_least_once():
    planted_rules = {rule for _, _, keys in PLANTED for rule, _, _ in keys}
    assert planted_rules == {rule.__name__ for rule in RULES}
