"""The dashboard: finance formatting, and the rendered page in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from python_helpers.report import build_dashboard
from python_helpers.report.formatting import percent, usd, usd_range, usd_short
from python_helpers.report.words import REASON_WORDS


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12000, "$12,000"), (-500, "-$500"), (1234567.4, "$1,234,567"), (None, "-")],
)
def test_usd(value, expected):
    assert usd(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(35000, "$35k"), (45500, "$45.5k"), (1_250_000, "$1.25M"), (950, "$950"), (-2000, "-$2k")],
)
def test_usd_short(value, expected):
    assert usd_short(value) == expected


def test_ranges_and_percentages():
    assert usd_range(35000, 45000) == "$35k-$45k"
    assert usd_range(None, 45000) == "-"
    assert percent(0.223) == "22.3%"


@pytest.fixture(scope="module")
def dashboard(built_warehouse, tmp_path_factory) -> Path:
    return build_dashboard(
        built_warehouse.database, tmp_path_factory.mktemp("dashboard") / "dashboard.html"
    )


def test_dashboard_is_one_self_contained_file(dashboard):
    page = dashboard.read_text(encoding="utf-8")
    assert "<script src=" not in page, "the page must not load scripts from elsewhere"
    for view in ("summary", "efficiency", "quality", "revenue"):
        assert f'id="{view}"' in page


def test_every_view_renders_its_charts_in_chromium(dashboard):
    from python_helpers.report.browser import inspect_dashboard
    from python_helpers.settings import Settings

    screenshot = dashboard.with_suffix(".png")
    report = inspect_dashboard(dashboard, screenshot, Settings.from_env().chromium)
    assert report.console_errors == []
    assert report.external_requests == [], "the page must open offline"
    assert report.charts_per_view["efficiency"] >= 2
    for view, charts in report.charts_per_view.items():
        assert report.rendered_per_view[view] == charts, f"{view}: not every chart rendered"
    assert screenshot.stat().st_size > 10_000


def test_revenue_view_leads_with_the_three_year_case_in_words(dashboard, built_warehouse):
    """The CFO view, read in Chromium: the risk-adjusted NPV range and payback come first, the
    payback is words (never 0.0), codes are words, the heat map renders, and workflows are
    labelled by name in every view (the efficiency charts too)."""
    from playwright.sync_api import sync_playwright

    from python_helpers.report.browser import CHROMIUM_ARGS, chromium_path
    from python_helpers.settings import Settings

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(Settings.from_env().chromium),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(dashboard.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        labels = page.eval_on_selector_all(
            "#revenue .kpi-label", "nodes => nodes.map(n => n.textContent)"
        )
        values = page.eval_on_selector_all(
            "#revenue .kpi-value", "nodes => nodes.map(n => n.textContent)"
        )
        revenue_text = page.inner_text("#revenue")
        page_text = page.inner_text("body")
        heat_maps = page.evaluate(
            """() => [...document.querySelectorAll('#revenue .js-plotly-plot')]
                .flatMap(plot => (plot.data || []).filter(trace => trace.type === 'heatmap'))
                .map(trace => ({x: [...trace.x], y: [...trace.y]}))"""
        )
        heat_map_titles = page.evaluate(
            """() => [...document.querySelectorAll('#revenue .js-plotly-plot')]
                .filter(plot => (plot.data || []).some(trace => trace.type === 'heatmap'))
                .flatMap(plot => [...plot.querySelectorAll('.xtitle, .ytitle')])
                .map(node => node.textContent)"""
        )
        efficiency_ticks = page.eval_on_selector_all(
            "#efficiency .xtick text", "nodes => nodes.map(n => n.textContent)"
        )
        browser.close()
    assert labels[0].startswith("Risk-adjusted NPV"), labels
    assert labels[1] == "Payback", labels
    assert labels[2] == "Risk-adjusted ROI", labels
    assert "-$" in values[0] or "$" in values[0]
    assert values[1] in ("under a week",) or values[1].endswith(("weeks", "week", "months")), values
    assert "0.0" not in values[1]
    assert "0.0 months" not in page_text  # no payback anywhere reads as zero
    assert "The three-year case per workflow" in revenue_text
    assert "Net cash flow by year" in revenue_text
    assert len(heat_maps) >= 1
    # The sensitivity axes read in dollars and shares, never multipliers like 0.8x: the loaded
    # rate in $/h, the value of a click or an SQL in $, adoption in %.
    for heat_map in heat_maps:
        assert heat_map["x"] and all(label.startswith("$") for label in heat_map["x"]), heat_map
        assert heat_map["y"] and all(label.endswith("%") for label in heat_map["y"]), heat_map
    assert any(label.endswith("/h") for heat_map in heat_maps for label in heat_map["x"])
    assert "loaded hourly rate" in heat_map_titles and "adoption" in heat_map_titles, (
        heat_map_titles
    )
    # The break-even in the owner's unit (hours a run must save on the sample's efficiency
    # workflows; a performance-lift workflow states its CTR lift or what covers its costs).
    assert "hours saved per run" in revenue_text
    assert "CTR" in revenue_text
    # Codes are written in words wherever the page shows them.
    for code in (
        *REASON_WORDS,
        "keep_measuring",
        "not_measured",
        "incremental_lift",
        "cost_substitution",
        "pre_post",
        "loaded_hourly_rate",
        "value_per_click",
        "value_per_sql",
    ):
        assert code not in page_text, code
    assert "the whole range is above zero" in page_text
    # Immature evidence is named, with when it will be mature (fct_evidence_timeline).
    assert any(
        phrase in page_text
        for phrase in (
            "time logs (efficiency) expected mature ~",
            "time logs (efficiency) will not mature at the current rate",
            "time logs (efficiency) still to mature",
        )
    )
    # Workflows by name, never by id: the efficiency charts' axes and every table.
    assert "Webinar email sequence" in efficiency_ticks, efficiency_ticks
    workflow_ids = [
        row[0]
        for row in built_warehouse.query("select workflow_id from main_marts.fct_workflow_roi")
    ]
    assert len(workflow_ids) >= 5
    for workflow_id in workflow_ids:
        assert workflow_id not in page_text, workflow_id
