"""SQL text helpers shared by every module that writes SQL (DuckDB and PostgreSQL alike)."""

from __future__ import annotations


def literal(value: str) -> str:
    """A string as an SQL literal (single quotes, inner ones doubled)."""
    return "'" + value.replace("'", "''") + "'"


def identifier(name: str) -> str:
    """A name as a quoted SQL identifier (double quotes, inner ones doubled)."""
    return '"' + name.replace('"', '""') + '"'
