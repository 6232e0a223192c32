"""The CFO's three-year case: Finance's seeds refuse nonsense with a message that names the seed,
the row and the rule (the worked examples of issue 17 are dbt unit tests of the marts)."""

from __future__ import annotations

from conftest import dbt, isolated_env
from test_data_contracts import project_copy

FINANCE_SEEDS = ("finance_settings", "benefit_risk_adjustments", "adoption_ramp")


def test_finance_seeds_written_as_percent_fail_the_build_naming_row_and_rule(tmp_path):
    project = project_copy(tmp_path)
    finance = project / "seeds" / "finance"
    # Finance types percentages as whole numbers: 10 for 10%, 15 for 15%, 80 for 80%.
    settings = finance / "finance_settings.csv"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("default,0.10,3,", "default,10,3,"),
        encoding="utf-8",
    )
    adjustments = finance / "benefit_risk_adjustments.csv"
    adjustments.write_text(
        adjustments.read_text(encoding="utf-8").replace(
            "incremental_lift,0.15,", "incremental_lift,15,"
        ),
        encoding="utf-8",
    )
    ramp = finance / "adoption_ramp.csv"
    ramp.write_text(
        ramp.read_text(encoding="utf-8").replace(
            "lead_scoring_review,2,0.90,", "lead_scoring_review,2,90,"
        ),
        encoding="utf-8",
    )
    env = isolated_env(tmp_path)
    (tmp_path / "warehouse").mkdir()
    env["DBT_PROFILES_DIR"] = str(project / "profiles")
    directory = ["--project-dir", str(project)]
    dbt("deps", "--quiet", *directory, env=env)
    build = dbt("build", "--select", *FINANCE_SEEDS, *directory, env=env, check=False)
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert (
        "Seed 'finance_settings' breaks a rule: discount_rate must be a yearly rate between 0 "
        "and 0.5 (write 0.10 for 10%, not 10)."
    ) in output
    assert "row setting_id = default: discount_rate = 10" in output
    assert (
        "Seed 'benefit_risk_adjustments' breaks a rule: risk_adjustment_rate must be a share "
        "from 0 up to (not including) 1 (write 0.15 for 15%, not 15)."
    ) in output
    assert "row method = incremental_lift: risk_adjustment_rate = 15" in output
    assert (
        "Seed 'adoption_ramp' breaks a rule: adoption_share must be a share between 0 and 1 "
        "(write 0.8 for 80%, not 80)."
    ) in output
    assert "row workflow_id = lead_scoring_review: adoption_share = 90" in output
    assert "Fix the value in seeds/finance/adoption_ramp.csv" in output


def test_payback_is_written_in_words_never_zero_months():
    from python_helpers.report.words import payback_words

    assert payback_words(0.0) == "under a week"
    assert payback_words(0.02) == "under a week"
    assert payback_words(0.5) == "about 2 weeks"
    assert payback_words(3.24) == "3.2 months"
    assert payback_words(14.73) == "14.7 months"
    assert payback_words(None, 3) == "not within the 3-year horizon"
    assert payback_words(float("nan")) == "not paid back"


def test_reason_codes_are_written_in_words_naming_the_immature_evidence():
    from python_helpers.report.words import reason_words

    assert reason_words({"recommendation_reason": "whole_range_positive"}) == (
        "the whole range is above zero"
    )
    assert (
        reason_words(
            {
                "recommendation_reason": "evidence_immature",
                "efficiency_evidence_maturity": "mature",
                "performance_lift_evidence_maturity": "immature",
                "pipeline_evidence_maturity": "not_measured",
            }
        )
        == "the evidence is not mature yet: A/B tests (performance lift) still to mature"
    )


