"""PII never reaches a mart: every mart column and value of the shared sample build is scanned.

- No mart column is named like a person's email or name.
- No text value in any mart looks like an email address.
- No personal value of any raw table (emails, user and person names, from every shape of the
  registry, so CRM and email-platform sources are scanned the day they land) appears in a mart.
- Staging hashes people with a salt from ROI_PII_SALT: the hash is not the plain md5 of the
  normalised email, and the salt comes from the environment.
"""

from __future__ import annotations

import re

from conftest import dbt

from python_helpers.checks.suites import EMAIL_PATTERN
from python_helpers.shapes import all_shapes

PERSONAL_COLUMN = re.compile(
    r"(^|_)(e_?mail(_address)?|first_?name|last_?name|full_?name|person_name|user_?name|"
    r"contact_name|recipient|phone(_number)?|ip_address)(_|$)|^(name|user|person|owner)$"
)
# Raw columns holding a personal value, by normalised name (every shape of every system).
PERSONAL_RAW_COLUMN = re.compile(
    r"(^|_)(e_?mail|email_address)$"
    r"|^(user|user_name|first_?name|last_?name|full_?name|person_name|contact_name|recipient)$"
)


def mart_columns(pipeline) -> list[tuple[str, str, str, str]]:
    return pipeline.query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_schema like '%marts' order by 1, 2, 3"
    )


def test_no_mart_column_is_named_like_personal_data(built_warehouse):
    columns = mart_columns(built_warehouse)
    assert columns, "no marts built"
    named = [f"{s}.{t}.{c}" for s, t, c, _ in columns if PERSONAL_COLUMN.search(c.lower())]
    assert named == []


def test_no_mart_value_looks_like_an_email(built_warehouse):
    text_columns = [(s, t, c) for s, t, c, d in mart_columns(built_warehouse) if d == "VARCHAR"]
    assert text_columns
    found = []
    for schema, table, column in text_columns:
        rows = built_warehouse.query(
            f'select distinct "{column}" from "{schema}"."{table}" '
            f"where regexp_matches(\"{column}\", '{EMAIL_PATTERN}') limit 5"
        )
        found += [(f"{schema}.{table}.{column}", value) for (value,) in rows]
    assert found == []


def test_no_raw_personal_value_reaches_a_mart(built_warehouse):
    personal: set[str] = set()
    with built_warehouse.connect() as con:
        for shape in all_shapes():
            columns = [c for c in shape.columns if PERSONAL_RAW_COLUMN.search(c)]
            for column in columns:
                rows = con.execute(
                    f'select distinct trim("{column}") from {shape.schema}.{shape.table} '
                    f'where "{column}" is not null'
                ).fetchall()
                personal |= {value for (value,) in rows if value and len(value) > 2}
        assert personal, "no personal values found in the raw tables"
        lowered = {value.lower() for value in personal}
        leaks = []
        for schema, table, column, data_type in mart_columns(built_warehouse):
            if data_type != "VARCHAR":
                continue
            values = con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()
            leaks += [
                f"{schema}.{table}.{column} = {value!r}"
                for (value,) in values
                if value and value.strip().lower() in lowered
            ]
    assert leaks == []


def test_staging_hashes_people_with_a_salt(built_warehouse):
    unsalted = built_warehouse.query(
        "select count(*) from main_staging.stg_time_tracking__time_entries "
        "where person_id in (select distinct md5(lower(trim(email))) "
        "from raw_time_tracking.toggl_time_entries)"
    )
    hashed = built_warehouse.query(
        "select count(*), count(*) filter (where regexp_matches(person_id, '^[0-9a-f]{32}$')) "
        "from main_staging.stg_time_tracking__time_entries"
    )
    assert unsalted == [(0,)]
    assert hashed[0][0] > 0 and hashed[0][0] == hashed[0][1]


def test_the_salt_comes_from_the_environment(built_warehouse):
    env = dict(built_warehouse.env, ROI_PII_SALT="salt-from-the-environment-42")
    compiled = dbt(
        "compile",
        "--quiet",
        "--inline",
        "select {{ hash_pii(normalize_email(\"'Avery@Example.com'\")) }} as person_id",
        env=env,
    )
    assert "salt-from-the-environment-42" in compiled.stdout
    assert "Avery@Example.com" in compiled.stdout  # the input, normalised in SQL, then hashed
