"""What a landed file's shape is: a vendor export recognised by its header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


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
