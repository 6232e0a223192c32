"""CRM stages that no seed row maps: `roi check` lists every one, and fails on a large share.

int_crm_stages_mapped quarantines a lead whose lifecycle stage or lead status no row of the seed
pipeline_stage_mappings maps, and an opportunity whose outcome depends on such a stage, as
`unmapped_stage`: they are left out of the funnel instead of counting as `lead`. That is a mapping
gap RevOps closes with one seed row (docs/crm_stage_mappings.md), not a parsing problem, but its
effect on the numbers is the same as a format drift's: records missing from the marts. So the
rule is the same: per loaded file and value, unmapped records / rows loaded over the share fails
the check (publish refuses, BI keeps the last good marts); at or under it, the value is printed
as a warning with its count, so it is never silent.

Works on any DB-API cursor over the built warehouse (DuckDB or PostgreSQL): the model is found
in information_schema, in any schema.
"""

from __future__ import annotations

from dataclasses import dataclass

MODEL = "int_crm_stages_mapped"


@dataclass(frozen=True)
class UnmappedStage:
    crm: str
    object_type: str
    stage_value: str
    source_file: str
    count: int  # records of the file quarantined with this value
    rows: int  # rows the file loaded (0 when raw_meta.file_loads does not know it)

    @property
    def share(self) -> float:
        return self.count / self.rows if self.rows else 1.0

    def seed_row(self) -> str:
        """The line to add to seeds/pipeline/pipeline_stage_mappings.csv (funnel stage left for
        RevOps to choose)."""
        value = f'"{self.stage_value}"' if "," in self.stage_value else self.stage_value
        return f"{self.crm},{self.object_type},{value},<funnel_stage>,"

    def describe(self) -> str:
        return (
            f"{self.crm} {self.object_type} stage '{self.stage_value}' has no row in seed "
            f"pipeline_stage_mappings: {self.count} of {self.rows} rows of {self.source_file} "
            f"({self.share:.0%}) left out of the funnel as unmapped_stage; add "
            f"`{self.seed_row()}` (funnel_stage: lead, mql, sql, opportunity, won or lost) and "
            "run roi build (docs/crm_stage_mappings.md)"
        )


def find_unmapped_stages(cursor, mark: str = "?") -> list[UnmappedStage]:
    """Every (file, CRM, object, stage value) quarantined `unmapped_stage`, most records first.
    `mark` is the driver's placeholder (DuckDB `?`, psycopg2 `%s`). Empty when the model or
    raw_meta.file_loads is not built yet."""
    cursor.execute(
        f"select table_schema from information_schema.tables where table_name = {mark} order by 1",
        [MODEL],
    )
    schemas = [row[0] for row in cursor.fetchall()]
    if not schemas:
        return []
    cursor.execute(
        "select count(*) from information_schema.tables "
        f"where table_schema = {mark} and table_name = {mark}",
        ["raw_meta", "file_loads"],
    )
    loaded: dict[str, int] = {}
    if cursor.fetchone()[0]:
        cursor.execute(
            "select source_file, sum(row_count) from raw_meta.file_loads "
            "where status = 'loaded' and system = 'crm' group by source_file"
        )
        loaded = {name: int(rows or 0) for name, rows in cursor.fetchall()}
    cursor.execute(
        "select source_system, object_type, stage_value, source_file, count(*) "
        f'from "{schemas[0]}"."{MODEL}" where quarantine_reason = {mark} '
        "group by source_system, object_type, stage_value, source_file "
        "order by count(*) desc, source_system, object_type, stage_value, source_file",
        ["unmapped_stage"],
    )
    return [
        UnmappedStage(crm, object_type, value, source_file, int(count), loaded.get(source_file, 0))
        for crm, object_type, value, source_file, count in cursor.fetchall()
    ]


def split_by_share(
    findings: list[UnmappedStage], share: float
) -> tuple[list[UnmappedStage], list[UnmappedStage]]:
    """(failing: over `share` of their file's rows, warning: the rest)."""
    failing = [finding for finding in findings if finding.share > share]
    return failing, [finding for finding in findings if finding.share <= share]
