"""Open the dashboard in headless Chromium (Debian's package), the way a person would.

Reports script errors from the console, how many charts rendered in each view, and saves a
full-page screenshot. Playwright drives the browser; no browser is downloaded.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class BrowserReport:
    console_errors: list[str] = field(default_factory=list)
    charts_per_view: dict[str, int] = field(default_factory=dict)
    rendered_per_view: dict[str, int] = field(default_factory=dict)
    external_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None


def chromium_path(configured: str | None = None) -> str:
    """The browser: `configured` (Settings.chromium, ROI_CHROMIUM) if found, else Debian's."""
    for candidate in (configured, "/usr/bin/chromium", "chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate) or candidate
    raise FileNotFoundError("Chromium not found: run scripts/ensure_chromium.sh (Debian package).")


def inspect_dashboard(
    page_path: Path, screenshot: Path | None = None, chromium: str | None = None
) -> BrowserReport:
    from playwright.sync_api import sync_playwright

    report = BrowserReport()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(chromium), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "console",
            lambda message: (
                report.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: report.console_errors.append(str(error)))
        page.on(
            "request",
            lambda request: (
                report.external_requests.append(request.url)
                if not request.url.startswith(("file:", "data:", "blob:", "about:"))
                else None
            ),
        )
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        counts = page.evaluate(
            """() => {
                const out = {};
                for (const view of document.querySelectorAll('section.view')) {
                    const charts = view.querySelectorAll('figure.chart');
                    const rendered = view.querySelectorAll(
                        'figure.chart .js-plotly-plot .main-svg'
                    );
                    const plots = new Set();
                    rendered.forEach(
                        svg => plots.add(svg.closest('.js-plotly-plot').id)
                    );
                    out[view.id] = [charts.length, plots.size];
                }
                return out;
            }"""
        )
        for view_id, (charts, rendered) in counts.items():
            report.charts_per_view[view_id] = charts
            report.rendered_per_view[view_id] = rendered
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            report.screenshot = screenshot
        browser.close()
    return report
