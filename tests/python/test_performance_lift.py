"""The performance-lift marts recover the A/B lifts planted in the sample email events.

- Planted lifts fall inside the mart's interval and are significant; null tests are not.
- The sample-ratio mismatch is flagged on the planted test only.
- Bot clicks and Apple MPP machine opens are flagged and kept out of the human rates.
- Recipients exposed to both variants are excluded and counted.
- The SQL statistics agree with scipy on the same counts; the SQL normal tail with scipy.
- Simulated null tests are significant about as often as the 5% level allows.
- No raw email reaches a performance-lift mart.
"""

from __future__ import annotations

import math

import pytest
from conftest import dbt
from scipy import stats

from python_helpers.devtools.sample_data.email_platform import (
    BOT_CLICK_RATE,
    EXPOSED_TO_BOTH_SHARE,
    PLANTED_TESTS,
)

MART = "main_marts.fct_ab_test_results"
Z_95 = 1.959964
# A planted difference must lie within this many standard errors of the estimate (99.9%).
PLANTED_Z_TOLERANCE = 3.29


def _mart_rows(pipeline) -> dict[str, dict]:
    with pipeline.connect() as con:
        frame = con.execute(f"select * from {MART}").df()
    return {row["ab_test_id"]: row for row in frame.to_dict("records")}


@pytest.fixture(scope="module")
def results(built_warehouse) -> dict[str, dict]:
    return _mart_rows(built_warehouse)


def test_every_planted_test_has_one_row(results):
    assert set(results) == {test.ab_test_id for test in PLANTED_TESTS}


@pytest.mark.parametrize("planted", PLANTED_TESTS, ids=lambda test: test.ab_test_id)
def test_planted_lift_is_recovered(results, planted):
    row = results[planted.ab_test_id]
    assert row["control_ctr"] == pytest.approx(planted.control_ctr, abs=0.004)
    assert row["ai_ctr"] == pytest.approx(planted.ai_ctr, abs=0.004)
    planted_difference = planted.ai_ctr - planted.control_ctr
    distance = abs(row["ctr_lift_absolute"] - planted_difference) / row["standard_error"]
    assert distance < PLANTED_Z_TOLERANCE, (
        f"planted {planted_difference:.4f}, measured {row['ctr_lift_absolute']:.4f} "
        f"+/- {row['standard_error']:.4f}"
    )


def test_planted_lifts_are_significant_and_null_tests_are_not(results):
    for planted in PLANTED_TESTS:
        row = results[planted.ab_test_id]
        if planted.has_lift and not planted.has_sample_ratio_mismatch:
            assert row["is_significant"], planted.ab_test_id
            assert row["ctr_lift_absolute_low"] > 0
            assert row["additional_clicks"] > 0 and row["pipeline_value_usd_base"] > 0
        if not planted.has_lift:
            assert not row["is_significant"], planted.ab_test_id
            assert row["ctr_lift_absolute_low"] < 0 < row["ctr_lift_absolute_high"]


def test_sample_ratio_mismatch_is_flagged_on_the_planted_test_only(results):
    flagged = {test_id for test_id, row in results.items() if row["has_sample_ratio_mismatch"]}
    planted = {test.ab_test_id for test in PLANTED_TESTS if test.has_sample_ratio_mismatch}
    assert flagged == planted
    for test_id in planted:
        assert results[test_id]["evidence_maturity"] == "invalid_sample_ratio"
        assert results[test_id]["srm_p_value"] < 0.001


def test_bot_clicks_and_machine_opens_are_flagged_and_left_out(results, built_warehouse):
    for row in results.values():
        assert row["raw_ai_ctr"] > row["ai_ctr"] and row["raw_control_ctr"] > row["control_ctr"]
        bots = row["count_bot_click_events"]
        delivered = row["delivered_control"] + row["delivered_ai"]
        assert bots == pytest.approx(BOT_CLICK_RATE * delivered, rel=0.25)
        assert row["count_machine_open_events"] > 0
    ((human_machine_opens,),) = built_warehouse.query(
        "select count(*) from main_staging.stg_email_platform__events "
        "where event_type = 'open' and is_machine_open and is_human"
    )
    assert human_machine_opens == 0


