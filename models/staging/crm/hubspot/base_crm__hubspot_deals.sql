{#- HubSpot deals renamed and typed into the CRM opportunity shape. `amount` stays text beside
    its parsed value so bad amounts can be quarantined with a reason; closedate is a datetime at
    midnight UTC in HubSpot, kept as its UTC date (never shifted by a time zone). -#}
{%- set tz = var('roi_hubspot_timezone') -%}

with

source as (

    select * from {{ source('crm', 'hubspot_deals') }}

),

renamed as (

    select
        'hubspot' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(hs_object_id), '') as crm_opportunity_id,
        nullif(trim(amount), '') as amount_text,
        {{ try_cast_decimal('amount') }} as amount,
        upper(coalesce(
            nullif(trim(deal_currency_code), ''), '{{ var("roi_crm_default_currency") }}'
        )) as currency_code,
        nullif(trim(dealstage), '') as stage_value,
        nullif(trim(pipeline), '') as pipeline_name,
        {{ parse_datetime_utc('createdate', tz) }} as created_at,
        cast({{ parse_datetime_utc('closedate', tz) }} as date) as close_date,
        nullif(trim(closedate), '') as close_text,
        case lower(trim(hs_is_closed))
            when 'true' then true
            when 'false' then false
        end as is_closed_flag,
        case lower(trim(hs_is_closed_won))
            when 'true' then true
            when 'false' then false
        end as is_won_flag
    from source

)

select * from renamed
