"""The shared sample build (tests/python/conftest.py) is safe to share.

Each worker's `built_warehouse` is its own copy of the one build of the run (a write to it, or a
dbt command holding its lock, never reaches another worker), and `warehouse_copy` is a private,
writable copy: a table planted in it is in neither the worker's copy nor the shared build.
"""

from __future__ import annotations

import duckdb
from conftest import Pipeline, shared_sample


def tables(pipeline: Pipeline) -> set[str]:
    return {
        f"{schema}.{name}"
        for schema, name in pipeline.query(
            "select table_schema, table_name from information_schema.tables"
        )
    }


def test_each_worker_reads_its_own_copy_of_the_one_build(built_warehouse, tmp_path_factory):
    shared = shared_sample(tmp_path_factory)
    assert built_warehouse.database != shared.database
    assert built_warehouse.env["ROI_DUCKDB_PATH"] == str(built_warehouse.database)
    assert built_warehouse.env["DBT_TARGET_PATH"] != shared.env["DBT_TARGET_PATH"]
    assert built_warehouse.build_log == shared.build_log
    assert "Completed successfully" in shared.build_log
    assert tables(built_warehouse) == tables(shared)
    assert (built_warehouse.root / "target" / "manifest.json").is_file()


def test_warehouse_copy_is_private_and_writable(warehouse_copy, built_warehouse, tmp_path_factory):
    with duckdb.connect(str(warehouse_copy.database)) as con:  # read-write
        con.execute("create table main.planted_in_the_copy as select 1 as one")
    assert "main.planted_in_the_copy" in tables(warehouse_copy)
    assert "main.planted_in_the_copy" not in tables(built_warehouse)
    assert "main.planted_in_the_copy" not in tables(shared_sample(tmp_path_factory))
    assert warehouse_copy.landing != built_warehouse.landing
    landed = sorted(path.name for path in warehouse_copy.landing.rglob("*.csv"))
    assert landed == sorted(path.name for path in built_warehouse.landing.rglob("*.csv"))
    assert landed, "the copy has the sample's landing files"