def test_qbr_lines_carry_the_three_year_case_only_when_the_summary_has_it():
    from python_helpers.results.roi import three_year_case_lines

    summary = {
        "net_present_value_usd_low": 69624.34,
        "net_present_value_usd_base": 119211.12,
        "net_present_value_usd_high": 150000.0,
        "payback_months_base": 6.0,
        "risk_adjusted_roi_pct_base": 149.51,
    }
    assert three_year_case_lines(summary) == [
        "Three-year case (risk-adjusted, discounted, workflows with a baseline): NPV "
        "$69.6k-$150k (base $119,211); payback 6.0 months (base); risk-adjusted ROI 150% (base)."
    ]
    assert three_year_case_lines({**summary, "net_present_value_usd_base": float("nan")}) == []


def test_immature_evidence_says_when_it_will_be_mature_from_the_evidence_timeline():
    from python_helpers.report.words import reason_words

    row = {
        "workflow_id": "webinar_email_sequence",
        "recommendation_reason": "evidence_immature",
        "efficiency_evidence_maturity": "immature",
        "performance_lift_evidence_maturity": "immature",
        "pipeline_evidence_maturity": "mature",
    }
    when = {
        ("webinar_email_sequence", "efficiency"): "~15 Jan 2027",
        ("webinar_email_sequence", "performance_lift"): "not at the current rate",
        ("webinar_email_sequence", "pipeline"): "proven now",
        ("another_workflow", "efficiency"): "~Q2 2027",
    }
    assert reason_words(row, when) == (
        "the evidence is not mature yet: time logs (efficiency) expected mature ~15 Jan 2027; "
        "A/B tests (performance lift) will not mature at the current rate"
    )


def test_break_even_is_written_in_the_owners_unit():
    """Hand-made fct_workflow_npv rows: hours a run must save (efficiency), the CTR lift an
    email test must show, relative to the human copy first and then in points (0.0025 over a
    human CTR of 0.025: 10%, 0.25 points), incremental SQLs a year (pipeline); a share of 0 says
    what covers the costs instead; no baseline: '-'."""
    from python_helpers.report.words import break_even_words

    base = {"has_baseline": True, "break_even_share_of_measured_benefit": 0.2}
    assert break_even_words({**base, "break_even_hours_saved_per_run": 0.93}) == (
        "0.93 hours saved per run"
    )
    assert (
        break_even_words(
            {
                **base,
                "roi_dimension": "performance_lift",
                "break_even_hours_saved_per_run": float("nan"),
                "break_even_additional_clicks_per_year": 200,
                "break_even_ctr_lift_absolute": 0.0025,
                "break_even_ctr_lift_relative": 0.1,
            }
        )
        == "a CTR lift of 10% over the human copy (0.25 points of CTR)"
    )
    assert (
        break_even_words(
            {**base, "break_even_ctr_lift_absolute": 0.0025, "break_even_ctr_lift_relative": None}
        )
        == "a CTR lift of 0.25 points of CTR"
    )
    assert break_even_words({**base, "break_even_incremental_sqls_per_year": 0.5}) == (
        "0.5 incremental SQLs a year"
    )
    assert (
        break_even_words(
            {
                "has_baseline": True,
                "roi_dimension": "performance_lift",
                "break_even_share_of_measured_benefit": 0.0,
                "break_even_ctr_lift_absolute": 0.0,
            }
        )
        == "no CTR lift needed: its time savings cover the costs"
    )
    assert break_even_words({"has_baseline": False}) == "-"


def test_readme_sends_finance_to_the_plain_words_defence_of_the_numbers():
    """The README links 'Defending the numbers' (docs/defending_the_numbers.md), and that page
    explains risk adjustment, discounting, the adoption ramp, break-even and sensitivity in
    words, with the worked example's figures."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "[docs/defending_the_numbers.md](docs/defending_the_numbers.md)" in readme
    page = (root / "docs" / "defending_the_numbers.md").read_text(encoding="utf-8")
    for topic in (
        "**Risk adjustment.**",
        "**Adoption ramp.**",
        "**Discounting.**",
        "**NPV, ROI, payback.**",
        "**Break-even, in the owner's unit.**",
        "**Sensitivity.**",
    ):
        assert topic in page, topic
    assert "A dollar in three years is worth less than a dollar today" in page
    assert "NPV $119,211.12" in page and "payback 14.73" in page
    assert "CTR lift an email test must show" in page
