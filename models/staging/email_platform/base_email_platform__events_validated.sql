{#- Every email-event row of every vendor with the reason it cannot be used (null when it can):
    its own (base_email_platform__events_typed) or, for a valid row, `duplicate_event` when a
    later delivery of the same event replaces it (base_email_platform__events_superseded). The
    clean and the quarantine models both read this one model, so each raw row lands in exactly
    one of them. A view: the superseded rows are few, so the join is cheap and nothing is stored
    twice. -#}

with

typed as (

    select * from {{ ref('base_email_platform__events_typed') }}

),

superseded as (

    select
        source_system,
        file_checksum,
        source_row_number
    from {{ ref('base_email_platform__events_superseded') }}

),

final as (

    select
        typed.*,
        coalesce(
            typed.invalid_reason,
            case when superseded.source_row_number is not null then 'duplicate_event' end
        ) as quarantine_reason
    from typed
    left join superseded
        on
            typed.file_checksum = superseded.file_checksum
            and typed.source_system = superseded.source_system
            and typed.source_row_number = superseded.source_row_number

)

select * from final
