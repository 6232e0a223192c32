{#- The recompute window of an incremental run of base_time_tracking__entries_validated, a
    select statement for a CTE: per person and delivered file, the days whose rows get their
    outcome again. A natural key lives in one person-day, so its delivery ranking is recomputed
    whole; an entry missing from a later export of the same person and period can only be in
    that period; an entry can overlap only entries that started at most roi_max_entry_hours
    earlier. So: `recomputed_from` / `recomputed_to` run from the first day of the delivered
    file for the person (its period, and any isolated date) to `span_days` days after its last
    day (span_days = roi_max_entry_hours in whole days, rounded up), and `context_from`
    (`span_days` days before) is read as context for the overlap check only. `delivered` is the
    delivered rows after bound_export_periods. -#}
{% macro find_time_entry_periods_to_recompute(delivered) %}
    {%- set span_days = ((var('roi_max_entry_hours') | float) / 24) | round(0, 'ceil') | int %}
    select
        person_id,
        period_start as recomputed_from,
        cast({{ dbt.dateadd('day', -span_days, 'period_start') }} as date) as context_from,
        cast({{ dbt.dateadd('day', span_days, 'period_end') }} as date) as recomputed_to
    from (
        select
            source_system,
            person_id,
            least(min(entry_date), min(export_period_start)) as period_start,
            greatest(max(entry_date), max(export_period_end)) as period_end
        from {{ delivered }}
        where person_id is not null and entry_date is not null
        group by file_checksum, source_system, person_id
    ) as delivered_periods
{% endmacro %}
