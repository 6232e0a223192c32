"""Seeds as RevOps edits them (issue 14, item 5).

- Rule messages name the seed, the key and the row for uniqueness and blanks too (dbt's `unique`,
  `not_null` and dbt_utils' `unique_combination_of_columns` on seeds, macros/seeds/), and
  revops_rule names the whole row (a blank FX rate: currency and date, not the currency alone).
- A seed saved by a spreadsheet (CRLF, a BOM, blank lines at the end, a row appended with other
  line endings) loads; what cannot load is refused by `roi build` before dbt starts, naming the
  file, the line and the fix (python_helpers/seed_files.py).

Fixtures: tests/fixtures/bad_inputs/seeds/*.csv.in (edited to nonsense) and
tests/fixtures/bad_inputs/seeds/spreadsheet_saved/*.csv.in (saved by a spreadsheet, valid).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import dbt, isolated_env
from test_data_contracts import project_copy

from python_helpers import cli, seed_files
from python_helpers.devtools import pg_server
from python_helpers.seed_files import check_seed_file
from python_helpers.warehouse import duckdb_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs" / "seeds"


# --- the pre-flight, on files written here (no dbt) ---------------------------------------------


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbftag,meaning\r\nai,AI tool\r\n",  # Excel: BOM + CRLF
        b"tag,meaning\nai,AI tool\nml,Machine learning\r\n",  # a row appended elsewhere
        b"tag,meaning\rai,AI tool\r",  # old Mac line endings
        b"tag,meaning\nai,AI tool\n\n\n,\r\n",  # blank lines and bare commas at the end
        b'tag,meaning\nai,"AI tool, any"\n',  # a quoted comma
    ],
    ids=["bom_crlf", "mixed_line_endings", "cr_only", "trailing_blank_lines", "quoted_comma"],
)
def test_spreadsheet_saved_files_pass_the_preflight(tmp_path, data):
    assert check_seed_file(write(tmp_path, "ai_assist_tags.csv", data)) == []


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        ("tag,meaning\nai,Caf\xe9 tool\n".encode("latin-1"), 2, "not UTF-8 (byte 0xe9)"),
        (b"tag;meaning\nai;AI tool\n", 1, "separated by semicolons, not commas"),
        (b"tag,meaning\nai,AI tool\nml,Machine, learning\n", 3, "3 fields where the header has 2"),
        (b"tag,meaning\r\nai,AI tool\r\nml\r\n", 3, "1 fields where the header has 2"),
        (b"tag,meaning,tag\nai,AI,x\n", 1, "column 'tag' appears twice"),
        (b"tag,,meaning\nai,,AI\n", 1, "column 2 of the header has no name"),
        (b"", 1, "the file is empty"),
    ],
    ids=[
        "latin1",
        "semicolons",
        "unquoted_comma",
        "short_row",
        "repeated_column",
        "no_name",
        "empty",
    ],
)
def test_preflight_names_file_line_and_fix(tmp_path, data, line, words):
    path = write(tmp_path, "ai_assist_tags.csv", data)
    (problem,) = check_seed_file(path)
    assert problem.line == line
    text = str(problem)
    assert f"ai_assist_tags.csv line {line}: " in text and words in text and "Fix: " in text


def test_the_project_seeds_pass_the_preflight():
    assert seed_files.check_seed_files() == []
    assert len(seed_files.seed_files()) >= 15


def test_roi_build_refuses_a_bad_seed_file_before_dbt(tmp_path, monkeypatch, capsys):
    bad = write(tmp_path, "fx_rates.csv", b"currency_code;effective_from\nEUR;2026-01-01\n")
    monkeypatch.setattr(seed_files, "check_seed_files", lambda: check_seed_file(bad))
    build = tmp_path / "warehouse" / "roi.duckdb"
    monkeypatch.setenv("ROI_DUCKDB_PATH", str(build))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    monkeypatch.delenv("ROI_TARGET", raising=False)

    assert cli.main(["build"]) == 1
    error = capsys.readouterr().err
    assert "fx_rates.csv line 1: the columns are separated by semicolons" in error
    assert "dbt did not run" in error
    recorded = duckdb_file.read_audit(build)["build"]
    assert recorded["status"] == "failed" and "separated by semicolons" in recorded["message"]


# --- dbt: messages on seeds edited to nonsense, spreadsheet-saved seeds load --------------------

SEEDS = ("workflows", "fx_rates", "ai_assist_tags", "email_event_types")


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def seed_build(request, tmp_path_factory: pytest.TempPathFactory):
    """The four seeds built on DuckDB, then on a throwaway PostgreSQL server (seeds load through
    the same macros on both); yields (output, exit code, run_results, query)."""
    root = tmp_path_factory.mktemp(f"seed_files_{request.param}")
    project = project_copy(root)
    fixtures = [FIXTURES / f"{name}.csv.in" for name in ("workflows", "fx_rates")]
    fixtures += sorted((FIXTURES / "spreadsheet_saved").glob("*.csv.in"))
    for fixture in fixtures:
        (target,) = list((project / "seeds").rglob(fixture.name.removesuffix(".in")))
        shutil.copyfile(fixture, target)  # bytes as saved: CRLF, BOM, mixed endings
    env = isolated_env(root)
    (root / "warehouse").mkdir()
    env["DBT_PROFILES_DIR"] = str(project / "profiles")
    directory = ["--project-dir", str(project)]
    with contextlib.ExitStack() as stack:
        if request.param == "postgres":
            try:
                server = stack.enter_context(pg_server.running_server())
            except pg_server.PostgresUnavailable as missing:
                pytest.skip(str(missing))
            env.update(server.env("seedcheck"))

            def query(sql: str) -> list[tuple]:
                with contextlib.closing(server.connect()) as con, con.cursor() as cursor:
                    cursor.execute(sql.replace("main_seeds.", "seedcheck_seeds."))
                    return cursor.fetchall()
        else:

            def query(sql: str) -> list[tuple]:
                with duckdb.connect(env["ROI_DUCKDB_PATH"], read_only=True) as con:
                    return con.execute(sql).fetchall()

        dbt("deps", "--quiet", *directory, env=env)
        build = dbt("build", "--select", *SEEDS, *directory, env=env, check=False)
        results = json.loads((root / "target" / "run_results.json").read_text())
        output = flat(build.stdout + build.stderr)
        yield output, build.returncode, results, query


def flat(text: str) -> str:
    """Lines without their indentation (dbt indents error messages by its own nesting)."""
    return "\n".join(line.strip() for line in text.splitlines())


def test_duplicate_key_names_seed_key_and_rows(seed_build):
    output, returncode, _, _ = seed_build
    assert returncode != 0
    assert (
        "Seed 'workflows' breaks a rule: workflow_id must be unique (one row per workflow_id).\n"
        "workflow_id = lead_scoring_review is on more than one row:\n"
        "row: workflow_id = lead_scoring_review, workflow_name = Lead scoring review, "
        "roi_dimension = pipeline, ai_tool = HubSpot AI, ai_go_live_date = 2026-02-01, "
        "annual_task_frequency = 400, owner_role_id = revops_analyst, "
        "classification_rule = tag_only, description = Weekly review of scored leads before "
        "routing\n"
        "row: workflow_id = lead_scoring_review, workflow_name = Lead scoring review (pasted "
        "twice), roi_dimension = pipeline"
    ) in output
    assert "Fix the row in seeds/core/workflows.csv" in output
    assert "Got 1 result" not in output  # dbt's own message for a failing unique test


def test_blank_value_names_the_row(seed_build):
    output, _, _, _ = seed_build
    assert (
        "Seed 'workflows' breaks a rule: workflow_name must not be empty.\n"
        "row: workflow_id = monthly_client_report, workflow_name = (empty), "
        "roi_dimension = efficiency"
    ) in output


def test_blank_fx_rate_names_currency_and_date(seed_build):
    output, _, _, _ = seed_build
    assert (
        "Seed 'fx_rates' breaks a rule: usd_per_unit must be a positive number of USD per unit "
        "(1 EUR = 1.087 USD, not the inverse in cents).\n"
        "row currency_code = EUR: usd_per_unit = (empty)\n"
        "(whole row: currency_code = EUR, effective_from = 2026-01-01, usd_per_unit = (empty), "
        "source = month-start reference rate (finance))\n"
        "Fix the value in seeds/pipeline/fx_rates.csv"
    ) in output


def test_duplicate_combination_names_the_key_and_rows(seed_build):
    output, _, _, _ = seed_build
    assert (
        "Seed 'fx_rates' breaks a rule: one row per currency_code and effective_from.\n"
        "currency_code = EUR, effective_from = 2025-12-01 is on more than one row:\n"
        "row: currency_code = EUR, effective_from = 2025-12-01, usd_per_unit = 1.08265200, "
        "source = month-start reference rate (finance)\n"
        "row: currency_code = EUR, effective_from = 2025-12-01, usd_per_unit = 1.08270000, "
        "source = pasted again by mistake\n"
        "Fix the row in seeds/pipeline/fx_rates.csv"
    ) in output


def test_spreadsheet_saved_seeds_load_and_pass_their_tests(seed_build):
    output, _, results, query = seed_build
    statuses = {
        result["unique_id"]: result["status"]
        for result in results["results"]
        if "ai_assist_tags" in result["unique_id"] or "email_event_types" in result["unique_id"]
    }
    assert set(statuses.values()) == {"success", "pass"}, statuses  # loaded, every test passed
    assert len([key for key in statuses if key.startswith("test.")]) >= 4
    tags = query("select tag, meaning from main_seeds.ai_assist_tags order by tag")
    events = query(
        "select count(*), sum(case when vendor_event_code = 'forward' then 1 else 0 end) "
        "from main_seeds.email_event_types"
    )[0]
    # ai_assist_tags: BOM + CRLF + two blank lines: the 2 rows of the seed, the BOM not in `tag`
    assert [tag for tag, _ in tags] == ["ai", "ai-assisted"]
    # email_event_types: 25 LF rows, 1 appended with CRLF, then `,,,` and a blank line
    assert tuple(events) == (26, 1)
    assert "Error when sniffing file" not in output
