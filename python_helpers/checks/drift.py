"""Format drift: a file with too many rows quarantined for one parsing reason fails `roi check`.

A locale change in a vendor's export (12-hour clock, US dates, decimal commas, a datetime without
its zone) does not break the build: staging quarantines the rows it cannot read, with a reason.
Without this rule a file could lose most of its rows and still be published. The rule is the
same for every system: per loaded file and per parsing reason, quarantined rows / rows loaded
must not exceed ROI_FORMAT_DRIFT_MAX_SHARE (default 0.05 = 5%). Each failure names the file, the
reason, the count and up to three example values as written in the file.

Works on any DB-API cursor over the built warehouse (DuckDB or PostgreSQL): the quarantine views
are found in information_schema (every `<model>__quarantined` in a staging schema), so a new
quarantine model is covered when it lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import DEFAULT_FORMAT_DRIFT_MAX_SHARE

EXAMPLES = 3

# Quarantine reasons that mean "a value could not be read", and the columns of the quarantine
# view holding the value as written (the first not null is the example).
PARSING_REASONS: dict[str, tuple[str, ...]] = {
    "unparseable_or_zoneless_start": ("start_text",),
    "unparseable_duration": ("duration_text",),
    "unparseable_or_zoneless_timestamp": ("occurred_text",),
    "unparseable_stage_date": ("mql_text", "sql_text"),
    "missing_or_unparseable_created_at": ("created_text",),
    "unparseable_close_date": ("close_text",),
    "amount_not_a_number": ("amount_text",),
    "unparseable_responded_date": ("first_responded_text",),
}


@dataclass(frozen=True)
class DriftFinding:
    system: str
    source_file: str
    reason: str
    count: int
    rows: int
    model: str
    examples: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.count / self.rows if self.rows else 1.0


def _columns(cursor, schema: str, table: str, mark: str) -> set[str]:
    cursor.execute(
        "select column_name from information_schema.columns "
        f"where table_schema = {mark} and table_name = {mark}",
        [schema, table],
    )
    return {row[0] for row in cursor.fetchall()}


def find_drift(
    cursor, share: float | None = None, mark: str = "?", staging_schema: str | None = None
) -> list[DriftFinding]:
    """Every (file, parsing reason) whose quarantined share of the file's loaded rows exceeds
    `share` (Settings.format_drift_max_share, default 5%). `mark` is the driver's placeholder
    (DuckDB `?`, psycopg2 `%s`); `staging_schema` restricts the search to one schema (else every
    schema ending in 'staging')."""
    share = DEFAULT_FORMAT_DRIFT_MAX_SHARE if share is None else share
    # Patterns go in as parameters: psycopg2 would read a literal % in the query as a placeholder.
    schema_test = f"table_schema = {mark}" if staging_schema else f"table_schema like {mark}"
    cursor.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_name like {mark} escape '\\' and {schema_test} order by 1, 2",
        ["%\\_\\_quarantined", staging_schema or "%staging"],
    )
    views = cursor.fetchall()
    cursor.execute(
        "select count(*) from information_schema.tables "
        f"where table_schema = {mark} and table_name = {mark}",
        ["raw_meta", "file_loads"],
    )
    if not views or not cursor.fetchone()[0]:
        return []
    cursor.execute(
        "select system, source_file, sum(row_count) from raw_meta.file_loads "
        "where status = 'loaded' group by system, source_file"
    )
    loaded = {(system, name): int(rows or 0) for system, name, rows in cursor.fetchall()}
    findings: list[DriftFinding] = []
    for schema, view in views:
        system = view.removeprefix("stg_").split("__")[0]
        columns = _columns(cursor, schema, view, mark)
        if not {"source_file", "quarantine_reason"} <= columns:
            continue
        reasons = [
            reason
            for reason, example_columns in PARSING_REASONS.items()
            if set(example_columns) <= columns
        ]
        if not reasons:
            continue
        marks = ", ".join([mark] * len(reasons))
        cursor.execute(
            f'select source_file, quarantine_reason, count(*) from "{schema}"."{view}" '
            f"where quarantine_reason in ({marks}) group by source_file, quarantine_reason "
            "order by 1, 2",
            reasons,
        )
        for source_file, reason, count in cursor.fetchall():
            rows = loaded.get((system, source_file), 0)
            if rows and count / rows <= share:
                continue
            example_columns = PARSING_REASONS[reason]
            example = (
                f"coalesce({', '.join(example_columns)})"
                if len(example_columns) > 1
                else example_columns[0]
            )
            cursor.execute(
                f'select distinct {example} from "{schema}"."{view}" '
                f"where source_file = {mark} and quarantine_reason = {mark} "
                f"and {example} is not null order by 1 limit {EXAMPLES}",
                [source_file, reason],
            )
            examples = tuple(str(row[0]) for row in cursor.fetchall())
            findings.append(
                DriftFinding(system, source_file, reason, int(count), rows, view, examples)
            )
    return findings
