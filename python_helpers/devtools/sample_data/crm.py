"""Sample CRM extracts: HubSpot for one business unit, Salesforce for the other.

Planted effects (tests read them from here and check that the marts recover them):
- MQL->SQL conversion: AI-assisted MQLs convert at BASE_SQL_RATE x (1 + PLANTED_RELATIVE_LIFT)
  (18% -> 19.8%) in the same months as untagged MQLs; the market's own rate steps up from
  PRE_GO_LIVE_SQL_RATE to BASE_SQL_RATE at the first go-live, so the pre/post comparison
  overstates the lift (the reason it is the weaker method).
- Days MQL->SQL: gamma(2, mean / 2) with mean DAYS_TO_SQL_MEAN (untagged) and
  AI_SCORED_DAYS_TO_SQL_MEAN (AI-scored leads): AI-scored leads reach SQL faster.
- Deals in USD, EUR, GBP (HubSpot) and USD, CAD, AUD (Salesforce), touchpoints (HubSpot
  conversion events, Salesforce campaign members) for attribution, AI-nurture touches tagged
  by campaign.
- A few bad rows the staging models must quarantine: text amounts ("$8,000"), missing and
  negative amounts, an unknown currency, padded mixed-case emails.

Contacts come from `sample_contact_emails`, so lead i has the email platform sample's address i.
Everything is vectorised; 50,000 leads per scale unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .universe import SAMPLE_END, SAMPLE_START, sample_contact_emails

LEADS_PER_SCALE = 50_000
HUBSPOT_SHARE = 0.55
MQL_SHARE = 0.7
DAYS_TO_MQL_MEAN = 6.0

PRE_GO_LIVE_SQL_RATE = 0.165
BASE_SQL_RATE = 0.18
PLANTED_RELATIVE_LIFT = 0.10  # 18% -> 19.8%
DAYS_TO_SQL_MEAN = 14.0
AI_SCORED_DAYS_TO_SQL_MEAN = 9.0
OPPORTUNITY_SHARE = 0.6
WIN_SHARE = 0.45


@dataclass(frozen=True)
class PlantedSignal:
    signal: str
    workflow_id: str
    go_live: date
    share_after_go_live: float  # share of MQLs tagged once the workflow is live


# Mirrors seeds/core/workflows.csv and seeds/pipeline/pipeline_ai_assist_signals.csv.
AI_SCORED = PlantedSignal("ai_scored", "lead_scoring_review", date(2026, 2, 1), 0.40)
AI_ROUTED_SHARE_OF_SCORED = 0.6
AI_NURTURED = PlantedSignal("ai_nurtured", "webinar_email_sequence", date(2026, 4, 1), 0.25)
FIRST_GO_LIVE = min(AI_SCORED.go_live, AI_NURTURED.go_live)

CURRENCIES = {
    "hubspot": (("USD", "EUR", "GBP"), (0.6, 0.25, 0.15)),
    "salesforce": (("USD", "CAD", "AUD"), (0.7, 0.2, 0.1)),
}
# Units of local currency per USD deal value (so deals are of similar size in USD).
LOCAL_PER_USD = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.37, "AUD": 1.52}
DEAL_USD_MEDIAN = 30_000.0

HUBSPOT_DEAL_STAGES = {"won": "closedwon", "lost": "closedlost", "open": "qualifiedtobuy"}
SALESFORCE_STAGES = {"won": "Closed Won", "lost": "Closed Lost", "open": "Needs Analysis"}

# Campaigns: (id, name, is AI nurture). AI-nurture campaigns only touch AI-nurtured leads.
SALESFORCE_CAMPAIGNS = (
    ("7015g000001WebAAA", "Webinar: pipeline analytics", False),
    ("7015g000001EbkAAA", "Ebook: B2B benchmarks", False),
    ("7015g000001PpcAAA", "Paid search: brand", False),
    ("7015g000001EvtAAA", "Event: RevOps summit", False),
    ("7015g000001AinAAA", "AI nurture: webinar follow-up", True),
)
HUBSPOT_EVENTS = (
    ("Form: Contact us", False),
    ("Webinar registration: pipeline analytics", False),
    ("Ebook download: B2B benchmarks", False),
    ("Demo request", False),
)
HUBSPOT_AI_EVENT = "AI nurture email: webinar follow-up (click)"
HUBSPOT_SOURCES = ("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA", "REFERRALS")
SALESFORCE_SOURCES = ("Web", "Partner Referral", "Trade Show", "Advertisement", "Webinar")


def _gamma_days(rng: np.random.Generator, means: np.ndarray) -> np.ndarray:
    return rng.gamma(2.0, means / 2.0)


def build_leads(scale: float = 1.0, seed: int = 42) -> pd.DataFrame:
    """One row per lead with its funnel timestamps, AI flags, opportunity and CRM."""
    rng = np.random.default_rng(seed + 5)
    count = max(200, int(round(LEADS_PER_SCALE * scale)))
    start = pd.Timestamp(SAMPLE_START)
    end = pd.Timestamp(SAMPLE_END) + pd.Timedelta(hours=23, minutes=59)
    span_seconds = int((end - start).total_seconds())

    leads = pd.DataFrame({"contact_index": np.arange(count)})
    leads["crm"] = np.where(rng.random(count) < HUBSPOT_SHARE, "hubspot", "salesforce")
    leads["email"] = sample_contact_emails(count)
    leads["created_at"] = start + pd.to_timedelta(
        rng.integers(0, span_seconds - 5 * 86_400, size=count), unit="s"
    )
    mql_at = leads["created_at"] + pd.to_timedelta(
        rng.exponential(DAYS_TO_MQL_MEAN, size=count) * 86_400, unit="s"
    )
    is_mql = (rng.random(count) < MQL_SHARE) & (mql_at <= end)
    leads["mql_at"] = mql_at.where(is_mql)

    mql_for_flags = leads["mql_at"].fillna(pd.Timestamp("1900-01-01"))
    scored = is_mql & (mql_for_flags >= pd.Timestamp(AI_SCORED.go_live))
    scored &= rng.random(count) < AI_SCORED.share_after_go_live
    routed = scored & (rng.random(count) < AI_ROUTED_SHARE_OF_SCORED)
    nurtured = is_mql & (mql_for_flags >= pd.Timestamp(AI_NURTURED.go_live))
    nurtured &= rng.random(count) < AI_NURTURED.share_after_go_live
    leads["ai_scored"] = scored
    leads["ai_routed"] = routed
    leads["ai_nurtured"] = nurtured
    is_ai = scored | routed | nurtured

    base_rate = np.where(
        mql_for_flags >= pd.Timestamp(FIRST_GO_LIVE), BASE_SQL_RATE, PRE_GO_LIVE_SQL_RATE
    )
    rate = np.where(is_ai, base_rate * (1 + PLANTED_RELATIVE_LIFT), base_rate)
    days_mean = np.where(scored, AI_SCORED_DAYS_TO_SQL_MEAN, DAYS_TO_SQL_MEAN)
    sql_at = leads["mql_at"] + pd.to_timedelta(_gamma_days(rng, days_mean) * 86_400, unit="s")
    # Stratified draw: within each MQL month and AI flag exactly `rate` of the MQLs convert (up
    # to rounding), so the planted rates are recovered without sampling noise swamping them.
    strata = pd.Series(mql_for_flags.dt.year * 100 + mql_for_flags.dt.month) * 2 + is_ai
    order = pd.Series(rng.random(count)).groupby(strata.to_numpy()).rank(method="first")
    size = strata.map(strata.value_counts()).to_numpy()
    converts = (order.to_numpy() - 0.5) / size < rate
    is_sql = is_mql & converts & (sql_at <= end)
    leads["sql_at"] = sql_at.where(is_sql)

    opportunity_at = leads["sql_at"] + pd.to_timedelta(
        rng.uniform(0, 3, size=count) * 86_400, unit="s"
    )
    has_opportunity = is_sql & (rng.random(count) < OPPORTUNITY_SHARE) & (opportunity_at <= end)
    leads["opportunity_created_at"] = opportunity_at.where(has_opportunity)
    close_date = (
        opportunity_at + pd.to_timedelta(_gamma_days(rng, np.full(count, 40.0)), unit="D")
    ).dt.normalize()
    outcome = np.where(rng.random(count) < WIN_SHARE, "won", "lost")
    is_closed = has_opportunity & (close_date <= pd.Timestamp(SAMPLE_END))
    leads["outcome"] = np.where(is_closed, outcome, np.where(has_opportunity, "open", ""))
    # Open deals carry their expected close date.
    leads["close_date"] = close_date.where(has_opportunity)

    currency = np.empty(count, dtype=object)
    for crm, (codes, weights) in CURRENCIES.items():
        mask = (leads["crm"] == crm).to_numpy()
        currency[mask] = rng.choice(codes, size=int(mask.sum()), p=weights)
    leads["currency"] = currency
    usd_amount = np.round(DEAL_USD_MEDIAN * rng.lognormal(0.0, 0.5, size=count), -2)
    local = usd_amount * leads["currency"].map(LOCAL_PER_USD).to_numpy()
    leads["amount"] = np.where(has_opportunity, np.round(local, -2), np.nan)
    return leads


def _iso(values: pd.Series) -> pd.Series:
    """UTC timestamps as the APIs write them: 2026-03-01T09:15:00.000Z; empty when missing."""
    text = values.dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return text.where(values.notna(), "")


def _day(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d").where(values.notna(), "")


def _bool(values: pd.Series) -> pd.Series:
    return np.where(values, "true", "false")


def _messy_emails(rng: np.random.Generator, emails: pd.Series) -> pd.Series:
    """About 2% of addresses typed with capitals and padding: staging normalises them."""
    messy = rng.random(len(emails)) < 0.02
    return emails.where(~messy, "  " + emails.str.title() + " ")


def _amount_text(rng: np.random.Generator, amounts: pd.Series) -> pd.Series:
    """Amounts as text; about 1 in 400 typed as "$8,000" and 1 in 400 missing."""
    text = amounts.map(lambda value: f"{value:.2f}")
    draw = rng.random(len(amounts))
    text = text.where(draw >= 0.0025, amounts.map(lambda value: f"${value:,.0f}"))
    return text.where((draw < 0.0025) | (draw >= 0.005), "")


def _hubspot_touchpoints(rng: np.random.Generator, leads: pd.DataFrame) -> pd.DataFrame:
    """First and recent conversion events before the lead became an MQL (and, for AI-nurtured
    leads, the AI nurture email click after it)."""
    count = len(leads)
    first_event = rng.choice([name for name, _ in HUBSPOT_EVENTS], size=count)
    recent_event = rng.choice([name for name, _ in HUBSPOT_EVENTS], size=count)
    reference = leads["mql_at"].fillna(leads["created_at"] + pd.Timedelta(days=2))
    first_at = leads["created_at"]
    recent_at = leads["created_at"] + (reference - leads["created_at"]) * rng.uniform(
        0.3, 1.0, size=count
    )
    nurtured = leads["ai_nurtured"].to_numpy()
    next_step = (
        leads["opportunity_created_at"]
        .fillna(leads["sql_at"])
        .fillna(leads["mql_at"] + pd.Timedelta(days=10))
    )
    ai_at = leads["mql_at"] + (next_step - leads["mql_at"]) * rng.uniform(0.1, 0.9, size=count)
    recent_event = np.where(nurtured, HUBSPOT_AI_EVENT, recent_event)
    recent_at = recent_at.where(~nurtured, ai_at)
    return pd.DataFrame(
        {
            "first_conversion_event_name": first_event,
            "first_conversion_date": _iso(first_at),
            "recent_conversion_event_name": recent_event,
            "recent_conversion_date": _iso(recent_at),
        }
    )


def _write_hubspot(rng: np.random.Generator, leads: pd.DataFrame, folder: Path) -> list[Path]:
    leads = leads.reset_index(drop=True)
    contact_ids = (1_000_001 + leads["contact_index"]).astype(str)
    stage = np.select(
        [
            leads["outcome"] == "won",
            leads["opportunity_created_at"].notna(),
            leads["sql_at"].notna(),
            leads["mql_at"].notna(),
        ],
        ["customer", "opportunity", "salesqualifiedlead", "marketingqualifiedlead"],
        "lead",
    )
    contacts = pd.DataFrame(
        {
            "hs_object_id": contact_ids,
            "email": _messy_emails(rng, leads["email"]),
            "lifecyclestage": stage,
            "createdate": _iso(leads["created_at"]),
            "hs_lead_status": np.where(leads["sql_at"].notna(), "CONNECTED", "OPEN"),
            "hs_analytics_source": rng.choice(HUBSPOT_SOURCES, size=len(leads)),
        }
    )
    contacts = pd.concat([contacts, _hubspot_touchpoints(rng, leads)], axis=1)
    contacts["ai_scored"] = _bool(leads["ai_scored"])
    contacts["ai_nurtured"] = _bool(leads["ai_nurtured"])
    contacts["ai_routed"] = _bool(leads["ai_routed"])
    won_at = leads["close_date"].where(leads["outcome"] == "won")
    stage_dates = {
        "marketingqualifiedlead": leads["mql_at"],
        "salesqualifiedlead": leads["sql_at"],
        "opportunity": leads["opportunity_created_at"],
        "customer": won_at,
    }
    # Contacts created before the cut-over were exported with the older stage-date properties,
    # the others with the newer hs_v2_date_entered_<stage> ones: two files, one shape.
    older = (leads["created_at"] < pd.Timestamp("2026-03-01")).to_numpy()
    written = []
    for name, mask, prefix, suffix in (
        ("hubspot_contacts_2026-03-01.csv", older, "hs_lifecyclestage_", "_date"),
        ("hubspot_contacts_2026-10-31.csv", ~older, "hs_v2_date_entered_", ""),
    ):
        frame = contacts[mask].copy()
        for stage_name, values in stage_dates.items():
            frame[f"{prefix}{stage_name}{suffix}"] = _iso(values[mask])
        path = folder / name
        frame.to_csv(path, index=False)
        written.append(path)

    with_deal = leads["opportunity_created_at"].notna().to_numpy()
    deal_leads = leads[with_deal]
    deal_ids = (9_000_001 + deal_leads["contact_index"]).astype(str)
    currency = deal_leads["currency"].to_numpy().copy()
    amount_text = _amount_text(rng, deal_leads["amount"]).to_numpy().copy()
    if len(deal_leads) > 20:
        # A deal in a currency the FX seed does not know, and a negative amount (a refund typed
        # into the wrong field): both must be quarantined, never summed.
        currency[7] = "XBT"
        amount_text[11] = "-" + amount_text[11].lstrip("-$")
    deals = pd.DataFrame(
        {
            "hs_object_id": deal_ids,
            "dealname": "Deal " + deal_ids,
            "amount": amount_text,
            "deal_currency_code": currency,
            "dealstage": deal_leads["outcome"].map(HUBSPOT_DEAL_STAGES),
            "pipeline": "default",
            "createdate": _iso(deal_leads["opportunity_created_at"]),
            "closedate": _iso(deal_leads["close_date"]),
            "hs_is_closed_won": _bool(deal_leads["outcome"] == "won"),
            "hs_is_closed": _bool(deal_leads["outcome"] != "open"),
        }
    )
    path = folder / "hubspot_deals.csv"
    deals.to_csv(path, index=False)
    written.append(path)

    associations = pd.DataFrame(
        {
            "fromObjectId": contact_ids[with_deal],
            "toObjectId": deal_ids,
            "associationCategory": "HUBSPOT_DEFINED",
            "associationTypeId": 4,
        }
    )
    path = folder / "hubspot_contact_deal_associations.csv"
    associations.to_csv(path, index=False)
    written.append(path)
    return written


def _salesforce_id(prefix: str, numbers: pd.Series) -> pd.Series:
    """18-character Salesforce-style ids: 3-character key prefix + 15 characters."""
    return prefix + "5g" + numbers.astype(str).str.zfill(10) + "AAA"


def _campaign_members(rng: np.random.Generator, leads: pd.DataFrame, lead_ids) -> pd.DataFrame:
    """1-4 campaign responses per lead before it became an MQL (or was created + 2 days), plus
    the AI-nurture campaign for AI-nurtured leads after the MQL, and some non-responders."""
    count = len(leads)
    touches = rng.integers(1, 5, size=count)
    index = np.repeat(np.arange(count), touches)
    created = leads["created_at"].to_numpy()[index]
    reference = leads["mql_at"].fillna(leads["created_at"] + pd.Timedelta(days=2)).to_numpy()
    responded = pd.Series(created + (reference[index] - created) * rng.uniform(0, 1, len(index)))
    plain = [row for row in SALESFORCE_CAMPAIGNS if not row[2]]
    picks = rng.integers(0, len(plain), size=len(index))
    members = pd.DataFrame(
        {
            "LeadId": lead_ids.to_numpy()[index],
            "CampaignId": [plain[i][0] for i in picks],
            "Campaign.Name": [plain[i][1] for i in picks],
            "Status": "Responded",
            "HasResponded": "true",
            "FirstRespondedDate": _day(responded.dt.normalize()),
            "CreatedDate": _iso(responded),
        }
    )
    nurtured = leads["ai_nurtured"].to_numpy()
    next_step = (
        leads["opportunity_created_at"]
        .fillna(leads["sql_at"])
        .fillna(leads["mql_at"] + pd.Timedelta(days=10))
    )
    ai_at = (leads["mql_at"] + (next_step - leads["mql_at"]) * rng.uniform(0.1, 0.9, size=count))[
        nurtured
    ]
    ai_campaign = next(row for row in SALESFORCE_CAMPAIGNS if row[2])
    ai_members = pd.DataFrame(
        {
            "LeadId": lead_ids[nurtured].to_numpy(),
            "CampaignId": ai_campaign[0],
            "Campaign.Name": ai_campaign[1],
            "Status": "Clicked",
            "HasResponded": "true",
            "FirstRespondedDate": _day(ai_at.dt.normalize()),
            "CreatedDate": _iso(ai_at),
        }
    )
    silent_count = count // 10
    silent_leads = rng.integers(0, count, size=silent_count)
    silent = pd.DataFrame(
        {
            "LeadId": lead_ids.to_numpy()[silent_leads],
            "CampaignId": plain[0][0],
            "Campaign.Name": plain[0][1],
            "Status": "Sent",
            "HasResponded": "false",
            "FirstRespondedDate": "",
            "CreatedDate": _iso(leads["created_at"].iloc[silent_leads].reset_index(drop=True)),
        }
    )
    # A lead is a member of a campaign once (CampaignMember is unique per lead and campaign).
    members = pd.concat([members, ai_members, silent], ignore_index=True)
    members = members.drop_duplicates(["LeadId", "CampaignId"]).reset_index(drop=True)
    members.insert(0, "Id", _salesforce_id("00v", pd.Series(np.arange(len(members)) + 1)))
    members.insert(3, "ContactId", "")
    return members


def _write_salesforce(rng: np.random.Generator, leads: pd.DataFrame, folder: Path) -> list[Path]:
    leads = leads.reset_index(drop=True)
    lead_ids = _salesforce_id("00Q", leads["contact_index"])
    opportunity_ids = _salesforce_id("006", leads["contact_index"])
    with_opportunity = leads["opportunity_created_at"].notna()
    status = np.select(
        [with_opportunity, leads["sql_at"].notna(), leads["mql_at"].notna()],
        ["Closed - Converted", "Sales Qualified", "Marketing Qualified"],
        "Open - Not Contacted",
    )
    frame = pd.DataFrame(
        {
            "Id": lead_ids,
            "Email": _messy_emails(rng, leads["email"]),
            "Status": status,
            "IsConverted": _bool(with_opportunity),
            "ConvertedDate": _day(leads["opportunity_created_at"].dt.normalize()),
            "ConvertedOpportunityId": opportunity_ids.where(with_opportunity, ""),
            "LeadSource": rng.choice(SALESFORCE_SOURCES, size=len(leads)),
            "CreatedDate": _iso(leads["created_at"]),
            "MQL_Date__c": _iso(leads["mql_at"]),
            "SQL_Date__c": _iso(leads["sql_at"]),
            "AI_Scored__c": _bool(leads["ai_scored"]),
            "AI_Nurtured__c": _bool(leads["ai_nurtured"]),
            "AI_Routed__c": _bool(leads["ai_routed"]),
        }
    )
    written = []
    path = folder / "salesforce_lead.csv"
    frame.to_csv(path, index=False)
    written.append(path)

    opportunities = leads[with_opportunity]
    amount_text = _amount_text(rng, opportunities["amount"])
    frame = pd.DataFrame(
        {
            "Id": opportunity_ids[with_opportunity],
            "Name": "Opportunity " + opportunity_ids[with_opportunity].str[-13:],
            "Amount": amount_text,
            "CurrencyIsoCode": opportunities["currency"],
            "StageName": opportunities["outcome"].map(SALESFORCE_STAGES),
            "CloseDate": _day(opportunities["close_date"]),
            "IsClosed": _bool(opportunities["outcome"] != "open"),
            "IsWon": _bool(opportunities["outcome"] == "won"),
            "CreatedDate": _iso(opportunities["opportunity_created_at"]),
        }
    )
    path = folder / "salesforce_opportunity.csv"
    frame.to_csv(path, index=False)
    written.append(path)

    path = folder / "salesforce_campaign_member.csv"
    _campaign_members(rng, leads, lead_ids).to_csv(path, index=False)
    written.append(path)
    return written


def write_extracts(folder: Path, scale: float = 1.0, seed: int = 42) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed + 55)
    leads = build_leads(scale, seed)
    written = _write_hubspot(rng, leads[leads["crm"] == "hubspot"], folder)
    written += _write_salesforce(rng, leads[leads["crm"] == "salesforce"], folder)
    return written
