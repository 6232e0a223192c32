"""Semantic layer, exposures and the docs site, on the session's built warehouse.

MetricFlow's `mf` must accept the semantic models (with the data-warehouse checks, which run
against the built warehouse), answer a query with the numbers the mart and the dashboard hold,
and refuse a semantic model that reads a column the mart does not have. `dbt docs generate` must
write the site into a folder of its own. Every mart the dashboard reads must be declared in the
dashboard's exposure.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import BIN, REPO_ROOT, Pipeline, run

from python_helpers.docs_site import (
    PROJECT_ENTRIES,
    generate_docs,
    metricflow_env,
    prepare_metricflow_project,
)
from python_helpers.report import views
from python_helpers.report.formatting import usd, usd_range

MARTS = "main_marts"
HEADLINE_METRICS = (
    "annual_hours_saved",
    "annual_savings_usd_base",
    "annual_savings_usd_low",
    "annual_savings_usd_high",
    "headcount_equivalent",
)


class MetricFlow:
    """`mf` run in a folder prepared for it, against the session's warehouse."""

    def __init__(self, workdir: Path, env: dict[str, str]):
        self.workdir = workdir
        self.env = env

    def __call__(self, *args: str, check: bool = True):
        return run([str(BIN / "mf"), *args], self.env, check)

    def query(self, metrics: list[str], group_by: list[str], csv_path: Path) -> list[dict]:
        args = ["query", "--metrics", ",".join(metrics), "--csv", str(csv_path), "--quiet"]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        self(*args)
        with csv_path.open(newline="") as handle:
            return list(csv.DictReader(handle))

    @property
    def semantic_manifest(self) -> dict:
        return json.loads((self.workdir / "target" / "semantic_manifest.json").read_text())


@pytest.fixture(scope="module")
def metricflow(built_warehouse: Pipeline, tmp_path_factory) -> MetricFlow:
    workdir = prepare_metricflow_project(tmp_path_factory.mktemp("mf"), env=built_warehouse.env)
    return MetricFlow(workdir, metricflow_env(workdir, built_warehouse.env))


def _value(text: str) -> float | None:
    return None if text in ("", None) else float(text)


def test_semantic_manifest_has_the_headline_metrics_and_the_time_spine(metricflow: MetricFlow):
    manifest = metricflow.semantic_manifest
    metrics = {metric["name"]: metric for metric in manifest["metrics"]}
    for name in (*HEADLINE_METRICS, "mature_annual_savings_usd", "priority_annual_value_usd"):
        assert name in metrics, f"metric {name} missing from the semantic layer"
    for metric in metrics.values():
        assert metric.get("label"), f"metric {metric['name']} has no label for BI tools"
        assert len(metric.get("description") or "") > 40, f"metric {metric['name']}: describe it"
    models = {model["name"]: model for model in manifest["semantic_models"]}
    assert {"workflows", "workflow_time_savings", "workflow_priorities"} <= set(models)
    spines = manifest["project_configuration"]["time_spines"]
    assert [(s["node_relation"]["alias"], s["primary_column"]["name"]) for s in spines] == [
        ("dim_dates", "calendar_date")
    ]
    assert spines[0]["primary_column"]["time_granularity"] == "day"


def test_mf_validate_configs_passes_including_warehouse_checks(metricflow: MetricFlow):
    completed = metricflow("validate-configs")
    output = completed.stdout + completed.stderr
    assert "Breaking issues" not in output, output
    assert "Successfully validated metrics against data warehouse" in output, output


