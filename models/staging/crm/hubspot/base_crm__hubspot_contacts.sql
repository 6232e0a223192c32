{#- HubSpot contacts renamed and typed into the CRM lead shape. Stage-entry dates come from the
    older hs_lifecyclestage_<stage>_date property or the newer hs_v2_date_entered_<stage>, the
    first one present. Nothing is filtered here: validation happens once, for both CRMs, in
    base_crm__leads_validated. -#}
{%- set tz = var('roi_hubspot_timezone') -%}

with

source as (

    select * from {{ source('crm', 'hubspot_contacts') }}

),

renamed as (

    select
        'hubspot' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(hs_object_id), '') as crm_lead_id,
        {{ hash_pii(normalize_email('email')) }} as person_id,
        nullif(trim(lifecyclestage), '') as stage_value,
        nullif(trim(hs_analytics_source), '') as lead_source,
        {{ parse_datetime_utc('createdate', tz) }} as created_at,
        {{ parse_datetime_utc(
            "coalesce(nullif(trim(hs_lifecyclestage_marketingqualifiedlead_date), ''), "
            ~ "nullif(trim(hs_v2_date_entered_marketingqualifiedlead), ''))", tz
        ) }} as mql_at,
        {{ parse_datetime_utc(
            "coalesce(nullif(trim(hs_lifecyclestage_salesqualifiedlead_date), ''), "
            ~ "nullif(trim(hs_v2_date_entered_salesqualifiedlead), ''))", tz
        ) }} as sql_at,
        true as has_sql_time,
        {{ parse_datetime_utc(
            "coalesce(nullif(trim(hs_lifecyclestage_opportunity_date), ''), "
            ~ "nullif(trim(hs_v2_date_entered_opportunity), ''))", tz
        ) }} as opportunity_entered_at,
        cast(null as {{ dbt.type_string() }}) as converted_opportunity_id,
        lower(trim(ai_scored)) as ai_scored_value,
        lower(trim(ai_nurtured)) as ai_nurtured_value,
        lower(trim(ai_routed)) as ai_routed_value,
        nullif(trim(first_conversion_event_name), '') as first_conversion_event_name,
        {{ parse_datetime_utc('first_conversion_date', tz) }} as first_conversion_at,
        nullif(trim(recent_conversion_event_name), '') as recent_conversion_event_name,
        {{ parse_datetime_utc('recent_conversion_date', tz) }} as recent_conversion_at,
        nullif(trim(createdate), '') as created_text,
        coalesce(
            nullif(trim(hs_lifecyclestage_marketingqualifiedlead_date), ''),
            nullif(trim(hs_v2_date_entered_marketingqualifiedlead), '')
        ) as mql_text,
        coalesce(
            nullif(trim(hs_lifecyclestage_salesqualifiedlead_date), ''),
            nullif(trim(hs_v2_date_entered_salesqualifiedlead), '')
        ) as sql_text
    from source

)

select * from renamed
