"""Sample time-tracking extracts: Toggl, Harvest, Clockify and canonical CSVs.

Planted effects (hours per task instance, before and after the AI go-live) live in
PLANTED_WORKFLOWS; tests read them from here to check that the marts recover them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .universe import SAMPLE_END, SAMPLE_START


@dataclass(frozen=True)
class PlantedWorkflow:
    workflow_id: str
    project: str
    task: str
    label: str
    go_live: date
    annual_runs: int
    baseline_hours: float | None  # None: no pre-AI logs exist (an unprovable workflow)
    ai_hours: float
    tracker: str  # which export the team uses: toggl | harvest | clockify | canonical


# Mirrors seeds/efficiency/workflows.csv and time_entry_workflow_rules.csv.
PLANTED_WORKFLOWS = (
    PlantedWorkflow(
        "webinar_email_sequence",
        "Demand Generation",
        "Webinar email sequence",
        "Webinar sequence",
        date(2026, 4, 1),
        20,
        12.0,
        4.0,
        "toggl",
    ),
    PlantedWorkflow(
        "monthly_client_report",
        "Client Reporting",
        "Monthly client report",
        "Client report",
        date(2026, 3, 1),
        180,
        3.5,
        0.875,
        "harvest",
    ),
    PlantedWorkflow(
        "lead_scoring_review",
        "RevOps",
        "Lead scoring review",
        "Scoring review",
        date(2026, 2, 1),
        400,
        2.5,
        0.5,
        "clockify",
    ),
    PlantedWorkflow(
        "subject_line_testing",
        "Email Marketing",
        "Subject line testing",
        "Subject lines",
        date(2026, 3, 15),
        48,
        1.5,
        0.5,
        "toggl",
    ),
    PlantedWorkflow(
        "case_study_drafting",
        "Content",
        "Case study",
        "Case study",
        date(2026, 5, 1),
        8,
        14.0,
        4.0,
        "canonical",
    ),
    PlantedWorkflow(
        "competitor_brief",
        "Product Marketing",
        "Competitive brief",
        "Competitor brief",
        date(2026, 6, 1),
        12,
        None,
        3.0,
        "clockify",
    ),
)

AI_TAG = "ai-assisted"
FILLER_TASKS = ("Team meeting", "Planning", "Admin", "1:1", "Vendor call")
# Relative standard deviation of one task instance's hours around the planted mean.
NOISE = 0.12
# Each person's day starts at this hour; entries follow each other with this gap.
DAY_START_HOUR = 8
SCHEDULE_GAP_MINUTES = 5
# Filler (non-workflow) entries per scale unit: the bulk of real time logs is not AI workflow work.
FILLER_ENTRIES_PER_SCALE = 19_500

PEOPLE = {
    "toggl": [
        ("Avery Stone", "avery.stone@example.com"),
        ("Jordan Lee", "Jordan.Lee@Example.com "),
    ],
    "harvest": [("Sam", "Rivera"), ("Robin", "Okafor")],
    "clockify": [("Mika Tanaka", "mika.tanaka@example.com"), ("Noa Levi", "noa.levi@example.com")],
    "canonical": [("Chris Byrne", "chris.byrne@example.com")],
}


def _instances(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """One row per task instance (deliverable) with its total hours and AI status."""
    span_days = (SAMPLE_END - SAMPLE_START).days + 1
    frames = []
    for workflow in PLANTED_WORKFLOWS:
        count = max(2, int(round(workflow.annual_runs * scale * span_days / 365)))
        offsets = np.sort(rng.integers(0, span_days, size=count))
        starts = pd.to_datetime(SAMPLE_START) + pd.to_timedelta(offsets, unit="D")
        is_ai = starts >= pd.Timestamp(workflow.go_live)
        if workflow.baseline_hours is None:
            is_ai = np.ones(count, dtype=bool)
        mean = np.where(is_ai, workflow.ai_hours, workflow.baseline_hours or 0.0)
        hours = np.clip(rng.normal(mean, mean * NOISE), mean * 0.4, None)
        frames.append(
            pd.DataFrame(
                {
                    "workflow_id": workflow.workflow_id,
                    "project": workflow.project,
                    "task": workflow.task,
                    "tracker": workflow.tracker,
                    "description": [f"{workflow.label} #{i + 1:04d}" for i in range(count)],
                    "day": starts,
                    "is_ai": is_ai,
                    "hours": hours,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _split_into_entries(rng: np.random.Generator, instances: pd.DataFrame) -> pd.DataFrame:
    """Split each instance into 1-4 entries on consecutive working days, 08:00-17:00 starts."""
    parts = np.maximum(1, np.minimum(4, np.ceil(instances["hours"].to_numpy() / 3.0))).astype(int)
    entries = instances.loc[instances.index.repeat(parts)].reset_index(drop=True)
    part_index = _part_numbers(parts)
    weights = rng.uniform(0.6, 1.4, size=len(entries))
    weight_sums = (
        pd.Series(weights).groupby(np.repeat(np.arange(len(parts)), parts)).transform("sum")
    )
    entries["hours"] = entries["hours"] * weights / weight_sums.to_numpy()
    start_minutes = rng.integers(8 * 60, 15 * 60, size=len(entries))
    entries["started"] = (
        entries["day"]
        + pd.to_timedelta(part_index, unit="D")
        + pd.to_timedelta(start_minutes, unit="m")
    )
    return entries


def _part_numbers(parts: np.ndarray) -> np.ndarray:
    ends = np.cumsum(parts)
    return np.arange(ends[-1]) - np.repeat(ends - parts, parts)


def _filler(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    count = int(FILLER_ENTRIES_PER_SCALE * scale)
    span_days = (SAMPLE_END - SAMPLE_START).days + 1
    trackers = np.array(list(PEOPLE))
    started = (
        pd.to_datetime(SAMPLE_START)
        + pd.to_timedelta(rng.integers(0, span_days, size=count), unit="D")
        + pd.to_timedelta(rng.integers(8 * 60, 17 * 60, size=count), unit="m")
    )
    return pd.DataFrame(
        {
            "workflow_id": None,
            "project": "Internal",
            "task": rng.choice(FILLER_TASKS, size=count),
            "tracker": rng.choice(trackers, size=count, p=[0.4, 0.2, 0.3, 0.1]),
            "description": [f"Ticket {n + 1:06d}" for n in range(count)],
            "is_ai": False,
            "hours": np.round(rng.uniform(0.25, 2.0, size=count), 2),
            "started": started,
        }
    )


def _roster(tracker: str, copies: int) -> list[tuple[str, str]]:
    """The tracker's people; at larger scales the team grows (more people, not longer days)."""
    roster = []
    for copy in range(copies):
        for first, second in PEOPLE[tracker]:
            if copy == 0:
                roster.append((first, second))
            elif tracker == "harvest":
                roster.append((first, f"{second} {copy + 1}"))
            else:
                local, domain = second.strip().split("@")
                roster.append((f"{first} {copy + 1}", f"{local}{copy + 1}@{domain}"))
    return roster


