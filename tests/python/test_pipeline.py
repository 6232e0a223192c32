"""The pipeline marts recover the effects planted in the sample CRM extracts, and keep their
promises: attribution credit sums to the opportunity, amounts are converted with the dated FX
seed, bad amounts and unknown currencies are quarantined, no personal data reaches a mart."""

from __future__ import annotations

import csv
import decimal
import math
import random
import re
from datetime import date

import pytest
from conftest import REPO_ROOT

from python_helpers.devtools.sample_data import sample_contact_emails
from python_helpers.devtools.sample_data.crm import (
    AI_SCORED_DAYS_TO_SQL_MEAN,
    BASE_SQL_RATE,
    DAYS_TO_SQL_MEAN,
    PLANTED_RELATIVE_LIFT,
)

PIPELINE_MARTS = (
    "fct_mql_sql_cohorts",
    "fct_sales_cycle",
    "fct_pipeline_attribution",
    "fct_ai_attributed_pipeline",
    "fct_funnel_value_per_conversion",
)
Z = 1.959964


def test_planted_conversion_lift_is_recovered(built_warehouse):
    (row,) = built_warehouse.query(
        """
        select
            sum(count_mqls), sum(count_sqls), sum(comparison_count_mqls),
            sum(comparison_count_sqls)
        from main_marts.fct_mql_sql_cohorts
        where cohort_type = 'ai_assisted_any' and is_mature
        """
    )
    ai_mqls, ai_sqls, untagged_mqls, untagged_sqls = (float(value) for value in row)
    ai_rate, untagged_rate = ai_sqls / ai_mqls, untagged_sqls / untagged_mqls
    planted_ai_rate = BASE_SQL_RATE * (1 + PLANTED_RELATIVE_LIFT)  # 18% -> 19.8%
    assert ai_rate == pytest.approx(planted_ai_rate, abs=0.005)
    assert untagged_rate == pytest.approx(BASE_SQL_RATE, abs=0.005)
    assert ai_rate / untagged_rate - 1 == pytest.approx(PLANTED_RELATIVE_LIFT, abs=0.04)
    # The pooled 95% interval of the difference contains the planted 1.8 points.
    se = math.sqrt(
        ai_rate * (1 - ai_rate) / ai_mqls + untagged_rate * (1 - untagged_rate) / untagged_mqls
    )
    planted_difference = planted_ai_rate - BASE_SQL_RATE
    assert abs(ai_rate - untagged_rate - planted_difference) < Z * se


def test_cohort_rows_are_consistent_and_immature_months_flagged(built_warehouse):
    rows = built_warehouse.query(
        """
        select cohort_type, mql_month, is_mature, incremental_pipeline_usd_low,
            incremental_pipeline_usd_base, incremental_pipeline_usd_high, comparison_method,
            pre_post_absolute_lift
        from main_marts.fct_mql_sql_cohorts
        """
    )
    assert {row[0] for row in rows} == {"ai_assisted", "ai_assisted_any", "non_ai"}
    latest = max(row[1] for row in rows)
    assert not any(row[2] for row in rows if row[1] == latest), "the last month is immature"
    for _, _, _, low, base, high, method, _ in rows:
        if base is not None:
            assert low <= base <= high
            assert method == "same_period_untagged_mqls"
    assert any(row[7] is not None for row in rows if row[0] == "ai_assisted"), "pre/post shown"


def test_planted_faster_mql_to_sql_for_ai_scored_leads(built_warehouse):
    rows = dict(
        built_warehouse.query(
            """
            select scoring_method, avg(median_days_mql_to_sql)
            from main_marts.fct_sales_cycle
            where is_mature and mql_month >= (
                select min(mql_month) from main_marts.fct_sales_cycle
                where scoring_method = 'ai_scored'
            )
            group by scoring_method
            """
        )
    )
    ai_days, manual_days = float(rows["ai_scored"]), float(rows["manual"])
    # Gamma(2) medians: 1.678 / 2 x mean = 7.6 days (AI-scored) vs 11.7 days (manual).
    planted_gap = 1.678 / 2 * (DAYS_TO_SQL_MEAN - AI_SCORED_DAYS_TO_SQL_MEAN)
    assert manual_days - ai_days == pytest.approx(planted_gap, abs=1.5)


