"""Load landed extracts into raw tables of the DuckDB warehouse.

Every entry of <landing>/ is listed (sniffing.landing_entries). Each file under <landing>/<system>/
that the loader reads (.csv, .txt, .tsv in any case, gzip-compressed or not, and .xlsx) is sniffed
(sniffing.sniff: encoding, delimiter, header confirmed against the known shapes), recognised by
its header, mapped by column name into raw_<system>.<shape table> (every value kept as text:
typing is staging's job), with lineage columns. A file whose bytes were already loaded (same
SHA-256, under its own or another name) loads nothing new and is recorded as skipped naming the
file it duplicates; a file whose header matches no known shape, or that cannot be decoded, is
refused with a message, and the other files still load; anything else in the landing folder is
recorded as skipped with the reason. Every outcome is written to raw_meta.file_loads.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from . import sniffing
from .formats import (
    EPOCH_MS,
    EPOCH_MS_SQL_PATTERN,
    TIMESTAMP_COLUMNS,
    CountedValues,
    columns_to_resolve,
    resolve_formats,
)
from .shapes import SYSTEMS, FileShape, normalize_column_name, shapes_for
from .sniffing import LandingEntry, Sniffed
from .sql import literal

LINEAGE_COLUMNS = ("_source_file", "_file_checksum", "_row_number", "_loaded_at")
# Encodings DuckDB's reader decodes itself; files in any other are transcoded to UTF-8 first.
DUCKDB_ENCODINGS = ("utf-8", "latin-1")


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
    system: str | None  # None for an entry at the landing root that is no system folder
    status: str  # loaded | skipped | refused
    shape: str | None = None
    rows: int = 0
    message: str = ""
    source_file: str = (
        ""  # the name file_loads records (a folder ends with '/'); default: file name
    )
    checksum: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    duplicate_of: str | None = None

    @property
    def name(self) -> str:
        return self.source_file or self.path.name

    @property
    def display_name(self) -> str:
        return f"{self.system}/{self.name}" if self.system else self.name


def fingerprint(path: Path) -> tuple[str, str | None]:
    """SHA-256 of the bytes, and the encoding the file is read in (sniffing.sniff)."""
    sniffed = sniffing.sniff(path)
    return sniffed.checksum or sniffing.sha256_of(path), sniffed.encoding


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
    # Columns added later: `add column if not exists` migrates an older warehouse.
    con.execute("alter table raw_meta.file_loads add column if not exists delimiter varchar")
    con.execute("alter table raw_meta.file_loads add column if not exists duplicate_of varchar")
    con.execute("alter table raw_meta.file_loads add column if not exists resolved_formats varchar")
    for system in SYSTEMS:
        for shape in shapes_for(system):
            con.execute(f"create schema if not exists {shape.schema}")
            columns = ", ".join(f'"{column}" varchar' for column in shape.columns)
            con.execute(
                f"create table if not exists {shape.schema}.{shape.table} ("
                f"{columns}, _source_file varchar, _file_checksum varchar, "
                f"_row_number bigint, _loaded_at timestamp)"
            )


# --- the ledger (DuckDB `?` or psycopg2 `%s` placeholders: `mark`) ---------------------------


def _fetchone(cursor, sql: str, params: list, mark: str):
    cursor.execute(sql.replace("?", mark), params)
    return cursor.fetchone()


def loaded_name_of(cursor, checksum: str, mark: str = "?") -> str | None:
    """The name of the file already loaded with these bytes, if any (the first loaded)."""
    row = _fetchone(
        cursor,
        "select source_file from raw_meta.file_loads where file_checksum = ? "
        "and status = 'loaded' order by loaded_at, source_file limit 1",
        [checksum],
        mark,
    )
    return row[0] if row else None


def _skip_recorded(cursor, result: FileLoadResult, mark: str) -> bool:
    row = _fetchone(
        cursor,
        "select count(*) from raw_meta.file_loads where status = 'skipped' "
        "and source_file = ? and system is not distinct from ? "
        "and file_checksum is not distinct from ?",
        [result.name, result.system, result.checksum],
        mark,
    )
    return bool(row and row[0])


def record(cursor, result: FileLoadResult, at: datetime, mark: str = "?") -> None:
    """One ledger row for the outcome. A skip already in the ledger (the same entry with the same
    bytes) is not written again, so files left in the landing folder do not grow it nightly."""
    if result.status == "skipped" and _skip_recorded(cursor, result, mark):
        return
    values = [
        result.name,
        result.checksum,
        result.system,
        result.shape,
        result.status,
        result.rows,
        result.message,
        result.encoding,
        result.delimiter,
        result.duplicate_of,
        at,
    ]
    cursor.execute(
        "insert into raw_meta.file_loads (source_file, file_checksum, system, shape, status, "
        "row_count, message, encoding, delimiter, duplicate_of, loaded_at) values ("
        + ", ".join([mark] * len(values))
        + ")",
        values,
    )


def record_resolved_formats(cursor, shape: FileShape, checksum: str, mark: str = "?") -> None:
    """Resolve a just-loaded file's formats from the distinct values of its raw rows (inside
    the load's transaction) and store them as JSON in raw_meta.file_loads.resolved_formats.
    `mark` is the driver's placeholder (DuckDB `?`, psycopg2 `%s`).

    An email export's timestamps are millions of distinct values, nearly all epoch
    milliseconds: those are counted in SQL and only the others fetched (see counted_epoch_ms);
    the result is the same as resolving every value in Python (test_format_detection)."""
    table = f"{shape.schema}.{shape.table}"
    counted_columns = set(TIMESTAMP_COLUMNS.get(shape.name, ()))

    def distinct_values(column: str, condition: str = "") -> list[str]:
        """The file's distinct non-null values of `column` (and `condition`, SQL, if given)."""
        cursor.execute(
            f'select distinct "{column}" from {table} '
            f'where _file_checksum = {mark} and "{column}" is not null{condition}',
            [checksum],
        )
        return [row[0] for row in cursor.fetchall()]

    values: dict[str, list[str]] = {}
    for column in columns_to_resolve(shape.name):
        plain_epoch = f'"{column}" ~ {literal(EPOCH_MS_SQL_PATTERN)}'
        unless_counted = f" and not ({plain_epoch})" if column in counted_columns else ""
        values[column] = distinct_values(column, unless_counted)
    counted = None
    if counted_columns:
        counted = _count_epoch_ms(cursor, table, sorted(counted_columns), checksum, mark)
        if counted.count and any(
            EPOCH_MS.match(value.strip()) for column in counted_columns for value in values[column]
        ):
            # A value that only strips to epoch milliseconds could repeat a counted one: resolve
            # every value in Python instead.
            for column in counted_columns:
                values[column] = distinct_values(column)
            counted = None
    cursor.execute(
        f"update raw_meta.file_loads set resolved_formats = {mark} "
        f"where file_checksum = {mark} and status = 'loaded'",
        [resolve_formats(shape.name, values, counted_epoch_ms=counted).as_json(), checksum],
    )


