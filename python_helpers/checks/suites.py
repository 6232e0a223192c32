"""The expectation suites, kept in the repo as code and generated from metadata.

Two families, both generic over sources and marts:

- Landed files: one suite per file shape of the registry (python_helpers/shapes). Every shape
  gets the generic expectations (its required columns exist, at least one data row, a sane row
  count); a shape listed in SHAPE_RULES also gets value checks (formats, numeric ranges) that catch
  a vendor changing its export (locale, duration format) before every row of a file lands in
  quarantine. A CRM or email-platform shape is covered the day it joins the registry.
- Marts: one suite per mart table BI reads, generated from the dbt manifest (the contract's
  columns, primary-key and not-null constraints), plus a scan of every text column for values that
  look like an email address, plus the hand-written invariants of MART_RULES.

Expectations are plain dicts here ({"type": ..., **kwargs}) so the suites can be read, diffed and
printed without GX; `build_suite` turns them into a GX ExpectationSuite.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..formats import DATE_COLUMNS, DECIMAL_COLUMNS, TIME_COLUMNS, ResolvedFormats
from ..shapes import FileShape

# A value that looks like an email address (anywhere in the text).
EMAIL_PATTERN = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
DATE_LIKE = r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*$"
TIME_LIKE = r"^\s*\d{1,2}:\d{2}(:\d{2})?\s*([AaPp][Mm])?\s*$"
ISO_WITH_OFFSET = r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})\s*$"
HMS_DURATION = r"^\s*\d+:[0-5]\d:[0-5]\d\s*$"
DECIMAL_NUMBER = r"^\s*-?\d+(\.\d+)?\s*$"
DECIMAL_COMMA_NUMBER = r"^\s*-?\d+(,\d+)?\s*$"
# Most rows of a healthy export pass a format check; a few bad rows are quarantine's job.
MOSTLY = 0.95
MAX_ROWS_PER_FILE = 5_000_000
# Derived numeric columns are named <column>__as_number (see checks.landed.numeric_view).
AS_NUMBER = "__as_number"

Expectation = dict[str, Any]


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    expectations: list[Expectation] = field(default_factory=list)
    numeric_columns: tuple[str, ...] = ()  # text columns the checks also read as numbers


def _email_like(column: str) -> Expectation:
    return {"type": "expect_column_values_to_match_regex", "column": column,
            "regex": EMAIL_PATTERN, "mostly": MOSTLY}  # fmt: skip


def _matches(column: str, regex: str) -> Expectation:
    return {"type": "expect_column_values_to_match_regex", "column": column, "regex": regex,
            "mostly": MOSTLY}  # fmt: skip


def _hours(column: str) -> list[Expectation]:
    """Decimal hours: written as a number, and between 0 and 24 (one day)."""
    return [
        _matches(column, DECIMAL_NUMBER),
        {"type": "expect_column_values_to_be_between", "column": column + AS_NUMBER,
         "min_value": 0, "max_value": 24, "mostly": MOSTLY},
    ]  # fmt: skip


# Value checks per shape name, on the file's text (nulls are skipped by GX's column checks).
SHAPE_RULES: dict[str, tuple[list[Expectation], tuple[str, ...]]] = {
    "toggl": (
        [
            _email_like("email"),
            _matches("start_date", DATE_LIKE),
            _matches("start_time", TIME_LIKE),
            _matches("duration", HMS_DURATION),
        ],
        (),
    ),
    "harvest": (
        [_matches("date", DATE_LIKE), *_hours("hours")],
        ("hours",),
    ),
    "clockify": (
        [
            _email_like("email"),
            _matches("start_date", DATE_LIKE),
            _matches("start_time", TIME_LIKE),
            *_hours("duration_decimal"),
        ],
        ("duration_decimal",),
    ),
    "canonical": (
        [
            _email_like("person_email"),
            _matches("started_at", ISO_WITH_OFFSET),
            *_hours("duration_hours"),
        ],
        ("duration_hours",),
    ),
}


# strftime directives as regular expressions (as macros/parsing/strftime_to_pattern.sql reads them).
_DIRECTIVE_REGEX = {
    "%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%H": r"\d{1,2}", "%I": r"\d{1,2}",
    "%M": r"\d{2}", "%S": r"\d{2}", "%p": "[AaPp][Mm]",
}  # fmt: skip


def strftime_regex(format_: str) -> str:
    """'%m/%d/%Y' -> a regular expression matching the whole (trimmed) value."""
    regex = re.escape(format_)
    for directive, pattern in _DIRECTIVE_REGEX.items():
        regex = regex.replace(re.escape(directive), pattern)
    return rf"^\s*{regex}\s*$"


def _resolved_rules(shape: FileShape, resolved: ResolvedFormats) -> list[Expectation]:
    """Format checks that follow the file's resolved formats (python_helpers/formats.py), not
    "any date": a Clockify file resolved as US dates checks every date is written that way."""
    rules: list[Expectation] = []
    date_format = resolved.date_format
    if date_format is None and resolved.is_ambiguous and resolved.date_separator:
        separator = resolved.date_separator  # %d and %m read the same digits: one regex
        date_format = f"%d{separator}%m{separator}%Y"
    if date_format:
        for column in DATE_COLUMNS.get(shape.name, ())[:1]:
            rules.append(_matches(column, strftime_regex(date_format)))
    if resolved.time_format:
        for column in TIME_COLUMNS.get(shape.name, ())[:1]:
            rules.append(_matches(column, strftime_regex(resolved.time_format)))
    if resolved.decimal_separator == ",":
        for column in DECIMAL_COLUMNS.get(shape.name, ()):
            rules.append(_matches(column, DECIMAL_COMMA_NUMBER))
    return rules


def landed_file_suite(shape: FileShape, resolved: ResolvedFormats | None = None) -> SuiteSpec:
    """Generic expectations for every file of a shape, plus the shape's value rules; date, time
    and decimal patterns follow the file's `resolved` formats when given."""
    expectations: list[Expectation] = [
        {
            "type": "expect_table_row_count_to_be_between",
            "min_value": 1,
            "max_value": MAX_ROWS_PER_FILE,
        },  # fmt: skip
    ]
    expectations += [
        {"type": "expect_column_to_exist", "column": column} for column in shape.required
    ]
    rules, numeric = SHAPE_RULES.get(shape.name, ([], ()))
    if resolved is not None:
        replaced = _resolved_rules(shape, resolved)
        replaced_columns = {rule["column"] for rule in replaced}
        rules = [
            rule
            for rule in rules
            if not (rule.get("column") in replaced_columns and "regex" in rule)
        ] + replaced
    return SuiteSpec(f"landed__{shape.system}__{shape.name}", expectations + rules, numeric)


