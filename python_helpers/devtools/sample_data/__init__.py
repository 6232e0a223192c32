"""Realistic sample extracts in the vendors' own shapes, with planted effects the tests recover.

Every generator is seeded and vectorised; `scale` multiplies volumes (scale 1 is the demo).
"""

from __future__ import annotations

from pathlib import Path

from .universe import SAMPLE_END, SAMPLE_START, sample_contact_emails

__all__ = ["SAMPLE_END", "SAMPLE_START", "generate_all", "sample_contact_emails"]


def generate_all(landing: Path, scale: float = 1.0, seed: int = 42) -> dict[str, list[Path]]:
    """Write every system's sample extracts under landing/<system>/ and return the paths."""
    from . import crm, email_platform, time_tracking

    return {
        "time_tracking": time_tracking.write_extracts(landing / "time_tracking", scale, seed),
        "email_platform": email_platform.write_extracts(landing / "email_platform", scale, seed),
        "crm": crm.write_extracts(landing / "crm", scale, seed),
    }