def test_attribution_credit_sums_to_each_opportunity(built_warehouse):
    unbalanced = built_warehouse.query(
        """
        select opportunity_id, attribution_model, sum(credit_share), sum(credited_amount_usd),
            max(opportunity_amount_usd)
        from main_marts.fct_pipeline_attribution
        group by opportunity_id, attribution_model
        having abs(sum(credit_share) - 1) > 1e-9
            or abs(sum(credited_amount_usd) - max(opportunity_amount_usd)) > 0.01
        """
    )
    assert unbalanced == []
    totals = dict(
        built_warehouse.query(
            "select attribution_model, sum(credited_amount_usd) "
            "from main_marts.fct_pipeline_attribution group by 1"
        )
    )
    (pipeline,) = built_warehouse.query(
        "select sum(amount_usd) from main_intermediate.int_opportunities_converted_to_usd"
    )[0]
    assert set(totals) == {
        "first_touch", "last_touch", "linear", "position_based", "w_shaped", "time_decay"
    }  # fmt: skip
    for total in totals.values():
        assert total == pytest.approx(pipeline, rel=1e-9)
    (ai_share,) = built_warehouse.query(
        "select sum(case when is_ai_assisted then credited_amount_usd end) "
        "/ sum(credited_amount_usd) from main_marts.fct_pipeline_attribution "
        "where attribution_model = 'linear'"
    )[0]
    assert 0 < ai_share < 1


def _fx_seed() -> dict[str, list[tuple[date, float]]]:
    rates: dict[str, list[tuple[date, float]]] = {}
    with (REPO_ROOT / "seeds" / "pipeline" / "fx_rates.csv").open() as handle:
        for row in csv.DictReader(handle):
            rates.setdefault(row["currency_code"], []).append(
                (date.fromisoformat(row["effective_from"]), float(row["usd_per_unit"]))
            )
    return {code: sorted(values) for code, values in rates.items()}


def test_amounts_are_converted_with_the_rate_in_force_on_the_close_date(built_warehouse):
    rates = _fx_seed()
    rows = built_warehouse.query(
        """
        select currency_code, close_date, amount_local, amount_usd
        from main_intermediate.int_opportunities_converted_to_usd
        where close_date is not null
        """
    )
    assert {row[0] for row in rows} >= {"USD", "EUR", "GBP", "CAD", "AUD"}
    for code, close_date, local, in_usd in rows:
        in_force = [rate for start, rate in rates[code] if start <= close_date]
        rate = in_force[-1] if in_force else rates[code][0][1]
        assert in_usd == pytest.approx(float(local) * rate, rel=1e-9), (code, close_date)


def test_bad_amounts_and_unknown_currency_are_quarantined_not_summed(built_warehouse):
    reasons = dict(
        built_warehouse.query(
            "select quarantine_reason, count(*) "
            "from main_staging.stg_crm__opportunities__quarantined group by 1"
        )
    )
    assert reasons.get("unknown_currency", 0) >= 1
    assert reasons.get("amount_not_a_number", 0) >= 1  # "$8,000" in the sample deals
    assert reasons.get("missing_amount", 0) >= 1
    assert reasons.get("negative_amount", 0) >= 1
    (clean_unknown,) = built_warehouse.query(
        "select count(*) from main_staging.stg_crm__opportunities where currency_code = 'XBT'"
    )[0]
    assert clean_unknown == 0
    (in_marts,) = built_warehouse.query(
        "select count(*) from main_marts.fct_pipeline_attribution a "
        "join main_staging.stg_crm__opportunities__quarantined q "
        "on a.opportunity_id = q.opportunity_id"
    )[0]
    assert in_marts == 0


