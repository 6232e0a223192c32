"""`roi export MART`: one published mart as a formula-safe CSV for people who want a spreadsheet.

Reads the published file only (never the unchecked build file) and writes through
python_helpers/spreadsheet_safe.py: text cells beginning with =, +, -, @, tab or CR get a leading
single quote; numbers stay numbers.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .spreadsheet_safe import write_csv


class ExportRefused(RuntimeError):
    """Nothing published yet, or no such mart."""


def export_mart(database: Path, mart: str, output: Path) -> tuple[Path, int]:
    """Write mart `mart` of the published DuckDB file `database` to `output`; (path, rows)."""
    if not database.exists():
        raise ExportRefused(f"nothing published yet ({database}): run the job up to `roi publish`")
    with duckdb.connect(str(database), read_only=True) as con:
        found = con.execute(
            "select table_schema from information_schema.tables "
            "where table_schema like '%marts' and table_name = ? order by 1",
            [mart],
        ).fetchall()
        if not found:
            names = con.execute(
                "select distinct table_name from information_schema.tables "
                "where table_schema like '%marts' order by 1"
            ).fetchall()
            raise ExportRefused(
                f"no mart {mart!r} in {database.name}; marts: {', '.join(n for (n,) in names)}"
            )
        frame = con.execute(f'select * from "{found[0][0]}"."{mart}"').df()
    return write_csv(frame, output), len(frame)
