"""The seeds' matching rules, in Python, for reading landed files before anything loads.

dbt is the reference: each function here mirrors one rule a model applies, and
tests/python/test_seed_rules.py proves they agree on the sample warehouse, so the two cannot drift
apart silently. Change a rule in the SQL and that test fails until this file follows.

- `workflow_for_entry`: int_time_entries_mapped_to_workflows (seed time_entry_workflow_rules:
  case-insensitive SQL LIKE on project, task and description; the lowest rule_priority wins).
- `has_ai_tag` / `tag_list`: the same model with seed ai_assist_tags and macro normalize_tag_list.
- `deliverable_name`, `work_mode`: base_time_tracking__entries_validated and
  int_task_instances_classified (one deliverable = one task instance; AI-assisted by tag, or by
  the go-live date for `classification_rule = go_live_date`; every other instance is baseline).
- `ab_test_arm`, `marketo_test_variant`: base_email_platform__events_typed (seed ab_tests, joined
  on platform and campaign, arm by variant label case-insensitively) and macro extract_json_text.
- `delivered_per_arm_needed`, `audience_shortfall`: macro delivered_per_arm_needed and
  int_ab_test_arms_compared.is_audience_too_small_for_mde (the registration check `roi doctor`
  runs before anything is built; the inverse normal CDF here is Python's, the SQL's is Acklam's).
- `funnel_stage`: int_leads_unified / int_opportunities_converted_to_usd (seed
  pipeline_stage_mappings, per CRM and object, stage value compared case-insensitively).

Seeds are read with the csv module from seeds/ (the same files `dbt seed` loads).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

from .settings import REPO_ROOT

SEEDS_DIR = REPO_ROOT / "seeds"


def read_seed(name: str, seeds_dir: Path | None = None) -> list[dict[str, str]]:
    """Rows of seeds/<area>/<name>.csv as dicts of text (empty cells are '')."""
    folder = seeds_dir or SEEDS_DIR
    matches = sorted(folder.glob(f"*/{name}.csv")) or sorted(folder.glob(f"{name}.csv"))
    if not matches:
        raise FileNotFoundError(f"seed '{name}' not found under {folder}")
    with matches[0].open(encoding="utf-8-sig", newline="") as handle:
        return [
            {key: (value or "") for key, value in row.items()} for row in csv.DictReader(handle)
        ]


def seed_path(name: str, seeds_dir: Path | None = None) -> Path:
    folder = seeds_dir or SEEDS_DIR
    matches = sorted(folder.glob(f"*/{name}.csv"))
    return matches[0] if matches else folder / f"{name}.csv"


def sql_trim(value: str | None) -> str:
    """SQL trim(): spaces only at both ends (Python's strip() would also take tabs)."""
    return (value or "").strip(" ")


@lru_cache(maxsize=512)
def _like_regex(pattern: str) -> re.Pattern[str]:
    parts = [".*" if char == "%" else "." if char == "_" else re.escape(char) for char in pattern]
    return re.compile("".join(parts), re.DOTALL)


def sql_like(value: str, pattern: str) -> bool:
    """SQL `value like pattern` ('%' any run of characters, '_' one character, no escape)."""
    return _like_regex(pattern).fullmatch(value) is not None


# --- efficiency ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkflowRule:
    rule_id: str
    rule_priority: int
    project_pattern: str
    task_pattern: str
    description_pattern: str
    workflow_id: str


def workflow_rules(seeds_dir: Path | None = None) -> list[WorkflowRule]:
    """Seed time_entry_workflow_rules, lowest rule_priority first (the order matching uses)."""
    rules = [
        WorkflowRule(
            rule_id=row["rule_id"],
            rule_priority=int(row["rule_priority"]),
            project_pattern=row["project_pattern"].lower(),
            task_pattern=row["task_pattern"].lower(),
            description_pattern=row["description_pattern"].lower(),
            workflow_id=row["workflow_id"],
        )
        for row in read_seed("time_entry_workflow_rules", seeds_dir)
    ]
    return sorted(rules, key=lambda rule: rule.rule_priority)


def workflow_for_entry(
    rules: Iterable[WorkflowRule], project: str | None, task: str | None, description: str | None
) -> WorkflowRule | None:
    """The rule an entry takes: every pattern matches (case-insensitively, on the trimmed
    values, a missing value read as ''); the lowest rule_priority wins. None: no workflow."""
    project_text = sql_trim(project).lower()
    task_text = sql_trim(task).lower()
    description_text = sql_trim(description).lower()
    for rule in sorted(rules, key=lambda rule: rule.rule_priority):
        if (
            sql_like(project_text, rule.project_pattern)
            and sql_like(task_text, rule.task_pattern)
            and sql_like(description_text, rule.description_pattern)
        ):
            return rule
    return None


def ai_assist_tags(seeds_dir: Path | None = None) -> tuple[str, ...]:
    return tuple(sql_trim(row["tag"]).lower() for row in read_seed("ai_assist_tags", seeds_dir))


def tag_list(tags: str | None) -> str:
    """Macro normalize_tag_list: 'Webinar, AI-assisted' -> ',webinar,ai-assisted,'."""
    text = sql_trim(tags).lower().replace(", ", ",").replace(" ,", ",")
    return f",{text},"


def has_ai_tag(tags: str | None, ai_tags: Iterable[str]) -> bool:
    listed = tag_list(tags)
    return any(sql_like(listed, f"%,{tag},%") for tag in ai_tags)


def deliverable_name(task_instance_key: str | None, description: str | None) -> str | None:
    """The deliverable an entry names (task_instance_id, else its description), lower case;
    None when it names none (the entry is then its own person-day instance)."""
    key = sql_trim(task_instance_key) or None
    text = (key if key is not None else sql_trim(description)).lower()
    return text or None


@dataclass(frozen=True)
class Workflow:
    workflow_id: str
    workflow_name: str
    roi_dimension: str
    ai_go_live_date: date | None
    classification_rule: str


def workflows(seeds_dir: Path | None = None) -> list[Workflow]:
    return [
        Workflow(
            workflow_id=row["workflow_id"],
            workflow_name=row["workflow_name"],
            roi_dimension=row["roi_dimension"],
            ai_go_live_date=date.fromisoformat(row["ai_go_live_date"])
            if row["ai_go_live_date"]
            else None,
            classification_rule=row["classification_rule"],
        )
        for row in read_seed("workflows", seeds_dir)
    ]


def work_mode(workflow: Workflow, started_on: date | None, instance_has_ai_tag: bool) -> str:
    """'ai_assisted' or 'baseline' for one task instance (int_task_instances_classified)."""
    if instance_has_ai_tag:
        return "ai_assisted"
    if (
        workflow.classification_rule == "go_live_date"
        and started_on is not None
        and workflow.ai_go_live_date is not None
        and started_on >= workflow.ai_go_live_date
    ):
        return "ai_assisted"
    return "baseline"


# --- performance lift ------------------------------------------------------------------------


@dataclass(frozen=True)
class AbTest:
    ab_test_id: str
    source_system: str
    campaign_key: str
    control_variant: str
    ai_variant: str
    # Planning (int_ab_test_arms_counted: blank cells take the roi_ab_default_* vars).
    planned_ai_share: float | None = None
    audience_size: float | None = None
    planned_mde_relative: float | None = None
    planned_power: float | None = None
    planned_control_rate: float | None = None


def _number(value: str, default: Any = None) -> float | None:
    """A seed cell as dbt casts it: blank -> default; not a number -> None (a seed rule refuses
    the row in dbt, so nothing is computed from it here)."""
    text = value.strip()
    if not text:
        return None if default is None else float(default)
    try:
        return float(text)
    except ValueError:
        return None


def ab_tests(seeds_dir: Path | None = None) -> list[AbTest]:
    defaults = project_vars()
    return [
        AbTest(
            ab_test_id=row["ab_test_id"],
            source_system=row["source_system"],
            campaign_key=sql_trim(row["campaign_key"]),
            control_variant=sql_trim(row["control_variant"]).lower(),
            ai_variant=sql_trim(row["ai_variant"]).lower(),
            planned_ai_share=_number(row.get("planned_ai_share", "")),
            audience_size=_number(row.get("audience_size", "")),
            planned_mde_relative=_number(
                row.get("planned_mde_relative", ""), defaults["roi_ab_default_mde_relative"]
            ),
            planned_power=_number(row.get("planned_power", ""), defaults["roi_ab_default_power"]),
            planned_control_rate=_number(
                row.get("planned_control_rate", ""),
                defaults["roi_ab_default_planned_control_rate"],
            ),
        )
        for row in read_seed("ab_tests", seeds_dir)
    ]


@lru_cache(maxsize=1)
def project_vars() -> dict[str, Any]:
    """The vars of dbt_project.yml (their documented defaults)."""
    import yaml

    with (REPO_ROOT / "dbt_project.yml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle).get("vars") or {})


def delivered_per_arm_needed(
    control_rate: float | None, mde_relative: float | None, power: float | None, alpha: float
) -> int | None:
    """Macro delivered_per_arm_needed: delivered emails each arm needs to detect a relative
    lift over the control rate, ceil((z_(1-alpha/2) + z_power)^2 (p1 (1-p1) + p2 (1-p2)) /
    (p2 - p1)^2), p2 = p1 (1 + mde). None where the macro is null."""
    if control_rate is None or mde_relative is None or power is None:
        return None
    p1, p2 = control_rate, control_rate * (1 + mde_relative)
    if not (0 < p1 < 1 and mde_relative > 0 and p2 < 1 and 0 < power < 1):
        return None
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    return math.ceil(z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2)


@dataclass(frozen=True)
class AudienceShortfall:
    """A registered test whose whole planned audience cannot reach its planned lift."""

    ab_test_id: str
    planned_audience_per_arm: float
    planned_delivered_per_arm_needed: int
    planned_mde_relative: float
    planned_power: float
    planned_control_rate: float

    def describe(self) -> str:
        return (
            f"A/B test {self.ab_test_id} is registered with an audience too small to ever prove "
            f"its planned lift: {self.planned_audience_per_arm:,.0f} recipients in the smaller "
            f"arm, {self.planned_delivered_per_arm_needed:,} delivered per arm needed to detect "
            f"+{self.planned_mde_relative:.0%} over a {self.planned_control_rate:.1%} control "
            f"click-through rate with {self.planned_power:.0%} power. Enlarge the audience, plan "
            "a bigger lift (planned_mde_relative) or accept less power (planned_power) in "
            "seeds/performance_lift/ab_tests.csv"
        )


def audience_shortfall(test: AbTest, alpha: float | None = None) -> AudienceShortfall | None:
    """int_ab_test_arms_compared.is_audience_too_small_for_mde: the planned audience of the
    smaller arm, audience_size x min(share, 1 - share), below the delivered per arm the
    planned control rate, lift and power need."""
    level = float(project_vars()["roi_ab_alpha"]) if alpha is None else alpha
    needed = delivered_per_arm_needed(
        test.planned_control_rate, test.planned_mde_relative, test.planned_power, level
    )
    if needed is None or test.audience_size is None or test.planned_ai_share is None:
        return None
    per_arm = test.audience_size * min(test.planned_ai_share, 1 - test.planned_ai_share)
    if per_arm >= needed:
        return None
    return AudienceShortfall(
        test.ab_test_id,
        per_arm,
        needed,
        test.planned_mde_relative or 0.0,
        test.planned_power or 0.0,
        test.planned_control_rate or 0.0,
    )


def registered_test(
    tests: Iterable[AbTest], source_system: str, campaign_key: str | None
) -> AbTest | None:
    """The test registered for a platform's campaign (campaign keys compared trimmed)."""
    key = sql_trim(campaign_key) or None
    for test in tests:
        if test.source_system == source_system and test.campaign_key == key:
            return test
    return None


def ab_test_arm(
    tests: Iterable[AbTest], source_system: str, campaign_key: str | None, variant: str | None
) -> tuple[str | None, str | None]:
    """(ab_test_id, arm) of an email event: arm 'control' / 'ai' / None (not an arm)."""
    test = registered_test(tests, source_system, campaign_key)
    if test is None:
        return None, None
    label = sql_trim(variant).lower() if variant is not None else None
    if label is not None and label == test.control_variant:
        return test.ab_test_id, "control"
    if label is not None and label == test.ai_variant:
        return test.ab_test_id, "ai"
    return test.ab_test_id, None


_JSON_STRING = r'"((?:[^"\\]|\\.)*)"'
_JSON_BARE = r"([-+.A-Za-z0-9]+)"


@lru_cache(maxsize=32)
def _attribute_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    quoted = re.escape(key.replace('"', ""))
    pair = rf'"name"\s*:\s*"{quoted}"\s*,\s*"value"\s*:\s*'
    return tuple(
        re.compile(text)
        for text in (
            rf'"{quoted}"\s*:\s*{_JSON_STRING}',
            rf'"{quoted}"\s*:\s*{_JSON_BARE}',
            pair + _JSON_STRING,
            pair + _JSON_BARE,
        )
    )


def json_attribute(text: str | None, key: str) -> str | None:
    """Macro extract_json_text: one flat attribute of a JSON object or of an array of
    name/value pairs, without its quotes; None when absent or empty."""
    if not text or f'"{key}"' not in text:  # every pattern below needs the quoted key
        return None
    for pattern in _attribute_patterns(key):
        match = pattern.search(text)
        if match and match.group(1):
            return match.group(1)
    return None


def marketo_test_variant(attributes: str | None) -> str | None:
    """The Marketo `Test Variant` label (trimmed), as staging reads it."""
    return sql_trim(json_attribute(attributes, "Test Variant")) or None


# --- pipeline --------------------------------------------------------------------------------


def stage_mappings(seeds_dir: Path | None = None) -> dict[tuple[str, str, str], str]:
    """(crm, object_type, trimmed lower-case stage value) -> funnel stage."""
    return {
        (row["crm"], row["object_type"], sql_trim(row["stage_value"]).lower()): row["funnel_stage"]
        for row in read_seed("pipeline_stage_mappings", seeds_dir)
    }


def funnel_stage(
    mappings: dict[tuple[str, str, str], str], crm: str, object_type: str, stage_value: str | None
) -> str | None:
    """The funnel stage the seed maps a (trimmed) stage value to; None when no row covers it."""
    value = sql_trim(stage_value)
    if not value:
        return None
    return mappings.get((crm, object_type, value.lower()))


@dataclass(frozen=True)
class AiSignal:
    signal_id: str
    crm: str
    object_type: str
    field_name: str
    value_pattern: str
    ai_signal: str
    workflow_id: str


def ai_assist_signals(seeds_dir: Path | None = None) -> list[AiSignal]:
    return [
        AiSignal(
            signal_id=row["signal_id"],
            crm=row["crm"],
            object_type=row["object_type"],
            field_name=row["field_name"],
            value_pattern=row["value_pattern"],
            ai_signal=row["ai_signal"],
            workflow_id=row["workflow_id"],
        )
        for row in read_seed("pipeline_ai_assist_signals", seeds_dir)
    ]


def ai_signal_matches(signal: AiSignal, field_value: str | None) -> bool:
    """int_lead_ai_signals_matched: lower(trim(value)) like lower(trim(value_pattern))."""
    if field_value is None:
        return False
    return sql_like(sql_trim(field_value).lower(), sql_trim(signal.value_pattern).lower())
