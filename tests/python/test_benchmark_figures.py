"""`roi benchmark`'s verdicts on issue 18's figures, from hand-made figures (no benchmark run)."""

from __future__ import annotations

import copy

from python_helpers.devtools.benchmark import (
    ScaleRun,
    Step,
    markdown_table,
    summarise,
    verdict_lines,
    verdicts,
)

# One hand-made run at scale 10 that meets every target (each bound on the value's line).
MET = {
    "machine": {"cpus": "2", "memory_gib": "23.5", "cpu_model": "AMD EPYC"},
    "commit": "abc1234",
    "measured_at": "2026-12-05 05:40 UTC",
    "load_average_at_end": [1.0, 1.2, 1.4],
    "duckdb_memory_limit": "3GiB",
    "scale": 10.0,
    "raw_rows": {},
    "generate_s": 30.0,
    "load_s": 10.0,
    "build_s": 45.0,
    "load_plus_build_s": 55.0,  # < 60 s
    "floor_s": 6.0,
    "build_over_floor": 7.5,  # 45 / 6 <= 8
    "next_day_rows": 363,
    "next_day_load_s": 1.5,
    "incremental_build_s": 6.3,
    "incremental_share": 0.14,  # 6.3 / 45 <= 15%
    "peak_rss_gib": 2.5,  # < 3 GiB
    "compare_scale": 1.0,
    "compare_build_s": 9.0,
    "compare_load_s": 2.0,
    "build_growth": 5.0,  # 45 / 9 <= 10x
    "growth_line": [
        {"scale": 1.0, "generate_s": 4.0, "load_s": 2.0, "build_s": 9.0, "peak_rss_gib": 0.8},
        {"scale": 10.0, "generate_s": 30.0, "load_s": 10.0, "build_s": 45.0, "peak_rss_gib": 2.5},
        {"scale": 30.0, "generate_s": 90.0, "load_s": 31.0, "build_s": 120.0, "peak_rss_gib": 2.9},
    ],
    "make_test_s": 450.0,  # 7.5 min < 8 min
    "slowest_nodes": [],
    "incremental_slowest_nodes": [],
}


def statuses(figures: dict) -> dict[str, str]:
    return {item.figure: item.status for item in verdicts(figures)}


def test_every_issue_figure_gets_a_verdict_and_all_met():
    assert statuses(MET) == {
        "next night": "met",
        "full build / floor": "met",
        "load + full build": "met",
        "peak memory": "met",
        "build growth, scale 1 -> 10": "met",
        "growth line at scale 30": "met",
        "make test": "met",
    }
    by_figure = {item.figure: item for item in verdicts(MET)}
    assert (
        by_figure["next night"].measured == "14% of the full build (6.3 s / 45.0 s, 363 new rows)"
    )
    assert by_figure["full build / floor"].measured == "7.5 (45.0 s / 6.0 s)"
    # 120 s at scale 30 against 45 s at scale 10: 2.7x for 3x the data.
    assert by_figure["growth line at scale 30"].measured == (
        "build 120.0 s, load 31.0 s, peak 2.90 GiB, 2.7x the build of scale 10 for 3x the data"
    )
    assert by_figure["make test"].measured == "7.5 min (450 s)"


def test_each_target_missed_just_past_its_bound():
    missed = copy.deepcopy(MET)
    missed.update(
        incremental_share=0.16,  # > 15%
        build_over_floor=8.5,  # > 8
        load_plus_build_s=60.0,  # the target is strictly under 60 s
        peak_rss_gib=3.0,  # the target is strictly under 3 GiB
        build_growth=10.5,  # > 10x for 10x the data
        make_test_s=480.0,  # the target is strictly under 8 min
    )
    missed["growth_line"][2] = {"scale": 30.0, "failed": "benchmark step 'build' failed"}
    assert set(statuses(missed).values()) == {"MISSED"}


def test_the_bounds_themselves_are_met_where_the_issue_says_at_most():
    edge = copy.deepcopy(MET)
    edge.update(incremental_share=0.15, build_over_floor=8.0, build_growth=10.0)
    found = statuses(edge)
    assert found["next night"] == found["full build / floor"] == "met"
    assert found["build growth, scale 1 -> 10"] == "met"


def test_figures_a_run_did_not_measure_are_never_met():
    partial = copy.deepcopy(MET)
    del partial["make_test_s"]
    partial["growth_line"] = partial["growth_line"][:2]
    for key in ("compare_scale", "compare_build_s", "compare_load_s", "build_growth"):
        del partial[key]
    found = statuses(partial)
    assert found["make test"] == "not measured"
    assert found["growth line at scale 30"] == "not measured"
    assert found["build growth"] == "not measured"


def test_printed_lines_and_readme_table_carry_every_verdict():
    lines = verdict_lines(MET)
    assert "  make test                         7.5 min (450 s)" in lines
    assert "  {:<34}target < 8 min: met".format("") in lines
    table = markdown_table(MET)
    assert "| load + full build | 55.0 s (10.0 s + 45.0 s) | < 60 s | met |" in table
    assert "| 30 | 90.0 s | 31.0 s | 120.0 s | 2.90 GiB |" in table
    assert "2026-12-05 05:40 UTC, commit abc1234" in table


def test_a_benchmark_json_from_before_the_growth_line_still_prints_its_two_builds():
    old = copy.deepcopy(MET)
    del old["growth_line"]
    table = markdown_table(old)
    assert "| 1 | - | 2.0 s | 9.0 s | - |" in table
    assert "| 10 | 30.0 s | 10.0 s | 45.0 s | 2.50 GiB |" in table


def test_summarise_puts_every_scale_on_the_growth_line_and_records_a_failed_one(tmp_path):
    """summarise() from hand-made step timings (no process runs): the ratios and the line."""

    def run(scale: float, generate: float, load: float, build: float, gib: float) -> ScaleRun:
        made = ScaleRun(scale, tmp_path)
        for name, seconds in (("generate", generate), ("load", load), ("build", build)):
            made.steps[name] = Step(seconds, int(gib * 2**30), tmp_path / f"{name}.log")
        return made

    main = run(10.0, 30.0, 10.0, 48.0, 2.0)
    main.steps["next_day_load"] = Step(1.0, 2**30, tmp_path / "next.log")
    main.steps["incremental_build"] = Step(6.0, 2**30, tmp_path / "inc.log")
    main.floor_seconds = 6.0
    # Generating the sample is not the pipeline: its 3.5 GiB is reported apart, not the peak.
    main.steps["generate"] = Step(30.0, int(3.5 * 2**30), tmp_path / "generate.log")
    compare = run(1.0, 4.0, 2.0, 12.0, 1.0)
    figures = summarise(main, compare, "3GiB", [run(30.0, 90.0, 30.0, 150.0, 2.5)], {60.0: "out"})

    assert figures["load_plus_build_s"] == 58.0  # 10 + 48
    assert figures["build_over_floor"] == 8.0  # 48 / 6
    assert figures["incremental_share"] == 0.125  # 6 / 48
    assert figures["build_growth"] == 4.0  # 48 / 12
    assert (figures["peak_rss_gib"], figures["generate_peak_rss_gib"]) == (2.0, 3.5)
    assert [(p["scale"], p.get("build_s"), p.get("failed")) for p in figures["growth_line"]] == [
        (1.0, 12.0, None),
        (10.0, 48.0, None),
        (30.0, 150.0, None),
        (60.0, None, "out"),
    ]
    assert figures["growth_line"][2]["peak_rss_gib"] == 2.5
    assert {item.figure: item.status for item in verdicts(figures)}["growth line at scale 30"] == (
        "met"
    )
