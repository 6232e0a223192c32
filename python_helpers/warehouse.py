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
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from . import loader
from .loader import FileLoadResult, ShapeError

TARGETS = ("duckdb", "postgres")


def target_type() -> str:
    target = os.environ.get("ROI_TARGET", "duckdb").strip().lower() or "duckdb"
    if target not in TARGETS:
        raise SystemExit(f"ROI_TARGET={target!r}: expected one of {TARGETS}")
    return target


def postgres_settings() -> dict[str, str | int]:
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


def _already_loaded(cursor, checksum: str) -> bool:
    cursor.execute(
        "select count(*) from raw_meta.file_loads where file_checksum = %s and status = 'loaded'",
        [checksum],
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def _record(cursor, result: FileLoadResult, checksum: str, encoding: str, at: datetime) -> None:
    cursor.execute(
        "insert into raw_meta.file_loads values (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            result.path.name,
            checksum,
            result.system,
            result.shape,
            result.status,
            result.rows,
            result.message,
            encoding,
            at,
        ],
    )


def _to_copy_csv(path: Path, header: list[str], shape, encoding: str, lineage: list[str]) -> Path:
    """The file's rows in shape column order plus lineage, as CSV PostgreSQL's COPY reads.

    DuckDB writes a null as an empty unquoted field and an empty string as "", which is exactly
    how COPY ... (format csv) tells them apart.
    """
    selected, reader = loader.shape_reader(path, header, shape, encoding)
    handle, name = tempfile.mkstemp(prefix="roi-copy-", suffix=".csv")
    os.close(handle)
    output = Path(name)
    with duckdb.connect() as con:
        con.execute(
            f"copy (select {selected}, {', '.join(lineage[:2])}, row_number() over (), "
            f"{lineage[2]} from {reader}) to {loader._sql_literal(str(output))} "
            "(format csv, header false)"
        )
    return output


def load_file_postgres(con, path: Path, system: str) -> FileLoadResult:
    import psycopg2

    checksum, encoding = loader.fingerprint(path)
    with con.cursor() as cursor:
        if _already_loaded(cursor, checksum):
            con.rollback()
            return FileLoadResult(path, system, "skipped", message="already loaded (same checksum)")
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    header = loader.read_header(path, encoding)
    try:
        if not header:
            raise ShapeError(f"{path.name}: the file is empty (no header line)")
        shape, unknown = loader.match_shape(system, header, path.name)
    except ShapeError as error:
        result = FileLoadResult(path, system, "refused", message=str(error))
        with con.cursor() as cursor:
            _record(cursor, result, checksum, encoding, loaded_at)
        con.commit()
        return result

    lineage = [
        loader._sql_literal(path.name),
        loader._sql_literal(checksum),
        f"timestamp '{loaded_at.isoformat(sep=' ')}'",
    ]
    columns = ", ".join(f'"{column}"' for column in (*shape.columns, *loader.LINEAGE_COLUMNS))
    copy_file: Path | None = None
    try:
        copy_file = _to_copy_csv(path, header, shape, encoding, lineage)
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
            note = f"ignored columns it does not know: {unknown}" if unknown else ""
            result = FileLoadResult(path, system, "loaded", shape.name, count, note)
            _record(cursor, result, checksum, encoding, loaded_at)
        con.commit()
    except (duckdb.Error, psycopg2.Error) as error:
        con.rollback()
        message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        result = FileLoadResult(
            path, system, "refused", shape.name, message=f"{path.name}: {message}"
        )
        with con.cursor() as cursor:
            _record(cursor, result, checksum, encoding, loaded_at)
        con.commit()
    finally:
        if copy_file is not None:
            copy_file.unlink(missing_ok=True)
    return result


def load_landing_postgres(landing: Path) -> list[FileLoadResult]:
    """Load every landed file into the PostgreSQL server; one result per file."""
    with contextlib.closing(postgres_connect()) as con:
        with con.cursor() as cursor:
            loader.ensure_raw_tables(cursor)  # the DDL is portable; a cursor has .execute
        con.commit()
        return [
            load_file_postgres(con, path, system) for system, path in loader.landed_files(landing)
        ]
