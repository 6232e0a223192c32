"""What every sample system shares: the sample year and the contacts the CRM and the email
platform samples have in common."""

from __future__ import annotations

from datetime import date

# The sample year: twelve full months before the anchor date.
SAMPLE_START = date(2025, 11, 1)
SAMPLE_END = date(2026, 10, 31)


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
