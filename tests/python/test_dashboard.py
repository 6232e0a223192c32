"""The dashboard: finance formatting, and the rendered page in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from python_helpers.report import build_dashboard
from python_helpers.report.formatting import percent, usd, usd_range, usd_short


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

    screenshot = dashboard.with_suffix(".png")
    report = inspect_dashboard(dashboard, screenshot)
    assert report.console_errors == []
    assert report.external_requests == [], "the page must open offline"
    assert report.charts_per_view["efficiency"] >= 2
    for view, charts in report.charts_per_view.items():
        assert report.rendered_per_view[view] == charts, f"{view}: not every chart rendered"
    assert screenshot.stat().st_size > 10_000
