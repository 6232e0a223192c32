"""The issue-16 statistics macros, evaluated as SQL in DuckDB (no warehouse build, seconds).

The macros of macros/stats/ are rendered with Jinja exactly as written (var() reads the defaults of
dbt_project.yml) and the SQL runs in an in-memory DuckDB, so these tests exercise the same formula
the marts use:

- normal_quantile (Acklam's inverse normal CDF) against hand-checked values and scipy;
- delivered_per_arm_needed / detectable_relative_lift against the issue's worked example and
  against each other (one is the other solved for the lift);
- the false-positive simulation: null A/B tests looked at every simulated day. The sequential
  interval (sequential_interval_halfwidth) keeps the chance of ever "proving" a lift that is not
  there at or below 5%; the fixed 95% interval read daily exceeds it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import duckdb
import jinja2
import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

REPO_ROOT = Path(__file__).resolve().parents[2]
MACROS = sorted((REPO_ROOT / "macros" / "stats").glob("*.sql"))
PROJECT_VARS = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())["vars"]


def render(expression: str, **overrides) -> str:
    """`expression` (Jinja calling the stats macros) rendered to SQL, as dbt would."""
    values = {**PROJECT_VARS, **overrides}
    source = "\n".join(path.read_text() for path in MACROS) + "\n" + expression
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return environment.from_string(source).render(var=lambda name, default=None: values[name])


def evaluate(select_list: str, frame: pd.DataFrame | None = None) -> list[tuple]:
    with duckdb.connect() as con:
        if frame is None:
            return con.execute(f"select {select_list}").fetchall()
        con.register("points", frame)
        return con.execute(f"select {select_list} from points").fetchall()


# --- inverse normal CDF ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "z"),
    [
        # Hand-checked against printed tables of the normal distribution (6 decimals).
        (0.975, 1.959964),
        (0.8, 0.841621),
        (0.5, 0.0),
        (0.95, 1.644854),
        (0.01, -2.326348),
        (0.999, 3.090232),
        (0.001, -3.090232),
    ],
)
def test_normal_quantile_matches_hand_checked_values(p, z):
    ((value,),) = evaluate(render(f"{{{{ normal_quantile('{p}') }}}}"))
    assert value == pytest.approx(z, abs=5e-7)


def test_normal_quantile_matches_scipy_in_all_three_pieces():
    grid = np.concatenate(
        [[1e-10, 1e-6, 0.001, 0.02, 0.02425], np.linspace(0.03, 0.97, 48), [0.97575, 0.99, 0.9999]]
    )
    rows = evaluate(render("{{ normal_quantile('p') }}") + " as z", pd.DataFrame({"p": grid}))
    got = np.array([row[0] for row in rows])
    expected = stats.norm.ppf(grid)
    # Acklam: relative error below 1.15e-9 (absolute near z = 0).
    assert np.allclose(got, expected, rtol=1.2e-9, atol=1e-9)


def test_normal_quantile_is_null_outside_zero_to_one():
    ((low, high, zero, null),) = evaluate(
        ", ".join(render(f"{{{{ normal_quantile('{p}') }}}}") for p in ("-0.1", "1.5", "0", "null"))
    )
    assert (low, high, zero, null) == (None, None, None, None)


# --- power and minimum detectable effect -----------------------------------------------------


def test_delivered_per_arm_needed_reproduces_the_issue_example():
    """p1 = 2%, MDE 10%, alpha 0.05, power 0.8: 80,678.6 -> 80,679 per arm (hand-worked in
    the unit test int_ab_test_arms_compared__power_and_projected_sample_date)."""
    ((needed,),) = evaluate(render("{{ delivered_per_arm_needed('0.02', '0.1', '0.8') }}"))
    assert needed == 80_679


@pytest.mark.parametrize(("p1", "power"), [(0.02, 0.8), (0.05, 0.9), (0.3, 0.8), (0.011, 0.95)])
def test_detectable_lift_is_the_needed_sample_solved_for_the_lift(p1, power):
    """At exactly the (unrounded) needed sample, the detectable lift is the planned one."""
    z = stats.norm.ppf(1 - 0.05 / 2) + stats.norm.ppf(power)
    p2 = p1 * 1.1
    n = z**2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2
    ((lift,),) = evaluate(render(f"{{{{ detectable_relative_lift('{p1}', '{n}', '{power}') }}}}"))
    assert lift == pytest.approx(0.1, rel=1e-7)


def test_sample_size_z_is_the_sum_of_the_two_quantiles():
    """1.959964 (z of 0.975, two-sided 5%) + 0.841621 (z of 0.8) = 2.801585 (6 decimals)."""
    ((z,),) = evaluate(render("{{ sample_size_z('0.8') }}"))
    assert z == pytest.approx(2.801585, abs=2e-6)


def test_power_macros_given_z_in_a_column_give_the_same_doubles():
    """A model computes Z once in a column and passes it as `z` (the quantiles expand to long
    SQL: int_ab_test_arms_compared compiled to 134 KB with Z inline, 29 KB with a column): the
    macros then expand no quantile and give the same doubles, bit for bit."""
    formulas = (
        "{{{{ delivered_per_arm_needed('p1', '0.1', 'power'{z}) }}}}",
        "{{{{ delivered_per_arm_needed('p1', 'mde', 'power'{z}) }}}}",
        "{{{{ detectable_relative_lift('p1', 'units', 'power'{z}) }}}}",
    )
    inline = ", ".join(render(formula.format(z="")) for formula in formulas)
    given = ", ".join(render(formula.format(z=", z='z'")) for formula in formulas)
    assert "ln(" in inline and "ln(" not in given
    frame = pd.DataFrame(
        {
            "p1": [0.02, 0.05, 0.3, 0.011, 0.0],
            "mde": [0.1, 0.2, 0.05, 0.3, 0.1],
            "units": [80_679, 5000, 123, 1, 10],
            "power": [0.8, 0.9, 0.8, 0.95, 0.8],
        }
    )
    with duckdb.connect() as con:
        con.register("points", frame)
        z = render("{{ sample_size_z('power') }}")
        con.execute(f"create table with_z as select *, {z} as z from points")
        expected = con.execute(f"select {inline} from with_z").fetchall()
        assert con.execute(f"select {given} from with_z").fetchall() == expected
    assert expected[0][0] == 80_679  # the issue's example: p1 = 2%, MDE 10%, power 0.8


def test_power_macros_are_null_where_undefined():
    row = evaluate(
        ", ".join(
            [
                render("{{ delivered_per_arm_needed('0', '0.1', '0.8') }}"),
                render("{{ delivered_per_arm_needed('0.02', '0', '0.8') }}"),
                render("{{ delivered_per_arm_needed('0.6', '1', '0.8') }}"),
                render("{{ detectable_relative_lift('0.02', '0', '0.8') }}"),
            ]
        )
    )[0]
    assert row == (None, None, None, None)


# --- unpooled two-proportion standard error ----------------------------------------------------


@pytest.mark.parametrize(
    ("rate_a", "units_a", "rate_b", "units_b", "expected"),
    [
        # 0.06 x 0.94 / 1000 + 0.05 x 0.95 / 2000 = 0.0000564 + 0.00002375 = 0.00008015;
        # sqrt(0.00008015) = 0.0089526532 (checked: 0.0089526532^2 = 0.0000801500).
        ("0.06", "1000", "0.05", "2000", 0.0089526532),
        # Equal arms: 0.5 x 0.5 / 100 twice = 0.005; sqrt = 0.0707106781.
        ("0.5", "100", "0.5", "100", 0.0707106781),
        # Rates of 0 and 1 have no variance of their own: 0 + 0.2 x 0.8 / 400 = 0.0004 -> 0.02.
        ("0", "10", "0.2", "400", 0.02),
        ("1", "10", "0.2", "400", 0.02),
    ],
)
def test_two_proportion_standard_error_matches_hand_worked_values(
    rate_a, units_a, rate_b, units_b, expected
):
    ((value,),) = evaluate(
        render(
            "{{ two_proportion_standard_error("
            f"'{rate_a}', '{units_a}', '{rate_b}', '{units_b}') }}}}"
        )
    )
    assert value == pytest.approx(expected, abs=5e-11)


def test_two_proportion_standard_error_is_null_when_an_arm_is_empty():
    row = evaluate(
        ", ".join(
            [
                render("{{ two_proportion_standard_error('0.1', '0', '0.2', '100') }}"),
                render("{{ two_proportion_standard_error('0.1', '100', 'null', '0') }}"),
                render("{{ two_proportion_standard_error('null', '100', '0.2', '100') }}"),
            ]
        )
    )[0]
    assert row == (None, None, None)


def test_two_proportion_standard_error_has_one_home():
    """No model writes p (1 - p) / n out again: the five models of issue 15's review call
    the macro (int_ab_test_arms_compared, int_mql_cohorts_compared,
    int_workflow_pre_post_compared, fct_ctr_lift_by_campaign_type,
    fct_leading_indicators_weekly)."""
    variance_term = re.compile(r"\b(\w+)\s*\*\s*\(\s*1\s*-\s*\1\s*\)\s*/")
    written_out = [
        str(path.relative_to(REPO_ROOT))
        for path in (REPO_ROOT / "models").rglob("*.sql")
        if variance_term.search(path.read_text())
    ]
    assert written_out == []
    callers = {
        path.stem
        for path in (REPO_ROOT / "models").rglob("*.sql")
        if "two_proportion_standard_error(" in path.read_text()
    }
    assert callers >= {
        "int_ab_test_arms_compared",
        "int_mql_cohorts_compared",
        "int_workflow_pre_post_compared",
        "fct_ctr_lift_by_campaign_type",
        "fct_leading_indicators_weekly",
    }


# --- the false-positive simulation -----------------------------------------------------------


def python_sequential_halfwidth(se, n, alpha=0.05, n_star=5000):
    """The issue's formula, written independently of the macro."""
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / n_star
    return (
        se
        * math.sqrt(n)
        * math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))
    )


