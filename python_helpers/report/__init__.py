"""The three-view ROI dashboard: one self-contained HTML file (no server, no CDN).

Views: efficiency (operations), quality (marketing managers), revenue (the CFO), with the QBR
summary on top. Every figure carries its method and evidence maturity. Each view reads its marts
read-only and says so when a mart is not built yet, so the dashboard fills in as marts arrive.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

MARTS_SCHEMA = "main_marts"


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
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [MARTS_SCHEMA, mart],
    ).fetchone()
    if not exists or not exists[0]:
        return None
    return con.execute(sql or f"select * from {MARTS_SCHEMA}.{mart}").df()


STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
header { background: #102a43; color: white; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; color: #bcccdc; font-size: 13px; }
nav { position: sticky; top: 0; background: #243b53; padding: 8px 32px; z-index: 10; }
nav a { color: #d9e2ec; margin-right: 24px; text-decoration: none; font-weight: bold; }
main { padding: 16px 32px 48px 32px; }
.view { background: white; border-radius: 8px; padding: 16px 24px; margin: 16px 0;
        box-shadow: 0 1px 3px rgba(0,0,0,.1); }
.view h2 { margin: 4px 0; }
.audience { color: #627d98; margin-top: 0; font-size: 13px; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.kpi { flex: 1 1 200px; background: #f0f4f8; border-radius: 6px; padding: 12px; }
.kpi-label { font-size: 12px; color: #486581; text-transform: uppercase; }
.kpi-value { font-size: 22px; font-weight: bold; margin: 4px 0; }
.kpi-note { font-size: 11px; color: #627d98; }
figure.chart { margin: 12px 0; }
figcaption, .note { font-size: 12px; color: #627d98; }
table.data { border-collapse: collapse; font-size: 12px; width: 100%; }
table.data th { background: #f0f4f8; text-align: left; padding: 6px; }
table.data td { border-top: 1px solid #e4e7eb; padding: 6px; }
.table h3 { font-size: 14px; margin: 16px 0 6px 0; }
"""


def render_page(views: list[View], generated_at: datetime, source: str) -> str:
    nav = "".join(f'<a href="#{view.view_id}">{html.escape(view.title)}</a>' for view in views)
    sections = "\n".join(view.render() for view in views)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>AI marketing ROI dashboard</title>
<style>{STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<header><h1>AI-assisted marketing: return on investment</h1>
<p>Per workflow, never per tool. Generated {generated_at:%Y-%m-%d %H:%M} UTC from
{html.escape(source)}. Ranges are low-high; every figure names its method and maturity.</p></header>
<nav>{nav}</nav>
<main>{sections}</main>
</body></html>
"""


def build_dashboard(database: Path, output: Path) -> Path:
    """Render the dashboard from the marts in `database` (opened read-only) into `output`."""
    from .views import VIEW_BUILDERS

    with duckdb.connect(str(database), read_only=True) as con:
        views = [builder(con) for builder in VIEW_BUILDERS]
    output.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(views, datetime.now(UTC), database.name)
    temporary = output.with_suffix(".tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(output)
    return output
