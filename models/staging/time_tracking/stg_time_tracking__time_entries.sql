{#- The clean time entries: the rows of base_time_tracking__entries_validated after the
    plausibility rules of the seed plausibility_rules (check_time_entry_plausibility). The clean
    and the quarantine view run the same step on the same rows, so each raw row lands in exactly
    one of them; as views above the incremental model, an edited rule takes effect on the next
    plain `dbt build`. -#}

with

validated as (

    select * from {{ ref('base_time_tracking__entries_validated') }}

),

rules as (

    select
        rule_id,
        limit_value,
        limit_date,
        reason_code
    from {{ ref('plausibility_rules') }}
    where applies_to = 'time_entries'

),

plausibility_checked as (

    {{ check_time_entry_plausibility('validated', 'rules') }}

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
    from plausibility_checked
    where quarantine_reason is null

)

select * from final
