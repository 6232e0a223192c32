with

validated as (

    select * from {{ ref('base_email_platform__events_validated') }}

),

final as (

    select
        email_event_id,
        source_system,
        person_id,
        event_type,
        occurred_at,
        cast(occurred_at as date) as event_date,
        campaign_key,
        variant_label,
        ab_test_id,
        arm,
        is_bot,
        is_machine_open,
        not is_bot and not is_machine_open as is_human,
        source_file,
        source_row_number,
        loaded_at
    from validated
    where quarantine_reason is null

)

select * from final
