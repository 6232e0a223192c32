"""Formula-safe text for every CSV or spreadsheet the project writes (CSV/formula injection).

Free text from the vendors (Salesforce campaign names, HubSpot conversion names, time-entry
descriptions) reaches the marts unchanged: it is data, stored as text. A spreadsheet, though,
runs a cell that begins with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK("http://x","click")`
becomes a link that can send the sheet's data away), and tab, carriage return and NUL at the start
are read as such a cell too (OWASP "CSV Injection"; ASVS 1.2.10). So every file the project writes
for people to open goes through this module, which prefixes such TEXT cells with a single quote:
the spreadsheet shows the text, runs nothing.

Numbers are never touched: a number column (-500.0) is a number, and a text cell that is a plain
number ("-12.5", "+3") is not a formula either. `roi check` lists the mart columns holding
formula-like text (`formula_like_text`), so BI owners know before anyone exports them.

Not neutralised, on purpose: the sample generator's extracts (they stand for vendor files, which
carry such text as the vendor wrote it) and the CSV stream that carries raw rows into PostgreSQL
(data, never opened by a person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
NEUTRALISING_PREFIX = "'"


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula (see the module docstring)."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def neutralise_cell(value: Any) -> Any:
    """`=SUM(A1)` -> `'=SUM(A1)`; numbers, plain-number text and other text unchanged."""
    return NEUTRALISING_PREFIX + value if is_formula_like(value) else value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [
        column
        for column in frame.columns
        if pd.api.types.is_object_dtype(frame[column])
        or pd.api.types.is_string_dtype(frame[column])
    ]


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells are formula-safe (number columns untouched)."""
    safe = frame.copy()
    for column in _text_columns(safe):
        safe[column] = safe[column].map(neutralise_cell, na_action="ignore")
    safe.columns = [neutralise_cell(str(column)) for column in safe.columns]
    return safe


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """The one way the project writes a CSV for people: formula-safe, UTF-8, quoted as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    neutralise_frame(frame).to_csv(temporary, index=False, encoding="utf-8")
    temporary.replace(path)
    return path


@dataclass(frozen=True)
class FormulaLikeColumn:
    column: str
    count: int
    example: str


def formula_like_text(frame: pd.DataFrame, columns: list[str] | None = None):
    """Columns of `frame` (text columns, or `columns`) holding formula-like text: how many cells
    and the first example, for `roi check`."""
    found = []
    for column in columns if columns is not None else _text_columns(frame):
        values = frame[column].dropna()
        flagged = values[values.map(is_formula_like)]
        if len(flagged):
            found.append(FormulaLikeColumn(column, len(flagged), str(flagged.iloc[0])))
    return found
