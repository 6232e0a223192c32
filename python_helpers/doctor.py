"""`roi doctor`: what the landed files are, and what they can prove, before anything loads.

It reads the landing folder (and, when there is one, the DuckDB warehouse, read-only) and says:
- per file: the export it recognised (vendor and shape), encoding, delimiter, resolved date
  format, rows and date range; or why it cannot be used, with the closest known shape and its
  missing and unknown columns;
- per ROI dimension: what can be computed now and what is missing, concretely (tracker projects
  no rule maps, two-variant email campaigns no test registers, CRM stages no mapping covers,
  workflows without pre-AI logs).

The dimension findings come from the landed files themselves, so they work in the first hour,
before any load or build; the matching rules are the seeds' (python_helpers/seed_rules.py mirrors
the dbt models and a test keeps them in step). The warehouse, when built, adds which files are
already loaded and which loaded files are no longer in the landing folder. Nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import loader, seed_rules, sniffing
from .formats import DATE_FORMAT_VARS, columns_to_resolve, resolve_formats
from .loader import ShapeError, match_shape
from .settings import REPO_ROOT
from .shapes import SYSTEMS, FileShape, normalize_column_name

MAX_UNMAPPED_WORK = 10
# Marketo `attributes` and HubSpot notes cells can exceed the csv module's 128 KiB default.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
TEXT_WIDTH = 100

VENDORS = {
    "toggl": "Toggl Track",
    "harvest": "Harvest",
    "clockify": "Clockify",
    "canonical": "canonical CSV",
    "marketo": "Marketo",
    "hubspot": "HubSpot",
    "salesforce": "Salesforce",
}
# The column whose values give a file's date range (the first one the file has).
DATE_COLUMNS = {
    "toggl": ("start_date",),
    "clockify": ("start_date",),
    "harvest": ("date",),
    "canonical": ("started_at",),
    "marketo_activities": ("activitydate",),
    "hubspot_email_events": ("created",),
    "canonical_email_events": ("occurred_at",),
    "hubspot_contacts": ("createdate",),
    "hubspot_deals": ("createdate", "closedate"),
    "salesforce_leads": ("createddate",),
    "salesforce_opportunities": ("createddate", "closedate"),
    "salesforce_campaign_members": ("createddate", "firstrespondeddate"),
}
EMAIL_SOURCES = {
    "marketo_activities": "marketo",
    "hubspot_email_events": "hubspot",
    "canonical_email_events": "canonical",
}
# (crm, object_type, stage column) per CRM shape that carries a stage.
CRM_STAGES = {
    "hubspot_contacts": ("hubspot", "lead", "lifecyclestage"),
    "hubspot_deals": ("hubspot", "opportunity", "dealstage"),
    "salesforce_leads": ("salesforce", "lead", "status"),
    "salesforce_opportunities": ("salesforce", "opportunity", "stagename"),
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_EPOCH_MS = re.compile(r"^1\d{12}$")
_HMS = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")


class DoctorError(RuntimeError):
    """roi doctor cannot run (e.g. the landing folder does not exist)."""


# --- results -------------------------------------------------------------------------------


@dataclass
class FileFinding:
    path: str  # relative to the landing folder
    system: str | None
    status: str  # usable | refused | skipped
    vendor: str | None = None
    shape: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_format: str | None = None
    date_format_evidence: str | None = None
    formats: dict[str, Any] | None = None
    rows: int | None = None
    first_date: str | None = None
    last_date: str | None = None
    undated_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    reason: str | None = None
    nearest_shape: str | None = None
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    in_warehouse: str | None = None  # loaded | refused | None (not seen by any load)
    checksum: str | None = None


@dataclass
class Diagnosis:
    landing_dir: str
    files: list[FileFinding]
    dimensions: dict[str, dict[str, Any]]
    warehouse: dict[str, Any] | None
    next_steps: list[str]

    def as_dict(self) -> dict[str, Any]:
        files = []
        for finding in self.files:
            data = asdict(finding)
            data.pop("checksum")
            files.append(data)
        return {
            "landing_dir": self.landing_dir,
            "warehouse": self.warehouse,
            "files": files,
            "dimensions": self.dimensions,
            "next_steps": self.next_steps,
        }


# --- listing and reading: python_helpers/sniffing.py, the module the loader reads with ------


def landing_entries(landing: Path) -> list[tuple[str | None, Path, str]]:
    """Every entry of the landing folder: (system or None, path, skip reason or '')."""
    return [(entry.system, entry.path, entry.reason) for entry in sniffing.landing_entries(landing)]


def _rows(path: Path, sniffed: sniffing.Sniffed) -> Iterator[list[str]]:
    """The data rows (header skipped) of a landed file, as lists of text, read as the loader
    reads it (encoding, BOM, gzip, delimiter; a workbook's first sheet from its header row)."""
    if sniffed.kind == "xlsx":
        rows = sniffing.xlsx_rows(path, sniffed.header_row)
        next(rows, None)
        yield from rows
        return
    assert sniffed.encoding is not None
    with sniffing.open_text(path, sniffed.encoding, sniffed.compression, sniffed.bom) as handle:
        # strict: a quoted cell left open at the end is an error, as for the loader (refused)
        reader = csv.reader(handle, delimiter=sniffed.delimiter or ",", strict=True)
        next(reader, None)
        yield from reader


def _column_index(header: Sequence[str], shape: FileShape) -> dict[str, int]:
    """Shape column -> position in the file (by name, after normalisation and aliases)."""
    index: dict[str, int] = {}
    for position, column in enumerate(header):
        normalized = normalize_column_name(column)
        index.setdefault(shape.aliases.get(normalized, normalized), position)
    return index


def _formats(shape: FileShape, values: dict[str, list[str]]) -> dict[str, Any]:
    """The file's formats as python_helpers/formats resolves them (the loader records the same
    JSON in raw_meta.file_loads.resolved_formats)."""
    configured = {var: str(value) for var, value in dbt_vars().items() if var.endswith("_format")}
    return json.loads(resolve_formats(shape.name, values, configured).as_json())


@lru_cache(maxsize=1)
def dbt_vars() -> dict[str, Any]:
    """The vars of dbt_project.yml (the configured formats an ambiguous file falls back to)."""
    import yaml

    with (REPO_ROOT / "dbt_project.yml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle).get("vars") or {})


def _date_format_of(shape: FileShape, formats: dict[str, Any]) -> str | None:
    """The strftime format a shape's user-formatted dates are read with (None: ISO shapes)."""
    if shape.name not in DATE_FORMAT_VARS:
        return None
    if formats.get("date_format"):
        return formats["date_format"]
    configured = dbt_vars().get(DATE_FORMAT_VARS[shape.name])
    separator = formats.get("date_separator")
    if configured and separator:
        configured = re.sub(r"[/.\-]", separator, configured)
    return configured


def parse_date(value: str | None, date_format: str | None) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    if date_format:
        try:
            return datetime.strptime(text.split(" ")[0].split("T")[0], date_format).date()
        except ValueError:
            return None
    if _EPOCH_MS.match(text):
        return datetime.fromtimestamp(int(text) / 1000, UTC).date()
    if match := _ISO_DATE.match(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def parse_hours(shape_name: str, value: str | None, decimal_separator: str | None) -> float | None:
    """Hours of one time entry as staging reads them (H:MM:SS for Toggl, decimals otherwise)."""
    text = (value or "").strip()
    if shape_name == "toggl":
        match = _HMS.match(text)
        return int(match[1]) + int(match[2]) / 60 + int(match[3]) / 3600 if match else None
    if decimal_separator == ",":
        text = text.replace(",", ".")
    return float(text) if _DECIMAL.match(text) else None


# --- per-dimension collectors ----------------------------------------------------------------


@dataclass
class TimeEntry:
    project: str
    task: str
    description: str
    tags: str
    instance_key: str
    person: str
    entry_date: date | None
    hours: float | None


@dataclass
class Collected:
    time_entries: list[TimeEntry] = field(default_factory=list)
    # (source_system, campaign_key) -> variant -> recipients
    campaigns: dict[tuple[str, str], dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    campaign_dates: dict[tuple[str, str], list[date]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (crm, object_type, lower value) -> [spelling, rows]
    stages: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)
    crm_rows: Counter[tuple[str, str]] = field(default_factory=Counter)  # (crm, shape) -> rows
    crm_columns: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ai_tagged_leads: Counter[str] = field(default_factory=Counter)  # crm -> rows with a signal


def _value(row: list[str], index: dict[str, int], column: str) -> str:
    position = index.get(column)
    return row[position] if position is not None and position < len(row) else ""


def _collect_time(shape: FileShape, row, index, entry_date, decimal_separator, out: Collected):
    if shape.name == "harvest":
        person = f"{_value(row, index, 'first_name')} {_value(row, index, 'last_name')}"
    else:
        person = _value(row, index, "person_email" if shape.name == "canonical" else "email")
    hours_column = {
        "toggl": "duration",
        "harvest": "hours",
        "clockify": "duration_decimal",
        "canonical": "duration_hours",
    }[shape.name]
    out.time_entries.append(
        TimeEntry(
            project=seed_rules.sql_trim(_value(row, index, "project")),
            task=seed_rules.sql_trim(_value(row, index, "task")),
            description=_value(row, index, "description" if shape.name != "harvest" else "notes"),
            tags=_value(row, index, "tags"),
            instance_key=_value(row, index, "task_instance_id"),
            person=seed_rules.sql_trim(person).lower(),
            entry_date=entry_date,
            hours=parse_hours(shape.name, _value(row, index, hours_column), decimal_separator),
        )
    )


EMAIL_COLUMNS = {  # (campaign, variant, recipient) per platform, as staging reads them
    "marketo": ("campaignid", "attributes", "leadid"),
    "hubspot": ("emailcampaigngroupid", "emailcampaignid", "recipient"),
    "canonical": ("campaign_id", "variant", "recipient_email"),
}


def _email_collector(shape: FileShape, index: dict[str, int], out: Collected):
    """A function collecting one email-event row (campaign, variant, recipient, date): the
    hot loop of the doctor on big exports, so positions are resolved once per file."""
    source = EMAIL_SOURCES[shape.name]
    positions = [index.get(column, -1) for column in EMAIL_COLUMNS[source]]
    at_campaign, at_variant, at_recipient = positions
    width = max(positions) + 1
    trim = seed_rules.sql_trim
    read_variant = seed_rules.marketo_test_variant if source == "marketo" else trim
    campaigns, campaign_dates = out.campaigns, out.campaign_dates

    def collect(row: list[str], entry_date: date | None) -> None:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        campaign = trim(row[at_campaign]) if at_campaign >= 0 else ""
        variant = (read_variant(row[at_variant]) or "") if at_variant >= 0 else ""
        if not campaign or not variant:
            return
        key = (source, campaign)
        recipient = trim(row[at_recipient]).lower() if at_recipient >= 0 else ""
        campaigns[key][variant].add(recipient)
        if entry_date is not None:
            dates = campaign_dates[key]
            if not dates:
                dates.extend((entry_date, entry_date))
            elif entry_date < dates[0]:
                dates[0] = entry_date
            elif entry_date > dates[1]:
                dates[1] = entry_date

    return collect


def _collect_crm(shape: FileShape, row, index, signals, out: Collected) -> None:
    crm = shape.name.split("_")[0]
    out.crm_rows[(crm, shape.name)] += 1
    if shape.name in CRM_STAGES:
        crm, object_type, column = CRM_STAGES[shape.name]
        value = seed_rules.sql_trim(_value(row, index, column))
        if value:
            key = (crm, object_type, value.lower())
            if key in out.stages:
                out.stages[key][1] += 1
            else:
                out.stages[key] = [value, 1]
    if shape.name in ("hubspot_contacts", "salesforce_leads") and any(
        seed_rules.ai_signal_matches(signal, _value(row, index, column))
        for column, signal in signals
    ):
        out.ai_tagged_leads[crm] += 1


# --- inspecting one file ---------------------------------------------------------------------


def _nearest_elsewhere(header: list[str], name: str, system: str | None) -> tuple[str, str] | None:
    """(system, shape) when the header is a known export of another system."""
    for other in SYSTEMS:
        if other == system:
            continue
        try:
            shape, _ = match_shape(other, header, name)
        except ShapeError:
            continue
        return other, shape.name
    return None


def _inspect_safely(landing, system, path, reason, out, seeds, seen) -> FileFinding:
    """inspect_file, but a file that breaks the reader mid-way is reported, not fatal: the other
    files are still inspected. (Rows it yielded before failing stay counted.)"""
    try:
        return inspect_file(landing, system, path, reason, out, seeds, seen)
    except (OSError, UnicodeError, csv.Error, ValueError) as error:
        relative = path.relative_to(landing).as_posix()
        reason = (
            str(error)
            if isinstance(error, loader.ReadError)
            else (f"cannot be read: {type(error).__name__}: {error}")
        )
        return FileFinding(path=relative, system=system, status="refused", reason=reason)


def _move_hint(path: Path, system: str | None) -> str:
    """For a file outside the system folders whose header is a known export: where it goes."""
    if system is not None or not path.is_file():
        return ""
    try:
        sniffed = sniffing.sniff(path, None)
    except (OSError, ValueError):
        return ""
    if sniffed.kind == "unsupported" or not sniffed.header:
        return ""
    elsewhere = _nearest_elsewhere(sniffed.header, path.name, None)
    return (
        f"; its header is a {elsewhere[1]} export: move it to {elsewhere[0]}/" if elsewhere else ""
    )


def inspect_file(
    landing: Path,
    system: str | None,
    path: Path,
    skip_reason: str,
    out: Collected,
    seeds: SeedTables,
    seen: dict[str, str] | None = None,
) -> FileFinding:
    relative = path.relative_to(landing).as_posix() + ("/" if path.is_dir() else "")
    finding = FileFinding(
        path=relative, system=system, status="skipped", reason=skip_reason or None
    )
    if skip_reason or not path.is_file():
        finding.reason = (skip_reason or "not a regular file") + _move_hint(path, system)
        return finding
    sniffed = sniffing.sniff(path, system)
    finding.checksum = sniffed.checksum
    finding.encoding, finding.delimiter = sniffed.encoding, sniffed.delimiter
    if seen is not None and sniffed.checksum:
        if sniffed.checksum in seen:
            finding.reason = f"same bytes as {seen[sniffed.checksum]}: `roi load` loads them once"
            return finding
        seen[sniffed.checksum] = relative
    if sniffed.kind == "unsupported":
        finding.reason = sniffed.reason or "not a file `roi load` reads"
        return finding
    if sniffed.reason or not sniffed.header:
        finding.status, finding.reason = "refused", sniffed.reason or "the file is empty"
        return finding
    assert system is not None
    try:
        shape, unknown = match_shape(system, sniffed.header, path.name)
    except ShapeError as error:
        finding.status = "refused"
        finding.nearest_shape = error.nearest
        finding.missing_columns, finding.unknown_columns = error.missing, error.unknown
        finding.reason = f"header matches no known {system} export"
        if error.nearest is None:
            finding.reason = str(error)
        elsewhere = _nearest_elsewhere(sniffed.header, path.name, system)
        if elsewhere:
            finding.nearest_shape = elsewhere[1]
            finding.missing_columns, finding.unknown_columns = [], []
            finding.reason = (
                f"header is a {elsewhere[0]} export ({elsewhere[1]}), not {system}: "
                f"move it to {elsewhere[0]}/"
            )
        return finding
    finding.status = "usable"
    finding.shape, finding.vendor = shape.name, VENDORS.get(shape.name.split("_")[0])
    finding.ignored_columns = unknown
    _read_rows(path, sniffed, shape, finding, out, seeds)
    return finding


def _refuse_unclosed_quote(path: Path, sniffed) -> None:
    """`roi load` refuses a file that ends inside a quoted cell (a stray double quote swallows
    every line after it); the csv module stops at its end. Say so with the line, as the loader's
    own check finds it, before any row of the file is counted."""
    with loader.readable(path, sniffed) as source:
        line = loader.unclosed_quote_line(source)
    if line is not None:
        raise loader.ReadError(
            f"the file ends inside a quoted cell (at line {line}): a stray double quote "
            "swallows the lines after it; `roi load` refuses the file: fix the cell or export "
            "it again"
        )


def _read_rows(path, sniffed, shape, finding: FileFinding, out: Collected, seeds) -> None:
    index = _column_index(sniffed.header, shape)
    # First pass: the distinct values of the columns formats are resolved from (the file is
    # read twice rather than held in memory: exports run to millions of rows).
    wanted = {c: p for c, p in index.items() if c in columns_to_resolve(shape.name)}
    values: dict[str, set[str]] = {column: set() for column in wanted}
    try:
        for row in _rows(path, sniffed):
            for column, position in wanted.items():
                if position < len(row):
                    values[column].add(row[position])
    except csv.Error:
        _refuse_unclosed_quote(path, sniffed)
        raise
    formats = _formats(shape, {column: sorted(found) for column, found in values.items()})
    finding.formats = formats or None
    date_format = _date_format_of(shape, formats)
    decimal_separator = formats.get("decimal_separator")
    date_column = next((c for c in DATE_COLUMNS.get(shape.name, ()) if c in index), None)
    signals = [
        (normalize_column_name(signal.field_name), signal)
        for signal in seeds.ai_signals
        if signal.crm == shape.name.split("_")[0] and signal.object_type == "lead"
    ]
    collect_email = (
        _email_collector(shape, index, out) if shape.system == "email_platform" else None
    )
    first = last = None
    iso_kinds: Counter[str] = Counter()
    finding.rows = 0
    for row in _rows(path, sniffed):
        finding.rows += 1
        raw_date = _value(row, index, date_column) if date_column else ""
        parsed = parse_date(raw_date, date_format)
        if parsed is None:
            finding.undated_rows += 1 if date_column else 0
        else:
            first = parsed if first is None or parsed < first else first
            last = parsed if last is None or parsed > last else last
            if date_format is None:
                iso_kinds[
                    "epoch milliseconds" if _EPOCH_MS.match(raw_date.strip()) else "ISO 8601"
                ] += 1
        if shape.system == "time_tracking":
            _collect_time(shape, row, index, parsed, decimal_separator, out)
        elif collect_email is not None:
            collect_email(row, parsed)
        else:
            _collect_crm(shape, row, index, signals, out)
    if shape.system == "crm":
        out.crm_columns[shape.name].update(index)
    finding.first_date = first.isoformat() if first else None
    finding.last_date = last.isoformat() if last else None
    if date_format is not None:
        finding.date_format = date_format
        finding.date_format_evidence = formats.get("date_order_evidence")
    elif iso_kinds:
        finding.date_format = " / ".join(kind for kind, _ in iso_kinds.most_common())
        if formats.get("timestamp_format") in ("iso_without_zone", "mixed"):
            finding.date_format_evidence = "; ".join(formats.get("evidence") or []) or None


# --- the dimensions --------------------------------------------------------------------------


@dataclass
class SeedTables:
    rules: list[seed_rules.WorkflowRule]
    ai_tags: tuple[str, ...]
    workflows: list[seed_rules.Workflow]
    ab_tests: list[seed_rules.AbTest]
    stage_mappings: dict[tuple[str, str, str], str]
    ai_signals: list[seed_rules.AiSignal]

    @classmethod
    def read(cls, seeds_dir: Path | None = None) -> SeedTables:
        return cls(
            rules=seed_rules.workflow_rules(seeds_dir),
            ai_tags=seed_rules.ai_assist_tags(seeds_dir),
            workflows=seed_rules.workflows(seeds_dir),
            ab_tests=seed_rules.ab_tests(seeds_dir),
            stage_mappings=seed_rules.stage_mappings(seeds_dir),
            ai_signals=seed_rules.ai_assist_signals(seeds_dir),
        )


def efficiency_findings(out: Collected, seeds: SeedTables) -> dict[str, Any]:
    unmapped: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    mapped_hours: defaultdict[str, float] = defaultdict(int)
    # (workflow, deliverable key) -> [started_on, has_ai_tag]
    instances: dict[tuple[str, str], list[Any]] = {}
    total_hours = 0.0
    unparsed_hours = 0
    for entry in out.time_entries:
        hours = entry.hours if entry.hours is not None else 0.0
        unparsed_hours += entry.hours is None
        total_hours += hours
        rule = seed_rules.workflow_for_entry(
            seeds.rules, entry.project, entry.task, entry.description
        )
        if rule is None:
            bucket = unmapped[(entry.project, entry.task)]
            bucket[0] += hours
            bucket[1] += 1
            continue
        mapped_hours[rule.workflow_id] += hours
        deliverable = seed_rules.deliverable_name(entry.instance_key or None, entry.description)
        key = deliverable or f"{entry.person}@{entry.entry_date}"
        tagged = seed_rules.has_ai_tag(entry.tags, seeds.ai_tags)
        current = instances.get((rule.workflow_id, key))
        if current is None:
            instances[(rule.workflow_id, key)] = [entry.entry_date, tagged]
        else:
            if entry.entry_date is not None and (
                current[0] is None or entry.entry_date < current[0]
            ):
                current[0] = entry.entry_date
            current[1] = current[1] or tagged
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    by_id = {workflow.workflow_id: workflow for workflow in seeds.workflows}
    for (workflow_id, _), (started_on, tagged) in instances.items():
        workflow = by_id.get(workflow_id)
        if workflow is not None:
            counts[workflow_id][seed_rules.work_mode(workflow, started_on, tagged)] += 1
    workflows = []
    for workflow in seeds.workflows:
        baseline = counts[workflow.workflow_id]["baseline"]
        assisted = counts[workflow.workflow_id]["ai_assisted"]
        if baseline and assisted:
            status = "measurable"
        elif assisted:
            status = "no_baseline_logs"
        elif baseline:
            status = "no_ai_assisted_logs"
        else:
            status = "no_logs"
        workflows.append(
            {
                "workflow_id": workflow.workflow_id,
                "status": status,
                "baseline_task_instances": baseline,
                "ai_assisted_task_instances": assisted,
                "hours": round(mapped_hours[workflow.workflow_id], 2),
            }
        )
    top = sorted(unmapped.items(), key=lambda item: (-item[1][0], item[0]))[:MAX_UNMAPPED_WORK]
    measurable = [w["workflow_id"] for w in workflows if w["status"] == "measurable"]
    return {
        "status": _status(
            bool(out.time_entries), bool(measurable), len(measurable) == len(workflows)
        ),
        "time_entries": len(out.time_entries),
        "hours": round(total_hours, 2),
        "entries_with_unreadable_hours": unparsed_hours,
        "hours_mapped_to_workflows": round(sum(mapped_hours.values()), 2),
        "hours_no_rule_maps": round(sum(bucket[0] for bucket in unmapped.values()), 2),
        "unmapped_work": [
            {"project": project, "task": task, "hours": round(hours, 2), "entries": int(entries)}
            for (project, task), (hours, entries) in top
        ],
        "workflows": workflows,
        "measurable_workflows": measurable,
        "workflows_without_baseline_logs": [
            w["workflow_id"] for w in workflows if w["status"] in ("no_baseline_logs", "no_logs")
        ],
    }


def _status(has_data: bool, computable: bool, complete: bool) -> str:
    if not has_data:
        return "not_measured_no_data"
    if not computable:
        return "cannot_compute_yet"
    return "can_compute" if complete else "can_compute_partly"


def csv_line(values: Sequence[str]) -> str:
    """One CSV row as the seeds are written (quoted only where a value needs it)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def seed_line(source: str, campaign: str, variants: dict[str, set[str]], dates) -> str:
    """A row for seeds/performance_lift/ab_tests.csv: the facts the files prove, TODO for the
    rest (the seed's own tests refuse a TODO workflow_id, so nothing half-filled builds)."""
    labels = sorted(variants)
    audience = sum(len(recipients) for recipients in variants.values())
    test_id = re.sub(r"[^a-z0-9]+", "_", f"{source}_{campaign}".lower()).strip("_")
    start, end = (dates[0].isoformat(), dates[1].isoformat()) if dates else ("", "")
    return csv_line(
        [
            test_id,
            f"TODO name the test ({source} campaign {campaign})",
            "TODO_workflow_id",
            "TODO_campaign_type",
            "html",
            source,
            campaign,
            labels[0],
            labels[1],
            "TODO ai tool",
            "0.5",
            str(audience),
            start,
            end,
            "ctr",
            "",  # planned_mde_relative: blank = 10%
            "",  # planned_power: blank = 80%
            "",  # planned_control_rate: blank = 2%
        ]
    )


def performance_lift_findings(out: Collected, seeds: SeedTables) -> dict[str, Any]:
    registered = []
    seen: set[tuple[str, str]] = set()
    for test in seeds.ab_tests:
        key = (test.source_system, test.campaign_key)
        seen.add(key)
        variants = out.campaigns.get(key, {})
        arms: Counter[str] = Counter()
        not_arms = {}
        for label, recipients in variants.items():
            _, arm = seed_rules.ab_test_arm(seeds.ab_tests, *key, label)
            if arm is None:
                not_arms[label] = len(recipients)
            else:
                arms[arm] += len(recipients)
        registered.append(
            {
                "ab_test_id": test.ab_test_id,
                "source_system": test.source_system,
                "campaign_key": test.campaign_key,
                "status": "measurable"
                if arms["control"] and arms["ai"]
                else "no_events_in_both_arms",
                "recipients_control": arms["control"],
                "recipients_ai": arms["ai"],
                "variants_not_in_the_registry": [
                    {"variant": label, "recipients": count}
                    for label, count in sorted(not_arms.items())
                ],
            }
        )
    unregistered = []
    for key in sorted(out.campaigns):
        variants = out.campaigns[key]
        if key in seen or len(variants) < 2:
            continue
        dates = out.campaign_dates.get(key)
        unregistered.append(
            {
                "source_system": key[0],
                "campaign_key": key[1],
                "variants": [
                    {"variant": label, "recipients": len(variants[label])}
                    for label in sorted(variants)
                ],
                "first_date": dates[0].isoformat() if dates else None,
                "last_date": dates[1].isoformat() if dates else None,
                "seed_line": seed_line(*key, variants, dates) if len(variants) == 2 else None,
            }
        )
    measurable = [test["ab_test_id"] for test in registered if test["status"] == "measurable"]
    return {
        "status": _status(
            bool(out.campaigns),
            bool(measurable),
            not unregistered and len(measurable) == len(registered),
        ),
        "campaigns_in_files": len(out.campaigns),
        "registered_tests": registered,
        "measurable_tests": measurable,
        "tests_with_audience_too_small": [
            shortfall.describe()
            for test in seeds.ab_tests
            if (shortfall := seed_rules.audience_shortfall(test)) is not None
        ],
        "unregistered_campaigns_with_variants": unregistered,
        "ab_tests_seed_header": ",".join(
            next(iter(csv.reader([seed_rules.seed_path("ab_tests").read_text().splitlines()[0]])))
        ),
    }


def pipeline_findings(out: Collected, seeds: SeedTables) -> dict[str, Any]:
    unmapped = [
        {
            "crm": crm,
            "object_type": object_type,
            "stage_value": spelling,
            "rows": rows,
            "seed_line": csv_line(
                [crm, object_type, spelling, "TODO_funnel_stage", f"seen in {rows} rows"]
            ),
        }
        for (crm, object_type, lowered), (spelling, rows) in sorted(out.stages.items())
        if seed_rules.funnel_stage(seeds.stage_mappings, crm, object_type, spelling) is None
    ]
    leads = {crm: 0 for crm in ("hubspot", "salesforce")}
    opportunities = dict(leads)
    touchpoint_rows = 0
    for (crm, shape_name), rows in out.crm_rows.items():
        if shape_name in ("hubspot_contacts", "salesforce_leads"):
            leads[crm] += rows
        elif shape_name in ("hubspot_deals", "salesforce_opportunities"):
            opportunities[crm] += rows
        elif shape_name == "salesforce_campaign_members":
            touchpoint_rows += rows
    missing_fields = []
    for crm, shape_name in (("hubspot", "hubspot_contacts"), ("salesforce", "salesforce_leads")):
        if not leads[crm]:
            continue
        present = out.crm_columns.get(shape_name, set())
        for signal in seeds.ai_signals:
            if (
                signal.crm == crm
                and signal.object_type == "lead"
                and normalize_column_name(signal.field_name) not in present
            ):
                missing_fields.append({"crm": crm, "field": signal.field_name})
    has_leads = any(leads.values())
    ai_tagged = sum(out.ai_tagged_leads.values())
    return {
        "status": _status(
            bool(out.crm_rows),
            has_leads and ai_tagged > 0,
            has_leads and ai_tagged > 0 and any(opportunities.values()) and not unmapped,
        ),
        "leads": leads,
        "ai_tagged_leads": {crm: out.ai_tagged_leads.get(crm, 0) for crm in leads},
        "opportunities": opportunities,
        "salesforce_campaign_members": touchpoint_rows,
        "unmapped_stages": unmapped,
        "missing_ai_signal_fields": missing_fields,
    }


# --- the warehouse ---------------------------------------------------------------------------


def warehouse_state(
    database: Path | None, findings: list[FileFinding], target: str = "duckdb"
) -> dict[str, Any] | None:
    """What the DuckDB warehouse already holds (read-only); None when there is no warehouse.
    `target` is Settings.target: only a DuckDB file is read."""
    if target != "duckdb":
        return {"path": None, "status": "not_read", "message": "ROI_TARGET is not duckdb"}
    if database is None or not database.exists():
        return None
    import duckdb

    state: dict[str, Any] = {"path": str(database), "status": "read"}
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            tables = {
                f"{schema}.{name}"
                for schema, name in con.execute(
                    "select table_schema, table_name from information_schema.tables"
                ).fetchall()
            }
            loads = []
            if "raw_meta.file_loads" in tables:
                loads = con.execute(
                    "select source_file, file_checksum, status, loaded_at from raw_meta.file_loads"
                ).fetchall()
    except duckdb.Error as error:
        return {
            "path": str(database),
            "status": "unreadable",
            "message": str(error).splitlines()[0],
        }
    outcome: dict[str, str] = {}
    for _, checksum, status, _ in loads:
        if status in ("loaded", "refused") and outcome.get(checksum) != "loaded":
            outcome[checksum] = status
    for finding in findings:
        finding.in_warehouse = outcome.get(finding.checksum or "")
    landed = {finding.checksum for finding in findings}
    gone = sorted(
        {
            name
            for name, checksum, status, _ in loads
            if status == "loaded" and checksum not in landed
        }
    )
    stamps = [at for *_, at in loads if at is not None]
    state.update(
        {
            "files_loaded": sum(1 for _, _, status, _ in loads if status == "loaded"),
            "last_loaded_at": max(stamps).isoformat(sep=" ", timespec="seconds")
            if stamps
            else None,
            "marts_built": any(name.split(".")[1].startswith("fct_") for name in tables),
            "loaded_files_not_in_landing": gone,
        }
    )
    return state


# --- the whole diagnosis -----------------------------------------------------------------------


def diagnose(
    landing: Path,
    database: Path | None = None,
    seeds_dir: Path | None = None,
    target: str = "duckdb",
) -> Diagnosis:
    if not landing.is_dir():
        raise DoctorError(
            f"landing folder {landing} does not exist: set ROI_LANDING_DIR to the folder your "
            f"exports land in (one sub-folder per system: {', '.join(SYSTEMS)})"
        )
    seeds = SeedTables.read(seeds_dir)
    out = Collected()
    seen: dict[str, str] = {}
    files = [
        _inspect_safely(landing, system, path, reason, out, seeds, seen)
        for system, path, reason in landing_entries(landing)
    ]
    dimensions = {
        "efficiency": efficiency_findings(out, seeds),
        "performance_lift": performance_lift_findings(out, seeds),
        "pipeline": pipeline_findings(out, seeds),
    }
    warehouse = warehouse_state(database, files, target)
    return Diagnosis(
        str(landing), files, dimensions, warehouse, next_steps(files, dimensions, warehouse)
    )


def next_steps(files, dimensions, warehouse) -> list[str]:
    steps = []
    refused = [f for f in files if f.status == "refused"]
    skipped = [f for f in files if f.status == "skipped"]
    if refused:
        steps.append(f"Fix or re-export the {len(refused)} refused file(s) listed above.")
    if skipped:
        steps.append(f"Move, convert or remove the {len(skipped)} skipped entr(ies) listed above.")
    efficiency = dimensions["efficiency"]
    if efficiency["unmapped_work"]:
        steps.append(
            "If any unmapped project/task above is workflow work, add a rule to "
            "seeds/efficiency/time_entry_workflow_rules.csv."
        )
    if efficiency["time_entries"] and efficiency["workflows_without_baseline_logs"]:
        steps.append(
            "Land pre-AI time logs (or add rules that map them) for "
            + ", ".join(efficiency["workflows_without_baseline_logs"])
            + ": no baseline, no ROI."
        )
    lift = dimensions["performance_lift"]
    if lift["unregistered_campaigns_with_variants"]:
        steps.append(
            "Register the A/B tests above in seeds/performance_lift/ab_tests.csv (fill every TODO, "
            "check which variant AI wrote)."
        )
    pipeline = dimensions["pipeline"]
    if pipeline["unmapped_stages"]:
        steps.append("Map the CRM stages above in seeds/pipeline/pipeline_stage_mappings.csv.")
    if pipeline["missing_ai_signal_fields"]:
        steps.append(
            "Add the AI-assist fields to the CRM exports (tag AI-assisted leads from day one)."
        )
    for name, dimension in dimensions.items():
        if dimension["status"] == "not_measured_no_data":
            steps.append(f"{_TITLES[name]}: not measured yet: land {_NEEDS[name]}.")
    new = [f for f in files if f.status == "usable" and f.in_warehouse is None]
    if new:
        steps.append(f"Then `roi load` ({len(new)} new file(s)), `roi build`, `roi check`.")
    elif warehouse and not warehouse.get("marts_built"):
        steps.append("Then `roi build` and `roi check`.")
    return steps


_TITLES = {
    "efficiency": "Automation efficiency",
    "performance_lift": "Performance lift",
    "pipeline": "Pipeline outcomes",
}
_NEEDS = {
    "efficiency": "time-tracker exports in time_tracking/",
    "performance_lift": "email-platform exports in email_platform/",
    "pipeline": "CRM exports in crm/",
}


# --- plain text ------------------------------------------------------------------------------


def _wrapped(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=subsequent if subsequent is not None else indent,
        break_on_hyphens=False,
    )


def _hours(value: float) -> str:
    return f"{value:,.2f} h"


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def render_text(diagnosis: Diagnosis) -> str:
    lines = [f"roi doctor: {diagnosis.landing_dir}"]
    warehouse = diagnosis.warehouse
    if warehouse is None:
        lines.append("Warehouse: none yet (nothing loaded): this is what `roi load` would see.")
    elif warehouse["status"] == "read":
        built = "marts built" if warehouse["marts_built"] else "no marts built yet"
        lines.append(
            f"Warehouse: {warehouse['path']} ({warehouse['files_loaded']} files loaded, "
            f"last {warehouse['last_loaded_at'] or 'never'}; {built})"
        )
        if warehouse["loaded_files_not_in_landing"]:
            lines.append(
                f"  {len(warehouse['loaded_files_not_in_landing'])} loaded file(s) are no longer "
                "in the landing folder: their rows are in the warehouse, not in this diagnosis."
            )
    else:
        lines.append(f"Warehouse: not read ({warehouse.get('message')})")

    lines += ["", "FILES"]
    if not diagnosis.files:
        lines.append("  (the landing folder is empty)")
    for finding in diagnosis.files:
        lines += _file_lines(finding)

    dims = diagnosis.dimensions
    lines += ["", "AUTOMATION EFFICIENCY (time logs -> hours saved)"]
    lines += _efficiency_lines(dims["efficiency"])
    lines += ["", "PERFORMANCE LIFT (A/B tests of AI-written emails)"]
    lines += _lift_lines(dims["performance_lift"])
    lines += ["", "PIPELINE OUTCOMES (AI-assisted leads -> SQLs and pipeline)"]
    lines += _pipeline_lines(dims["pipeline"])
    if diagnosis.next_steps:
        lines += ["", "NEXT"]
        for number, step in enumerate(diagnosis.next_steps, 1):
            lines += _wrapped(f"{number}. {step}", "  ", "     ")
    return "\n".join(lines) + "\n"


def _file_lines(finding: FileFinding) -> list[str]:
    label = {"usable": "ok", "refused": "REFUSED", "skipped": "SKIPPED"}[finding.status]
    lines = [f"  {label:<8}{finding.path}"]
    pad = " " * 10
    if finding.status == "usable":
        encoding = finding.encoding or "?"
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(
            finding.delimiter or "", repr(finding.delimiter)
        ) + "-delimited"
        rows = f", {finding.rows:,} rows" if finding.rows is not None else ""
        lines.append(f"{pad}{finding.vendor} ({finding.shape}), {encoding}, {delimiter}{rows}")
        if finding.first_date:
            written = f", written {finding.date_format}" if finding.date_format else ""
            evidence = f" ({finding.date_format_evidence})" if finding.date_format_evidence else ""
            lines.append(
                f"{pad}dates {finding.first_date} to {finding.last_date}{written}{evidence}"
            )
        lines += _format_lines(finding.formats or {}, pad)
        if finding.undated_rows:
            lines.append(f"{pad}{finding.undated_rows:,} rows with a date it cannot read")
        if finding.ignored_columns:
            lines.append(f"{pad}columns it does not use: {', '.join(finding.ignored_columns)}")
        if finding.in_warehouse:
            lines.append(f"{pad}an earlier `roi load` {finding.in_warehouse} these bytes")
        if finding.reason:
            lines.append(f"{pad}{finding.reason}")
        return lines
    lines.append(f"{pad}{finding.reason}")
    if finding.status == "refused" and finding.missing_columns:
        lines.append(f"{pad}closest known export: {finding.nearest_shape}")
        lines.append(f"{pad}missing columns: {', '.join(finding.missing_columns)}")
        if finding.unknown_columns:
            lines.append(f"{pad}columns it does not know: {', '.join(finding.unknown_columns)}")
        lines.append(f"{pad}next: export it again with those columns, or rename them in the header")
    return lines


def _format_lines(formats: dict[str, Any], pad: str) -> list[str]:
    """Times and decimal hours as resolved, and the values no supported format reads."""
    parts = []
    if formats.get("clock") == "12-hour":
        parts.append(f"times {formats['time_format']} ({formats.get('clock', '')} clock)")
    if formats.get("decimal_separator") == ",":
        parts.append("hours with a decimal comma")
    lines = [f"{pad}{', '.join(parts)}"] if parts else []
    for column, unread in sorted((formats.get("unrecognised") or {}).items()):
        examples = ", ".join(unread.get("examples", []))
        lines.append(
            f"{pad}{_count(unread.get('count', 0), 'value')} in {column} no supported format "
            f"reads (e.g. {examples}): those rows will be quarantined"
        )
    return lines


_STATUS_WORDS = {
    "can_compute": "can compute now",
    "can_compute_partly": "can compute now, in part",
    "cannot_compute_yet": "cannot compute yet",
    "not_measured_no_data": "not measured yet: no files",
}


def _efficiency_lines(data: dict[str, Any]) -> list[str]:
    lines = [f"  Status: {_STATUS_WORDS[data['status']]}"]
    if not data["time_entries"]:
        return lines + ["  Land time-tracker exports in time_tracking/."]
    lines.append(
        f"  {data['time_entries']:,} entries, {_hours(data['hours'])} logged; "
        f"{_hours(data['hours_mapped_to_workflows'])} mapped to workflows."
    )
    if data["entries_with_unreadable_hours"]:
        lines.append(
            f"  {data['entries_with_unreadable_hours']:,} entries with hours it cannot read."
        )
    unlogged = []
    for workflow in data["workflows"]:
        if workflow["status"] == "no_logs":
            unlogged.append(workflow["workflow_id"])
            continue
        lines.append(
            f"  {workflow['workflow_id']}: "
            f"{_count(workflow['baseline_task_instances'], 'pre-AI task')}, "
            f"{workflow['ai_assisted_task_instances']:,} AI-assisted"
            + {
                "measurable": "",
                "no_baseline_logs": ": NO PRE-AI LOGS (no baseline, no ROI)",
                "no_ai_assisted_logs": ": no AI-assisted work logged yet",
            }[workflow["status"]]
        )
    if unlogged:
        lines += _wrapped(f"No time logs map to: {', '.join(unlogged)}.", "  ")
    if data["unmapped_work"]:
        lines.append(
            f"  {_hours(data['hours_no_rule_maps'])} no rule in time_entry_workflow_rules maps; "
            "the most hours:"
        )
        for item in data["unmapped_work"]:
            lines.append(
                f"    {item['hours']:>9,.2f} h  {item['project'] or '(no project)'} / "
                f"{item['task'] or '(no task)'} ({_count(item['entries'], 'entry', 'entries')})"
            )
    return lines


def _lift_lines(data: dict[str, Any]) -> list[str]:
    lines = [f"  Status: {_STATUS_WORDS[data['status']]}"]
    if not data["campaigns_in_files"]:
        lines.append("  No email campaigns with variants in the files.")
    silent = [
        test["ab_test_id"]
        for test in data["registered_tests"]
        if not (test["recipients_control"] or test["recipients_ai"])
        and not test["variants_not_in_the_registry"]
    ]
    if silent:
        lines += _wrapped(
            f"Registered tests with no events in these files: {', '.join(silent)}.", "  "
        )
    for test in data["registered_tests"]:
        if test["ab_test_id"] in silent:
            continue
        state = (
            f"{test['recipients_control']:,} control and {test['recipients_ai']:,} AI recipients"
            if test["status"] == "measurable"
            else f"{test['recipients_control']:,} control and {test['recipients_ai']:,} AI "
            "recipients: not both arms yet"
        )
        lines.append(f"  {test['ab_test_id']}: {state}")
        for variant in test["variants_not_in_the_registry"]:
            lines.append(
                f"    variant '{variant['variant']}' "
                f"({_count(variant['recipients'], 'recipient')}) is neither arm: "
                "its events will be quarantined unknown_test_variant"
            )
    for warning in data.get("tests_with_audience_too_small", []):
        lines += _wrapped(warning + ".", "  ")
    unregistered = data["unregistered_campaigns_with_variants"]
    if unregistered:
        lines.append(
            f"  {len(unregistered)} campaign(s) with variants no row of ab_tests registers:"
        )
        for campaign in unregistered:
            variants = ", ".join(
                f"'{v['variant']}' {v['recipients']:,}" for v in campaign["variants"]
            )
            lines.append(
                f"    {campaign['source_system']} campaign {campaign['campaign_key']} "
                f"({campaign['first_date']} to {campaign['last_date']}): recipients {variants}"
            )
        lines.append("  Rows for seeds/performance_lift/ab_tests.csv (fill every TODO; the first")
        lines.append("  variant is written as control_variant: swap it if AI wrote that one):")
        lines.append(f"    {data['ab_tests_seed_header']}")
        for campaign in unregistered:
            if campaign["seed_line"]:
                lines.append(f"    {campaign['seed_line']}")
            else:
                lines.append(
                    f"    # {campaign['source_system']} {campaign['campaign_key']}: "
                    f"{len(campaign['variants'])} variants: register the AI variant and its control"
                )
    return lines


def _pipeline_lines(data: dict[str, Any]) -> list[str]:
    lines = [f"  Status: {_STATUS_WORDS[data['status']]}"]
    leads, tagged, opps = data["leads"], data["ai_tagged_leads"], data["opportunities"]
    for crm in ("hubspot", "salesforce"):
        if leads[crm] or opps[crm]:
            lines.append(
                f"  {VENDORS[crm]}: {leads[crm]:,} leads ({tagged[crm]:,} AI-tagged), "
                f"{opps[crm]:,} opportunities"
            )
    if not any(leads.values()):
        lines.append("  No leads: MQL->SQL cohorts need HubSpot contacts or Salesforce leads.")
    elif not sum(tagged.values()):
        lines.append("  No AI-tagged leads: AI vs non-AI cohorts cannot be compared.")
    if any(leads.values()) and not any(opps.values()):
        lines.append(
            "  No opportunities: pipeline value needs HubSpot deals or Salesforce opportunities."
        )
    for item in data["missing_ai_signal_fields"]:
        lines.append(
            f"  {VENDORS[item['crm']]} lead export has no {item['field']} column: leads it marks "
            "cannot be told apart."
        )
    if data["unmapped_stages"]:
        lines.append("  Stages and statuses no row of pipeline_stage_mappings covers, as rows for")
        lines.append("  seeds/pipeline/pipeline_stage_mappings.csv (set each funnel_stage to lead,")
        lines.append("  mql, sql, opportunity, won or lost):")
        lines += [f"    {stage['seed_line']}" for stage in data["unmapped_stages"]]
    return lines


def main(landing: Path, database: Path | None, as_json: bool, target: str = "duckdb") -> int:
    try:
        diagnosis = diagnose(landing, database, target=target)
    except DoctorError as error:
        print(f"roi doctor cannot run: {error}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(diagnosis.as_dict(), indent=2, sort_keys=True))
    else:
        print(render_text(diagnosis), end="")
    return 0
