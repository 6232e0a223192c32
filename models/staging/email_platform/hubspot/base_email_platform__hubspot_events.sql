{#- HubSpot email events renamed and typed into the canonical email-event shape. An A/B test is
    a campaign group: the group id is the campaign key and each variant's own emailCampaignId is
    its label. created is epoch milliseconds (UTC, the API's form); an export that writes it as a
    datetime is read as ISO 8601 with its offset, or without one in roi_hubspot_timezone (the
    portal's zone: "2026-09-01 05:55:12"). -#}

with

source as (

    select * from {{ source('email_platform', 'hubspot_email_events') }}

),

epoch as (

    {#- 13-digit epoch milliseconds (2001-09-09 to 2033-05-18); anything else gives null. Split
        into whole seconds and the remaining milliseconds: interval arithmetic takes 32-bit
        integers. -#}
    select
        *,
        case
            when {{ matches_pattern('trim(created)', '1[0-9]{12}') }}
                then cast(trim(created) as {{ dbt.type_bigint() }})
        end as created_ms,
        case
            when {{ matches_pattern('trim(created)', '1[0-9]{12}') }}
                then cast(substring(trim(created), 1, 10) as {{ dbt.type_int() }})
        end as created_seconds
    from source

),

renamed as (

    select
        'hubspot' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(id), '') as vendor_event_id,
        {{ hash_pii(normalize_email('recipient')) }} as person_id,
        upper(trim(type)) as vendor_event_code,
        case
            when created_ms is not null
                then {{ dbt.dateadd(
                    'millisecond',
                    'created_ms - 1000 * cast(created_seconds as ' ~ dbt.type_bigint() ~ ')',
                    dbt.dateadd(
                        'second', 'created_seconds', "cast('1970-01-01 00:00:00' as timestamp)"
                    ),
                ) }}
            else {{ parse_datetime_utc('created', var('roi_hubspot_timezone')) }}
        end as occurred_at,
        created as occurred_text,
        nullif(trim(emailcampaigngroupid), '') as campaign_key,
        nullif(trim(emailcampaignid), '') as variant_label,
        coalesce(lower(trim(filteredevent)) in ('true', '1', 'yes'), false) as is_bot,
        useragent as user_agent,
        cast(null as boolean) as is_machine_open_flag

    from epoch

)

select * from renamed
