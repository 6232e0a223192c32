"""Per-file format detection: what a whole column proves about the exporting user's settings.

Toggl, Clockify and Harvest write dates, times and decimal hours the way the exporting user's
settings say (`23/06/2026` or `06/23/2026` or `23.06.2026`, `14:15` or `02:15:00 PM`, `1.5` or
`1,5`). One value rarely proves anything (`02/03/2026` reads both ways); a whole column usually
does: one day field over 12 settles the date order for the file. `resolve_formats` is a pure
function over plain strings, so `roi doctor` can call it on a file before loading and the loader
after loading (on the distinct values of the file's raw rows); the loader records the result as
JSON in `raw_meta.file_loads.resolved_formats`, and staging parses each file with it.

What it decides, per file:
- date order and separator: ISO (`%Y-%m-%d`), day-first or month-first with `/`, `.` or `-`.
  A day field over 12 in the first position proves day-first, in the second month-first. A file
  where no value proves either stays **ambiguous**: `date_format` is null and staging uses the
  configured dbt var (e.g. `roi_clockify_date_format`) with the file's separator; the evidence says
  so.
- clock: 12-hour (an AM/PM marker) or 24-hour, with or without seconds.
- decimal separator of decimal hours (Harvest `Hours`, Clockify `Duration (decimal)`): `,` when
  the column writes decimal commas and no decimal points (a mixed column keeps the majority, `.`
  on a tie).
- HubSpot email events' `created`: epoch milliseconds, ISO with an offset, or ISO without a zone
  (read in `roi_hubspot_timezone`).

Values no supported format reads are listed per column with examples: staging quarantines those
rows and `roi check` fails when a file has too many of them (see docs/format_detection.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The finite set of formats staging can parse (macros/parsing/parse_timestamp_with_format.sql
# generates one CASE branch per date x time format; tests check both lists agree).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%d-%m-%Y",
    "%m-%d-%Y",
)
TIME_FORMATS = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")

# Which columns of which shape carry which kind of value.
DATE_COLUMNS = {
    "toggl": ("start_date", "end_date"),
    "clockify": ("start_date", "end_date"),
    "harvest": ("date",),
}
TIME_COLUMNS = {
    "toggl": ("start_time", "end_time"),
    "clockify": ("start_time", "end_time"),
}
DECIMAL_COLUMNS = {
    "clockify": ("duration_decimal",),
    "harvest": ("hours",),
}
TIMESTAMP_COLUMNS = {
    "hubspot_email_events": ("created",),
}
# The dbt var that decides an ambiguous file's date order, per shape.
DATE_FORMAT_VARS = {
    "toggl": "roi_toggl_date_format",
    "clockify": "roi_clockify_date_format",
    "harvest": "roi_harvest_date_format",
}
TIMESTAMP_ZONE_VARS = {"hubspot_email_events": "roi_hubspot_timezone"}

EXAMPLES = 3

_YMD = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(:(\d{2}))?(\s?([AaPp][Mm]))?$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d+\.\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_INTEGER = re.compile(r"^[+-]?\d+$")
EPOCH_MS = re.compile(r"^1\d{12}$")
# The values SQL may count as epoch milliseconds without Python: ASCII digits, nothing around
# them (PostgreSQL's `~` and DuckDB's both read it; every such value also matches EPOCH_MS).
EPOCH_MS_SQL_PATTERN = "^1[0-9]{12}$"

_ISO_ZONELESS = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_ISO_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?(Z|[+-]\d{2}(:?\d{2})?)$"
)


def _separator_of(value: str) -> str | None:
    """The separator of a day/month date (None when `value` is not one)."""
    match = _DAY_MONTH.match(value)
    return match[2] if match else None


@dataclass(frozen=True)
class CountedValues:
    """Distinct values of a format counted elsewhere: how many, and the smallest (as sorted)."""

    count: int
    smallest: str


@dataclass(frozen=True)
class ResolvedFormats:
    """What one file's columns prove. `None` means "not applicable" or, for `date_format`
    with `date_order == 'ambiguous'`, "use the configured var"."""

    shape: str
    date_format: str | None = None
    date_order: str | None = None  # YMD | DMY | MDY | ambiguous
    date_separator: str | None = None
    date_order_evidence: str | None = None
    time_format: str | None = None
    clock: str | None = None  # 12-hour | 24-hour
    decimal_separator: str | None = None
    timestamp_format: str | None = None  # epoch_ms | iso_with_offset | iso_without_zone | mixed
    evidence: tuple[str, ...] = ()
    # column -> (count of distinct values no supported format reads, up to 3 examples)
    unrecognised: Mapping[str, tuple[int, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def is_ambiguous(self) -> bool:
        return self.date_order == "ambiguous"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "date_format": self.date_format,
            "date_order": self.date_order,
            "date_separator": self.date_separator,
            "date_order_evidence": self.date_order_evidence,
            "time_format": self.time_format,
            "clock": self.clock,
            "decimal_separator": self.decimal_separator,
            "timestamp_format": self.timestamp_format,
        }
        data = {key: value for key, value in data.items() if value is not None}
        data["shape"] = self.shape
        data["evidence"] = list(self.evidence)
        if self.unrecognised:
            data["unrecognised"] = {
                column: {"count": count, "examples": list(examples)}
                for column, (count, examples) in self.unrecognised.items()
            }
        return data

    def as_json(self) -> str:
        """Compact JSON text, one key per line-free string (stored in file_loads)."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)

    def describe(self) -> str:
        """One human-readable line, e.g. for `roi load` and `roi doctor`."""
        parts = []
        if self.date_format or self.date_order:
            parts.append(f"dates {self.date_format or 'ambiguous'}")
        if self.time_format:
            parts.append(f"times {self.time_format}")
        if self.decimal_separator:
            parts.append(f"decimal separator '{self.decimal_separator}'")
        if self.timestamp_format:
            parts.append(f"timestamps {self.timestamp_format}")
        head = ", ".join(parts) or "no user-formatted columns"
        return f"{head} ({'; '.join(self.evidence)})" if self.evidence else head


