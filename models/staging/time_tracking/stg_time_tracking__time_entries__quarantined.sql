with

validated as (

    select * from {{ ref('base_time_tracking__entries_plausibility_checked') }}

),

final as (

    select
        source_system,
        source_file,
        source_row_number,
        quarantine_reason,
        time_entry_id,
        person_id,
        project_name,
        task_name,
        start_text,
        duration_text,
        loaded_at
    from validated
    where quarantine_reason is not null

)

select * from final
