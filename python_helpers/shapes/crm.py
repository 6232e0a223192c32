"""CRM export shapes: HubSpot contacts, deals and contact-deal associations; Salesforce Lead,
Opportunity and CampaignMember (Bulk API CSV, API names in the header).

HubSpot API exports use internal property names (`hs_lifecyclestage_marketingqualifiedlead_date`);
UI exports use labels ("Contact ID" or "Record ID", "Lifecycle Stage", "Became a Marketing
Qualified Lead Date", "Date entered 'Marketing Qualified Lead (Lifecycle Stage Pipeline)'"),
mapped here by alias. Contacts carry the older `hs_lifecyclestage_<stage>_date` and/or the newer
`hs_v2_date_entered_<stage>` stage-entry dates: both are optional, staging takes the first one
present. Stage-entry dates of other stages (lead, subscriber, evangelist) are not read.

Salesforce: the Bulk API writes API names (`IsConverted`), Data Loader and some ETL tools write
them upper case (`ISCONVERTED`, `MQL_DATE__C`); both normalise to the same name. Report exports
write field labels (`Lead ID`, `Lead Status`, `Created Date`), mapped by alias. Aliases apply to
the normalised name (`normalize_column_name`: lower case, runs of other characters become `_`).
"""

from .file_shape import FileShape

HUBSPOT_STAGES = (
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
)

HUBSPOT_STAGE_LABELS = {
    "marketingqualifiedlead": "marketing_qualified_lead",
    "salesqualifiedlead": "sales_qualified_lead",
    "opportunity": "opportunity",
    "customer": "customer",
}

HUBSPOT_CONTACTS = FileShape(
    system="crm",
    name="hubspot_contacts",
    table="hubspot_contacts",
    required=("hs_object_id", "email", "lifecyclestage", "createdate"),
    optional=(
        "hs_lead_status",
        "hs_analytics_source",
        "first_conversion_event_name",
        "first_conversion_date",
        "recent_conversion_event_name",
        "recent_conversion_date",
        "ai_scored",
        "ai_nurtured",
        "ai_routed",
        "lastmodifieddate",
    )
    + tuple(f"hs_lifecyclestage_{stage}_date" for stage in HUBSPOT_STAGES)
    + tuple(f"hs_v2_date_entered_{stage}" for stage in HUBSPOT_STAGES),
    aliases={
        "record_id": "hs_object_id",
        "contact_id": "hs_object_id",
        "lifecycle_stage": "lifecyclestage",
        "create_date": "createdate",
        "lead_status": "hs_lead_status",
        "original_source": "hs_analytics_source",
        "first_conversion": "first_conversion_event_name",
        "recent_conversion": "recent_conversion_event_name",
        "last_modified_date": "lastmodifieddate",
        # "Became a Marketing Qualified Lead Date", "Became an Opportunity Date".
        **{
            f"became_{'an' if label[0] in 'aeiou' else 'a'}_{label}_date": (
                f"hs_lifecyclestage_{stage}_date"
            )
            for stage, label in HUBSPOT_STAGE_LABELS.items()
        },
        **{
            f"date_entered_{label}_lifecycle_stage_pipeline": f"hs_v2_date_entered_{stage}"
            for stage, label in HUBSPOT_STAGE_LABELS.items()
        },
    },
    description=(
        "HubSpot contacts export (API property names or UI labels): lifecycle stage, stage-entry "
        "dates (hs_lifecyclestage_<stage>_date or hs_v2_date_entered_<stage>, ISO 8601 UTC), "
        "conversion events and the custom AI checkboxes ai_scored / ai_nurtured / ai_routed."
    ),
)

HUBSPOT_DEALS = FileShape(
    system="crm",
    name="hubspot_deals",
    table="hubspot_deals",
    required=("hs_object_id", "amount", "dealstage", "closedate"),
    optional=(
        "dealname",
        "pipeline",
        "createdate",
        "hs_is_closed_won",
        "hs_is_closed",
        "deal_currency_code",
    ),
    aliases={
        "record_id": "hs_object_id",
        "deal_id": "hs_object_id",
        "deal_name": "dealname",
        "deal_stage": "dealstage",
        "close_date": "closedate",
        "create_date": "createdate",
        "currency": "deal_currency_code",
        "is_closed_won": "hs_is_closed_won",
        "is_deal_closed": "hs_is_closed",
        "is_closed": "hs_is_closed",
    },
    description=(
        "HubSpot deals export: amount as text, deal_currency_code, dealstage and pipeline as "
        "internal ids, closedate, hs_is_closed_won 'true'/'false'."
    ),
)

