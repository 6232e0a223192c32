"""Headline results printed by `roi results` and `roi demo`, one module per ROI area.

Each area module defines `print_results(con)`; areas whose marts are missing are skipped.
Connections are read-only: printing never blocks a build.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb
import pandas as pd

from ..schemas import MARTS_SCHEMA

AREAS = ("efficiency", "performance_lift", "pipeline", "roi")


def print_frame(title: str, frame: pd.DataFrame) -> None:
    print(f"\n{title}")
    if frame.empty:
        print("  (no rows)")
        return
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(frame.round(4).to_string(index=False))


def measurement_status(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """fct_measurement_status (one row per ROI dimension), or no rows when it is not built."""
    try:
        return con.execute(
            "select dimension, measurement_status, measurement_status_message "
            f"from {MARTS_SCHEMA}.fct_measurement_status order by dimension"
        ).df()
    except duckdb.CatalogException:
        return pd.DataFrame(
            columns=["dimension", "measurement_status", "measurement_status_message"]
        )


def not_measured_lines(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The status line of each dimension without data, by dimension ('pipeline', ...)."""
    status = measurement_status(con)
    unmeasured = status[status["measurement_status"] != "measured"]
    return dict(zip(unmeasured["dimension"], unmeasured["measurement_status_message"], strict=True))


def print_results(database: Path) -> None:
    with duckdb.connect(str(database), read_only=True) as con:
        status = measurement_status(con)
        if not status.empty:
            print("\nWhat is measured (fct_measurement_status)")
            for line in status["measurement_status_message"]:
                print(f"  {line}")
        unmeasured = not_measured_lines(con)
        for area in AREAS:
            if area in unmeasured:
                print(f"\n({unmeasured[area]})")
                continue
            try:
                module = importlib.import_module(f"{__name__}.{area}")
            except ModuleNotFoundError:
                continue
            try:
                module.print_results(con)
            except duckdb.CatalogException as error:
                print(f"\n({area}: marts not built yet: {error})")
