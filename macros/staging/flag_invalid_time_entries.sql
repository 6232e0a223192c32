{#- Step "row validity" of base_time_tracking__entries_validated, a select statement for a CTE:
    every row of `entries` with `invalid_reason`, why the row itself cannot be used (null when it
    can): `missing_person`, `unparseable_or_zoneless_start` (neither a start time nor a date),
    `unparseable_duration`, `negative_duration`, `duration_over_max_hours` (over
    roi_max_entry_hours). The first reason that applies wins; an invalid row never takes part in
    the ranking, deletion or overlap steps. -#}
{% macro flag_invalid_time_entries(entries) %}
    select
        *,
        case
            when person_id is null then 'missing_person'
            when started_at is null and entry_date_without_time is null
                then 'unparseable_or_zoneless_start'
            when duration_hours is null then 'unparseable_duration'
            when duration_hours < 0 then 'negative_duration'
            when duration_hours > {{ var('roi_max_entry_hours') }} then 'duration_over_max_hours'
        end as invalid_reason
    from {{ entries }}
{% endmacro %}
