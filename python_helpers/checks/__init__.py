"""Great Expectations checks: the landed files before they load, the marts as BI receives them.

`run_checks` validates pandas DataFrames (GX 1.24's SQL datasource returns nothing on DuckDB,
GX issues #10738 / #11579): each landed file is read as text with the loader's own reader, each
mart is read from DuckDB through a read-only connection (so a check never blocks a build). The
suites come from python_helpers.checks.suites (generated from the shape registry and the dbt
manifest). `checkpoint.run()` reports failure without raising, so the outcome is collected here
and the `roi check` command sets its exit code from it. Data Docs are written to a local folder.
"""

from __future__ import annotations

import json
import logging
import re
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .. import sniffing
from ..formats import columns_to_resolve, resolve_formats
from ..loader import ReadError, ShapeError, landed_files, match_shape, read_rows, readable
from ..settings import DEFAULT_FORMAT_DRIFT_MAX_SHARE, REPO_ROOT
from ..shapes import FileShape, normalize_column_name
from .drift import DriftFinding, find_drift
from .stage_mappings import UnmappedStage, find_unmapped_stages, split_by_share
from .suites import AS_NUMBER, SuiteSpec, landed_file_suite, mart_suite

EXAMPLES = 5


@dataclass
class Failure:
    target: str  # "landed time_tracking/toggl.csv" or "mart main_marts.fct_..."
    suite: str
    expectation: str
    detail: str
    examples: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"FAIL {self.target} [{self.suite}] {self.expectation}: {self.detail}"
        if self.examples:
            text += f"\n       examples: {self.examples}"
        return text


@dataclass
class CheckReport:
    targets: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    expectations_run: int = 0
    docs_index: Path | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # reported, not failing (see print_report)

    @property
    def success(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        status = "passed" if self.success else f"FAILED ({len(self.failures)} failing)"
        warned = f", {len(self.warnings)} warning(s)" if self.warnings else ""
        return (
            f"checks {status}: {self.expectations_run} expectations on {len(self.targets)} "
            f"files and marts in {self.seconds:.1f}s{warned}"
        )


def load_mart_nodes(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Mart models of the dbt manifest by table name (empty when dbt has not compiled yet).
    `path`: the manifest (Settings.dbt_target_dir / manifest.json), else the project's target/."""
    path = path or REPO_ROOT / "target" / "manifest.json"
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text())
    return {
        node["alias"]: node
        for node in manifest.get("nodes", {}).values()
        if node.get("resource_type") == "model" and "marts" in node.get("fqn", [])
    }


# ---------------------------------------------------------------------------------------------
# Reading what is checked


def read_landed_file(path: Path, system: str) -> tuple[FileShape, pd.DataFrame]:
    """A landed file as the loader would read it: shape columns, every value as text."""
    sniffed = sniffing.sniff(path, system)
    header = sniffed.header
    if sniffed.kind == "unsupported" or not header:
        raise ShapeError(sniffed.reason or f"{path.name}: the file is empty (no header line)")
    shape, _ = match_shape(system, header, path.name)
    present = {shape.aliases.get(name, name) for name in map(normalize_column_name, header)}
    frames: list[pd.DataFrame] = []
    with readable(path, sniffed) as source, duckdb.connect() as con:

        def run(selected: str, reader: str) -> None:
            frames.append(con.execute(f"select {selected} from {reader}").df())

        # The loader's reading: quoted cells spanning lines and a stray quote handled alike.
        read_rows(source, shape, run, frames.clear)
    frame = frames[-1]
    # Columns the file does not have are absent (so expect_column_to_exist can fail on them).
    frame = frame[[column for column in frame.columns if column in present]]
    return shape, frame


def with_numbers(
    frame: pd.DataFrame, columns: tuple[str, ...], decimal_comma: bool = False
) -> pd.DataFrame:
    """Numeric twins of text columns (a file resolved as decimal-comma reads "1,5" as 1.5)."""
    frame = frame.copy()
    for column in columns:
        if column in frame.columns:
            text = frame[column].str.strip()
            if decimal_comma:
                text = text.str.replace(",", ".", regex=False)
            frame[column + AS_NUMBER] = pd.to_numeric(text, errors="coerce")
    return frame


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema like '%marts' and table_type = 'BASE TABLE' order by 1, 2"
    ).fetchall()


