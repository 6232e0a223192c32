"""`roi report` renders only what was published (issue 14, item 9); no dbt build needed.

Two small warehouse files hold one efficiency row each: `build_only_workflow` in the build file,
`published_workflow` in the published file. Nothing published: the page says so, names the step
that failed (from the audit ledger) and shows no figure of the build file. Published: the page
shows the published row only, and a banner when the latest build was not published.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from python_helpers import cli
from python_helpers.warehouse import duckdb_file

EFFICIENCY_ROW = """
create schema if not exists main_marts;
create table main_marts.fct_workflow_time_savings as select
    '{workflow}' as workflow_id, true as has_baseline, 3.5 as baseline_hours_per_task,
    1.5 as ai_hours_per_task, {hours} as annual_hours_saved, 1.8 as hours_saved_per_task_low,
    2.2 as hours_saved_per_task_high, 100 as annual_task_frequency,
    {hours} - 20 as annual_hours_saved_low, {hours} + 20 as annual_hours_saved_high,
    2080 as owner_annual_hours,
    {usd} as annual_savings_usd_base, {usd} - 1000 as annual_savings_usd_low,
    {usd} + 1000 as annual_savings_usd_high, 0.1 as headcount_equivalent,
    'mature' as evidence_maturity
"""


def warehouse(path: Path, workflow: str, hours: int, usd: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(EFFICIENCY_ROW.format(workflow=workflow, hours=hours, usd=usd))
    return path


@pytest.fixture
def files(tmp_path, monkeypatch):
    build = warehouse(tmp_path / "warehouse" / "roi.duckdb", "build_only_workflow", 777, 987654)
    published = tmp_path / "bi" / "roi.duckdb"
    monkeypatch.setenv("ROI_DUCKDB_PATH", str(build))
    monkeypatch.setenv("ROI_PUBLISHED_DUCKDB_PATH", str(published))
    monkeypatch.setenv("ROI_DASHBOARD_PATH", str(tmp_path / "dashboard.html"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.delenv("ROI_TARGET", raising=False)
    return build, published, tmp_path / "dashboard.html"


def test_nothing_published_says_so_and_names_the_failed_step(files, capsys):
    build, _, page_path = files
    duckdb_file.record_build_started(build)
    duckdb_file.record_build_finished(build, 1)  # the build failed

    assert cli.main(["report"]) == 0
    page = page_path.read_text()
    assert "Nothing published yet: no figures to show" in page
    assert "The first step that did not pass: roi build (failed)" in page
    assert "<th>roi build</th><td>failed</td><td>exit 1," in page
    assert "<th>roi check</th><td>not run</td>" in page
    # not a figure, chart or table of the unchecked build file
    assert "build_only_workflow" not in page and "777" not in page and "987" not in page
    assert 'class="view"' not in page and 'class="kpi"' not in page
    assert "last `roi build` did not pass (status: failed)" in capsys.readouterr().err


def test_nothing_published_after_failed_checks_names_the_check(files):
    build, _, page_path = files
    duckdb_file.record_build_started(build)
    duckdb_file.record_build_finished(build, 0)
    duckdb_file.record_checks(build, passed=False, summary="2 of 40 expectations failed")

    cli.main(["report"])
    page = page_path.read_text()
    assert "The first step that did not pass: roi check (failed)" in page
    assert "2 of 40 expectations failed" in page
    assert "build_only_workflow" not in page


def test_published_figures_only_with_a_banner_for_the_unpublished_build(files):
    build, published, page_path = files
    warehouse(published, "published_workflow", 555, 123456)
    duckdb_file.record_build_started(build)  # a later build was stopped by the scheduler
    duckdb_file.record_build_finished(build, 143, stopped_by="SIGTERM")

    cli.main(["report"])
    page = page_path.read_text()
    assert "published_workflow" in page and "$123,456" in page
    assert "build_only_workflow" not in page and "$987,654" not in page
    assert "The latest build was not published (roi build: failed)" in page
    assert "stopped by SIGTERM" in page
    assert f"{published.name}, published " in page


def test_published_latest_build_has_no_banner(files):
    build, published, page_path = files
    duckdb_file.record_build_started(build)
    duckdb_file.record_build_finished(build, 0)
    duckdb_file.record_checks(build, passed=True, summary="all passed")
    audit = duckdb_file.read_audit(build)
    audit["build"]["dbt_invocation_id"] = None  # no dbt run of its own in this test
    duckdb_file.audit_path(build).write_text(json.dumps(audit))
    duckdb_file.publish(build, published)

    cli.main(["report"])
    page = page_path.read_text()
    assert "build_only_workflow" in page  # now checked and published: the same file's figures
    assert 'id="publication"' not in page