def _count_epoch_ms(
    cursor, table: str, columns: list[str], checksum: str, mark: str
) -> CountedValues:
    """The distinct values of `columns` (together) written as plain epoch milliseconds."""
    union = " union ".join(
        f'select "{column}" as value from {table} where _file_checksum = {mark} '
        f'and "{column}" ~ {literal(EPOCH_MS_SQL_PATTERN)}'
        for column in columns
    )
    cursor.execute(
        f"select count(distinct value), min(value) from ({union}) as epoch_values",
        [checksum] * len(columns),
    )
    count, smallest = cursor.fetchone()
    return CountedValues(int(count or 0), smallest or "")


# --- what to do with one entry --------------------------------------------------------------


def entry_result(entry: LandingEntry, sniffed: Sniffed | None, **fields) -> FileLoadResult:
    found = sniffed or Sniffed("unsupported")
    return FileLoadResult(
        entry.path,
        entry.system,
        source_file=entry.name,
        checksum=found.checksum,
        encoding=found.encoding,
        delimiter=found.delimiter,
        **fields,
    )


def outcome_before_loading(
    entry: LandingEntry, sniffed: Sniffed | None, loaded_name: str | None
) -> tuple[FileLoadResult | None, FileShape | None, list[str]]:
    """(the outcome when the file is not loaded, else None; its shape; its unknown columns).

    `loaded_name`: the file already loaded with the same bytes, if any."""
    if not entry.readable:
        return entry_result(entry, sniffed, status="skipped", message=entry.reason), None, []
    assert sniffed is not None
    if sniffed.kind == "unsupported":
        return entry_result(entry, sniffed, status="skipped", message=sniffed.reason), None, []
    if loaded_name is not None:
        same = "the same file" if loaded_name == entry.name else f"a copy of {loaded_name}"
        message = f"already loaded: {same} (same SHA-256) was loaded before; nothing new"
        result = entry_result(
            entry, sniffed, status="skipped", message=message, duplicate_of=loaded_name
        )
        return result, None, []
    try:
        if sniffed.reason:
            raise ShapeError(sniffed.reason)
        shape, unknown = match_shape(entry.system or "", sniffed.header, entry.name)
    except ShapeError as error:
        return entry_result(entry, sniffed, status="refused", message=str(error)), None, []
    return None, shape, unknown


