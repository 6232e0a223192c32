"""Sample email-platform extracts: Marketo bulk activity CSVs and HubSpot email events CSVs.

Each A/B test of PLANTED_TESTS (mirrored by seeds/performance_lift/ab_tests.csv) sends one email
to a random audience of the shared contact universe, split between the human control and the
AI-written variant, with a planted click-through rate per arm. Around the true behaviour the
files carry what real exports carry: bot clicks (flagged), Apple Mail Privacy Protection machine
opens (user agent "Mozilla/5.0"), repeated clicks of one recipient, bounces, a few recipients
sent both variants, and a re-exported file that repeats events of another file.
Tests read PLANTED_TESTS to check that the marts recover the planted lifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .universe import sample_contact_emails


@dataclass(frozen=True)
class PlantedTest:
    ab_test_id: str
    workflow_id: str
    campaign_type: str
    platform: str  # marketo | hubspot
    campaign_key: str  # Marketo campaignId / HubSpot emailCampaignGroupId
    control_variant: str  # Marketo Test Variant label / HubSpot emailCampaignId
    ai_variant: str
    start: date
    end: date
    recipients: int  # both arms, at scale 1
    control_ctr: float  # unique human clicks / delivered
    ai_ctr: float
    ai_share: float = 0.5  # the share actually sent the AI variant; the plan is always 50/50

    @property
    def has_lift(self) -> bool:
        return self.ai_ctr != self.control_ctr

    @property
    def has_sample_ratio_mismatch(self) -> bool:
        return self.ai_share != 0.5


PLANTED_TESTS = (
    # The worked example: CTR 2.3% -> 2.8% (+22%).
    PlantedTest("webinar_invite_2026_04", "webinar_email_sequence", "webinar_invite", "marketo",
                "4101", "Version A", "Version B", date(2026, 4, 6), date(2026, 5, 29),
                100_000, 0.023, 0.028),
    PlantedTest("webinar_follow_up_2026_05", "webinar_email_sequence", "webinar_follow_up",
                "marketo", "4102", "Version B", "Version A", date(2026, 5, 4), date(2026, 5, 22),
                80_000, 0.030, 0.037),
    # No real effect.
    PlantedTest("webinar_reminder_2026_06", "webinar_email_sequence", "webinar_reminder",
                "marketo", "4103", "Version A", "Version B", date(2026, 6, 1), date(2026, 6, 26),
                50_000, 0.026, 0.026),
    PlantedTest("newsletter_subject_2026_04", "subject_line_testing", "newsletter", "hubspot",
                "9001", "900101", "900102", date(2026, 4, 1), date(2026, 6, 30),
                80_000, 0.020, 0.020),
    PlantedTest("product_launch_2026_07", "subject_line_testing", "product_launch", "hubspot",
                "9002", "900201", "900202", date(2026, 7, 6), date(2026, 8, 28),
                80_000, 0.018, 0.024),
    # Randomisation broken: 53% of the audience got the AI variant (a sample-ratio mismatch).
    PlantedTest("nurture_2026_08", "subject_line_testing", "nurture", "hubspot",
                "9003", "900301", "900302", date(2026, 8, 3), date(2026, 9, 25),
                40_000, 0.025, 0.030, ai_share=0.53),
)  # fmt: skip

# Behaviour around the planted click-through rates (shares of recipient-sends).
DELIVERY_RATE = 0.97
HUMAN_OPEN_RATE = 0.22
APPLE_MPP_SHARE = 0.30  # recipients whose Apple Mail proxy opens every email ("Mozilla/5.0")
BOT_CLICK_RATE = 0.012  # link scanners: flagged clicks seconds after delivery
EXTRA_CLICKS_MEAN = 0.35  # repeated clicks of one clicker (unique clicks count once)
UNSUBSCRIBE_RATE = 0.002
EXPOSED_TO_BOTH_SHARE = 0.003  # recipients also sent the other variant (list overlap)
CONTACT_UNIVERSE_PER_SCALE = 150_000
# The re-export repeats this many days at the end of each platform's busiest month.
REEXPORT_DAYS = 6
MPP_USER_AGENT = "Mozilla/5.0"
HUMAN_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
)
BOT_USER_AGENT = "Mozilla/5.0 (compatible; SafeLinks-Scanner/2.1)"

# Event codes of the simulation, and each vendor's name for them.
SEND, DELIVERED, BOUNCE, OPEN, CLICK, UNSUBSCRIBE = range(6)
MARKETO_TYPE_IDS = np.array([6, 7, 8, 10, 11, 9])
HUBSPOT_TYPES = np.array(["SENT", "DELIVERED", "BOUNCE", "OPEN", "CLICK", "STATUSCHANGE"])


def _recipient_sends(rng: np.random.Generator, scale: float, universe: int) -> pd.DataFrame:
    """One row per recipient per send: test, contact, arm (1 = AI) and send time (epoch s)."""
    frames = []
    for index, test in enumerate(PLANTED_TESTS):
        count = max(200, int(round(test.recipients * scale)))
        contacts = rng.choice(universe, size=min(count, universe), replace=False)
        # Platforms split the list exactly by the configured percentage.
        arm = np.zeros(contacts.size, dtype=np.int8)
        arm[rng.permutation(contacts.size)[: int(round(contacts.size * test.ai_share))]] = 1
        both = rng.random(contacts.size) < EXPOSED_TO_BOTH_SHARE
        contacts = np.concatenate([contacts, contacts[both]])
        arm = np.concatenate([arm, 1 - arm[both]])
        start = pd.Timestamp(test.start).value // 10**9
        days = (test.end - test.start).days + 1
        # A programme sends on weekday mornings across the test window (09:00-11:00 UTC).
        day = rng.integers(0, days, contacts.size)
        send_at = start + day * 86_400 + 9 * 3600 + rng.integers(0, 7200, contacts.size)
        frames.append(
            pd.DataFrame(
                {"test": np.int16(index), "contact": contacts, "arm": arm, "send_at": send_at}
            )
        )
    return pd.concat(frames, ignore_index=True)


def _events(rng: np.random.Generator, sends: pd.DataFrame) -> pd.DataFrame:
    """Every event of every recipient-send, vectorised: code, time (epoch ms), bot and MPP flags."""
    rows = len(sends)
    control = np.array([test.control_ctr for test in PLANTED_TESTS])
    ai = np.array([test.ai_ctr for test in PLANTED_TESTS])
    test = sends["test"].to_numpy()
    ctr = np.where(sends["arm"].to_numpy() == 1, ai[test], control[test])
    send_ms = sends["send_at"].to_numpy() * 1000

    delivered = rng.random(rows) < DELIVERY_RATE
    delivered_ms = send_ms + rng.integers(1_000, 120_000, rows)
    mpp = rng.random(rows) < APPLE_MPP_SHARE
    clicked = delivered & (rng.random(rows) < ctr)
    opened = delivered & ~mpp & ((rng.random(rows) < HUMAN_OPEN_RATE) | clicked)
    open_ms = delivered_ms + rng.exponential(6 * 3600 * 1000, rows).astype(np.int64)
    machine_open_ms = delivered_ms + rng.integers(60_000, 1_800_000, rows)
    bot = delivered & (rng.random(rows) < BOT_CLICK_RATE)
    unsubscribed = delivered & (rng.random(rows) < UNSUBSCRIBE_RATE)

    parts = []

    def add(mask, code, at, is_bot=False, is_mpp=False):
        index = np.flatnonzero(mask)
        parts.append(
            pd.DataFrame(
                {
                    "send": index,
                    "code": np.int8(code),
                    "at_ms": at[index],
                    "is_bot": np.full(index.size, is_bot),
                    "is_mpp": np.full(index.size, is_mpp),
                }
            )
        )

    add(np.ones(rows, dtype=bool), SEND, send_ms)
    add(delivered, DELIVERED, delivered_ms)
    add(~delivered, BOUNCE, delivered_ms)
    add(opened, OPEN, open_ms)
    add(delivered & mpp, OPEN, machine_open_ms, is_mpp=True)
    # Unique clickers click once or more; each click is an event.
    clicks = np.flatnonzero(clicked)
    repeats = 1 + rng.poisson(EXTRA_CLICKS_MEAN, clicks.size)
    click_rows = np.repeat(clicks, repeats)
    click_ms = open_ms[click_rows] + rng.integers(5_000, 900_000, click_rows.size)
    parts.append(
        pd.DataFrame(
            {"send": click_rows, "code": np.int8(CLICK), "at_ms": click_ms,
             "is_bot": False, "is_mpp": False}
        )
    )  # fmt: skip
    add(bot, CLICK, delivered_ms + rng.integers(200, 4_000, rows), is_bot=True)
    add(unsubscribed, UNSUBSCRIBE, open_ms + 86_400_000)
    events = pd.concat(parts, ignore_index=True)
    events = events.join(sends[["test", "contact", "arm"]], on="send")
    events["agent"] = rng.integers(0, len(HUMAN_USER_AGENTS), len(events)).astype(np.int8)
    return events.sort_values(["at_ms", "send", "code"], kind="stable", ignore_index=True)


def _month_files(events: pd.DataFrame, prefix: str) -> list[tuple[str, pd.DataFrame]]:
    """Monthly export files (vendors cap an export's date range), plus one re-export that
    repeats the last REEXPORT_DAYS days of the busiest month (its name sorts after it)."""
    month = events["at_ms"].to_numpy().astype("datetime64[ms]").astype("datetime64[M]")
    files = []
    for value in np.unique(month):
        files.append((f"{prefix}_{value}.csv", events[month == value]))
    busiest_name, busiest = max(files, key=lambda item: len(item[1]))
    cutoff = busiest["at_ms"].max() - REEXPORT_DAYS * 86_400_000
    reexport = busiest[busiest["at_ms"] > cutoff]
    files.append((busiest_name.removesuffix(".csv") + "_reexport.csv", reexport))
    return files


def _register_lookups(con: duckdb.DuckDBPyConnection, universe: int) -> None:
    """Small tables the writers join to, so the text is made by DuckDB, not by Python objects
    per event: tests (campaign keys, variant labels), user agents, contact emails."""
    tests = pd.DataFrame(
        {
            "test": np.arange(len(PLANTED_TESTS), dtype=np.int16),
            "campaign": [test.campaign_key for test in PLANTED_TESTS],
            "control_variant": [test.control_variant for test in PLANTED_TESTS],
            "ai_variant": [test.ai_variant for test in PLANTED_TESTS],
        }
    )
    agents = pd.DataFrame(
        {"agent": np.arange(len(HUMAN_USER_AGENTS), dtype=np.int8), "text": HUMAN_USER_AGENTS}
    )
    emails = pd.DataFrame(
        {"contact": np.arange(universe), "email": sample_contact_emails(universe)}
    )
    for name, frame in (("tests", tests), ("agents", agents), ("emails", emails)):
        con.register(f"{name}_frame", frame)
        con.execute(f"create or replace table {name} as select * from {name}_frame")
        con.unregister(f"{name}_frame")


# One event's text columns, joined from the lookups (used by both writers).
EVENT_TEXT = f"""
    select
        events_frame.*,
        tests.campaign,
        case when events_frame.arm = 1 then tests.ai_variant else tests.control_variant end
            as variant,
        case
            when events_frame.is_bot then '{BOT_USER_AGENT}'
            when events_frame.is_mpp then '{MPP_USER_AGENT}'
            else agents.text
        end as agent_text
    from events_frame
    inner join tests on events_frame.test = tests.test
    inner join agents on events_frame.agent = agents.agent
"""


def _write(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, select: str, path: Path) -> None:
    con.register("events_frame", frame)
    sql = f"copy (with events as ({EVENT_TEXT}) {select}) to '{path}' (header true, quote '\"')"
    con.execute(sql)
    con.unregister("events_frame")


def _write_marketo(con, events: pd.DataFrame, folder: Path) -> list[Path]:
    frame = events.assign(guid=700_000_000 + np.arange(len(events)))
    frame["type_id"] = MARKETO_TYPE_IDS[frame["code"].to_numpy()].astype(np.int16)
    select = """
        select
            cast(guid as varchar) as "marketoGUID",
            cast(1000001 + contact as varchar) as "leadId",
            strftime(epoch_ms(at_ms), '%Y-%m-%dT%H:%M:%SZ') as "activityDate",
            type_id as "activityTypeId",
            campaign as "campaignId",
            cast(campaign as integer) * 10 + arm as "primaryAttributeValueId",
            'Webinar programme ' || campaign || '.Email ' || variant as "primaryAttributeValue",
            case
                when code in (0, 1) then
                    '{"Campaign Run ID": "' || campaign || '01", "Test Variant": "'
                    || variant || '", "Step ID": 1}'
                when code = 2 then
                    '{"Test Variant": "' || variant
                    || '", "Category": "1", '
                    || '"Details": "550 5.1.1 mailbox unavailable, user unknown"}'
                when code = 3 then
                    '{"Test Variant": "' || variant || '", "Is Bot Activity": false, '
                    || '"Bot Activity Pattern": "N/A", "User Agent": "' || agent_text || '"}'
                when code = 4 then
                    '{"Link": "https://www.example.com/webinar?utm_campaign=' || campaign
                    || '", "Test Variant": "' || variant || '", "Is Bot Activity": '
                    || case when is_bot then 'true' else 'false' end
                    || ', "Bot Activity Pattern": "'
                    || case when is_bot then 'Match with Proximity Pattern' else 'N/A' end
                    || '", "User Agent": "' || agent_text || '"}'
                else '{"Test Variant": "' || variant || '", "Source": "Email"}'
            end as "attributes"
        from events
        order by at_ms, guid
    """
    written = []
    for name, part in _month_files(frame, "marketo_activities"):
        path = folder / name
        _write(con, part, select, path)
        written.append(path)
    return written


def _write_hubspot(con, events: pd.DataFrame, folder: Path) -> list[Path]:
    # Unique, random-looking event ids: a bijection of the row number onto 60 bits.
    serial = np.arange(1, len(events) + 1, dtype=np.uint64)
    event_id = (serial * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(4)
    # sentBy.id links every event to the id of its SENT event.
    send_index = events["send"].to_numpy()
    is_send = events["code"].to_numpy() == SEND
    send_ids = np.zeros(send_index.max() + 1, dtype=np.uint64)
    send_ids[send_index[is_send]] = event_id[is_send]
    frame = events.assign(event_id=event_id, sent_by=send_ids[send_index])
    frame["type_code"] = frame["code"]
    select = f"""
        select
            lower(hex(event_id)) as "id",
            at_ms as "created",
            ['{"', '".join(HUBSPOT_TYPES)}'][type_code + 1] as "type",
            emails.email as "recipient",
            variant as "emailCampaignId",
            campaign as "emailCampaignGroupId",
            case when code <> 0 then lower(hex(sent_by)) end as "sentBy.id",
            case when is_bot then 'true' else 'false' end as "filteredEvent",
            case when code in (3, 4) then agent_text end as "userAgent",
            case when code = 4 then 'https://www.example.com/launch?utm_campaign=' || campaign end
                as "url",
            '2461337' as "portalId"
        from events
        inner join emails on events.contact = emails.contact
        order by at_ms, event_id
    """
    written = []
    for name, part in _month_files(frame, "hubspot_email_events"):
        path = folder / name
        _write(con, part, select, path)
        written.append(path)
    return written


def build_events(scale: float = 1.0, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recipient-sends, events) of every planted test: the truth the files are written from."""
    rng = np.random.default_rng(seed + 4)
    universe = max(1_000, int(CONTACT_UNIVERSE_PER_SCALE * scale))
    sends = _recipient_sends(rng, scale, universe)
    return sends, _events(rng, sends)


def write_extracts(folder: Path, scale: float = 1.0, seed: int = 42) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    universe = max(1_000, int(CONTACT_UNIVERSE_PER_SCALE * scale))
    _, events = build_events(scale, seed)
    platform = np.array([test.platform for test in PLANTED_TESTS])[events["test"].to_numpy()]
    with duckdb.connect() as con:
        _register_lookups(con, universe)
        written = _write_marketo(con, events[platform == "marketo"], folder)
        written += _write_hubspot(con, events[platform == "hubspot"], folder)
    return written
