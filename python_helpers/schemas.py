"""Where dbt builds each layer: the one home of the schema names Python reads.

dbt names a model's schema `<target schema>_<layer>` (dbt_project.yml: `+schema: marts` ...,
dbt's default generate_schema_name). The DuckDB target's schema is `main` (profiles/profiles.yml),
so the marts are in `main_marts`; on PostgreSQL they are in `<ROI_PG_SCHEMA>_marts`, and the
publisher takes the schema from dbt's manifest (warehouse/dbt_artifacts.py).
tests/python/test_python_architecture.py checks these names against the dbt project files.
"""

from __future__ import annotations

DUCKDB_TARGET_SCHEMA = "main"
STAGING, INTERMEDIATE, MARTS = "staging", "intermediate", "marts"


def layer_schema(layer: str, target_schema: str = DUCKDB_TARGET_SCHEMA) -> str:
    """`marts` -> `main_marts` (DuckDB), `marts`, `analytics` -> `analytics_marts`."""
    return f"{target_schema}_{layer}"


def target_schema_of(layer_schema_name: str, layer: str) -> str:
    """`analytics_marts`, `marts` -> `analytics`: the target schema a layer's schema belongs to."""
    return layer_schema_name.removesuffix(f"_{layer}")


# The DuckDB file's schemas (the build file and the published copy BI reads).
MARTS_SCHEMA = layer_schema(MARTS)  # main_marts
INTERMEDIATE_SCHEMA = layer_schema(INTERMEDIATE)  # main_intermediate
MARTS_SCHEMA_LIKE = f"%{MARTS}"  # every target's marts schema, for information_schema queries