def loaded_note(sniffed: Sniffed, unknown: list[str]) -> str:
    notes = [f"ignored columns it does not know: {unknown}"] if unknown else []
    if sniffed.kind == "xlsx":
        notes.append(f"first sheet, header on row {sniffed.header_row}")
    return "; ".join(notes)


# --- reading one file -----------------------------------------------------------------------


@dataclass(frozen=True)
class Readable:
    """A file DuckDB's CSV reader can read: the landed file itself, or a UTF-8 transcoding."""

    path: Path
    encoding: str
    delimiter: str
    compression: str | None
    header: list[str]


@contextlib.contextmanager
def readable(path: Path, sniffed: Sniffed) -> Iterator[Readable]:
    """The landed file as DuckDB reads it. Plain UTF-8 and Latin-1 CSVs (gzip or not) are read
    in place; other encodings are transcoded, and the first sheet of a workbook written out,
    to a temporary UTF-8 CSV, deleted afterwards."""
    delimiter = sniffed.delimiter or ","
    if sniffed.kind == "csv" and sniffed.encoding in DUCKDB_ENCODINGS:
        yield Readable(path, sniffed.encoding, delimiter, sniffed.compression, sniffed.header)
        return
    handle, name = tempfile.mkstemp(prefix="roi-read-", suffix=".csv")
    os.close(handle)
    temporary = Path(name)
    try:
        with temporary.open("w", encoding="utf-8", newline="") as out:
            if sniffed.kind == "xlsx":
                delimiter = ","
                writer = csv.writer(out, lineterminator="\n")
                for row in sniffing.xlsx_rows(path, sniffed.header_row):
                    writer.writerow(sniffing.trim_row(row))
            else:
                assert sniffed.encoding is not None
                with sniffing.open_text(
                    path, sniffed.encoding, sniffed.compression, sniffed.bom
                ) as text:
                    while chunk := text.read(sniffing.CHUNK_BYTES):
                        out.write(chunk)
        yield Readable(temporary, "utf-8", delimiter, None, sniffed.header)
    finally:
        temporary.unlink(missing_ok=True)


def shape_reader(source: Readable, shape: FileShape, parallel: bool = True) -> tuple[str, str]:
    """DuckDB SQL reading the file as text: (select list in shape column order, read_csv call)."""
    header = source.header
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
        f"read_csv({literal(str(source.path))}, header = true, auto_detect = false, "
        f"columns = {columns_literal}, delim = {literal(source.delimiter)}, "
        f"quote = '\"', escape = '\"', null_padding = true, "
        f"parallel = {str(parallel).lower()}, "
        f"compression = {literal(source.compression or 'none')}, "
        f"encoding = {literal(source.encoding)})"
    )
    return selected, reader


class ReadError(ValueError):
    """A landed file DuckDB's reader would read wrongly: refused with the reason."""


def read_rows(
    source: Readable,
    shape: FileShape,
    run: Callable[[str, str], object],
    restart: Callable[[], object],
) -> None:
    """`run(selected, reader)`: first with DuckDB's parallel scanner. That scanner refuses quoted
    cells spanning lines (HubSpot notes, a street address) together with null_padding; such a
    file is read again (after `restart()`) by the serial scanner, once Python's csv module has
    confirmed that every quoted cell closes: the serial scanner ends a file inside an unclosed
    quote without an error, silently dropping the rows after it."""
    try:
        run(*shape_reader(source, shape, parallel=True))
        return
    except duckdb.Error as error:
        if "quoted new lines" not in str(error):
            raise
    restart()
    line = unclosed_quote_line(source)
    if line is not None:
        raise ReadError(
            f"a quoted cell is never closed (the file ends inside quotes, at line {line}): a "
            "stray double quote; fix the cell or export the file again"
        )
    run(*shape_reader(source, shape, parallel=False))


