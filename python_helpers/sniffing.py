"""What is in a landing folder, and how each landed file is read (docs/landing_files.md).

`landing_entries(landing)` lists every entry of a landing folder: the files the loader reads and,
for everything else (an unknown extension, a sub-folder, a hidden file, a folder for an unknown
system, a file at the landing root), the reason it is skipped. `sniff(path)` tells, before
anything loads, how a file is read: its kind (csv | xlsx | unsupported), its encoding and
delimiter, its header (confirmed against the known export shapes) and, when it cannot be used,
why. Both loaders (loader.py, warehouse/postgres_schema.py) and `roi doctor` go through these
two functions.

Encodings: UTF-8 (with or without BOM); UTF-16 LE/BE with BOM (Excel "Unicode text"), or without
a BOM when the header's zero bytes show it; otherwise Windows-1252 when bytes 0x80-0x9F (curly
quotes, the euro sign) appear and all are defined there, else Latin-1. Delimiters: comma,
semicolon, tab or pipe, the one whose header matches a known shape (else the one that splits the
header into the most known columns).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .shapes import SYSTEMS, FileShape, all_shapes, normalize_column_name, shapes_for

CHUNK_BYTES = 1 << 20
HEADER_BYTES = 1 << 16  # decoded text read to find the header line and its delimiter
DELIMITERS = (",", ";", "\t", "|")
XLSX_HEADER_SEARCH_ROWS = 30

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
READ_SUFFIXES = TEXT_SUFFIXES + tuple(f"{suffix}.gz" for suffix in TEXT_SUFFIXES) + XLSX_SUFFIXES
READ_SUFFIXES_TEXT = ", ".join(READ_SUFFIXES)
HOW_TO_EXPORT = "export the report as CSV (UTF-8) or save it as .xlsx"
OTHER_FORMATS = {
    ".xls": "a legacy Excel 97-2003 workbook (.xls): open it and save it as .xlsx, or export "
    "the report as CSV (UTF-8)",
    ".xlsb": "an Excel binary workbook (.xlsb): save it as .xlsx or CSV (UTF-8)",
    ".ods": "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV (UTF-8)",
    ".numbers": "a Numbers spreadsheet: File > Export To > CSV",
    ".zip": "a zip archive: unzip the exports into this folder",
    ".gz": "a gzip file that is no .csv.gz, .txt.gz or .tsv.gz",
}
VENDOR_FOLDERS = {
    "toggl": "time_tracking/",
    "harvest": "time_tracking/",
    "clockify": "time_tracking/",
    "hubspot": "crm/ (contacts, deals) or email_platform/ (email events)",
    "salesforce": "crm/",
    "marketo": "email_platform/",
}

_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


@dataclass(frozen=True)
class Sniffed:
    """How one landed file is read. `reason` is set (and nothing loads) when it cannot be used."""

    kind: str  # csv | xlsx | unsupported
    encoding: str | None = None  # utf-8 | windows-1252 | latin-1 | utf-16-le | utf-16-be
    delimiter: str | None = None  # csv only
    header: list[str] = field(default_factory=list)
    reason: str = ""
    shape: str | None = None  # the known export shape the header matches, if any
    checksum: str | None = None  # SHA-256 of the landed bytes
    compression: str | None = None  # gzip for .csv.gz
    bom: bool = False
    header_row: int = 1  # xlsx: the sheet row holding the header (rows above it are titles)

    @property
    def usable(self) -> bool:
        return self.kind != "unsupported" and not self.reason


@dataclass(frozen=True)
class LandingEntry:
    """One entry of a landing folder. `reason` says why it is skipped ('' when it is read)."""

    path: Path
    system: str | None  # None for an entry at the landing root that is no system folder
    name: str  # as raw_meta.file_loads.source_file names it: a folder ends with '/'
    reason: str = ""

    @property
    def readable(self) -> bool:
        return not self.reason


def display_name(entry: LandingEntry) -> str:
    return f"{entry.system}/{entry.name}" if entry.system else entry.name


# --- the landing folder --------------------------------------------------------------------


def landing_entries(landing: Path) -> list[LandingEntry]:
    """Every entry of the landing folder, system folders first (in SYSTEMS order), each sorted by
    name; then what else sits at the landing root. Sub-folders of a system folder are not read
    (an archive/ folder of old exports must not load again): each is one skipped entry."""
    if not landing.is_dir():
        return []
    entries: list[LandingEntry] = []
    for system in SYSTEMS:
        folder = landing / system
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            entries.append(_system_entry(system, path))
    for path in sorted(landing.iterdir(), key=lambda p: p.name):
        if path.name in SYSTEMS and path.is_dir():
            continue
        entries.append(_root_entry(path))
    return entries


def _system_entry(system: str, path: Path) -> LandingEntry:
    if path.is_dir():
        inside = sum(1 for _ in path.rglob("*") if _.is_file())
        return LandingEntry(
            path,
            system,
            f"{path.name}/",
            f"sub-folder ({inside} file(s) inside) is not read: the loader reads only the files "
            f"directly in {system}/; move exports up to load them",
        )
    return LandingEntry(path, system, path.name, file_skip_reason(path))


def _root_entry(path: Path) -> LandingEntry:
    known = ", ".join(SYSTEMS)
    if path.is_dir():
        inside = sum(1 for _ in path.rglob("*") if _.is_file())
        hint = VENDOR_FOLDERS.get(path.name.lower())
        where = f"; {path.name} exports belong in {hint}" if hint else ""
        reason = (
            f"folder for an unknown system ({inside} file(s) inside, none read): landing "
            f"folders are {known}{where}"
        )
        return LandingEntry(path, None, f"{path.name}/", reason)
    reason = _hidden_reason(path) or (
        f"file at the landing root is not read: put it in a system folder ({known})"
    )
    return LandingEntry(path, None, path.name, reason)


def _hidden_reason(path: Path) -> str:
    if path.name.startswith("~$"):
        return "Excel lock file (the workbook is open in Excel): nothing to load"
    if path.name.startswith("."):
        return "hidden file (system metadata such as .DS_Store): nothing to load"
    return ""


def file_suffix(path: Path) -> str:
    """The file's type suffix in lower case: '.csv', '.csv.gz', '.xlsx', '' when none."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def file_skip_reason(path: Path) -> str:
    """Why a file in a system folder is skipped by its name alone ('' when the loader reads it)."""
    hidden = _hidden_reason(path)
    if hidden:
        return hidden
    if not path.is_file():
        return "not a regular file (a broken link or a device): nothing to load"
    suffix = file_suffix(path)
    if suffix in READ_SUFFIXES:
        return ""
    if suffix in OTHER_FORMATS or (suffix.endswith(".gz") and ".gz" in OTHER_FORMATS):
        return OTHER_FORMATS.get(suffix, OTHER_FORMATS[".gz"])
    described = f"'{suffix}'" if suffix else "no extension"
    return f"unknown file type ({described}): the loader reads {READ_SUFFIXES_TEXT}"