# A mart as the checks receive it: schema, table, [(column, data type)], rows.
MartFrame = tuple[str, str, list[tuple[str, str]], pd.DataFrame]


def read_duckdb_marts(database: Path) -> Iterator[MartFrame]:
    """Every mart table of a DuckDB file, read through a read-only connection."""
    with duckdb.connect(str(database), read_only=True) as con:
        for schema, table in mart_tables(con):
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            yield schema, table, columns, con.execute(f'select * from "{schema}"."{table}"').df()


MEASUREMENT_STATUS_MART = "fct_measurement_status"


def empty_marts_last(marts: Iterable[MartFrame], not_measured: set[str]) -> Iterator[MartFrame]:
    """The marts, the empty ones held back to the end; on the way, `not_measured` is filled with
    the dimensions fct_measurement_status says are not measured, so an empty mart is judged
    knowing whether its dimension has any data (see mart_suite)."""
    held: list[MartFrame] = []
    for mart in marts:
        _, table, _, frame = mart
        if table == MEASUREMENT_STATUS_MART and {"dimension", "measurement_status"} <= set(
            frame.columns
        ):
            unmeasured = frame[frame["measurement_status"] != "measured"]
            not_measured.update(unmeasured["dimension"].astype(str))
        if frame.empty:
            held.append(mart)
        else:
            yield mart
    yield from held


# ---------------------------------------------------------------------------------------------
# Running GX


def to_gx(expectation: dict[str, Any]):
    """{"type": "expect_column_values_to_be_unique", "column": "x"} -> the GX expectation."""
    import great_expectations.expectations as gxe

    class_name = "".join(part.title() for part in expectation["type"].split("_"))
    kwargs = {k: v for k, v in expectation.items() if k != "type"}
    return getattr(gxe, class_name)(**kwargs)


class _Validator:
    """One ephemeral GX context: a pandas asset, suite and checkpoint per file or mart."""

    def __init__(self, docs: Path | None) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs = docs
        if docs is not None:
            self.context.add_data_docs_site(
                site_name="local",
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(docs),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        self.source = self.context.data_sources.add_pandas("roi")
        self.count = 0

    def validate(self, target: str, spec: SuiteSpec, frame: pd.DataFrame) -> tuple[int, list]:
        gx = self.gx
        self.count += 1
        name = f"{self.count:03d}_{re.sub(r'[^A-Za-z0-9_]+', '_', target)}"[:120]
        batch = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        suite = gx.ExpectationSuite(name=f"{spec.name}__{self.count:03d}")
        for expectation in spec.expectations:
            suite.add_expectation(to_gx(expectation))
        suite = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite)
        )
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES},
            )
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = checkpoint.run(batch_parameters={"dataframe": frame})
        failed = []
        for validation in result.run_results.values():
            failed += [r for r in validation.results if not r.success]
        return len(spec.expectations), failed

    def build_docs(self) -> Path | None:
        if self.docs is None:
            return None
        self.context.build_data_docs(site_names=["local"])
        index = self.docs / "index.html"
        return index if index.exists() else None


def _plain(value: Any) -> Any:
    """numpy scalars (and tuples of them) as plain Python values, for readable examples."""
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    return value.item() if hasattr(value, "item") else value


