{#- Step "overlaps" of base_time_tracking__entries_validated, a select statement for a CTE: the
    lineage of every winning, not deleted row of `ranked` with a start time, and
    `is_overlapping`, quarantined `overlapping_entry`. One person cannot log two things at once:
    an entry that starts before an earlier entry of the same person has ended (over all kept
    entries, ordered by start, then id) overlaps; the earlier entry stays. Harvest logs dates
    only, so its entries cannot be checked. `deleted` is find_entries_deleted_in_later_export. -#}
{% macro find_overlapping_time_entries(ranked, deleted) %}
    select
        file_checksum,
        source_system,
        source_row_number,
        started_at < max(ended_at) over (
            partition by person_id
            order by started_at asc, time_entry_id asc
            rows between unbounded preceding and 1 preceding
        ) as is_overlapping
    from (
        select
            {{ ranked }}.file_checksum,
            {{ ranked }}.source_system,
            {{ ranked }}.source_row_number,
            {{ ranked }}.person_id,
            {{ ranked }}.started_at,
            {{ ranked }}.time_entry_id,
            {{ dbt.dateadd(
                'second',
                'cast(round(' ~ ranked ~ '.duration_hours * 3600) as integer)',
                ranked ~ '.started_at',
            ) }} as ended_at
        from {{ ranked }}
        left join {{ deleted }}
            on
                {{ ranked }}.file_checksum = {{ deleted }}.file_checksum
                and {{ ranked }}.source_system = {{ deleted }}.source_system
                and {{ ranked }}.source_row_number = {{ deleted }}.source_row_number
        where
            {{ ranked }}.delivery_rank = 1
            and {{ ranked }}.started_at is not null
            and {{ deleted }}.file_checksum is null
    ) as kept_with_times
{% endmacro %}