def test_mf_validate_configs_fails_when_a_measure_reads_a_missing_column(
    metricflow: MetricFlow, tmp_path: Path
):
    """A mart column renamed under the semantic layer must fail validation, naming the measure."""
    broken = tmp_path / "broken"
    (broken / "target").mkdir(parents=True)
    for name in PROJECT_ENTRIES:
        if (metricflow.workdir / name).exists():
            (broken / name).symlink_to((metricflow.workdir / name).resolve())
    manifest = metricflow.semantic_manifest
    for model in manifest["semantic_models"]:
        for measure in model["measures"]:
            if measure["name"] == "annual_hours_saved":
                measure["expr"] = "annual_hours_saved_renamed"
    (broken / "target" / "semantic_manifest.json").write_text(json.dumps(manifest))
    completed = MetricFlow(broken, metricflow_env(broken, metricflow.env))(
        "validate-configs", check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    assert "measure `annual_hours_saved`" in output, output
    assert "annual_hours_saved_renamed" in output, output


def test_mf_query_by_workflow_matches_the_mart(
    metricflow: MetricFlow, built_warehouse: Pipeline, tmp_path: Path
):
    rows = metricflow.query(list(HEADLINE_METRICS), ["workflow"], tmp_path / "by_workflow.csv")
    from_mf = {row["workflow"]: row for row in rows}
    mart = built_warehouse.query(
        f"select workflow_id, {', '.join(HEADLINE_METRICS)} "
        f"from {MARTS}.fct_workflow_time_savings order by workflow_id"
    )
    assert sorted(from_mf) == [row[0] for row in mart]
    assert any(row[1] is not None for row in mart), "the sample should value some workflows"
    for workflow_id, *values in mart:
        for metric, expected in zip(HEADLINE_METRICS, values, strict=True):
            got = _value(from_mf[workflow_id][metric])
            if expected is None:
                assert got is None, (workflow_id, metric)
            else:
                assert got == pytest.approx(float(expected), rel=1e-9, abs=1e-6), (
                    workflow_id,
                    metric,
                )

    # The dashboard's efficiency view shows the same figures, formatted for finance.
    with built_warehouse.connect() as con:
        page = views.efficiency_view(con).render()
    for workflow_id, row in from_mf.items():
        low, high = _value(row["annual_savings_usd_low"]), _value(row["annual_savings_usd_high"])
        if low is not None:
            assert usd_range(low, high) in page, f"{workflow_id}: dashboard and mf disagree"
            assert usd(_value(row["annual_savings_usd_base"])) in page, workflow_id


def test_mf_totals_match_the_mart(
    metricflow: MetricFlow, built_warehouse: Pipeline, tmp_path: Path
):
    metrics = [
        "annual_hours_saved",
        "annual_savings_usd_low",
        "annual_savings_usd_high",
        "mature_annual_savings_usd",
        "count_workflows_without_baseline",
    ]
    (totals,) = metricflow.query(metrics, [], tmp_path / "totals.csv")
    (mart,) = built_warehouse.query(
        "select sum(annual_hours_saved), sum(annual_savings_usd_low), "
        "sum(annual_savings_usd_high), "
        "sum(case when evidence_maturity = 'mature' then annual_savings_usd_base end), "
        f"sum(case when has_baseline then 0 else 1 end) from {MARTS}.fct_workflow_time_savings"
    )
    for metric, expected in zip(metrics, mart, strict=True):
        assert _value(totals[metric]) == pytest.approx(float(expected), rel=1e-9), metric


def test_metric_time_runs_on_the_calendar(
    metricflow: MetricFlow, built_warehouse: Pipeline, tmp_path: Path
):
    """Workflows by go-live month: a time series built on dim_dates (the time spine)."""
    rows = metricflow.query(["count_workflows"], ["metric_time__month"], tmp_path / "m.csv")
    from_mf = {row["metric_time__month"][:7]: int(float(row["count_workflows"])) for row in rows}
    expected = dict(
        built_warehouse.query(
            "select strftime(date_trunc('month', ai_go_live_date), '%Y-%m'), count(*) "
            f"from {MARTS}.dim_workflows group by 1"
        )
    )
    assert from_mf == expected


def test_exposures_declare_every_mart_the_dashboard_reads(built_warehouse: Pipeline):
    manifest = json.loads((built_warehouse.root / "target" / "manifest.json").read_text())
    exposures = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    dashboard = exposures["roi_dashboard"]
    assert dashboard["type"] == "dashboard"
    assert re.fullmatch(r"[a-z]+@example\.com", dashboard["owner"]["email"])
    assert dashboard["owner"]["name"] and dashboard["url"]
    assert "qbr_summary" in exposures
    # Every mart the dashboard code reads (read(con, "<mart>")) and dbt knows must be declared;
    # a mart still being written is not in the manifest yet and cannot be referenced.
    read_by_report = {
        mart
        for source in (REPO_ROOT / "python_helpers" / "report").glob("*.py")
        for mart in re.findall(r"""read\(\s*con,\s*["'](\w+)["']""", source.read_text())
    }
    assert "fct_workflow_time_savings" in read_by_report
    models = {
        node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"
    }
    declared = {node.rsplit(".", 1)[-1] for node in dashboard["depends_on"]["nodes"]}
    missing = (read_by_report & models) - declared
    assert not missing, f"add {sorted(missing)} to depends_on of roi_dashboard in exposures.yml"
    for exposure in exposures.values():
        for node in exposure["depends_on"]["nodes"]:
            config = manifest["nodes"][node]["config"]
            assert config["contract"]["enforced"], f"{exposure['name']} reads {node} (no contract)"


def test_docs_generate_writes_the_site_into_its_own_folder(
    built_warehouse: Pipeline, tmp_path: Path
):
    target = tmp_path / "docs"
    index = generate_docs(target, env=built_warehouse.env)
    assert index == target.resolve() / "index.html" and index.is_file()
    assert (target / "static_index.html").is_file()
    catalog = json.loads((target / "catalog.json").read_text())
    savings = catalog["nodes"]["model.ai_marketing_roi.fct_workflow_time_savings"]
    assert "annual_savings_usd_base" in savings["columns"]
    assert "model.ai_marketing_roi.dim_dates" in catalog["nodes"]
    manifest = json.loads((target / "manifest.json").read_text())
    assert "exposure.ai_marketing_roi.roi_dashboard" in manifest["exposures"]
    assert "metric.ai_marketing_roi.annual_savings_usd_base" in manifest["metrics"]
    # The project's own target/ is not where this went.
    assert not (REPO_ROOT / "target").resolve().is_relative_to(target.resolve())
    shutil.rmtree(target)
