"""Headline results printed by `roi results` and `roi demo`, one module per ROI area.

Each area module defines `print_results(con)`; areas whose marts are missing are skipped.
Connections are read-only: printing never blocks a build.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb
import pandas as pd

AREAS = ("efficiency", "performance_lift", "pipeline", "roi")


def print_frame(title: str, frame: pd.DataFrame) -> None:
    print(f"\n{title}")
    if frame.empty:
        print("  (no rows)")
        return
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(frame.round(4).to_string(index=False))


def print_results(database: Path) -> None:
    with duckdb.connect(str(database), read_only=True) as con:
        for area in AREAS:
            try:
                module = importlib.import_module(f"{__name__}.{area}")
            except ModuleNotFoundError:
                continue
            try:
                module.print_results(con)
            except duckdb.CatalogException as error:
                print(f"\n({area}: marts not built yet: {error})")
