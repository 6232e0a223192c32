"""The warehouse back-ends behind one interface (interface.Warehouse), picked by ROI_TARGET:

- `duckdb` (default): duckdb_file.DuckDBFile, the embedded file; `roi publish` swaps the checked
  build file in as the published file BI reads, audited in a JSON ledger beside the build file;
- `postgres`: postgres_schema.PostgresSchema, a server's schemas; raw tables loaded with COPY,
  `roi publish` swaps the checked marts into the BI schema, audited in raw_meta.publish_audit.

The CLI asks `for_settings(settings)` for the back-end and never branches on the target itself.
"""

from __future__ import annotations

from ..settings import Settings
from .interface import CheckOutcome, PublishRefused, Warehouse

__all__ = ["CheckOutcome", "PublishRefused", "Warehouse", "for_settings"]


def for_settings(settings: Settings) -> Warehouse:
    if settings.target == "postgres":
        from .postgres_schema import PostgresSchema

        return PostgresSchema(settings)
    from .duckdb_file import DuckDBFile

    return DuckDBFile(settings)
