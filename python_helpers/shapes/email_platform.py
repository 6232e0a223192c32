"""Email-platform export shapes: Marketo bulk activities, HubSpot email events, canonical events.

The A/B test registry is a seed (seeds/performance_lift/ab_tests.csv), not a landed file.
"""

from .file_shape import FileShape

MARKETO = FileShape(
    system="email_platform",
    name="marketo_activities",
    table="marketo_activities",
    required=(
        "marketoguid",
        "leadid",
        "activitydate",
        "activitytypeid",
        "campaignid",
        "primaryattributevalueid",
        "primaryattributevalue",
        "attributes",
    ),
    description=(
        "Marketo bulk activity export CSV: activityDate ISO 8601 in UTC (Z); activityTypeId is "
        "mapped by the seed email_event_types; attributes is a JSON object in one quoted cell "
        "(older exports: an array of name/value pairs) holding Test Variant, Campaign Run ID, "
        "Is Bot Activity and User Agent."
    ),
)

HUBSPOT = FileShape(
    system="email_platform",
    name="hubspot_email_events",
    table="hubspot_email_events",
    required=("id", "created", "type", "recipient", "emailcampaignid", "emailcampaigngroupid"),
    optional=(
        "sentby_id",
        "filteredevent",
        "useragent",
        "url",
        "portalid",
        "appid",
        "appname",
        "devicetype",
    ),
    description=(
        "HubSpot email events export CSV: created in epoch milliseconds; type SENT, DELIVERED, "
        "OPEN, CLICK, BOUNCE, ...; A/B variants are separate emailCampaignIds sharing an "
        "emailCampaignGroupId; filteredEvent true marks bot/filtered events."
    ),
)

CANONICAL = FileShape(
    system="email_platform",
    name="canonical_email_events",
    table="canonical_email_events",
    required=("recipient_email", "event_type", "occurred_at", "campaign_id"),
    optional=("event_id", "variant", "is_bot", "is_machine_open"),
    description=(
        "Canonical email events CSV for any other platform: one row per recipient event; "
        "event_type send, delivered, open, click, bounce or unsubscribe; occurred_at ISO 8601 "
        "with an offset or Z; variant names the A/B arm as the registry does; is_bot and "
        "is_machine_open true/false."
    ),
)

SHAPES = (MARKETO, HUBSPOT, CANONICAL)
