"""The evidence timeline and the leading indicators on the dashboard.

- The timeline sentence per workflow ("efficiency proven now; email lift ~15 Jan 2027; pipeline
  ~Q2 2027") is formatting only: hand-made rows of fct_evidence_timeline, no build.
- On the sample warehouse: fct_evidence_timeline has a row per workflow and dimension, and in a
  real browser (headless Chromium) the QBR summary shows the timeline and its chart, and the
  quality and revenue views draw the leading-indicator trends, labelled as such.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from python_helpers.report import build_dashboard
from python_helpers.report.evidence import timeline_sentences, when_words


def _row(dimension, status, projected=None, as_of=date(2026, 10, 1), workflow="w"):
    return {
        "workflow_id": workflow,
        "dimension": dimension,
        "projection_status": status,
        "projected_mature_date": projected,
        "as_of_date": as_of,
    }


def test_timeline_sentence_reads_like_the_issue():
    frame = pd.DataFrame(
        [
            _row("pipeline", "projected", date(2027, 5, 20)),  # 231 days out: a quarter
            _row("efficiency", "mature_now"),
            _row("performance_lift", "projected", date(2027, 1, 15)),  # 106 days: a day
            _row("efficiency", "never_at_current_rate", workflow="v"),
            _row("performance_lift", "not_measured", workflow="v"),
            _row("pipeline", "projected", date(2027, 4, 1), workflow="v"),  # 182 days: a day
        ]
    )
    assert timeline_sentences(frame) == {
        "v": "efficiency not at the current rate; email lift not measured; pipeline ~1 Apr 2027",
        "w": "efficiency proven now; email lift ~15 Jan 2027; pipeline ~Q2 2027",
    }


@pytest.mark.parametrize(
    ("projected", "expected"),
    [
        (date(2027, 4, 2), "~2 Apr 2027"),  # 183 days: still a day
        (date(2027, 4, 3), "~Q2 2027"),  # 184 days: a quarter
        (date(2026, 12, 31), "~31 Dec 2026"),
    ],
)
def test_near_dates_are_days_far_dates_are_quarters(projected, expected):
    assert when_words(pd.Series(_row("pipeline", "projected", projected))) == expected


def test_the_sample_timeline_has_every_workflow_and_dimension(built_warehouse):
    rows = built_warehouse.query(
        "select count(*), count(distinct workflow_id), count(distinct dimension), "
        "sum(case when projection_status = 'projected' then 1 else 0 end), "
        "sum(case when (projection_status = 'projected') = (projected_mature_date is not null) "
        "then 0 else 1 end) from main_marts.fct_evidence_timeline"
    )
    ((count, workflows, dimensions, _projected, inconsistent),) = rows
    ((catalogue,),) = built_warehouse.query("select count(*) from main_marts.dim_workflows")
    assert (count, workflows, dimensions) == (3 * catalogue, catalogue, 3)
    assert inconsistent == 0
    # The sample's workflows without a baseline can never prove efficiency: said, not dated.
    never = built_warehouse.query(
        "select t.projection_reason from main_marts.fct_evidence_timeline as t "
        "inner join main_marts.fct_workflow_time_savings as s using (workflow_id) "
        "where t.dimension = 'efficiency' and not s.has_baseline"
    )
    assert never, "the sample has workflows without a baseline"
    assert all(reason.startswith("Never at the current rate") for (reason,) in never)


def test_leading_indicators_cover_both_indicators(built_warehouse):
    rows = dict(
        built_warehouse.query(
            "select indicator, count(*) from main_marts.fct_leading_indicators_weekly "
            "where absolute_difference is not null group by indicator"
        )
    )
    assert rows.get("email_ctr", 0) > 0 and rows.get("mql_to_sql_rate", 0) > 0
    # Weekly counts add up to the A/B arms: every delivered AI email is in one week.
    ((weekly, tests),) = built_warehouse.query(
        "select (select sum(ai_units) from main_marts.fct_leading_indicators_weekly "
        "where indicator = 'email_ctr'), (select sum(delivered_ai) "
        "from main_marts.fct_ab_test_results)"
    )
    assert weekly == tests


@pytest.fixture(scope="module")
def dashboard(built_warehouse, tmp_path_factory) -> Path:
    return build_dashboard(
        built_warehouse.database, tmp_path_factory.mktemp("evidence") / "dashboard.html"
    )


def test_timeline_and_trends_render_in_chromium(dashboard, built_warehouse):
    from playwright.sync_api import sync_playwright

    from python_helpers.report.browser import CHROMIUM_ARGS, chromium_path
    from python_helpers.settings import Settings

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(Settings.from_env().chromium),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(dashboard.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        found = page.evaluate(
            """() => {
                const rendered = (caption) => [...document.querySelectorAll('figure.chart')]
                    .filter(f => f.querySelector('figcaption').textContent.includes(caption))
                    .map(f => [f.dataset.view, !!f.querySelector('.js-plotly-plot .main-svg'),
                               f.querySelector('.gtitle') ? f.querySelector('.gtitle').textContent
                               : '']);
                const summary = document.querySelector('section#summary');
                const tables = [...summary.querySelectorAll('.table h3')].map(h => h.textContent);
                const cells = [...summary.querySelectorAll('table.data td')]
                    .map(td => td.textContent);
                return {
                    timeline: rendered('A projection, not a promise'),
                    leading: rendered('LEADING INDICATOR'),
                    tables: tables,
                    cells: cells,
                };
            }"""
        )
        browser.close()
    assert errors == []
    assert any(t.startswith("Evidence timeline: when will we know?") for t in found["tables"])
    sentences = [c for c in found["cells"] if c.startswith("efficiency ")]
    assert sentences, "one timeline sentence per workflow"
    assert all("; email lift " in s and "; pipeline " in s for s in sentences)
    ((dated,),) = built_warehouse.query(
        "select count(*) from main_marts.fct_evidence_timeline "
        "where projected_mature_date is not null"
    )
    # The chart plots the projected dates: drawn, in the summary, whenever there is one.
    if dated:
        assert [(view, drawn) for view, drawn, _ in found["timeline"]] == [("summary", True)]
        assert "Evidence timeline" in found["timeline"][0][2]
    else:
        assert found["timeline"] == []
    views = sorted((view, drawn) for view, drawn, _ in found["leading"])
    assert views == [("quality", True), ("revenue", True)]
    assert all(title.startswith("Leading indicator") for _, _, title in found["leading"])
