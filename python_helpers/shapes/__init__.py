"""Registry of the file shapes the loader recognises, one module per source system.

A shape is recognised by its header: every required column must be present (after name
normalisation and aliases). Columns are mapped by name, never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SYSTEMS = ("time_tracking", "email_platform", "crm")


@dataclass(frozen=True)
class FileShape:
    system: str
    name: str
    table: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    description: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def schema(self) -> str:
        return f"raw_{self.system}"


def normalize_column_name(name: str) -> str:
    """'Amount (USD)' -> 'amount_usd', '\ufeffUser' -> 'user', 'Billable?' -> 'billable'."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", cleaned).strip("_")


def all_shapes() -> list[FileShape]:
    from . import time_tracking

    shapes: list[FileShape] = list(time_tracking.SHAPES)
    for module_name in ("email_platform", "crm"):
        try:
            module = __import__(f"{__name__}.{module_name}", fromlist=["SHAPES"])
        except ModuleNotFoundError:
            continue
        shapes.extend(module.SHAPES)
    return shapes


def shapes_for(system: str) -> list[FileShape]:
    return [shape for shape in all_shapes() if shape.system == system]
