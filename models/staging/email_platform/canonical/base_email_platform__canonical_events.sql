{#- The canonical email events CSV renamed and typed. occurred_at is ISO 8601 with an offset or Z;
    a value without an offset is rejected downstream (its zone is never guessed). -#}

with

source as (

    select * from {{ source('email_platform', 'canonical_email_events') }}

),

renamed as (

    select
        'canonical' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(event_id), '') as vendor_event_id,
        {{ hash_pii(normalize_email('recipient_email')) }} as person_id,
        lower(trim(event_type)) as vendor_event_code,
        {{ parse_iso8601_utc('occurred_at') }} as occurred_at,
        occurred_at as occurred_text,
        nullif(trim(campaign_id), '') as campaign_key,
        nullif(trim(variant), '') as variant_label,
        coalesce(lower(trim(is_bot)) in ('true', '1', 'yes'), false) as is_bot,
        cast(null as {{ dbt.type_string() }}) as user_agent,
        lower(trim(is_machine_open)) in ('true', '1', 'yes') as is_machine_open_flag

    from source

)

select * from renamed
