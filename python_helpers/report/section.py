"""One view of the dashboard (a section of the page) and how views read their marts."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import plotly.graph_objects as go

from ..schemas import MARTS_SCHEMA


@dataclass
class View:
    """One section of the dashboard: charts (plotly figures) and HTML tables."""

    view_id: str
    title: str
    audience: str
    blocks: list[str] = field(default_factory=list)
    chart_count: int = 0

    def add_chart(self, figure: go.Figure, caption: str) -> None:
        self.chart_count += 1
        figure.update_layout(
            template="plotly_white",
            margin={"l": 60, "r": 20, "t": 50, "b": 60},
            height=380,
            font={"family": "Helvetica, Arial, sans-serif", "size": 12},
        )
        div = figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"{self.view_id}-chart-{self.chart_count}",
            config={"displaylogo": False, "responsive": True},
        )
        self.blocks.append(
            f'<figure class="chart" data-view="{self.view_id}">{div}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def add_table(self, frame: pd.DataFrame, caption: str) -> None:
        table = frame.to_html(index=False, escape=True, classes="data", border=0, na_rep="-")
        self.blocks.append(f'<div class="table"><h3>{html.escape(caption)}</h3>{table}</div>')

    def add_note(self, text: str) -> None:
        self.blocks.append(f'<p class="note">{html.escape(text)}</p>')

    def add_kpis(self, kpis: list[tuple[str, str, str]]) -> None:
        """(label, value, footnote) cards."""
        cards = "".join(
            f'<div class="kpi"><div class="kpi-label">{html.escape(label)}</div>'
            f'<div class="kpi-value">{html.escape(value)}</div>'
            f'<div class="kpi-note">{html.escape(note)}</div></div>'
            for label, value, note in kpis
        )
        self.blocks.append(f'<div class="kpis">{cards}</div>')

    def render(self) -> str:
        body = "\n".join(self.blocks) or '<p class="note">No data yet.</p>'
        return (
            f'<section id="{self.view_id}" class="view"><h2>{html.escape(self.title)}</h2>'
            f'<p class="audience">For {html.escape(self.audience)}</p>{body}</section>'
        )


def read(con: duckdb.DuckDBPyConnection, mart: str, sql: str | None = None) -> pd.DataFrame | None:
    """A mart as a DataFrame, or None when it is not built yet."""
    exists = con.execute(
        "select 1 from information_schema.tables where table_schema = ? and table_name = ?",
        [MARTS_SCHEMA, mart],
    ).fetchone()
    if exists is None:
        return None
    return con.execute(sql or f"select * from {MARTS_SCHEMA}.{mart}").df()
