{#- Every time-entry row that is not clean, with its reason: the rows of
    base_time_tracking__entries_validated after the plausibility rules of the seed
    plausibility_rules (check_time_entry_plausibility). The clean and the quarantine view run the
    same step on the same rows, so each raw row lands in exactly one of them; as views above the
    incremental model, an edited rule takes effect on the next plain `dbt build`. -#}

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
    from plausibility_checked
    where quarantine_reason is not null

)

select * from final