def test_exposed_to_both_are_excluded_and_counted(results, built_warehouse):
    for row in results.values():
        compared = row["count_recipients_control"] + row["count_recipients_ai"]
        both = row["count_exposed_to_both_excluded"]
        assert both == pytest.approx(EXPOSED_TO_BOTH_SHARE * compared, rel=0.5, abs=5)
    ((in_comparison,),) = built_warehouse.query(
        "select count(*) from main_intermediate.int_email_events_rolled_up_to_recipient_sends "
        "where is_exposed_to_both and (is_in_comparison or arm is not null)"
    )
    assert in_comparison == 0


def test_statistics_agree_with_scipy_on_the_same_counts(results):
    for row in results.values():
        n_c, n_t = row["delivered_control"], row["delivered_ai"]
        p_c, p_t = row["clicks_control"] / n_c, row["clicks_ai"] / n_t
        se = math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
        z = (p_t - p_c) / se
        assert row["standard_error"] == pytest.approx(se, abs=1e-9)
        assert row["z_statistic"] == pytest.approx(z, abs=1e-6)
        assert row["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), abs=2e-7)
        assert row["ctr_lift_absolute_low"] == pytest.approx(p_t - p_c - Z_95 * se, abs=1e-9)
        relative_sd = math.sqrt(
            p_c * (1 - p_c) * p_t**2 / (p_c**4 * n_c) + p_t * (1 - p_t) / (p_c**2 * n_t)
        )
        assert row["ctr_lift_relative_high"] == pytest.approx(
            p_t / p_c - 1 + Z_95 * relative_sd, abs=1e-9
        )
        observed = [row["count_recipients_control"], row["count_recipients_ai"]]
        share = row["planned_ai_share"]
        expected = [sum(observed) * (1 - share), sum(observed) * share]
        chi_square, srm_p = stats.chisquare(observed, expected)
        assert row["srm_chi_square"] == pytest.approx(chi_square, abs=1e-6)
        assert row["srm_p_value"] == pytest.approx(srm_p, abs=2e-7)


def test_holm_adjustment_matches_a_reference_implementation(results):
    by_workflow: dict[str, list[dict]] = {}
    for row in results.values():
        by_workflow.setdefault(row["workflow_id"], []).append(row)
    for rows in by_workflow.values():
        ordered = sorted(rows, key=lambda row: (row["p_value"], row["ab_test_id"]))
        running = 0.0
        for rank, row in enumerate(ordered, start=1):
            running = max(running, min(1.0, (len(ordered) - rank + 1) * row["p_value"]))
            assert row["holm_adjusted_p_value"] == pytest.approx(running, abs=1e-6)


NORMAL_TAIL_POINTS = [-8.0, -3.1, -1.0, -0.2, 0.0, 0.5, 1.959964, 3.0, 5.0, 8.5]


@pytest.fixture(scope="module")
def sql_normal_tails(built_warehouse) -> dict[float, tuple]:
    """The stats macros at every point, compiled in ONE dbt call (each dbt start costs ~10 s of
    CPU) and run on the warehouse: {x: (q, phi, p, chi)}."""
    selects = [
        f"select {index} as point, {{{{ normal_upper_tail('{x}') }}}} as q, "
        f"{{{{ normal_cdf('{x}') }}}} as phi, {{{{ two_sided_p_value('{x}') }}}} as p, "
        f"{{{{ chi_square_one_df_p_value('{x * x}') }}}} as chi"
        for index, x in enumerate(NORMAL_TAIL_POINTS)
    ]
    compiled = dbt(
        "compile", "--quiet", "--inline", "\nunion all\n".join(selects), env=built_warehouse.env
    ).stdout
    rows = built_warehouse.query(compiled[compiled.lower().index("select") :])
    assert sorted(row[0] for row in rows) == list(range(len(NORMAL_TAIL_POINTS)))
    return {NORMAL_TAIL_POINTS[point]: values for point, *values in rows}


@pytest.mark.parametrize("x", NORMAL_TAIL_POINTS)
def test_sql_normal_tail_matches_scipy(sql_normal_tails, x):
    q, phi, p, chi = sql_normal_tails[x]
    assert q == pytest.approx(stats.norm.sf(x), abs=7.5e-8)
    assert phi == pytest.approx(stats.norm.cdf(x), abs=7.5e-8)
    assert p == pytest.approx(2 * stats.norm.sf(abs(x)), abs=1.5e-7)
    assert chi == pytest.approx(stats.chi2.sf(x * x, 1), abs=1.5e-7)
    if abs(x) >= 3:
        # In the tails the polynomial keeps its relative accuracy too.
        assert p == pytest.approx(2 * stats.norm.sf(abs(x)), rel=2e-3)


def test_null_tests_are_flagged_no_more_often_than_the_level_allows(built_warehouse):
    """2,000 simulated A/B tests without a real effect (CTR 2.5% in both arms, 20,000 delivered
    each) through the SQL p-value: about 5% are significant at 0.05, as the level promises."""
    import duckdb
    import numpy as np
    import pandas as pd

    compiled = dbt(
        "compile",
        "--quiet",
        "--inline",
        "select {{ two_sided_p_value('z') }} as p_value from null_tests",
        env=built_warehouse.env,
    ).stdout
    sql = compiled[compiled.lower().index("select") :]
    rng = np.random.default_rng(7)
    delivered, rate, count = 20_000, 0.025, 2_000
    p_c = rng.binomial(delivered, rate, count) / delivered
    p_t = rng.binomial(delivered, rate, count) / delivered
    z = (p_t - p_c) / np.sqrt(p_t * (1 - p_t) / delivered + p_c * (1 - p_c) / delivered)
    with duckdb.connect() as con:
        con.register("null_frame", pd.DataFrame({"z": z}))
        con.execute("create table null_tests as select * from null_frame")
        p_values = np.array([row[0] for row in con.execute(sql).fetchall()])
    false_positive_rate = float(np.mean(p_values < 0.05))
    assert 0.035 <= false_positive_rate <= 0.065, false_positive_rate
    assert np.allclose(p_values, 2 * stats.norm.sf(np.abs(z)), atol=2e-7)


def test_workflow_value_interface(built_warehouse, results):
    rows = built_warehouse.query(
        "select workflow_id, n_tests, n_significant_tests, weeks_observed, additional_clicks, "
        "additional_clicks_annualised, lift_value_usd_low, lift_value_usd_base, "
        "lift_value_usd_high, evidence_maturity, method "
        "from main_intermediate.int_performance_lift_value_by_workflow order by workflow_id"
    )
    assert {row[0] for row in rows} == {test.workflow_id for test in PLANTED_TESTS}
    for row_values in rows:
        workflow_id, n_tests, n_significant, weeks, clicks, annual = row_values[:6]
        low, base, high, _, method = row_values[6:]
        counted = [
            row
            for row in results.values()
            if row["workflow_id"] == workflow_id
            and row["is_significant"]
            and not row["has_sample_ratio_mismatch"]
        ]
        assert n_tests == sum(row["workflow_id"] == workflow_id for row in results.values())
        assert n_significant == len(counted)
        assert clicks == pytest.approx(sum(row["additional_clicks"] for row in counted), abs=1e-4)
        assert annual == pytest.approx(clicks * 52 / weeks, abs=1e-4)
        assert base == pytest.approx(
            sum(row["pipeline_value_usd_base"] for row in counted) * 52 / weeks, abs=0.05
        )
        assert low <= base <= high
        assert method == "ab_test"
    assert any(row[2] > 0 and row[7] > 0 for row in rows), "some workflow proves a lift"


def test_no_raw_email_reaches_a_performance_lift_mart(built_warehouse):
    with built_warehouse.connect() as con:
        emails = {
            value.strip().lower()
            for (value,) in con.execute(
                "select distinct recipient from raw_email_platform.hubspot_email_events"
            ).fetchall()
        }
        assert emails
        for table in ("fct_ab_test_results", "fct_ctr_lift_by_campaign_type"):
            frame = con.execute(f"select * from main_marts.{table}").df()
            values = {str(value).strip().lower() for value in frame.to_numpy().ravel()}
            assert not values & emails, table
            assert not any("@" in value for value in values), table