def unclosed_quote_line(source: Readable) -> int | None:
    """The line at which the file ends inside a quoted cell, or None."""
    csv.field_size_limit(2**31 - 1)  # long notes cells are fine
    with sniffing.open_text(source.path, source.encoding, source.compression) as text:
        reader = csv.reader(text, delimiter=source.delimiter, strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                return reader.line_num
    return None


def load_file(
    con: duckdb.DuckDBPyConnection,
    entry: LandingEntry,
    sniffed: Sniffed | None,
) -> FileLoadResult:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    checksum = sniffed.checksum if sniffed else None
    loaded_name = loaded_name_of(con, checksum) if checksum and entry.readable else None
    result, shape, unknown = outcome_before_loading(entry, sniffed, loaded_name)
    if result is not None:
        record(con, result, loaded_at)
        return result
    assert sniffed is not None and shape is not None

    def insert(selected: str, reader: str) -> None:
        con.execute(
            f"insert into {shape.schema}.{shape.table} "
            f"select {selected}, ?, ?, row_number() over (), ? from {reader}",
            [entry.name, checksum, loaded_at],
        )

    def restart() -> None:
        con.execute("rollback")
        con.execute("begin transaction")

    con.execute("begin transaction")
    try:
        with readable(entry.path, sniffed) as source:
            read_rows(source, shape, insert, restart)
        row = con.execute(
            f"select count(*) from {shape.schema}.{shape.table} where _file_checksum = ?",
            [checksum],
        ).fetchone()
        rows = int(row[0]) if row else 0
        note = loaded_note(sniffed, unknown)
        result = entry_result(
            entry, sniffed, status="loaded", shape=shape.name, rows=rows, message=note
        )
        record(con, result, loaded_at)
        record_resolved_formats(con, shape, checksum or "")
        con.execute("commit")
    except (duckdb.Error, ReadError, OSError, UnicodeDecodeError, csv.Error) as error:
        con.execute("rollback")
        result = entry_result(
            entry, sniffed, status="refused", shape=shape.name, message=read_error(entry, error)
        )
        record(con, result, loaded_at)
    return result


def read_error(entry: LandingEntry, error: Exception) -> str:
    """The reader's message without DuckDB's option dump and its advice on DuckDB options."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return f"{entry.name}: {error!r}"
    kept = [lines[0]] + [
        line[:300]
        for line in lines[1:]
        if line.startswith(("Original Line:", "Expected Number of Columns"))
        or "unterminated quote" in line
    ]
    return f"{entry.name}: " + " | ".join(kept)


def landed_files(landing: Path) -> list[tuple[str, Path]]:
    """The files the loader reads: (system, path), in landing order."""
    return [
        (entry.system, entry.path)
        for entry in sniffing.landing_entries(landing)
        if entry.readable and entry.system
    ]


def load_landing(landing: Path, database: Path, workers: int | None = None) -> list[FileLoadResult]:
    """Load every landed file; return one result per landing entry (refused and skipped ones
    included). `workers`: files loaded side by side (Settings.load_workers; None: one per core).

    The DuckDB loader; warehouse.load_landing picks it or the PostgreSQL one (ROI_TARGET).
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    entries = sniffing.landing_entries(landing)
    workers = max(1, min(load_workers(workers), len(entries)))
    with duckdb.connect(str(database)) as con, ThreadPoolExecutor(workers) as pool:
        ensure_raw_tables(con)
        # hashlib and DuckDB release the GIL: files are sniffed (hashed) and loaded side by side,
        # each on a connection of its own. A load numbers its rows in file order, which keeps one
        # file's insert on one core, so files in parallel are what uses the others. Biggest
        # first, so no large file starts last.
        sniffs = list(pool.map(sniff_entry, entries))
        first_of_checksum: dict[str, int] = {}
        for index, sniffed in enumerate(sniffs):
            if sniffed is not None and sniffed.checksum and sniffed.usable:
                first_of_checksum.setdefault(sniffed.checksum, index)
        firsts = sorted(
            set(first_of_checksum.values()),
            key=lambda i: entries[i].path.stat().st_size,
            reverse=True,
        )

        def load(index: int) -> FileLoadResult:
            with con.cursor() as cursor:
                return load_file(cursor, entries[index], sniffs[index])

        results = dict(zip(firsts, pool.map(load, firsts), strict=True))
        # A file with the bytes of another in the same landing loads after it: skipped as its
        # duplicate (or refused like it), as if the files had been loaded one by one in landing
        # order; so does every entry that is not read.
        for index in range(len(entries)):
            if index not in results:
                results[index] = load(index)
        return [results[index] for index in range(len(entries))]


def sniff_entry(entry: LandingEntry) -> Sniffed | None:
    """How a readable entry is read; None for an entry the listing already skips."""
    return sniffing.sniff(entry.path, entry.system) if entry.readable else None


def load_workers(configured: int | None = None) -> int:
    """Files loaded side by side: the configured number (ROI_LOAD_WORKERS, read and checked by
    Settings), else one per core this process may use (at most 4)."""
    if configured is not None:
        return configured
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(4, cores or 1)
