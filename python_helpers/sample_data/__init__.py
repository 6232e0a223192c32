"""Realistic sample extracts in the vendors' own shapes, with planted effects the tests recover.

Every generator is seeded and vectorised; `scale` multiplies volumes (scale 1 is the demo).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

# The sample year: twelve full months before the anchor date.
SAMPLE_START = date(2025, 11, 1)
SAMPLE_END = date(2026, 10, 31)


def generate_all(landing: Path, scale: float = 1.0, seed: int = 42) -> dict[str, list[Path]]:
    """Write every system's sample extracts under landing/<system>/ and return the paths."""
    from . import time_tracking

    written = {
        "time_tracking": time_tracking.write_extracts(landing / "time_tracking", scale, seed)
    }
    for system in ("email_platform", "crm"):
        try:
            module = __import__(f"{__name__}.{system}", fromlist=["write_extracts"])
        except ModuleNotFoundError:
            continue
        written[system] = module.write_extracts(landing / system, scale, seed)
    return written


FIRST_NAMES = (
    "alex",
    "blair",
    "casey",
    "dana",
    "eli",
    "frankie",
    "gray",
    "harper",
    "indy",
    "jules",
)
COMPANIES = ("acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne")


def sample_contact_emails(count: int) -> list[str]:
    """The shared contact universe: contact i has the same address in the CRM and the email
    platform samples, so funnel and attribution models can join them (after hashing)."""
    return [
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]}.{i:07d}@{COMPANIES[i % len(COMPANIES)]}.example"
        for i in range(count)
    ]
