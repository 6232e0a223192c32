{#- Marketo bulk activity rows renamed and typed into the canonical email-event shape. The
    recipient is the Marketo lead (the export carries no email), hashed like every person.
    Nothing is filtered here: validation and quarantine happen once, for every vendor. -#}

with

source as (

    select * from {{ source('email_platform', 'marketo_activities') }}

),

renamed as (

    select
        'marketo' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim(marketoguid), '') as vendor_event_id,
        {{ hash_pii("'marketo-lead:' || nullif(trim(leadid), '')") }} as person_id,
        trim(activitytypeid) as vendor_event_code,
        {{ parse_iso8601_utc('activitydate') }} as occurred_at,
        activitydate as occurred_text,
        nullif(trim(campaignid), '') as campaign_key,
        nullif(trim({{ extract_json_text('attributes', 'Test Variant') }}), '') as variant_label,
        coalesce(
            lower(trim({{ extract_json_text('attributes', 'Is Bot Activity') }}))
            in ('true', '1', 'yes'),
            false
        ) as is_bot,
        {{ extract_json_text('attributes', 'User Agent') }} as user_agent,
        cast(null as boolean) as is_machine_open_flag

    from source

)

select * from renamed
