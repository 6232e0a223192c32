"""Formula-safe text (issue 14, item 7).

Free text reaches the marts as the vendor wrote it; every CSV the project writes for people goes
through python_helpers/spreadsheet_safe.py, which neutralises text cells a spreadsheet would run
as a formula (OWASP CSV injection: =, +, -, @, tab, CR), never numbers; `roi check` warns about
mart columns holding such text. End to end: a Salesforce campaign named
`=HYPERLINK("http://x","click")` reaches fct_pipeline_attribution.touch_name as text, `roi check`
names the mart, column, count and example, and `roi export` writes it neutralised.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import REPO_ROOT, isolated_env, roi

from python_helpers.spreadsheet_safe import (
    formula_like_text,
    is_formula_like,
    neutralise_cell,
    neutralise_frame,
    write_csv,
)

HYPERLINK = '=HYPERLINK("http://x","click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("Webinar: pipeline analytics", "Webinar: pipeline analytics"),
        ("a=b", "a=b"),  # only the first character counts
        (" =1", " =1"),
        ("-12.5", "-12.5"),  # text that is a plain number is not a formula
        ("+3", "+3"),
        ("-1e3", "-1e3"),
        ("", ""),
        (-500.0, -500.0),  # numbers are numbers
        (-7, -7),
        (Decimal("-4.20"), Decimal("-4.20")),
        (None, None),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_neutralise_frame_touches_text_columns_only():
    frame = pd.DataFrame(
        {
            "touch_name": [HYPERLINK, "Ebook: B2B benchmarks", None],
            "credit_usd": [-125.5, 10.0, 0.0],
            "count_touches": [-1, 2, 3],
        }
    )
    safe = neutralise_frame(frame)
    assert safe["touch_name"].tolist()[:2] == ["'" + HYPERLINK, "Ebook: B2B benchmarks"]
    assert safe["touch_name"].isna().tolist() == [False, False, True]
    assert safe["credit_usd"].tolist() == [-125.5, 10.0, 0.0]
    assert safe["count_touches"].tolist() == [-1, 2, 3]
    assert frame["touch_name"][0] == HYPERLINK  # the caller's frame is unchanged


def test_written_csv_reads_back_neutralised_with_numbers_intact(tmp_path):
    frame = pd.DataFrame({"name": [HYPERLINK, "@evil", "plain"], "amount": [-3.5, 2.0, -0.25]})
    path = write_csv(frame, tmp_path / "out.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["name", "amount"],
        ["'" + HYPERLINK, "-3.5"],
        ["'@evil", "2.0"],
        ["plain", "-0.25"],
    ]


def test_formula_like_text_counts_and_gives_an_example():
    frame = pd.DataFrame({"a": ["ok", "=1+1", "+x", None], "b": ["-5", "fine", "x", "y"]})
    (found,) = formula_like_text(frame)
    assert (found.column, found.count, found.example) == ("a", 2, "=1+1")


# Where the project writes files people open. A new writer must go through spreadsheet_safe.
WRITES_A_FILE = re.compile(
    r"\.to_csv\(|\.to_excel\(|csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsxwriter"
    r"|\bcopy\s*\(.*\)\s*to\s"
)
NOT_FOR_PEOPLE = {
    # vendor-shaped extracts: they stand for the vendors' files, formulas included
    "python_helpers/devtools/sample_data/crm.py",
    "python_helpers/devtools/sample_data/time_tracking.py",
    "python_helpers/devtools/sample_data/email_platform.py",
    # the benchmark's next-day landing files (vendor extracts again)
    "python_helpers/devtools/benchmark.py",
    # raw rows streamed into PostgreSQL's COPY: data, never opened by a person
    "python_helpers/warehouse/postgres_schema.py",
    "python_helpers/loader.py",
    # `roi doctor` prints suggested seed rows: their values are matching keys (campaign ids,
    # stage values as the vendor exports them), so they must stay exactly as the vendor wrote them
    "python_helpers/doctor.py",
    # the one writer for people
    "python_helpers/spreadsheet_safe.py",
}


def test_every_csv_or_spreadsheet_for_people_is_written_formula_safe():
    offenders = []
    for path in sorted((REPO_ROOT / "python_helpers").rglob("*.py")):
        relative = path.relative_to(REPO_ROOT).as_posix()
        if relative in NOT_FOR_PEOPLE:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if WRITES_A_FILE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, (
        "write files for people with python_helpers.spreadsheet_safe (write_csv or "
        "neutralise_frame), or list the file in NOT_FOR_PEOPLE with the reason:\n"
        + "\n".join(offenders)
    )


# --- end to end: a formula in a Salesforce campaign name ---------------------------------------


def land_formula_campaign(landing: Path) -> int:
    """Rename one Salesforce campaign to the formula in every campaign-member row; how many."""
    (path,) = (landing / "crm").glob("salesforce_campaign_member*.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    renamed = frame["Campaign.Name"] == "Webinar: pipeline analytics"
    frame.loc[renamed, "Campaign.Name"] = HYPERLINK
    frame.to_csv(path, index=False)  # the vendor's bytes: the formula as Salesforce exports it
    return int(renamed.sum())


@pytest.fixture(scope="module")
def formula_job(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("formula")
    env = isolated_env(root)
    env["ROI_PUBLISHED_DUCKDB_PATH"] = str(root / "bi" / "roi.duckdb")
    roi("generate", "--scale", "0.1", "--seed", "42", env=env)
    assert land_formula_campaign(root / "landing") > 0
    roi("load", env=env)
    # dbt unit tests read given rows, never landed data: the shared sample build runs them.
    roi("build", "--", "--exclude", "resource_type:unit_test", env=env)
    check = roi("check", "--no-docs", env=env)
    roi("publish", env=env)
    return root, env, check.stdout


def test_formula_reaches_the_mart_as_text(formula_job):
    root, env, _ = formula_job
    with duckdb.connect(env["ROI_PUBLISHED_DUCKDB_PATH"], read_only=True) as con:
        (count,) = con.execute(
            "select count(*) from main_marts.fct_pipeline_attribution where touch_name = ?",
            [HYPERLINK],
        ).fetchone()
    assert count > 0


def test_roi_check_warns_with_mart_column_count_and_example(formula_job):
    _, env, output = formula_job
    with duckdb.connect(env["ROI_PUBLISHED_DUCKDB_PATH"], read_only=True) as con:
        (count,) = con.execute(
            "select count(*) from main_marts.fct_pipeline_attribution where touch_name = ?",
            [HYPERLINK],
        ).fetchone()
    expected = (
        f"WARN mart main_marts.fct_pipeline_attribution column touch_name: {count} value(s) "
        f"begin like a spreadsheet formula (=, +, -, @, tab, CR), e.g. {HYPERLINK!r}"
    )
    assert expected in output
    assert "checks passed" in output  # a warning: the night is published


def test_roi_export_writes_the_formula_neutralised(formula_job):
    root, env, _ = formula_job
    target = root / "export" / "attribution.csv"
    roi("export", "fct_pipeline_attribution", "--output", str(target), env=env)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["touch_name"] for row in rows}
    assert "'" + HYPERLINK in names and HYPERLINK not in names
    assert not [name for name in names if is_formula_like(name)]
    refused = roi("export", "no_such_mart", env=env, check=False)
    assert refused.returncode == 1 and "no mart 'no_such_mart'" in refused.stderr
