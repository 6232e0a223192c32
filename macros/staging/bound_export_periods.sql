{#- Step "export periods" of base_time_tracking__entries_validated, a select statement for a
    CTE: every row of `entries` (keyed time entries) with `is_isolated_in_file` and the period its
    file covers for its person (`export_period_start` / `_end`: the person's first and last
    entry date in the file, isolated dates left out).

    A later export of the same person and period is the whole truth for it: an entry of an
    earlier file missing from it was deleted at the source (find_entries_deleted_in_later_export).
    A date with no other row of its file within roi_export_period_max_gap_days is not part of
    the period (a mistyped 2016 or 2027 must not stretch it over years). Quarantines nothing
    itself. -#}
{% macro bound_export_periods(entries) %}
    {%- set max_gap_days = var('roi_export_period_max_gap_days') | int %}
    select
        *,
        min(case when not is_isolated_in_file then entry_date end)
            over (partition by file_checksum, person_id) as export_period_start,
        max(case when not is_isolated_in_file then entry_date end)
            over (partition by file_checksum, person_id) as export_period_end
    from (
        select
            *,
            coalesce(
                {{ dbt.datediff(
                    'lag(entry_date) over (partition by file_checksum order by entry_date, source_row_number)',
                    'entry_date',
                    'day',
                ) }} > {{ max_gap_days }},
                true
            )
            and coalesce(
                {{ dbt.datediff(
                    'entry_date',
                    'lead(entry_date) over (partition by file_checksum order by entry_date, source_row_number)',
                    'day',
                ) }} > {{ max_gap_days }},
                true
            ) as is_isolated_in_file
        from {{ entries }}
    ) as file_neighbours
{% endmacro %}
