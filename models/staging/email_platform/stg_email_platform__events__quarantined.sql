with

validated as (

    select * from {{ ref('base_email_platform__events_validated') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        email_event_id,
        person_id,
        vendor_event_code,
        occurred_text,
        campaign_key,
        variant_label,
        ab_test_id,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
