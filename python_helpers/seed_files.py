"""Seed files as RevOps saves them from a spreadsheet, checked before dbt reads them.

What a spreadsheet writes and loads as is (macros/seeds/default__load_csv_rows.sql): CRLF, CR or
LF line endings, mixed in one file (a row appended in another editor), a UTF-8 byte-order mark,
blank lines or rows of bare commas at the end (skipped: they are not data). What cannot load
right is refused by `roi build` before dbt starts, naming the file, the line and the fix:

- not UTF-8 (Excel's plain "CSV" is Windows-1252 on many machines);
- semicolons or tabs as separators (a spreadsheet in a decimal-comma locale);
- a header with an empty or repeated column name;
- a row with more or fewer fields than the header (a comma inside a value without quotes).

The rules on the values themselves are dbt tests on the seeds (see seeds/*/_*.yml): their
messages name the seed, the rule and the row.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from .settings import REPO_ROOT

SAVE_AS_UTF8 = (
    'save it as "CSV UTF-8 (Comma delimited)" (Excel) or as a UTF-8 CSV (Google Sheets, '
    "LibreOffice, Numbers)"
)


@dataclass(frozen=True)
class SeedFileProblem:
    path: Path
    line: int | None
    problem: str
    fix: str

    def __str__(self) -> str:
        try:
            name = self.path.relative_to(REPO_ROOT).as_posix()
        except ValueError:
            name = str(self.path)
        where = f"{name} line {self.line}" if self.line else name
        return f"seed file {where}: {self.problem}. Fix: {self.fix}."


def seed_files(project: Path = REPO_ROOT) -> list[Path]:
    """Every seed CSV of the dbt project (its `seed-paths`, default seeds/)."""
    config = yaml.safe_load((project / "dbt_project.yml").read_text()) or {}
    folders = config.get("seed-paths") or ["seeds"]
    return sorted(path for folder in folders for path in (project / folder).rglob("*.csv"))


def check_seed_file(path: Path) -> list[SeedFileProblem]:
    """What keeps this seed file from loading as its author meant (empty list: it loads)."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        return [SeedFileProblem(path, line, f"not UTF-8 (byte 0x{byte})", SAVE_AS_UTF8)]
    if not text.strip():
        return [
            SeedFileProblem(path, 1, "the file is empty", "restore its header line (git history)")
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    width = len(header)
    if width == 1 and (";" in header[0] or "\t" in header[0]):
        separator = "semicolons" if ";" in header[0] else "tabs"
        return [
            SeedFileProblem(
                path,
                1,
                f"the columns are separated by {separator}, not commas",
                SAVE_AS_UTF8 + "; in a decimal-comma locale set the list separator to a comma",
            )
        ]
    problems = []
    names = [name.strip() for name in header]
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(
                SeedFileProblem(
                    path, 1, f"column {position} of the header has no name", "delete that column"
                )
            )
        elif names.index(name) != position - 1:
            problems.append(
                SeedFileProblem(path, 1, f"column {name!r} appears twice", "delete one of them")
            )
    try:
        for row in reader:
            if not any(field.strip() for field in row):
                continue  # a blank line or a row of bare commas: skipped when loading
            if len(row) != width:
                problems.append(
                    SeedFileProblem(
                        path,
                        reader.line_num,
                        f"{len(row)} fields where the header has {width}",
                        "put double quotes around a value that contains a comma, or add or "
                        "remove the missing or extra comma",
                    )
                )
    except csv.Error as error:
        problems.append(
            SeedFileProblem(
                path, reader.line_num, f"not readable as CSV ({error})", "close the quoted value"
            )
        )
    return problems


def check_seed_files(project: Path = REPO_ROOT) -> list[SeedFileProblem]:
    return [problem for path in seed_files(project) for problem in check_seed_file(path)]