def _describe(result) -> tuple[str, str, list[Any]]:
    config = result.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    outcome = result.result or {}
    details = []
    if outcome.get("unexpected_count") is not None:
        details.append(
            f"{outcome['unexpected_count']} of {outcome.get('element_count')} rows unexpected "
            f"({outcome.get('unexpected_percent', 0):.1f}%)"
        )
    elif "observed_value" in outcome:
        details.append(f"observed {outcome['observed_value']!r}")
    if result.exception_info and result.exception_info.get("raised_exception"):
        details.append(f"error: {result.exception_info.get('exception_message')}")
    if "details" in outcome and outcome["details"]:
        details.append(str(outcome["details"])[:300])
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    examples = [_plain(v) for v in list(outcome.get("partial_unexpected_list") or [])[:EXAMPLES]]
    return f"{config.type}({args})", "; ".join(details) or "failed", examples


def run_checks(
    database: Path | None,
    landing: Path | None,
    docs: Path | None = None,
    manifest: Path | None = None,
    marts: Iterable[MartFrame] | None = None,
    unmapped_stages: Iterable[UnmappedStage] | None = None,
    drift: Iterable[DriftFinding] | None = None,
    max_share: float = DEFAULT_FORMAT_DRIFT_MAX_SHARE,
) -> CheckReport:
    """Validate every landed file under `landing` and every mart in the DuckDB file `database`
    (either may be None to skip it), or the marts given as `marts` (PostgreSQL: see
    python_helpers/warehouse/). CRM stages no seed row maps (checks/stage_mappings.py) and the
    format-drift rule (checks/drift.py) are read from `database`, or come as `unmapped_stages`
    and `drift`. `max_share` is the format-drift rule's share (Settings.format_drift_max_share),
    one threshold for every rule about rows left out of the marts. Never raises on a failing
    expectation: read `report.success`."""
    started = time.perf_counter()
    report = CheckReport()
    validator = _Validator(docs)

    def record(target: str, spec: SuiteSpec, frame: pd.DataFrame) -> None:
        report.targets.append(target)
        count, failed = validator.validate(target, spec, frame)
        report.expectations_run += count
        for result in failed:
            expectation, detail, examples = _describe(result)
            report.failures.append(Failure(target, spec.name, expectation, detail, examples))

    if landing is not None:
        for system, path in landed_files(landing):
            target = f"landed {system}/{path.name}"
            try:
                shape, frame = read_landed_file(path, system)
            except (ShapeError, ReadError, duckdb.Error) as error:
                report.targets.append(target)
                report.expectations_run += 1
                report.failures.append(
                    Failure(
                        target, f"landed__{system}", "file is readable as a known shape", str(error)
                    )  # fmt: skip
                )
                continue
            resolved = resolve_formats(
                shape.name,
                {
                    column: frame[column].dropna().unique().tolist()
                    for column in columns_to_resolve(shape.name)
                    if column in frame.columns
                },
            )
            spec = landed_file_suite(shape, resolved)
            comma = resolved.decimal_separator == ","
            record(target, spec, with_numbers(frame, spec.numeric_columns, comma))

    if database is not None:
        with duckdb.connect(str(database), read_only=True) as con:
            drift = find_drift(con.cursor(), max_share)
        marts = read_duckdb_marts(database)
    if drift is not None:
        report_drift(report, drift, max_share)
    if marts is not None:
        nodes = load_mart_nodes(manifest)
        found = []
        not_measured: set[str] = set()
        for schema, table, columns, frame in empty_marts_last(marts, not_measured):
            found.append(table)
            spec = mart_suite(table, columns, nodes.get(table), not_measured)
            record(f"mart {schema}.{table}", spec, frame)
            report.warnings += formula_warnings(f"{schema}.{table}", columns, frame)
            if table == "fct_ab_test_results":
                report.warnings += audience_warnings(frame)
        missing = sorted(set(nodes) - set(found))
        for table in missing:
            report.expectations_run += 1
            report.failures.append(
                Failure(
                    f"mart {table}",
                    f"mart__{table}",
                    "mart exists in the warehouse",
                    "declared in dbt but not built",
                )  # fmt: skip
            )

    if database is not None:
        with duckdb.connect(str(database), read_only=True) as con:
            unmapped_stages = find_unmapped_stages(con.cursor())
    if unmapped_stages is not None:
        report_unmapped_stages(report, list(unmapped_stages), max_share)

    report.docs_index = validator.build_docs()
    report.seconds = time.perf_counter() - started
    return report


