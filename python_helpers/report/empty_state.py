"""Empty states: a dimension without landed data is stated on the dashboard, never hidden.

Reads fct_measurement_status (one row per ROI dimension); the sentence and what to land come from
the mart, nothing is decided here.
"""

from __future__ import annotations

import html

import duckdb

from .section import View, read

NOT_MEASURED = "not_measured_no_data"


def not_measured(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """The dimensions without data, by dimension id ('efficiency', ...), as mart rows."""
    status = read(con, "fct_measurement_status")
    if status is None:
        return {}
    rows = status[status["measurement_status"] == NOT_MEASURED]
    return {row["dimension"]: row for row in rows.to_dict("records")}


def add_empty_state(view: View, row: dict) -> None:
    """A card saying the dimension is not measured yet and which exports to land where."""
    view.blocks.append(
        f'<div class="empty-state" data-dimension="{html.escape(str(row["dimension"]))}">'
        f'<div class="kpi-label">{html.escape(str(row["dimension_name"]))}: not measured yet</div>'
        f"<p>{html.escape(str(row['measurement_status_message']))}.</p>"
        f'<p class="note">Land {html.escape(str(row["exports_to_land"]))} in '
        f"<code>{html.escape(str(row['landing_folder']))}/</code> under the landing folder, then "
        "run <code>roi load</code>, <code>roi build</code>, <code>roi check</code> and "
        "<code>roi publish</code>.</p></div>"
    )


def add_empty_state_if_unmeasured(
    view: View, con: duckdb.DuckDBPyConnection, dimension: str
) -> bool:
    """Add the dimension's empty-state card when it has no data; True when it was added."""
    row = not_measured(con).get(dimension)
    if row is None:
        return False
    add_empty_state(view, row)
    return True
