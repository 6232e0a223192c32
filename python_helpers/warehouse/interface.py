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


@dataclass(frozen=True)
class JobStep:
    """One command of the last job on the build file, as the audit ledger recorded it."""

    command: str  # "roi build", "roi check", "roi publish"
    status: str  # passed, failed, running, not run, refused
    detail: str


@dataclass(frozen=True)
class PublicationStatus:
    """What readers may show: the published file (None: nothing was ever published) and, when the
    latest build is not what was published, the steps of its job and why it was not published."""

    published: Path | None
    published_at: str | None  # the published file's modification time, UTC
    steps: list[JobStep]
    not_published_because: list[str]  # empty: the latest build is the published one

    @property
    def first_failed_step(self) -> JobStep | None:
        return next((step for step in self.steps if step.status != "passed"), None)


class Warehouse(Protocol):
    """A warehouse back-end: the DuckDB file (duckdb_file.DuckDBFile) or a PostgreSQL server's
    schemas (postgres_schema.PostgresSchema)."""

    name: str  # the ROI_TARGET value

    @property
    def bi_location(self) -> str:
        """What BI reads: the published file, or `schema <name>`."""
        ...

    def load(self, landing: Path) -> list[FileLoadResult]:
        """`roi load`: every landed file into the raw tables, one result per landing entry."""
        ...

    def build_started(self, scope: str | None = None) -> None:
        """`roi build` is about to run dbt: whatever was audited before no longer holds.
        `scope`: what this build runs and why (nightly or full, python_helpers/build_scope)."""
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

    def publication_status(self) -> PublicationStatus | None:
        """What `roi report` may render: the published DuckDB file and the latest job's steps;
        None when BI reads the back-end directly (PostgreSQL: the published schema)."""
        ...

    def publish(self) -> str:
        """`roi publish`: publish the checked build for BI and say what was published; raise
        PublishRefused when a gate is not met."""
        ...
