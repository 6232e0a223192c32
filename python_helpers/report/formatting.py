"""Numbers formatted for finance: dollars with separators, short ranges, percentages."""

from __future__ import annotations

import math


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def usd(value) -> str:
    """12000 -> '$12,000'; -500 -> '-$500'; None -> '-'."""
    if _missing(value):
        return "-"
    amount = float(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.0f}"


def usd_short(value) -> str:
    """35000 -> '$35k'; 1250000 -> '$1.25M'; 950 -> '$950'."""
    if _missing(value):
        return "-"
    amount = float(value)
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    if size >= 1_000_000:
        text = f"{size / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    elif size >= 1_000:
        text = f"{size / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"{size:.0f}"
    return f"{sign}${text}"


def usd_range(low, high) -> str:
    """(35000, 45000) -> '$35k-$45k'; a missing bound gives '-'."""
    if _missing(low) or _missing(high):
        return "-"
    return f"{usd_short(low)}-{usd_short(high)}"


def percent(value, digits: int = 1) -> str:
    """0.223 -> '22.3%' (value is a 0-1 ratio)."""
    if _missing(value):
        return "-"
    return f"{float(value) * 100:.{digits}f}%"


def number(value, digits: int = 1) -> str:
    if _missing(value):
        return "-"
    return f"{float(value):,.{digits}f}"
