"""Load landed extracts into raw tables of the DuckDB warehouse.

Each file under <landing>/<system>/ is recognised by its header, mapped by column name into
raw_<system>.<shape table> (every value kept as text: typing is staging's job), with lineage
columns. A file already loaded (same SHA-256) loads nothing new; a file whose header matches no
known shape is refused with a message naming the missing and unknown columns, and the other files
still load. Every outcome is written to raw_meta.file_loads.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .shapes import SYSTEMS, FileShape, normalize_column_name, shapes_for

LINEAGE_COLUMNS = ("_source_file", "_file_checksum", "_row_number", "_loaded_at")
CHUNK_BYTES = 1 << 20


class ShapeError(ValueError):
    """A landed file's header matches no known shape: `nearest` names the closest known shape
    (None when the system has none), `missing` its required columns the header lacks, `unknown`
    the header's columns it does not know."""

    def __init__(self, message: str, nearest: str | None = None, missing=(), unknown=()):
        super().__init__(message)
        self.nearest = nearest
        self.missing = list(missing)
        self.unknown = list(unknown)


@dataclass(frozen=True)
class FileLoadResult:
    path: Path
    system: str
    status: str  # loaded | skipped | refused
    shape: str | None = None
    rows: int = 0
    message: str = ""


def fingerprint(path: Path) -> tuple[str, str]:
    """SHA-256 of the bytes, and the encoding: UTF-8 when every byte decodes, else Latin-1."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            # An ASCII chunk is valid UTF-8 unless a multi-byte character started in the last one
            # (the decoder then holds its first bytes): isascii() is far cheaper than decoding.
            if encoding == "utf-8" and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "latin-1"
    if encoding == "utf-8" and decoder.getstate()[0]:
        encoding = "latin-1"  # the file ends inside a multi-byte character
    return digest.hexdigest(), encoding


def read_header(path: Path, encoding: str) -> list[str]:
    python_encoding = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=python_encoding, newline="") as handle:
        return next(csv.reader(handle), [])


def match_shape(system: str, header: list[str], file_name: str) -> tuple[FileShape, list[str]]:
    """The shape this header belongs to, and the header's columns the shape does not know."""
    candidates = shapes_for(system)
    if not candidates:
        raise ShapeError(f"{file_name}: no file shapes are known for system '{system}'")
    normalized = [normalize_column_name(column) for column in header]
    best: tuple[int, FileShape, list[str], list[str]] | None = None
    for shape in candidates:
        mapped = [shape.aliases.get(column, column) for column in normalized]
        missing = [column for column in shape.required if column not in mapped]
        unknown = [raw for raw, col in zip(header, mapped, strict=True) if col not in shape.columns]
        score = len(shape.required) - len(missing)
        if not missing:
            duplicated = sorted({col for col in mapped if col and mapped.count(col) > 1})
            if duplicated:
                raise ShapeError(
                    f"{file_name}: columns appear twice in the header: {duplicated}",
                    shape.name,
                    unknown=unknown,
                )
            return shape, unknown
        if best is None or score > best[0]:
            best = (score, shape, missing, unknown)
    assert best is not None
    _, nearest, missing, unknown = best
    raise ShapeError(
        f"{file_name}: header matches no known {system} export. Nearest shape '{nearest.name}' "
        f"is missing columns {missing}; columns it does not know: {unknown}. "
        f"Known shapes: {[shape.name for shape in candidates]}.",
        nearest.name,
        missing,
        unknown,
    )


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the meta table and every known raw table, so sources exist before any file lands."""
    con.execute("create schema if not exists raw_meta")
    con.execute(
        """
        create table if not exists raw_meta.file_loads (
            source_file varchar, file_checksum varchar, system varchar, shape varchar,
            status varchar, row_count bigint, message varchar, encoding varchar,
            loaded_at timestamp
        )
        """
    )
    for system in SYSTEMS:
        for shape in shapes_for(system):
            con.execute(f"create schema if not exists {shape.schema}")
            columns = ", ".join(f'"{column}" varchar' for column in shape.columns)
            con.execute(
                f"create table if not exists {shape.schema}.{shape.table} ("
                f"{columns}, _source_file varchar, _file_checksum varchar, "
                f"_row_number bigint, _loaded_at timestamp)"
            )


def _already_loaded(con: duckdb.DuckDBPyConnection, checksum: str) -> bool:
    row = con.execute(
        "select count(*) from raw_meta.file_loads where file_checksum = ? and status = 'loaded'",
        [checksum],
    ).fetchone()
    return bool(row and row[0])


def _record(con, result: FileLoadResult, checksum: str, encoding: str, at: datetime) -> None:
    con.execute(
        "insert into raw_meta.file_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


def shape_reader(path: Path, header: list[str], shape: FileShape, encoding: str) -> tuple[str, str]:
    """DuckDB SQL reading the file as text: (select list in shape column order, read_csv call)."""
    positional = {f"c{index}": "VARCHAR" for index in range(len(header))}
    by_name: dict[str, str] = {}
    for index, column in enumerate(header):
        normalized = normalize_column_name(column)
        by_name[shape.aliases.get(normalized, normalized)] = f"c{index}"
    selected = ", ".join(
        f'{by_name[column]} as "{column}"' if column in by_name else f'null::varchar as "{column}"'
        for column in shape.columns
    )
    columns_literal = "{" + ", ".join(f"'{k}': '{v}'" for k, v in positional.items()) + "}"
    reader = (
        f"read_csv({_sql_literal(str(path))}, header = true, auto_detect = false, "
        f"columns = {columns_literal}, delim = ',', quote = '\"', escape = '\"', "
        f"null_padding = true, encoding = {_sql_literal(encoding)})"
    )
    return selected, reader


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    system: str,
    fingerprinted: tuple[str, str] | None = None,
) -> FileLoadResult:
    checksum, encoding = fingerprinted or fingerprint(path)
    if _already_loaded(con, checksum):
        return FileLoadResult(path, system, "skipped", message="already loaded (same checksum)")
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    header = read_header(path, encoding)
    try:
        if not header:
            raise ShapeError(f"{path.name}: the file is empty (no header line)")
        shape, unknown = match_shape(system, header, path.name)
    except ShapeError as error:
        result = FileLoadResult(path, system, "refused", message=str(error))
        _record(con, result, checksum, encoding, loaded_at)
        return result

    selected, reader = shape_reader(path, header, shape, encoding)
    con.execute("begin transaction")
    try:
        con.execute(
            f"insert into {shape.schema}.{shape.table} "
            f"select {selected}, ?, ?, row_number() over (), ? from {reader}",
            [path.name, checksum, loaded_at],
        )
        row = con.execute(
            f"select count(*) from {shape.schema}.{shape.table} where _file_checksum = ?",
            [checksum],
        ).fetchone()
        rows = int(row[0]) if row else 0
        note = f"ignored columns it does not know: {unknown}" if unknown else ""
        result = FileLoadResult(path, system, "loaded", shape.name, rows, note)
        _record(con, result, checksum, encoding, loaded_at)
        con.execute("commit")
    except duckdb.Error as error:
        con.execute("rollback")
        result = FileLoadResult(
            path, system, "refused", shape.name, message=f"{path.name}: {error}"
        )
        _record(con, result, checksum, encoding, loaded_at)
    return result


def landed_files(landing: Path) -> list[tuple[str, Path]]:
    files = []
    for system in SYSTEMS:
        folder = landing / system
        if folder.is_dir():
            files.extend((system, path) for path in sorted(folder.glob("*.csv")))
    return files


def load_landing(landing: Path, database: Path) -> list[FileLoadResult]:
    """Load every landed file; return one result per file (refusals included).

    With ROI_TARGET=postgres the raw tables go to the PostgreSQL server instead (warehouse.py).
    """
    from . import warehouse

    if warehouse.target_type() == "postgres":
        return warehouse.load_landing_postgres(landing)
    database.parent.mkdir(parents=True, exist_ok=True)
    files = landed_files(landing)
    workers = max(1, min(load_workers(), len(files)))
    with duckdb.connect(str(database)) as con, ThreadPoolExecutor(workers) as pool:
        ensure_raw_tables(con)
        # hashlib and DuckDB release the GIL: files are hashed and loaded side by side, each on
        # a connection of its own. A load numbers its rows in file order, which keeps one file's
        # insert on one core, so files in parallel are what uses the others. Biggest first, so
        # no large file starts last.
        prints = list(pool.map(lambda item: fingerprint(item[1]), files))
        first_of_checksum: dict[str, int] = {}
        for index, (checksum, _) in enumerate(prints):
            first_of_checksum.setdefault(checksum, index)
        firsts = [i for i in range(len(files)) if first_of_checksum[prints[i][0]] == i]
        firsts.sort(key=lambda i: files[i][1].stat().st_size, reverse=True)

        def load(index: int) -> FileLoadResult:
            system, path = files[index]
            with con.cursor() as cursor:
                return load_file(cursor, path, system, prints[index])

        results = dict(zip(firsts, pool.map(load, firsts), strict=True))
        # A file with the bytes of another in the same landing loads after it: skipped (or
        # refused like it), as if the files had been loaded one by one in landing order.
        for index in range(len(files)):
            if index not in results:
                results[index] = load(index)
        return [results[index] for index in range(len(files))]


def load_workers() -> int:
    """Files loaded side by side: ROI_LOAD_WORKERS, else one per core this process may use
    (at most 4)."""
    configured = os.environ.get("ROI_LOAD_WORKERS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(f"ROI_LOAD_WORKERS must be a whole number >= 1, not {configured!r}")
        return int(configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(4, cores or 1)