HUBSPOT_DEAL_ASSOCIATIONS = FileShape(
    system="crm",
    name="hubspot_contact_deal_associations",
    table="hubspot_contact_deal_associations",
    required=("contact_id", "deal_id"),
    optional=("association_type_id", "association_category"),
    aliases={
        "fromobjectid": "contact_id",
        "toobjectid": "deal_id",
        "associationtypeid": "association_type_id",
        "associationcategory": "association_category",
    },
    description=(
        "HubSpot contact-to-deal associations (v4 associations API flattened to CSV: "
        "fromObjectId, toObjectId, associationTypeId 4 = contact to deal, associationCategory)."
    ),
)

SALESFORCE_LEADS = FileShape(
    system="crm",
    name="salesforce_leads",
    table="salesforce_leads",
    required=("id", "email", "status", "isconverted", "createddate"),
    optional=(
        "converteddate",
        "convertedopportunityid",
        "convertedcontactid",
        "leadsource",
        "mql_date_c",
        "sql_date_c",
        "ai_scored_c",
        "ai_nurtured_c",
        "ai_routed_c",
        "lastmodifieddate",
    ),
    aliases={
        # Report export labels (Lead report, "Export Details").
        "lead_id": "id",
        "lead_status": "status",
        "converted": "isconverted",
        "is_converted": "isconverted",
        "created_date": "createddate",
        "converted_date": "converteddate",
        "converted_opportunity_id": "convertedopportunityid",
        "converted_contact_id": "convertedcontactid",
        "lead_source": "leadsource",
        "last_modified_date": "lastmodifieddate",
        "mql_date": "mql_date_c",
        "sql_date": "sql_date_c",
        "ai_scored": "ai_scored_c",
        "ai_nurtured": "ai_nurtured_c",
        "ai_routed": "ai_routed_c",
    },
    description=(
        "Salesforce Lead (Bulk API CSV): Id, Email, Status, IsConverted, ConvertedDate (date), "
        "ConvertedOpportunityId, LeadSource, CreatedDate (datetime), custom MQL_Date__c / "
        "SQL_Date__c and the AI checkboxes AI_Scored__c / AI_Nurtured__c / AI_Routed__c."
    ),
)

SALESFORCE_OPPORTUNITIES = FileShape(
    system="crm",
    name="salesforce_opportunities",
    table="salesforce_opportunities",
    required=("id", "amount", "stagename", "closedate", "isclosed", "iswon"),
    optional=("name", "currencyisocode", "createddate", "campaignid", "leadsource"),
    aliases={
        # Report export labels (Opportunity report, "Export Details").
        "opportunity_id": "id",
        "opportunity_name": "name",
        "stage": "stagename",
        "stage_name": "stagename",
        "close_date": "closedate",
        "closed": "isclosed",
        "is_closed": "isclosed",
        "won": "iswon",
        "is_won": "iswon",
        "opportunity_currency": "currencyisocode",
        "currency": "currencyisocode",
        "currency_iso_code": "currencyisocode",
        "created_date": "createddate",
        "campaign_id": "campaignid",
        "lead_source": "leadsource",
    },
    description=(
        "Salesforce Opportunity (Bulk API CSV): Id, Amount, CurrencyIsoCode, StageName, CloseDate "
        "(date), IsWon, IsClosed, CreatedDate (datetime), CampaignId."
    ),
)

SALESFORCE_CAMPAIGN_MEMBERS = FileShape(
    system="crm",
    name="salesforce_campaign_members",
    table="salesforce_campaign_members",
    required=("campaignid", "leadid", "status", "hasresponded"),
    optional=("id", "contactid", "firstrespondeddate", "createddate", "campaign_name"),
    aliases={
        # Report export labels (Campaign with Campaign Members report).
        "campaign_member_id": "id",
        "campaign_id": "campaignid",
        "lead_id": "leadid",
        "contact_id": "contactid",
        "member_status": "status",
        "responded": "hasresponded",
        "has_responded": "hasresponded",
        "first_responded_date": "firstrespondeddate",
        "created_date": "createddate",
    },
    description=(
        "Salesforce CampaignMember (Bulk API CSV): CampaignId, LeadId, ContactId, Status, "
        "HasResponded, FirstRespondedDate (date), CreatedDate (datetime): the touchpoints."
    ),
)

SHAPES = (
    HUBSPOT_CONTACTS,
    HUBSPOT_DEALS,
    HUBSPOT_DEAL_ASSOCIATIONS,
    SALESFORCE_LEADS,
    SALESFORCE_OPPORTUNITIES,
    SALESFORCE_CAMPAIGN_MEMBERS,
)