def _clean(values: Iterable[str | None]) -> list[str]:
    return sorted({value.strip() for value in values if value is not None and value.strip()})


def _examples(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(list(values)[:EXAMPLES])


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _resolve_dates(values: list[str], configured: str | None, var_name: str) -> dict[str, Any]:
    """Date order and separator from every value of the file's date columns."""
    families: Counter[tuple[str, str]] = Counter()  # (kind, separator)
    day_first: list[str] = []
    month_first: list[str] = []
    unread: list[str] = []
    for value in values:
        if match := _YMD.match(value):
            if 1 <= int(match[3]) <= 12 and 1 <= int(match[4]) <= 31:
                families[("YMD", match[2])] += 1
                continue
        elif match := _DAY_MONTH.match(value):
            first, second = int(match[1]), int(match[3])
            if 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12:
                families[("DM", match[2])] += 1
                if first > 12:
                    day_first.append(value)
                elif second > 12:
                    month_first.append(value)
                continue
        unread.append(value)
    result: dict[str, Any] = {"unread": unread, "evidence": []}
    if not families:
        if unread:
            result["evidence"].append(
                f"no date value in a supported format ({_plural(len(unread), 'value')}, "
                f"e.g. {', '.join(_examples(unread))})"
            )
        return result
    (kind, separator), count = families.most_common(1)[0]
    if len(families) > 1:
        result["evidence"].append(
            f"dates written in several ways; the most common ({count} values) is used"
        )
        result["unread"] += [v for v in values if _date_family(v) not in (None, (kind, separator))]
    result["date_separator"] = separator
    if kind == "YMD":
        result["date_order"] = "YMD"
        result["date_format"] = f"%Y{separator}%m{separator}%d"
        result["date_order_evidence"] = "year first (ISO order)"
        return result
    day_first = [v for v in day_first if _separator_of(v) == separator]
    month_first = [v for v in month_first if _separator_of(v) == separator]
    if day_first and not month_first:
        result["date_order"] = "DMY"
        result["date_order_evidence"] = (
            f"day field over 12 in {_plural(len(day_first), 'value')} "
            f"(e.g. {', '.join(_examples(day_first))})"
        )
    elif month_first and not day_first:
        result["date_order"] = "MDY"
        result["date_order_evidence"] = (
            f"day field over 12 in {_plural(len(month_first), 'value')} "
            f"(e.g. {', '.join(_examples(month_first))})"
        )
    elif day_first and month_first:
        # Both orders proven by different rows: the majority wins, the others are unreadable.
        if len(month_first) > len(day_first):
            result["date_order"], losers = "MDY", day_first
        else:
            result["date_order"], losers = "DMY", month_first
        result["date_order_evidence"] = (
            f"conflicting: day over 12 first in {len(day_first)} values, second in "
            f"{len(month_first)}; {result['date_order']} kept"
        )
        result["unread"] += losers
    else:
        result["date_order"] = "ambiguous"
        candidates = [f"%d{separator}%m{separator}%Y", f"%m{separator}%d{separator}%Y"]
        result["date_format_candidates"] = candidates
        configured_text = f" ({configured})" if configured else ""
        result["date_order_evidence"] = (
            f"ambiguous: no day field over 12 in {_plural(count, 'value')}; configured "
            f"{var_name}{configured_text} used"
        )
        return result
    order = result["date_order"]
    result["date_format"] = (
        f"%d{separator}%m{separator}%Y" if order == "DMY" else f"%m{separator}%d{separator}%Y"
    )
    return result


def _date_family(value: str) -> tuple[str, str] | None:
    if match := _YMD.match(value):
        return ("YMD", match[2])
    if match := _DAY_MONTH.match(value):
        return ("DM", match[2])
    return None


def _resolve_times(values: list[str]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    unread: list[str] = []
    for value in values:
        match = _TIME.match(value)
        if not match:
            unread.append(value)
            continue
        hour, minute = int(match[1]), int(match[2])
        second = int(match[4]) if match[4] else 0
        twelve = bool(match[6])
        if minute > 59 or second > 59 or (twelve and not 1 <= hour <= 12) or hour > 23:
            unread.append(value)
            continue
        space = " " if match[5] and match[5].startswith((" ", "\t")) else ""
        if twelve and not space:
            unread.append(value)  # "2:15PM": not a supported format
            continue
        fmt = ("%I" if twelve else "%H") + ":%M" + (":%S" if match[3] else "")
        kinds[fmt + (" %p" if twelve else "")] += 1
    result: dict[str, Any] = {"unread": unread, "evidence": []}
    if not kinds:
        if unread:
            result["evidence"].append(
                f"no time value in a supported format (e.g. {', '.join(_examples(unread))})"
            )
        return result
    fmt, count = kinds.most_common(1)[0]
    if len(kinds) > 1:
        result["unread"] += [
            v for v in values if v not in unread and _time_format_of(v) not in (None, fmt)
        ]
    result["time_format"] = fmt
    result["clock"] = "12-hour" if fmt.endswith("%p") else "24-hour"
    marker = "an AM/PM marker" if fmt.endswith("%p") else "no AM/PM marker"
    seconds = "with seconds" if ":%S" in fmt else "without seconds"
    result["evidence"].append(
        f"{result['clock']} clock {seconds}: {marker} in {_plural(count, 'time value')}"
    )
    return result


def _time_format_of(value: str) -> str | None:
    match = _TIME.match(value)
    if not match:
        return None
    twelve = bool(match[6])
    return (
        ("%I" if twelve else "%H") + ":%M" + (":%S" if match[3] else "") + (" %p" if twelve else "")
    )


def _resolve_decimals(values: list[str]) -> dict[str, Any]:
    points = [v for v in values if _DECIMAL_POINT.match(v)]
    commas = [v for v in values if _DECIMAL_COMMA.match(v)]
    integers = [v for v in values if _INTEGER.match(v)]
    unread = [v for v in values if v not in points and v not in commas and v not in integers]
    result: dict[str, Any] = {"unread": unread, "evidence": []}
    if commas and len(commas) > len(points):
        result["decimal_separator"] = ","
        result["evidence"].append(
            f"decimal comma in {_plural(len(commas), 'value')} (e.g. "
            f"{', '.join(_examples(commas))})"
            + (f"; {len(points)} with a decimal point are unreadable" if points else "")
        )
        result["unread"] += points
    else:
        result["decimal_separator"] = "."
        if points:
            result["evidence"].append(f"decimal point in {_plural(len(points), 'value')}")
        elif integers:
            result["evidence"].append("whole numbers only: decimal point assumed")
        if commas:
            result["evidence"].append(
                f"{_plural(len(commas), 'value')} with a decimal comma in a decimal-point "
                f"column are unreadable (e.g. {', '.join(_examples(commas))})"
            )
            result["unread"] += commas
    return result


def _resolve_timestamps(
    values: list[str], zone_var: str, counted_epoch_ms: CountedValues | None = None
) -> dict[str, Any]:
    # Kinds are listed (and tied counts ordered) by their smallest value, as a scan of the
    # sorted values meets them.
    counts: Counter[str] = Counter()
    smallest: dict[str, str] = {}
    unread: list[str] = []
    if counted_epoch_ms is not None and counted_epoch_ms.count:
        counts["epoch_ms"] = counted_epoch_ms.count
        smallest["epoch_ms"] = counted_epoch_ms.smallest
    for value in values:
        if EPOCH_MS.match(value):
            kind = "epoch_ms"
        elif _ISO_OFFSET.match(value):
            kind = "iso_with_offset"
        elif _ISO_ZONELESS.match(value):
            kind = "iso_without_zone"
        else:
            unread.append(value)
            continue
        counts[kind] += 1
        smallest[kind] = min(smallest.get(kind, value), value)
    kinds: Counter[str] = Counter()
    for kind in sorted(counts, key=smallest.__getitem__):
        kinds[kind] = counts[kind]
    result: dict[str, Any] = {"unread": unread, "evidence": []}
    if not kinds:
        return result
    result["timestamp_format"] = kinds.most_common(1)[0][0] if len(kinds) == 1 else "mixed"
    for kind, count in kinds.most_common():
        text = {
            "epoch_ms": "epoch milliseconds (UTC)",
            "iso_with_offset": "ISO 8601 with an offset or Z",
            "iso_without_zone": f"ISO 8601 without a zone, read in {zone_var}",
        }[kind]
        result["evidence"].append(f"{text} in {_plural(count, 'value')}")
    return result


def resolve_formats(
    shape_name: str,
    values: Mapping[str, Sequence[str | None]],
    configured: Mapping[str, str] | None = None,
    counted_epoch_ms: CountedValues | None = None,
) -> ResolvedFormats:
    """Decide one file's formats from the values of its columns (`values`: column -> the
    file's values, distinct or not; blanks and None are ignored). `configured` optionally gives
    the dbt vars' values (e.g. {"roi_clockify_date_format": "%m/%d/%Y"}), only to name them in
    the evidence of an ambiguous file. `counted_epoch_ms`: distinct timestamp values already
    counted as epoch milliseconds (by the loader, in SQL: millions of rows in an email export)
    and left out of `values`; the caller guarantees none of `values` strips to one of them.
    Shapes without user-formatted columns resolve to an empty result. Pure: no I/O."""
    configured = configured or {}
    fields: dict[str, Any] = {}
    evidence: list[str] = []
    unrecognised: dict[str, tuple[int, tuple[str, ...]]] = {}

    def note_unread(columns: Sequence[str], unread: list[str]) -> None:
        bad = set(unread)
        for column in columns:
            found = [v for v in _clean(values.get(column, ())) if v in bad]
            if found:
                unrecognised[column] = (len(found), _examples(found))

    date_columns = DATE_COLUMNS.get(shape_name, ())
    if date_columns:
        var_name = DATE_FORMAT_VARS[shape_name]
        dates = _clean(v for column in date_columns for v in values.get(column, ()))
        resolved = _resolve_dates(dates, configured.get(var_name), var_name)
        for key in ("date_format", "date_order", "date_separator", "date_order_evidence"):
            if resolved.get(key) is not None:
                fields[key] = resolved[key]
        if resolved.get("date_order_evidence"):
            evidence.append(f"dates: {resolved['date_order_evidence']}")
        evidence += [f"dates: {text}" for text in resolved["evidence"]]
        note_unread(date_columns, resolved["unread"])

    time_columns = TIME_COLUMNS.get(shape_name, ())
    if time_columns:
        times = _clean(v for column in time_columns for v in values.get(column, ()))
        resolved = _resolve_times(times)
        for key in ("time_format", "clock"):
            if resolved.get(key) is not None:
                fields[key] = resolved[key]
        evidence += [f"times: {text}" for text in resolved["evidence"]]
        note_unread(time_columns, resolved["unread"])

    decimal_columns = DECIMAL_COLUMNS.get(shape_name, ())
    if decimal_columns:
        numbers = _clean(v for column in decimal_columns for v in values.get(column, ()))
        resolved = _resolve_decimals(numbers)
        fields["decimal_separator"] = resolved["decimal_separator"]
        evidence += [f"hours: {text}" for text in resolved["evidence"]]
        note_unread(decimal_columns, resolved["unread"])

    timestamp_columns = TIMESTAMP_COLUMNS.get(shape_name, ())
    if timestamp_columns:
        stamps = _clean(v for column in timestamp_columns for v in values.get(column, ()))
        resolved = _resolve_timestamps(stamps, TIMESTAMP_ZONE_VARS[shape_name], counted_epoch_ms)
        if resolved.get("timestamp_format"):
            fields["timestamp_format"] = resolved["timestamp_format"]
        evidence += [f"timestamps: {text}" for text in resolved["evidence"]]
        note_unread(timestamp_columns, resolved["unread"])

    return ResolvedFormats(
        shape=shape_name, evidence=tuple(evidence), unrecognised=unrecognised, **fields
    )


def columns_to_resolve(shape_name: str) -> tuple[str, ...]:
    """The raw columns `resolve_formats` reads for a shape (empty: nothing to resolve)."""
    return (
        DATE_COLUMNS.get(shape_name, ())
        + TIME_COLUMNS.get(shape_name, ())
        + DECIMAL_COLUMNS.get(shape_name, ())
        + TIMESTAMP_COLUMNS.get(shape_name, ())
    )
