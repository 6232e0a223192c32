{#- Salesforce CampaignMember rows renamed and typed: one row per lead and campaign. A member
    that responded is a touchpoint at its FirstRespondedDate (a date); CreatedDate (a datetime)
    orders touches of the same day. -#}
{%- set tz = var('roi_salesforce_timezone') -%}

with

source as (

    select * from {{ source('crm', 'salesforce_campaign_members') }}

),

renamed as (

    select
        'salesforce' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(id), '') as campaign_member_id,
        nullif(trim(leadid), '') as crm_lead_id,
        nullif(trim(campaignid), '') as campaign_id,
        nullif(trim(campaign_name), '') as campaign_name,
        nullif(trim(status), '') as member_status,
        case lower(trim(hasresponded))
            when 'true' then true
            when 'false' then false
        end as has_responded,
        {{ dbt.safe_cast("nullif(trim(firstrespondeddate), '')", 'date') }} as first_responded_date,
        nullif(trim(firstrespondeddate), '') as first_responded_text,
        {{ parse_datetime_utc('createddate', tz) }} as created_at
    from source

)

select * from renamed
