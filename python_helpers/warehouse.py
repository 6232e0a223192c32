"""Which warehouse the pipeline targets, and loading landed files into PostgreSQL.

ROI_TARGET picks the dbt output of profiles/profiles.yml: `duckdb` (default, the embedded file) or
`postgres` (a server reached with ROI_PG_HOST, ROI_PG_PORT, ROI_PG_USER, ROI_PG_DATABASE and the
secret DBT_ENV_SECRET_ROI_PG_PASSWORD). On PostgreSQL the loader behaves exactly as on DuckDB: same
shape detection, raw tables of text with the same lineage columns, the same raw_meta.file_loads
ledger, the same idempotency (a file with a checksum already loaded loads nothing) and refusals.
Each file is parsed by an in-memory DuckDB with the very reader the DuckDB loader uses (so both
warehouses see the same values and nulls), written to a temporary CSV and streamed in with
`COPY ... FROM STDIN`, in one transaction per file.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from . import loader, sniffing
from .loader import FileLoadResult
from .sniffing import LandingEntry, Sniffed
from .sql import literal

TARGETS = ("duckdb", "postgres")


def target_type() -> str:
    target = os.environ.get("ROI_TARGET", "duckdb").strip().lower() or "duckdb"
    if target not in TARGETS:
        raise SystemExit(f"ROI_TARGET={target!r}: expected one of {TARGETS}")
    return target


def postgres_settings() -> dict[str, Any]:
    """psycopg2 connection arguments from the same env vars the dbt profile reads."""
    return {
        "host": os.environ.get("ROI_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("ROI_PG_PORT", "5432")),
        "user": os.environ.get("ROI_PG_USER", "roi"),
        "password": os.environ.get("DBT_ENV_SECRET_ROI_PG_PASSWORD", ""),
        "dbname": os.environ.get("ROI_PG_DATABASE", "roi"),
        "sslmode": os.environ.get("ROI_PG_SSLMODE", "prefer"),
    }


def postgres_connect():
    import psycopg2

    return psycopg2.connect(**postgres_settings())


def _to_copy_csv(source: loader.Readable, shape, lineage: list[str]) -> Path:
    """The file's rows in shape column order plus lineage, as CSV PostgreSQL's COPY reads.

    DuckDB writes a null as an empty unquoted field and an empty string as "", which is exactly
    how COPY ... (format csv) tells them apart.
    """
    handle, name = tempfile.mkstemp(prefix="roi-copy-", suffix=".csv")
    os.close(handle)
    output = Path(name)
    with duckdb.connect() as con:

        def copy(selected: str, reader: str) -> None:
            con.execute(
                f"copy (select {selected}, {', '.join(lineage[:2])}, row_number() over (), "
                f"{lineage[2]} from {reader}) to {literal(str(output))} "
                "(format csv, header false)"
            )

        try:
            loader.read_rows(source, shape, copy, lambda: None)
        except BaseException:
            output.unlink(missing_ok=True)
            raise
    return output


def load_file_postgres(con, entry: LandingEntry, sniffed: Sniffed | None) -> FileLoadResult:
    """One landing entry into PostgreSQL: the same decisions as loader.load_file."""
    import psycopg2

    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    checksum = sniffed.checksum if sniffed else None
    with con.cursor() as cursor:
        loaded_name = (
            loader.loaded_name_of(cursor, checksum, "%s") if checksum and entry.readable else None
        )
        result, shape, unknown = loader.outcome_before_loading(entry, sniffed, loaded_name)
        if result is not None:
            loader.record(cursor, result, loaded_at, "%s")
    if result is not None:
        con.commit()
        return result
    assert sniffed is not None and shape is not None

    lineage = [
        literal(entry.name),
        literal(checksum or ""),
        f"timestamp '{loaded_at.isoformat(sep=' ')}'",
    ]
    columns = ", ".join(f'"{column}"' for column in (*shape.columns, *loader.LINEAGE_COLUMNS))
    copy_file: Path | None = None
    try:
        with loader.readable(entry.path, sniffed) as source:
            copy_file = _to_copy_csv(source, shape, lineage)
        with con.cursor() as cursor, copy_file.open("rb") as rows:
            cursor.copy_expert(
                f"copy {shape.schema}.{shape.table} ({columns}) from stdin with (format csv)", rows
            )
            cursor.execute(
                f"select count(*) from {shape.schema}.{shape.table} where _file_checksum = %s",
                [checksum],
            )
            row = cursor.fetchone()
            count = int(row[0]) if row else 0
            note = loader.loaded_note(sniffed, unknown)
            result = loader.entry_result(
                entry, sniffed, status="loaded", shape=shape.name, rows=count, message=note
            )
            loader.record(cursor, result, loaded_at, "%s")
            loader.record_resolved_formats(cursor, shape, checksum or "", "%s")
        con.commit()
    except (
        duckdb.Error,
        psycopg2.Error,
        loader.ReadError,
        OSError,
        UnicodeDecodeError,
        csv.Error,
    ) as error:
        con.rollback()
        result = loader.entry_result(
            entry,
            sniffed,
            status="refused",
            shape=shape.name,
            message=loader.read_error(entry, error),
        )
        with con.cursor() as cursor:
            loader.record(cursor, result, loaded_at, "%s")
        con.commit()
    finally:
        if copy_file is not None:
            copy_file.unlink(missing_ok=True)
    return result


def load_landing_postgres(landing: Path) -> list[FileLoadResult]:
    """Load every landed file into the PostgreSQL server; one result per landing entry."""
    with contextlib.closing(postgres_connect()) as con:
        with con.cursor() as cursor:
            loader.ensure_raw_tables(cursor)  # the DDL is portable; a cursor has .execute
        con.commit()
        return [
            load_file_postgres(con, entry, loader.sniff_entry(entry))
            for entry in sniffing.landing_entries(landing)
        ]


def load_landing(landing: Path, database: Path) -> list[FileLoadResult]:
    """Load every landed file into the warehouse ROI_TARGET names: the DuckDB file `database`
    (loader.load_landing) or the PostgreSQL server (load_landing_postgres)."""
    if target_type() == "postgres":
        return load_landing_postgres(landing)
    return loader.load_landing(landing, database)