# --- one file --------------------------------------------------------------------------------


def sniff(path: Path, system: str | None = None) -> Sniffed:
    """How `path` is read. `system` (default: the name of its folder, when that is a system)
    picks the shapes that confirm the header; without one, every known shape is tried."""
    path = Path(path)
    if system is None and path.parent.name in SYSTEMS:
        system = path.parent.name
    shapes = shapes_for(system) if system else all_shapes()
    reason = file_skip_reason(path)
    if reason:
        checksum = sha256_of(path) if path.is_file() else None
        return Sniffed("unsupported", reason=reason, checksum=checksum)
    with path.open("rb") as handle:
        magic = handle.read(8)
    suffix = file_suffix(path)
    if suffix in XLSX_SUFFIXES or magic.startswith(b"PK\x03\x04"):
        return _sniff_xlsx(path, shapes, suffix)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return Sniffed("unsupported", reason=_named(path, OTHER_FORMATS[".xls"]))
    compression = "gzip" if magic.startswith(b"\x1f\x8b") else None
    if suffix.endswith(".gz") and compression is None:
        return Sniffed(
            "csv",
            reason=f"{path.name}: named .gz but not gzip-compressed: rename it without .gz",
            checksum=sha256_of(path),
        )
    return _sniff_text(path, shapes, compression)


def _named(path: Path, text: str) -> str:
    return f"{path.name}: {text}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Scan:
    checksum: str = ""
    utf8: bool = True
    c1_bytes: bool = False  # 0x80-0x9F outside valid UTF-8: Windows-1252 punctuation
    cp1252_undefined: bool = False
    nul_bytes: bool = False
    first_bytes: bytes = b""
    empty: bool = True


def _chunks(path: Path, compression: str | None, digest) -> Iterator[bytes]:
    """The file's content in chunks (decompressed for gzip); `digest` sees the landed bytes."""
    if compression != "gzip":
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                yield chunk
        return
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            yield chunk


