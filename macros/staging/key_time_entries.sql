{#- Step "natural keys" of base_time_tracking__entries_validated, a select statement for a CTE:
    every row of `entries` (the union of the vendor base models) with its `entry_date`, its
    `deliverable_name`, its `occurrence_in_file` and its `time_entry_id`.

    The natural key of an entry never holds a measured value (duration, hours): a corrected
    duration is the same entry delivered again. Toggl, Clockify and canonical entries are
    identified by person, start, project, task and description. Harvest exports no entry id and
    no start time: its entry is the date, person, project, task and notes as the export shows
    them, and the order of occurrence among identical ones in the file (two genuine 1 h "Client
    call" entries of one person on one day are the first and the second). Quarantines nothing
    itself: the key decides what counts as the same entry for the ranking and deletion steps. -#}
{% macro key_time_entries(entries) %}
    select
        *,
        {{ dbt_utils.generate_surrogate_key([
            'source_system',
            'person_id',
            'coalesce(cast(started_at as ' ~ dbt.type_string() ~ '), cast(entry_date_without_time as ' ~ dbt.type_string() ~ '))',
            'lower(project_name)',
            'lower(task_name)',
            'lower(description)',
            'occurrence_in_file',
        ]) }} as time_entry_id
    from (
        select
            *,
            coalesce(cast(started_at as date), entry_date_without_time) as entry_date,
            nullif(lower(coalesce(task_instance_key, description, '')), '') as deliverable_name,
            case
                when started_at is null
                    then row_number() over (
                        partition by
                            file_checksum,
                            person_id,
                            entry_date_without_time,
                            lower(project_name),
                            lower(task_name),
                            lower(description)
                        order by source_row_number
                    )
                else 1
            end as occurrence_in_file
        from {{ entries }}
    ) as natural_keys
{% endmacro %}
