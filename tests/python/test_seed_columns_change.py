"""A seed that gains or loses a column loads on the next plain build (dbt_project.yml seeds
`+full_refresh: true`). Without it dbt truncates the old table and inserts the new CSV's columns
into it: 'Binder Error: Table "finance_settings" does not have a column with name ...', and every
nightly build after an upgrade that adds a seed column (or a Finance edit that does) fails until
someone runs --full-refresh."""

from __future__ import annotations

import duckdb
from conftest import WAREHOUSE_FILE, dbt, dbt_deps, isolated_env


def test_a_seed_table_with_other_columns_is_replaced_by_a_plain_dbt_seed(tmp_path):
    env = isolated_env(tmp_path)
    (tmp_path / "landing").mkdir()
    (tmp_path / WAREHOUSE_FILE).parent.mkdir()
    # The table as an older release of the project left it: a column since renamed, one missing.
    with duckdb.connect(str(tmp_path / WAREHOUSE_FILE)) as con:
        con.execute("create schema main_seeds")
        con.execute(
            "create table main_seeds.finance_settings "
            "(setting_id varchar, discount_rate double, prepost_max_period_days integer)"
        )
        con.execute("insert into main_seeds.finance_settings values ('default', 0.08, 180)")
    dbt_deps(env)
    seeded = dbt("seed", "--select", "finance_settings", env=env, check=False)
    assert seeded.returncode == 0, seeded.stdout[-3000:]
    with duckdb.connect(str(tmp_path / WAREHOUSE_FILE), read_only=True) as con:
        columns = [
            row[0]
            for row in con.execute(
                "select column_name from information_schema.columns where table_schema = "
                "'main_seeds' and table_name = 'finance_settings' order by ordinal_position"
            ).fetchall()
        ]
        rows = con.execute(
            "select setting_id, discount_rate, horizon_years from main_seeds.finance_settings"
        ).fetchall()
    assert "prepost_max_period_days" not in columns
    assert columns[:3] == ["setting_id", "discount_rate", "horizon_years"]
    assert [(setting, float(rate), years) for setting, rate, years in rows] == [
        ("default", 0.10, 3)
    ]