def _scan(path: Path, compression: str | None) -> _Scan:
    """One pass over the file: SHA-256 of its bytes and what its content says of its encoding."""
    scan = _Scan()
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in _chunks(path, compression, digest):
        if scan.empty:
            scan.first_bytes, scan.empty = chunk[:4], False
        elif len(scan.first_bytes) < 4:
            scan.first_bytes = (scan.first_bytes + chunk)[:4]
        if not scan.nul_bytes and b"\x00" in chunk:
            scan.nul_bytes = True
        # An ASCII chunk is valid UTF-8 unless a multi-byte character started in the last one
        # (the decoder then holds its first bytes): isascii() is far cheaper than decoding.
        if chunk.isascii() and not decoder.getstate()[0]:
            continue
        if not scan.c1_bytes and _C1_BYTES.search(chunk):
            scan.c1_bytes = True
        if not scan.cp1252_undefined and _CP1252_UNDEFINED.search(chunk):
            scan.cp1252_undefined = True
        if scan.utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                scan.utf8 = False
    if scan.utf8 and decoder.getstate()[0]:
        scan.utf8 = False  # the file ends inside a multi-byte character
    scan.checksum = digest.hexdigest()
    return scan


def _utf16_without_bom(first: bytes) -> str | None:
    if len(first) >= 4 and first[0] and not first[1] and first[2] and not first[3]:
        return "utf-16-le"
    if len(first) >= 4 and not first[0] and first[1] and not first[2] and first[3]:
        return "utf-16-be"
    return None


def _encoding_of(scan: _Scan) -> tuple[str | None, bool, str]:
    """(encoding, BOM present, reason when the bytes cannot be decoded)."""
    for bom, name in _UTF16_BOMS.items():
        if scan.first_bytes.startswith(bom):
            return name, True, ""
    guessed = _utf16_without_bom(scan.first_bytes)
    if guessed:
        return guessed, False, ""
    if scan.nul_bytes:
        return (
            None,
            False,
            (
                "contains zero bytes: a binary file, or UTF-16/UTF-32 text without a "
                "byte-order mark; " + HOW_TO_EXPORT
            ),
        )
    if scan.utf8:
        return "utf-8", scan.first_bytes.startswith(codecs.BOM_UTF8), ""
    if scan.c1_bytes and not scan.cp1252_undefined:
        return "windows-1252", False, ""
    return "latin-1", False, ""


def open_text(path: Path, encoding: str, compression: str | None = None, bom: bool = False):
    """The file as text (BOM skipped, line endings kept as written)."""
    raw = gzip.open(path, "rb") if compression == "gzip" else path.open("rb")  # noqa: SIM115
    if bom:
        raw.read(3 if encoding == "utf-8" else 2)
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _sniff_text(path: Path, shapes: list[FileShape], compression: str | None) -> Sniffed:
    try:
        scan = _scan(path, compression)
    except (OSError, EOFError, zlib.error) as error:  # a truncated or corrupt .gz
        reason = f"{path.name}: the gzip file cannot be decompressed ({error}); compress it again"
        return Sniffed("csv", reason=reason, checksum=sha256_of(path), compression=compression)
    base = Sniffed("csv", checksum=scan.checksum, compression=compression)
    if scan.empty:
        return replace(base, reason=f"{path.name}: the file is empty (no header line)")
    encoding, bom, undecodable = _encoding_of(scan)
    if encoding is None:
        return replace(base, reason=_named(path, undecodable))
    try:
        with open_text(path, encoding, compression, bom) as handle:
            head = handle.read(HEADER_BYTES)
            if encoding.startswith("utf-16"):
                while handle.read(CHUNK_BYTES):  # every character must decode, not only the head
                    pass
    except UnicodeDecodeError as error:
        return replace(
            base,
            encoding=encoding,
            reason=f"{path.name}: not valid {encoding.upper()} text at byte {error.start} "
            f"of a chunk ({error.reason}); " + HOW_TO_EXPORT,
        )
    delimiter, header, shape = choose_delimiter(head, shapes)
    if not header or not any(cell.strip() for cell in header):
        reason = f"{path.name}: the file is empty (no header line)"
        return replace(base, encoding=encoding, delimiter=delimiter, reason=reason)
    if len(header) == 1 and shape is None and file_suffix(path).startswith(".txt"):
        # Notes or a README next to the exports: not a delimited export, nothing to refuse.
        reason = (
            "a text file without a delimited header (no comma, semicolon, tab or pipe in its "
            "first line): not an export"
        )
        return replace(base, kind="unsupported", encoding=encoding, reason=reason)
    return replace(
        base, encoding=encoding, delimiter=delimiter, header=header, shape=shape, bom=bom
    )