def test_workflow_value_interface_for_the_roi(built_warehouse):
    with built_warehouse.connect() as con:
        columns = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'main_intermediate' "
                "and table_name = 'int_pipeline_value_by_workflow'"
            ).fetchall()
        )
        rows = con.execute("select * from main_intermediate.int_pipeline_value_by_workflow").df()
    expected = {
        "workflow_id": "VARCHAR", "ai_mqls": "INTEGER", "ai_sqls": "INTEGER",
        "incremental_sqls": "DOUBLE", "incremental_value_usd_low": "DOUBLE",
        "incremental_value_usd_base": "DOUBLE", "incremental_value_usd_high": "DOUBLE",
        "pre_post_value_usd_low": "DOUBLE", "pre_post_value_usd_base": "DOUBLE",
        "pre_post_value_usd_high": "DOUBLE", "ai_attributed_pipeline_usd": "DECIMAL(18,2)",
        "attribution_model": "VARCHAR", "months_observed": "DOUBLE",
        "evidence_maturity": "VARCHAR", "has_same_period_comparison": "BOOLEAN",
    }  # fmt: skip
    assert columns == expected
    assert set(rows["workflow_id"]) == {"lead_scoring_review", "webinar_email_sequence"}
    assert set(rows["evidence_maturity"]) <= {"mature", "immature"}
    valued = rows[rows["has_same_period_comparison"]]
    assert (valued["incremental_value_usd_low"] <= valued["incremental_value_usd_base"]).all()
    assert (valued["incremental_value_usd_base"] <= valued["incremental_value_usd_high"]).all()
    assert (rows["attribution_model"] == "position_based").all()


def test_attributed_pipeline_cents_do_not_depend_on_row_order(built_warehouse):
    """Each credited amount kept to 6 decimals and added exactly, then rounded half up to cents:
    recomputed here in Python decimals, in a shuffled order. (In the sample one workflow's total
    is exactly half a cent, which a sum of doubles rounded either way.)"""
    with built_warehouse.connect() as con:
        credits = con.execute(
            "select ai_workflow_id, credited_amount_usd "
            "from main_intermediate.int_touchpoints_credited_to_opportunities "
            "where is_default and is_ai_assisted"
        ).fetchall()
        stored = dict(
            con.execute(
                "select workflow_id, ai_attributed_pipeline_usd "
                "from main_intermediate.int_pipeline_value_by_workflow"
            ).fetchall()
        )
    random.Random(7).shuffle(credits)
    totals: dict[str, decimal.Decimal] = {}
    for workflow, amount in credits:
        row = decimal.Decimal(repr(amount)).quantize(
            decimal.Decimal("0.000001"), rounding=decimal.ROUND_HALF_UP
        )
        totals[workflow] = totals.get(workflow, decimal.Decimal(0)) + row
    assert totals, "the sample has AI-assisted credited touchpoints"
    for workflow, total in totals.items():
        cents = total.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
        assert stored[workflow] == cents, workflow


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)


@pytest.mark.parametrize("mart", PIPELINE_MARTS)
def test_no_personal_data_in_pipeline_marts(built_warehouse, mart):
    with built_warehouse.connect() as con:
        frame = con.execute(f"select * from main_marts.{mart}").df()
    assert not {"email", "person_id", "lead_id"} & set(frame.columns)
    contacts = set(sample_contact_emails(200))
    for column in frame.columns:
        values = {value.strip().lower() for value in frame[column] if isinstance(value, str)}
        assert not any(EMAIL.fullmatch(value) for value in values), f"{mart}.{column}"
        assert not values & contacts, f"{mart}.{column} holds a contact's email"


def test_results_print_the_pipeline_tables(built_warehouse, capsys):
    from python_helpers.results import pipeline

    with built_warehouse.connect() as con:
        pipeline.print_results(con)
    printed = capsys.readouterr().out
    assert "MQL->SQL of AI-assisted vs untagged MQLs" in printed
    assert "position_based" in printed