# Hand-written invariants per mart (on top of what the manifest gives). Columns missing from a
# mart are skipped with a note, so a renamed column shows up as a check failure, not a crash.
MART_RULES: dict[str, list[Expectation]] = {
    "dim_roles": [
        {"type": "expect_column_values_to_be_between", "column": "loading_factor",
         "min_value": 1.0, "max_value": 2.0},
    ],
    "fct_workflow_time_savings": [
        {"type": "expect_column_values_to_be_between", "column": "loaded_hourly_rate_usd",
         "min_value": 5, "max_value": 1000},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b",
         "column_A": "annual_savings_usd_base", "column_B": "annual_savings_usd_low",
         "or_equal": True, "ignore_row_if": "either_value_is_missing"},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b",
         "column_A": "annual_savings_usd_high", "column_B": "annual_savings_usd_base",
         "or_equal": True, "ignore_row_if": "either_value_is_missing"},
        {"type": "expect_column_values_to_be_between", "column": "baseline_hours_per_task",
         "min_value": 0},
        {"type": "expect_column_values_to_be_between", "column": "ai_hours_per_task",
         "min_value": 0},
        {"type": "expect_column_values_to_be_between", "column": "count_baseline_tasks",
         "min_value": 0},
    ],
    "fct_workflow_priorities": [
        {"type": "expect_column_values_to_be_between", "column": "priority_rank",
         "min_value": 1},
    ],
}  # fmt: skip


def mart_suite(
    table: str,
    columns: list[tuple[str, str]],
    node: dict[str, Any] | None,
    not_measured: Collection[str] = (),
) -> SuiteSpec:
    """Expectations for one mart: contract columns and keys (manifest), no email-like text,
    MART_RULES. `columns` are the table's (name, type) as the warehouse reports them. A mart must
    have rows, unless its meta says `roi_allow_empty`, or lists in `roi_empty_when_not_measured`
    dimensions that are all in `not_measured` (fct_measurement_status: no data landed)."""
    expectations: list[Expectation] = []
    meta = (node or {}).get("config", {}).get("meta", {}) or {}
    empty_when = set(meta.get("roi_empty_when_not_measured") or ())
    no_data = bool(empty_when) and empty_when <= set(not_measured)
    if not meta.get("roi_allow_empty") and not no_data:
        expectations.append({"type": "expect_table_row_count_to_be_between", "min_value": 1})
    if node:
        contract_columns = list(node.get("columns", {}))
        if contract_columns:
            expectations.append(
                {
                    "type": "expect_table_columns_to_match_set",
                    "column_set": contract_columns,
                    "exact_match": True,
                }  # fmt: skip
            )
        for constraint in node.get("constraints", []):
            if constraint.get("type") == "primary_key":
                key = list(constraint.get("columns") or [])
                if len(key) == 1:
                    expectations.append(
                        {"type": "expect_column_values_to_be_unique", "column": key[0]}
                    )
                elif key:
                    expectations.append(
                        {"type": "expect_compound_columns_to_be_unique", "column_list": key}
                    )
                expectations += [
                    {"type": "expect_column_values_to_not_be_null", "column": column}
                    for column in key
                ]
        for name, column in node.get("columns", {}).items():
            if any(c.get("type") == "not_null" for c in column.get("constraints", [])):
                expectations.append({"type": "expect_column_values_to_not_be_null", "column": name})
    for name, data_type in columns:
        if data_type.upper().startswith(("VARCHAR", "TEXT", "CHAR", "STRING")):
            expectations.append(
                {
                    "type": "expect_column_values_to_not_match_regex",
                    "column": name,
                    "regex": EMAIL_PATTERN,
                }  # fmt: skip
            )
    expectations += MART_RULES.get(table, [])
    unique: list[Expectation] = []
    for expectation in expectations:
        if expectation not in unique:
            unique.append(expectation)
    return SuiteSpec(f"mart__{table}", unique)
