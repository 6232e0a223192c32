{#- One row per delivered email-event row, clean or quarantined: the event id and recipient send
    it carries and when it was loaded. The change feed of the email events: an incremental model
    downstream finds here what a night's load touched (a re-export can make an earlier copy of an
    event, in another send, a duplicate), without reading the quarantine. -#}

with

typed as (

    select
        email_event_id,
        source_system,
        campaign_key,
        person_id,
        source_file,
        source_row_number,
        loaded_at
    from {{ ref('base_email_platform__events_typed') }}

),

final as (

    select
        email_event_id,
        source_system,
        campaign_key,
        person_id,
        source_file,
        source_row_number,
        loaded_at
    from typed

)

select * from final
