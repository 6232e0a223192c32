"""Real CRM export headers are recognised (loader level, no dbt build).

The fixtures in tests/fixtures/real_exports/crm are shaped like the files HubSpot's UI export,
Salesforce Data Loader and Salesforce report exports write (headers checked against public
samples and docs: see the folder's README). Each test names the column it expects a vendor
header to land in; the expected values are read off the fixture by hand.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from python_helpers.loader import ShapeError, load_landing, match_shape

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real_exports"


def header_of(name: str) -> list[str]:
    with (FIXTURES / "crm" / name).open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def mapped_columns(name: str) -> tuple[str, dict[str, str], list[str]]:
    """(shape name, {vendor header: raw column}, unknown headers) for a fixture."""
    from python_helpers.shapes import normalize_column_name

    header = header_of(name)
    shape, unknown = match_shape("crm", header, name)
    mapping = {}
    for column in header:
        normalized = normalize_column_name(column)
        target = shape.aliases.get(normalized, normalized)
        if target in shape.columns:
            mapping[column] = target
    return shape.name, mapping, unknown


@pytest.mark.parametrize(
    ("fixture", "shape", "expected"),
    [
        (
            "hubspot-crm-exports-all-contacts-2026-04-01.csv.in",
            "hubspot_contacts",
            {
                "Contact ID": "hs_object_id",
                "Email": "email",
                "Lifecycle Stage": "lifecyclestage",
                "Lead Status": "hs_lead_status",
                "Create Date": "createdate",
                "Original Source": "hs_analytics_source",
                "Became a Marketing Qualified Lead Date": (
                    "hs_lifecyclestage_marketingqualifiedlead_date"
                ),
                "Became a Sales Qualified Lead Date": "hs_lifecyclestage_salesqualifiedlead_date",
                "Became an Opportunity Date": "hs_lifecyclestage_opportunity_date",
                "Became a Customer Date": "hs_lifecyclestage_customer_date",
                "Last Modified Date": "lastmodifieddate",
            },
        ),
        (
            "hubspot-crm-exports-contacts-v2-2026-04-01.csv.in",
            "hubspot_contacts",
            {
                "Record ID": "hs_object_id",
                "Lifecycle Stage": "lifecyclestage",
                'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"': (
                    "hs_v2_date_entered_marketingqualifiedlead"
                ),
                'Date entered "Sales Qualified Lead (Lifecycle Stage Pipeline)"': (
                    "hs_v2_date_entered_salesqualifiedlead"
                ),
                'Date entered "Opportunity (Lifecycle Stage Pipeline)"': (
                    "hs_v2_date_entered_opportunity"
                ),
            },
        ),
        (
            "hubspot-crm-exports-all-deals-2026-04-01.csv.in",
            "hubspot_deals",
            {
                "Record ID": "hs_object_id",
                "Deal Name": "dealname",
                "Deal Stage": "dealstage",
                "Amount": "amount",
                "Close Date": "closedate",
                "Pipeline": "pipeline",
                "Create Date": "createdate",
                "Currency": "deal_currency_code",
                "Is Closed Won": "hs_is_closed_won",
            },
        ),
        (
            "salesforce_lead_data_loader_extract.csv.in",
            "salesforce_leads",
            {
                "ID": "id",
                "STATUS": "status",
                "EMAIL": "email",
                "ISCONVERTED": "isconverted",
                "CONVERTEDDATE": "converteddate",
                "CONVERTEDOPPORTUNITYID": "convertedopportunityid",
                "CREATEDDATE": "createddate",
                "MQL_DATE__C": "mql_date_c",
                "SQL_DATE__C": "sql_date_c",
                "AI_SCORED__C": "ai_scored_c",
            },
        ),
        (
            "salesforce_lead_report_export.csv.in",
            "salesforce_leads",
            {
                "Lead ID": "id",
                "Email": "email",
                "Lead Status": "status",
                "Lead Source": "leadsource",
                "Converted": "isconverted",
                "Created Date": "createddate",
                "Converted Date": "converteddate",
            },
        ),
        (
            "salesforce_opportunity_data_loader_extract.csv.in",
            "salesforce_opportunities",
            {
                "ID": "id",
                "STAGENAME": "stagename",
                "AMOUNT": "amount",
                "CLOSEDATE": "closedate",
                "ISCLOSED": "isclosed",
                "ISWON": "iswon",
                "CURRENCYISOCODE": "currencyisocode",
                "CREATEDDATE": "createddate",
            },
        ),
        (
            "salesforce_opportunity_report_export.csv.in",
            "salesforce_opportunities",
            {
                "Opportunity ID": "id",
                "Opportunity Name": "name",
                "Stage": "stagename",
                "Close Date": "closedate",
                "Closed": "isclosed",
                "Won": "iswon",
                "Created Date": "createddate",
            },
        ),
        (
            "salesforce_campaign_member_report_export.csv.in",
            "salesforce_campaign_members",
            {
                "Campaign ID": "campaignid",
                "Lead ID": "leadid",
                "Contact ID": "contactid",
                "Member Status": "status",
                "Responded": "hasresponded",
                "First Responded Date": "firstrespondeddate",
                "Created Date": "createddate",
            },
        ),
    ],
)
def test_real_export_headers_land_in_the_shape_columns(fixture, shape, expected):
    found_shape, mapping, _ = mapped_columns(fixture)
    assert found_shape == shape
    assert {column: mapping.get(column) for column in expected} == expected


def test_columns_the_shapes_do_not_read_are_listed_not_refused():
    _, _, unknown = mapped_columns("hubspot-crm-exports-all-contacts-2026-04-01.csv.in")
    assert "First Name" in unknown and "Became a Subscriber Date" in unknown
    assert "Contact ID" not in unknown and "Became an Opportunity Date" not in unknown


@pytest.mark.parametrize(
    "header",
    [
        ["Id", "Email", "Status", "IsConverted", "CreatedDate", "MQL_Date__c"],  # Bulk API
        ["ID", "EMAIL", "STATUS", "ISCONVERTED", "CREATEDDATE", "MQL_DATE__C"],  # Data Loader
        ["Lead ID", "Email", "Lead Status", "Converted", "Created Date", "MQL Date"],  # report
    ],
)
def test_salesforce_lead_header_spellings_map_to_the_same_columns(header):
    shape, unknown = match_shape("crm", header, "leads.csv")
    assert (shape.name, unknown) == ("salesforce_leads", [])


@pytest.mark.parametrize("id_header", ["Deal ID", "Record ID", "hs_object_id"])
def test_hubspot_deal_id_header_spellings(id_header):
    header = [id_header, "Deal Stage", "Amount", "Close Date", "Pipeline"]
    shape, unknown = match_shape("crm", header, "deals.csv")
    assert (shape.name, unknown) == ("hubspot_deals", [])


def test_contact_export_with_both_id_labels_is_refused_not_guessed():
    """'Contact ID' and 'Record ID' both mean hs_object_id: the loader says so instead of
    picking one."""
    header = ["Contact ID", "Record ID", "Email", "Lifecycle Stage", "Create Date"]
    with pytest.raises(ShapeError, match="columns appear twice"):
        match_shape("crm", header, "contacts.csv")


def test_real_exports_load_into_the_raw_columns(tmp_path):
    """Loaded end to end by the loader: the values sit in the columns staging reads."""
    landing = tmp_path / "landing" / "crm"
    landing.mkdir(parents=True)
    for fixture in (
        "hubspot-crm-exports-all-contacts-2026-04-01.csv.in",
        "salesforce_lead_data_loader_extract.csv.in",
    ):
        shutil.copy(FIXTURES / "crm" / fixture, landing / fixture.removesuffix(".in"))
    database = tmp_path / "roi.duckdb"
    results = load_landing(tmp_path / "landing", database)
    assert sorted((r.shape, r.status, r.rows) for r in results) == [
        ("hubspot_contacts", "loaded", 9),
        ("salesforce_leads", "loaded", 10),
    ]
    with duckdb.connect(str(database), read_only=True) as con:
        contact = con.execute(
            "select lifecyclestage, createdate, hs_lifecyclestage_salesqualifiedlead_date, "
            "hs_lifecyclestage_opportunity_date from raw_crm.hubspot_contacts "
            "where hs_object_id = '7005'"
        ).fetchall()
        lead = con.execute(
            "select status, isconverted, converteddate, mql_date_c from raw_crm.salesforce_leads "
            "where id = '00Q5g00000A1AAAAA3'"
        ).fetchall()
    assert contact == [("Opportunity", "2026-03-01 12:00", "2026-03-05 09:00", "2026-03-09 09:00")]
    assert lead == [("Closed - Converted", "true", "2026-03-12", "2026-03-02T14:00:00.000Z")]