def _first_record(text: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])


def header_fit(header: list[str], shapes: list[FileShape]) -> tuple[bool, int, str | None]:
    """(matches a shape, most columns one shape knows, the best shape's name)."""
    normalized = [normalize_column_name(column) for column in header]
    best: tuple[bool, int, str | None] = (False, 0, None)
    for shape in shapes:
        mapped = {shape.aliases.get(column, column) for column in normalized}
        complete = all(column in mapped for column in shape.required)
        known = len(mapped & set(shape.columns))
        if (complete, known) > best[:2]:
            best = (complete, known, shape.name)
    return best


def choose_delimiter(text: str, shapes: list[FileShape]) -> tuple[str, list[str], str | None]:
    """The delimiter whose header matches a known shape; else the one splitting the header into
    the most known columns; else the one splitting it into most columns (comma on a tie)."""
    ranked = []
    for order, delimiter in enumerate(DELIMITERS):
        header = _first_record(text, delimiter)
        complete, known, shape = header_fit(header, shapes)
        ranked.append(((complete, known, len(header), -order), delimiter, header, shape))
    _, delimiter, header, shape = max(ranked, key=lambda item: item[0])
    complete = header_fit(header, shapes)[0]
    return delimiter, header, shape if complete else None


# --- xlsx ----------------------------------------------------------------------------------


def _sniff_xlsx(path: Path, shapes: list[FileShape], suffix: str) -> Sniffed:
    checksum = sha256_of(path)
    if not zipfile.is_zipfile(path):
        return Sniffed(
            "unsupported",
            reason=_named(path, f"named {suffix} but not an Excel workbook; " + HOW_TO_EXPORT),
            checksum=checksum,
        )
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return Sniffed(
                "unsupported", reason=_named(path, OTHER_FORMATS[".zip"]), checksum=checksum
            )
    try:
        rows = list(_xlsx_rows(path, limit=XLSX_HEADER_SEARCH_ROWS))
    except Exception as error:  # noqa: BLE001 - any reader failure is a reason, not a crash
        reason = f"the workbook cannot be read ({type(error).__name__}: {error}); " + HOW_TO_EXPORT
        return Sniffed("unsupported", reason=_named(path, reason), checksum=checksum)
    found = find_header_row(rows, shapes)
    if found is None:
        return Sniffed("xlsx", reason=_named(path, "the first sheet is empty"), checksum=checksum)
    header_row, header, shape = found
    return Sniffed("xlsx", header=header, shape=shape, checksum=checksum, header_row=header_row)


def find_header_row(
    rows: list[list[str]], shapes: list[FileShape]
) -> tuple[int, list[str], str | None] | None:
    """(1-based row, header, shape): the first row matching a known shape; else the row with the
    most known columns; else the first non-blank row. None for a blank sheet."""
    best: tuple[tuple[bool, int], int, list[str], str | None] | None = None
    for number, row in enumerate(rows, start=1):
        header = trim_row(row)
        if not any(header):
            continue
        complete, known, shape = header_fit(header, shapes)
        if complete:
            return number, header, shape
        if best is None or (complete, known) > best[0]:
            best = ((complete, known), number, header, None)
    if best is None:
        return None
    return best[1], best[2], best[3]


def trim_row(row: list[str]) -> list[str]:
    """A sheet row without its trailing blank cells."""
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _xlsx_rows(path: Path, limit: int | None = None) -> Iterator[list[str]]:
    """The first sheet's rows as text, as a CSV export would write them."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if limit is not None and number > limit:
                break
            yield [cell_text(cell.value, getattr(cell, "number_format", "")) for cell in row]
    finally:
        workbook.close()


def xlsx_rows(path: Path, header_row: int) -> Iterator[list[str]]:
    """The header and data rows of the first sheet from `header_row` on (blank rows dropped)."""
    for number, row in enumerate(_xlsx_rows(path), start=1):
        if number >= header_row and any(row):
            yield row


def cell_text(value, number_format: str = "") -> str:
    """A cell as text: dates ISO 8601 (with the time when the cell's format shows one), times
    HH:MM:SS, durations H:MM:SS, whole numbers without '.0', booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        shows_time = any(mark in (number_format or "").lower() for mark in ("h", "s"))
        if value.time() == time(0) and not shows_time:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
