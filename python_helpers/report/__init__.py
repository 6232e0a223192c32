"""The three-view ROI dashboard: one self-contained HTML file (no server, no CDN).

Views: efficiency (operations), quality (marketing managers), revenue (the CFO), with the QBR
summary on top. Every figure carries its method and evidence maturity. Each view reads its marts
read-only and says so when a mart is not built yet, so the dashboard fills in as marts arrive.

`roi report` renders only the published file (write-audit-publish, see warehouse/duckdb_file.py):
numbers that passed `roi build` and `roi check`. With nothing published the page says so and
shows which step of the last job did not pass, never figures from the unchecked build file; when
a later build was not published, a banner says why above the last published figures.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from .section import MARTS_SCHEMA, View, read

__all__ = ["MARTS_SCHEMA", "View", "build_dashboard", "build_published_dashboard", "read"]


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
.empty-state { background: #f0f4f8; border: 2px dashed #9fb3c8; border-radius: 6px;
               padding: 12px 16px; margin: 12px 0; }
.empty-state p { margin: 6px 0; }
.notice { background: #fff4e5; border-left: 4px solid #d9822b; padding: 10px 16px; margin: 16px 0; }
.notice table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
.notice td, .notice th { text-align: left; padding: 4px 10px 4px 0; vertical-align: top; }
"""


def render_page(
    views: list[View], generated_at: datetime, source: str, notice: str = "", scripts: bool = True
) -> str:
    """The page; `notice` is trusted HTML shown above the views (see job_notice)."""
    nav = "".join(f'<a href="#{view.view_id}">{html.escape(view.title)}</a>' for view in views)
    sections = "\n".join(view.render() for view in views)
    plotly = f'<script type="text/javascript">{get_plotlyjs()}</script>' if scripts else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>AI marketing ROI dashboard</title>
<style>{STYLE}</style>
{plotly}
</head><body>
<header><h1>AI-assisted marketing: return on investment</h1>
<p>Per workflow, never per tool. Generated {generated_at:%Y-%m-%d %H:%M} UTC from
{html.escape(source)}. Ranges are low-high; every figure names its method and maturity.</p></header>
<nav>{nav}</nav>
<main>{notice}{sections}</main>
</body></html>
"""


def _write(page: str, output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_suffix(".tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(output)
    return output


def build_dashboard(database: Path, output: Path, source: str = "", notice: str = "") -> Path:
    """Render the dashboard from the marts in `database` (opened read-only) into `output`."""
    from .views import VIEW_BUILDERS

    with duckdb.connect(str(database), read_only=True) as con:
        views = [builder(con) for builder in VIEW_BUILDERS]
    return _write(render_page(views, datetime.now(UTC), source or database.name, notice), output)


def job_notice(title: str, text: str, status) -> str:
    """A notice block: a title, a sentence and the last job's steps (interface.JobStep)."""
    rows = "".join(
        f"<tr><th>{html.escape(step.command)}</th><td>{html.escape(step.status)}</td>"
        f"<td>{html.escape(step.detail)}</td></tr>"
        for step in status.steps
    )
    return (
        f'<section class="notice" id="publication"><h2>{html.escape(title)}</h2>'
        f"<p>{html.escape(text)}</p><table>{rows}</table></section>"
    )


def build_published_dashboard(output: Path, status) -> Path:
    """`roi report`: render the published file only (status: interface.PublicationStatus).

    Nothing published: a page that says so and names the step that did not pass, no figures."""
    if status.published is None:
        failed = status.first_failed_step
        step = (
            f" The first step that did not pass: {failed.command} ({failed.status})."
            if failed
            else ""
        )
        notice = job_notice(
            "Nothing published yet: no figures to show",
            "This dashboard shows only numbers that passed `roi build` and `roi check` and were "
            "published by `roi publish`; nothing has been published, so the build file's unchecked "
            f"figures are not shown.{step} Fix it, then run the job again.",
            status,
        )
        page = render_page([], datetime.now(UTC), "nothing (no published file)", notice, False)
        return _write(page, output)
    published = status.published
    source = f"{published.name}, published {status.published_at}"
    notice = ""
    if status.not_published_because:
        failed = status.first_failed_step
        step = f" ({failed.command}: {failed.status})" if failed else ""
        notice = job_notice(
            f"The latest build was not published{step}",
            f"These are the figures published {status.published_at}. Why the latest build was "
            "not published: " + "; ".join(status.not_published_because) + ".",
            status,
        )
    return build_dashboard(published, output, source, notice)