def test_sql_sequential_halfwidth_agrees_with_an_independent_python_implementation():
    points = pd.DataFrame({"se": [0.0014585566, 0.01, 0.002, 0.5], "n": [40_000, 100, 5_000, 7]})
    rows = evaluate(render("{{ sequential_interval_halfwidth('se', 'n') }}"), points)
    for (value,), se, n in zip(rows, points["se"], points["n"], strict=True):
        assert value == pytest.approx(python_sequential_halfwidth(se, n), rel=1e-12)
    # The issue's worked example: multiplier 3.2121578299 on se 0.0014585566.
    assert rows[0][0] == pytest.approx(3.2121578299 * 0.0014585566, rel=1e-9)


def test_daily_looks_at_null_tests_false_positive_rate():
    """1,000 A/B tests with no real effect (CTR 2% in both arms), 400 delivered per arm per day
    for 60 days, each looked at every day (a dashboard rebuilt nightly). A test counts as a
    false positive if its interval of the absolute lift excludes 0 on any day. Intervals come
    from the SQL macros run in DuckDB on all 60,000 daily looks."""
    rng = np.random.default_rng(20261204)
    tests, days, per_day, rate = 1_000, 60, 400, 0.02
    clicks_c = rng.binomial(per_day, rate, (tests, days)).cumsum(axis=1)
    clicks_t = rng.binomial(per_day, rate, (tests, days)).cumsum(axis=1)
    delivered = per_day * np.arange(1, days + 1)
    p_c, p_t = clicks_c / delivered, clicks_t / delivered
    looks = pd.DataFrame(
        {
            "test": np.repeat(np.arange(tests), days),
            "lift": (p_t - p_c).ravel(),
            "se": np.sqrt((p_t * (1 - p_t) + p_c * (1 - p_c)) / delivered).ravel(),
            "n": np.tile(2 * delivered, tests),
        }
    )
    halfwidth = render("{{ sequential_interval_halfwidth('se', 'n') }}")
    z = PROJECT_VARS["roi_ci_z"]
    sql = f"""
        test,
        lift - {z} * se > 0 or lift + {z} * se < 0 as fixed_excludes_zero,
        lift - {halfwidth} > 0 or lift + {halfwidth} < 0 as sequential_excludes_zero
    """
    with duckdb.connect() as con:
        con.register("looks", looks)
        per_test = con.execute(
            f"""
            select
                bool_or(fixed_excludes_zero) as fixed_ever,
                bool_or(sequential_excludes_zero) as sequential_ever
            from (select {sql} from looks)
            group by test
            """
        ).df()
    fixed_rate = per_test["fixed_ever"].mean()
    sequential_rate = per_test["sequential_ever"].mean()
    # Read once at the end, the fixed test is right 95% of the time; read daily it is not.
    final_day = looks.groupby("test").tail(1)
    final_rate = (np.abs(final_day["lift"]) > z * final_day["se"]).mean()
    assert final_rate <= 0.07, final_rate
    assert fixed_rate > 0.10, f"fixed-horizon daily looks: {fixed_rate:.3f}"
    assert sequential_rate <= 0.05, f"sequential daily looks: {sequential_rate:.3f}"
    print(f"false positives: fixed {fixed_rate:.3f}, sequential {sequential_rate:.3f}")
