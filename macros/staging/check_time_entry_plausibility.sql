{#- The plausibility step of the time entries, a select statement for a CTE (a WITH query of its
    own): every row of `validated` (base_time_tracking__entries_validated) with its final
    `quarantine_reason`: the validated model's reason, else the first plausibility rule of
    `rules` (the seed plausibility_rules, rows applying to time_entries) it breaks, in this order:
    `date_before_floor`, `zero_or_near_zero_duration`, `date_after_activity_horizon`,
    `person_day_over_24_hours` (the reason codes come from the seed).

    The activity horizon is the latest entry date reached by at least two people (the second
    latest of the people's latest dates; one person's latest when there is only one), taken over
    rows that pass the row rules: one mistyped date cannot move it, so it cannot move the
    evaluation date either. A person-day over the limit is set aside whole: every entry of it is
    plausible alone and nothing tells which one is wrong.

    Called by the views stg_time_tracking__time_entries and its quarantine twin (which read the
    same rows, so each raw row lands in exactly one of them): the incremental model under them
    never reads the seed, so an edited rule takes effect on the next plain `dbt build`. -#}
{% macro check_time_entry_plausibility(validated, rules) %}
    with

    rule_limits as (

        select
            max(case when rule_id = 'time_entry_date_before_floor' then limit_date end)
                as floor_date,
            max(case when rule_id = 'time_entry_date_before_floor' then reason_code end)
                as floor_reason,
            max(case when rule_id = 'time_entry_near_zero_duration' then limit_value end)
                as near_zero_hours,
            max(case when rule_id = 'time_entry_near_zero_duration' then reason_code end)
                as near_zero_reason,
            max(case when rule_id = 'time_entry_date_after_activity_horizon' then limit_value end)
                as max_days_after_horizon,
            max(case when rule_id = 'time_entry_date_after_activity_horizon' then reason_code end)
                as after_horizon_reason,
            max(case when rule_id = 'time_entry_person_day_over_hours' then limit_value end)
                as max_hours_per_person_day,
            max(case when rule_id = 'time_entry_person_day_over_hours' then reason_code end)
                as person_day_reason
        from {{ rules }}

    ),

    row_rules_checked as (

        select
            validated.*,
            case
                when validated.quarantine_reason is not null then validated.quarantine_reason
                when validated.entry_date < rule_limits.floor_date then rule_limits.floor_reason
                when validated.duration_hours <= rule_limits.near_zero_hours
                    then rule_limits.near_zero_reason
            end as row_rule_reason
        from {{ validated }} as validated
        cross join rule_limits

    ),

    people_latest_dates as (

        select
            person_id,
            max(entry_date) as latest_entry_date
        from row_rules_checked
        where row_rule_reason is null
        group by person_id

    ),

    people_latest_dates_ranked as (

        select
            latest_entry_date,
            row_number() over (order by latest_entry_date desc) as latest_rank
        from people_latest_dates

    ),

    activity_horizon as (

        select
            coalesce(
                max(case when latest_rank = 2 then latest_entry_date end),
                max(case when latest_rank = 1 then latest_entry_date end)
            ) as horizon_date
        from people_latest_dates_ranked

    ),

    horizon_checked as (

        select
            row_rules_checked.*,
            case
                when row_rules_checked.row_rule_reason is not null
                    then row_rules_checked.row_rule_reason
                when
                    {{ dbt.datediff(
                        'activity_horizon.horizon_date', 'row_rules_checked.entry_date', 'day'
                    ) }} > rule_limits.max_days_after_horizon
                    then rule_limits.after_horizon_reason
            end as horizon_reason
        from row_rules_checked
        cross join activity_horizon
        cross join rule_limits

    ),

    person_days as (

        select
            person_id,
            entry_date,
            sum(duration_hours) as person_day_hours
        from horizon_checked
        where horizon_reason is null
        group by person_id, entry_date

    ),

    final_reasons as (

        select
            horizon_checked.source_system,
            horizon_checked.source_file,
            horizon_checked.file_checksum,
            horizon_checked.source_row_number,
            horizon_checked.loaded_at,
            horizon_checked.time_entry_id,
            horizon_checked.person_id,
            horizon_checked.project_name,
            horizon_checked.task_name,
            horizon_checked.description,
            horizon_checked.deliverable_name,
            horizon_checked.tag_list,
            horizon_checked.entry_date,
            horizon_checked.started_at,
            horizon_checked.start_text,
            horizon_checked.duration_hours,
            horizon_checked.duration_text,
            case
                when horizon_checked.horizon_reason is not null then horizon_checked.horizon_reason
                when person_days.person_day_hours > rule_limits.max_hours_per_person_day
                    then rule_limits.person_day_reason
            end as quarantine_reason
        from horizon_checked
        cross join rule_limits
        left join person_days
            on
                horizon_checked.person_id = person_days.person_id
                and horizon_checked.entry_date = person_days.entry_date

    )

    select * from final_reasons
{% endmacro %}
