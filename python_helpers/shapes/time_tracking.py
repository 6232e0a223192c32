"""Time-tracking export shapes: Toggl, Harvest and Clockify detailed CSVs, and the canonical CSV."""

from .file_shape import FileShape

TOGGL = FileShape(
    system="time_tracking",
    name="toggl",
    table="toggl_time_entries",
    required=("user", "email", "project", "description", "start_date", "start_time", "duration"),
    optional=("client", "task", "billable", "end_date", "end_time", "tags", "amount_usd"),
    aliases={"stop_date": "end_date", "stop_time": "end_time"},
    description="Toggl Track detailed report CSV (UTF-8 with BOM; Duration H:MM:SS).",
)

HARVEST = FileShape(
    system="time_tracking",
    name="harvest",
    table="harvest_time_entries",
    required=("date", "project", "task", "notes", "hours", "first_name", "last_name"),
    optional=(
        "client",
        "project_code",
        "hours_rounded",
        "billable",
        "invoiced",
        "approved",
        "roles",
        "employee",
        "billable_rate",
        "billable_amount",
        "cost_rate",
        "cost_amount",
        "currency",
        "external_reference_url",
    ),
    description="Harvest detailed time report CSV (decimal hours, no start/end times, no tags).",
)

CLOCKIFY = FileShape(
    system="time_tracking",
    name="clockify",
    table="clockify_time_entries",
    required=(
        "project",
        "description",
        "user",
        "email",
        "start_date",
        "start_time",
        "duration_decimal",
    ),
    optional=(
        "client",
        "task",
        "group",
        "tags",
        "billable",
        "end_date",
        "end_time",
        "duration_h",
        "date_of_creation",
    ),
    description="Clockify detailed report CSV (all fields quoted; dates in the user's format).",
)

CANONICAL = FileShape(
    system="time_tracking",
    name="canonical",
    table="canonical_time_entries",
    required=("person_email", "project", "description", "started_at", "duration_hours"),
    optional=("entry_id", "task", "tags", "task_instance_id"),
    description=(
        "Canonical time CSV for teams that log in a spreadsheet: started_at is ISO 8601 with an "
        "offset (2026-06-23T09:30:00+02:00) or UTC (Z); duration_hours is decimal; tags are "
        "comma-separated; task_instance_id optionally names the deliverable."
    ),
)

SHAPES = (TOGGL, HARVEST, CLOCKIFY, CANONICAL)