def _with_people(rng: np.random.Generator, entries: pd.DataFrame, scale: float) -> pd.DataFrame:
    """Assign people (person_a/person_b: name and email, or first and last name for Harvest)."""
    entries = entries.copy()
    entries["person_a"] = ""
    entries["person_b"] = ""
    copies = max(1, int(np.ceil(scale)))
    for tracker in PEOPLE:
        roster = _roster(tracker, copies)
        mask = (entries["tracker"] == tracker).to_numpy()
        picks = rng.integers(0, len(roster), size=int(mask.sum()))
        entries.loc[mask, "person_a"] = [roster[i][0] for i in picks]
        entries.loc[mask, "person_b"] = [roster[i][1] for i in picks]
    return entries


def _schedule_days(entries: pd.DataFrame) -> pd.DataFrame:
    """Lay each person's entries of a day end to end from 08:00 with a 5-minute gap, so nobody
    logs two things at once (staging quarantines overlapping entries)."""
    entries = entries.copy()
    entries["day"] = entries["started"].dt.floor("D")
    entries = entries.sort_values(["tracker", "person_b", "day", "started"], kind="stable")
    slot_minutes = np.ceil(entries["hours"] * 60) + SCHEDULE_GAP_MINUTES
    person_days = [entries["tracker"], entries["person_b"], entries["day"]]
    offset = slot_minutes.groupby(person_days).cumsum()
    entries["started"] = (
        entries["day"]
        + pd.to_timedelta(DAY_START_HOUR, unit="h")
        + pd.to_timedelta(offset - slot_minutes, unit="m")
    )
    return entries.drop(columns="day")


