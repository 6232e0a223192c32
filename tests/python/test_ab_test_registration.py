"""A test registered with an audience too small to ever reach its planned lift is flagged:
`roi doctor` (before anything is built, from the seed: python_helpers/seed_rules.py mirrors
int_ab_test_arms_compared.is_audience_too_small_for_mde) and `roi check` (a warning per flagged
row of fct_ab_test_results). No dbt build needed."""

from __future__ import annotations

import pandas as pd

from python_helpers import seed_rules
from python_helpers.checks import audience_warnings


def test_needed_sample_mirrors_the_macro_worked_example():
    # p1 = 2%, lift 10%, alpha 0.05, power 0.8: 80,678.6 rounded up (issue 16).
    assert seed_rules.delivered_per_arm_needed(0.02, 0.1, 0.8, 0.05) == 80_679
    assert seed_rules.delivered_per_arm_needed(0, 0.1, 0.8, 0.05) is None
    assert seed_rules.delivered_per_arm_needed(0.6, 1.0, 0.8, 0.05) is None


def test_blank_planning_cells_take_the_documented_defaults(tmp_path):
    folder = tmp_path / "performance_lift"
    folder.mkdir()
    (folder / "ab_tests.csv").write_text(
        "ab_test_id,source_system,campaign_key,control_variant,ai_variant,planned_ai_share,"
        "audience_size,planned_mde_relative,planned_power,planned_control_rate\n"
        "small,hubspot,1,a,b,0.5,100000,,,\n"
        "enough,hubspot,2,a,b,0.5,200000,,,\n"
        "big_lift,hubspot,3,a,b,0.5,40000,0.2,0.8,0.025\n"
        "uneven,hubspot,4,a,b,0.2,300000,,,\n",
        encoding="utf-8",
    )
    tests = {test.ab_test_id: test for test in seed_rules.ab_tests(tmp_path)}
    assert (tests["small"].planned_mde_relative, tests["small"].planned_power) == (0.1, 0.8)
    assert tests["small"].planned_control_rate == 0.02
    # 100,000 split 50/50 = 50,000 per arm < 80,679: flagged; 200,000 = 100,000 per arm: fine.
    shortfall = seed_rules.audience_shortfall(tests["small"])
    assert shortfall is not None
    assert (shortfall.planned_audience_per_arm, shortfall.planned_delivered_per_arm_needed) == (
        50_000,
        80_679,
    )
    assert "50,000 recipients in the smaller arm, 80,679 delivered per arm needed" in (
        shortfall.describe()
    )
    assert seed_rules.audience_shortfall(tests["enough"]) is None
    # 2.5% control, +20%, 80%: 16,789 per arm (7.848880 x (0.024375 + 0.0291) / 0.005^2 =
    # 16,788.75 rounded up); 20,000 per arm plan: fine.
    assert seed_rules.delivered_per_arm_needed(0.025, 0.2, 0.8, 0.05) == 16_789
    assert seed_rules.audience_shortfall(tests["big_lift"]) is None
    # 300,000 with 20% on AI: the smaller arm has 60,000 < 80,679.
    uneven = seed_rules.audience_shortfall(tests["uneven"])
    assert uneven is not None and uneven.planned_audience_per_arm == 60_000


def test_the_shipped_seed_flags_the_newsletter_test_only():
    flagged = [
        test.ab_test_id for test in seed_rules.ab_tests() if seed_rules.audience_shortfall(test)
    ]
    assert flagged == ["newsletter_subject_2026_04"]


def test_roi_check_warns_about_each_flagged_test():
    frame = pd.DataFrame(
        {
            "ab_test_id": ["small", "fine"],
            "is_audience_too_small_for_mde": [True, False],
            "planned_audience_per_arm": [40_000.0, 90_000.0],
            "planned_delivered_per_arm_needed": [80_679, 80_679],
            "planned_mde_relative": [0.1, 0.1],
            "planned_control_rate": [0.02, 0.02],
            "planned_power": [0.8, 0.8],
        }
    )
    (warning,) = audience_warnings(frame)
    assert warning == (
        "WARN ab_test_audience_too_small: A/B test small is registered with an audience too "
        "small to ever prove its planned lift: 40,000 recipients in the smaller arm, 80,679 "
        "delivered per arm needed to detect +10% over a 2.0% control click-through rate with "
        "80% power (seeds/performance_lift/ab_tests.csv)"
    )
    assert audience_warnings(frame.drop(columns="is_audience_too_small_for_mde")) == []
