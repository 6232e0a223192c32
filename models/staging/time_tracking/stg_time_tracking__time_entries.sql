with

validated as (

    select * from {{ ref('base_time_tracking__entries_plausibility_checked') }}

),

final as (

    select
        time_entry_id,
        source_system,
        person_id,
        project_name,
        task_name,
        description,
        deliverable_name,
        tag_list,
        entry_date,
        started_at,
        started_at is not null as has_start_time,
        duration_hours,
        source_file,
        source_row_number
    from validated
    where quarantine_reason is null

)

select * from final