def _hms(hours: pd.Series) -> pd.Series:
    seconds = (hours * 3600).round().astype("int64")
    return (
        (seconds // 3600).astype(str)
        + ":"
        + ((seconds % 3600) // 60).astype(str).str.zfill(2)
        + ":"
        + (seconds % 60).astype(str).str.zfill(2)
    )


def _tags(frame: pd.DataFrame) -> pd.Series:
    base = frame["task"].str.lower().str.replace(" ", "-")
    return np.where(frame["is_ai"], base + ", " + AI_TAG, base)


def _write_toggl(frame: pd.DataFrame, path: Path) -> None:
    ended = frame["started"] + pd.to_timedelta(frame["hours"], unit="h")
    out = pd.DataFrame(
        {
            "User": frame["person_a"],
            "Email": frame["person_b"],
            "Client": "Northwind",
            "Project": frame["project"],
            "Task": frame["task"],
            "Description": frame["description"],
            "Billable": "No",
            "Start date": frame["started"].dt.strftime("%Y-%m-%d"),
            "Start time": frame["started"].dt.strftime("%H:%M:%S"),
            "End date": ended.dt.strftime("%Y-%m-%d"),
            "End time": ended.dt.strftime("%H:%M:%S"),
            "Duration": _hms(frame["hours"]),
            "Tags": _tags(frame),
            "Amount (USD)": "",
        }
    )
    out.to_csv(path, index=False, encoding="utf-8-sig")


def _write_harvest(frame: pd.DataFrame, path: Path) -> None:
    hours = frame["hours"].round(2)
    out = pd.DataFrame(
        {
            "Date": frame["started"].dt.strftime("%Y-%m-%d"),
            "Client": "Agency clients",
            "Project": frame["project"],
            "Project Code": "CR",
            "Task": frame["task"],
            "Notes": frame["description"],
            "Hours": hours,
            "Hours Rounded": (hours * 4).round() / 4,
            "Billable?": "Yes",
            "Invoiced?": "No",
            "Approved?": "Yes",
            "First Name": frame["person_a"],
            "Last Name": frame["person_b"],
            "Roles": "Senior strategist",
            "Employee?": "Yes",
            "Billable Rate": 150,
            "Billable Amount": (hours * 150).round(2),
            "Cost Rate": 85,
            "Cost Amount": (hours * 85).round(2),
            "Currency": "US Dollar - USD",
            "External Reference URL": "",
        }
    )
    out.to_csv(path, index=False)


def _write_clockify(frame: pd.DataFrame, path: Path) -> None:
    ended = frame["started"] + pd.to_timedelta(frame["hours"], unit="h")
    out = pd.DataFrame(
        {
            "Project": frame["project"],
            "Client": "Northwind",
            "Description": frame["description"],
            "Task": frame["task"],
            "User": frame["person_a"],
            "Group": "Marketing",
            "Email": frame["person_b"],
            "Tags": _tags(frame),
            "Billable": "No",
            "Start Date": frame["started"].dt.strftime("%d/%m/%Y"),
            "Start Time": frame["started"].dt.strftime("%H:%M"),
            "End Date": ended.dt.strftime("%d/%m/%Y"),
            "End Time": ended.dt.strftime("%H:%M"),
            "Duration (h)": _hms(frame["hours"]),
            "Duration (decimal)": frame["hours"].round(2),
            "Billable Rate (EUR)": 0,
            "Billable Amount (EUR)": 0,
            "Date of creation": frame["started"].dt.strftime("%d/%m/%Y"),
        }
    )
    out.to_csv(path, index=False, quoting=csv.QUOTE_ALL)


def _write_canonical(frame: pd.DataFrame, path: Path) -> None:
    out = pd.DataFrame(
        {
            "entry_id": [f"sheet-{i + 1:06d}" for i in range(len(frame))],
            "person_email": frame["person_b"],
            "project": frame["project"],
            "task": frame["task"],
            "description": frame["description"],
            "tags": np.where(frame["is_ai"], AI_TAG, ""),
            "started_at": frame["started"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration_hours": frame["hours"].round(3),
            "task_instance_id": frame["description"],
        }
    )
    out.to_csv(path, index=False)


WRITERS = {
    "toggl": ("toggl_detailed_report.csv", _write_toggl),
    "harvest": ("harvest_detailed_time.csv", _write_harvest),
    "clockify": ("clockify_detailed_report.csv", _write_clockify),
    "canonical": ("canonical_time_entries.csv", _write_canonical),
}


def build_entries(scale: float = 1.0, seed: int = 42) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    entries = pd.concat(
        [_split_into_entries(rng, _instances(rng, scale)), _filler(rng, scale)], ignore_index=True
    )
    entries = _schedule_days(_with_people(rng, entries, scale))
    return entries.sort_values("started", kind="stable").reset_index(drop=True)


def write_extracts(folder: Path, scale: float = 1.0, seed: int = 42) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    entries = build_entries(scale, seed)
    written = []
    for tracker, (file_name, writer) in WRITERS.items():
        path = folder / file_name
        writer(entries[entries["tracker"] == tracker].reset_index(drop=True), path)
        written.append(path)
    return written