def formula_warnings(mart: str, columns: list[tuple[str, str]], frame: pd.DataFrame) -> list[str]:
    """Text columns of a mart holding text a spreadsheet would run as a formula. A warning, not a
    failure: the text is the vendor's data and every file the project writes neutralises it
    (python_helpers/spreadsheet_safe.py); BI owners learn which columns to export with care."""
    from ..spreadsheet_safe import formula_like_text

    text = [name for name, data_type in columns if name in frame.columns
            and data_type.upper().startswith(("VARCHAR", "TEXT", "CHAR", "STRING"))]  # fmt: skip
    return [
        f"WARN mart {mart} column {found.column}: {found.count} value(s) begin like a spreadsheet "
        f"formula (=, +, -, @, tab, CR), e.g. {found.example!r}; stored as text, neutralised in "
        "every file the project writes (`roi export`); export it with care from BI tools"
        for found in formula_like_text(frame, text)
    ]


def audience_warnings(frame: pd.DataFrame) -> list[str]:
    """A warning per A/B test registered with an audience too small to ever prove its planned
    lift (fct_ab_test_results.is_audience_too_small_for_mde): the figures are still valid, the
    test just cannot succeed as planned."""
    if "is_audience_too_small_for_mde" not in frame.columns:
        return []
    flagged = frame[frame["is_audience_too_small_for_mde"].fillna(False).astype(bool)]
    return [
        f"WARN ab_test_audience_too_small: A/B test {row.ab_test_id} is registered with an "
        f"audience too small to ever prove its planned lift: {row.planned_audience_per_arm:,.0f} "
        f"recipients in the smaller arm, {row.planned_delivered_per_arm_needed:,.0f} delivered "
        f"per arm needed to detect +{row.planned_mde_relative:.0%} over a "
        f"{row.planned_control_rate:.1%} control click-through rate with "
        f"{row.planned_power:.0%} power (seeds/performance_lift/ab_tests.csv)"
        for row in flagged.itertuples()
    ]


def report_unmapped_stages(
    report: CheckReport, findings: list[UnmappedStage], share: float
) -> None:
    """A failure per file and stage value over the share, a warning for each of the others."""
    report.expectations_run += 1
    failing, warning = split_by_share(findings, share)
    for finding in failing:
        report.failures.append(
            Failure(
                f"file crm/{finding.source_file}",
                "unmapped_stage",
                f"at most {share:.0%} of a file's rows left out for a stage no seed row maps "
                "(ROI_FORMAT_DRIFT_MAX_SHARE)",
                finding.describe(),
            )
        )
    report.warnings += [f"WARN unmapped_stage: {finding.describe()}" for finding in warning]


def report_drift(report: CheckReport, findings: Iterable[DriftFinding], share: float) -> None:
    """One failure per file and parsing reason over the share (checks/drift.py)."""
    report.expectations_run += 1
    for finding in findings:
        report.failures.append(
            Failure(
                f"file {finding.system}/{finding.source_file}",
                "format_drift",
                f"at most {share:.0%} of a file's rows quarantined for one parsing reason "
                "(ROI_FORMAT_DRIFT_MAX_SHARE)",
                f"{finding.count} of {finding.rows} rows ({finding.share:.0%}) quarantined as "
                f"'{finding.reason}' in {finding.model}",
                list(finding.examples),
            )
        )


def print_report(report: CheckReport) -> None:
    for failure in report.failures:
        print(failure)
    for warning in report.warnings:
        print(warning)
    print(report.summary())
    if report.docs_index:
        print(f"Data Docs: {report.docs_index}")
