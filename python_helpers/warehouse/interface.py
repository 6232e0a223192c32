"""What every warehouse back-end does for the nightly job, whatever it stores the tables in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..checks import CheckReport
    from ..loader import FileLoadResult


class PublishRefused(RuntimeError):
    """A gate of write-audit-publish (or of the check that feeds it) is not met; what BI reads was
    not touched."""


@dataclass(frozen=True)
class CheckOutcome:
    report: CheckReport
    recorded: str | None = None  # what the audit ledger recorded, when the back-end says so


class Warehouse(Protocol):
    """A warehouse back-end: the DuckDB file (duckdb_file.DuckDBFile) or a PostgreSQL server's
    schemas (postgres_schema.PostgresSchema)."""

    name: str  # the ROI_TARGET value
    serves_dashboard: bool  # `roi report` renders from it (the published DuckDB file)

    @property
    def bi_location(self) -> str:
        """What BI reads: the published file, or `schema <name>`."""
        ...

    def load(self, landing: Path) -> list[FileLoadResult]:
        """`roi load`: every landed file into the raw tables, one result per landing entry."""
        ...

    def build_started(self) -> None:
        """`roi build` is about to run dbt: whatever was audited before no longer holds."""
        ...

    def build_finished(
        self, exit_code: int, stopped_by: str | None = None, message: str | None = None
    ) -> None:
        """dbt ended (or `roi build` refused to start it: `message` says why)."""
        ...

    def marts_location(self, database: Path | None) -> str:
        """Where `roi check` reads the marts, for its first line."""
        ...

    def check(
        self, landing: Path | None, marts: bool, docs: Path | None, database: Path | None = None
    ) -> CheckOutcome:
        """`roi check`: landed files and (when `marts`) the marts; recorded for `publish`.
        `database`: another DuckDB file to check instead of the build (DuckDB only)."""
        ...

    def publish(self) -> str:
        """`roi publish`: publish the checked build for BI and say what was published; raise
        PublishRefused when a gate is not met."""
        ...
