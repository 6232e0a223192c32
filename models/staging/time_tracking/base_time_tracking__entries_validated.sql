{#- Every time-entry row of every vendor in one shape, with the reason it cannot be used (null
    when it can). The clean and the quarantine models both read this one model, so each raw row
    lands in exactly one of them. The plausibility rules (seed plausibility_rules) apply in the
    view base_time_tracking__entries_plausibility_checked, so a seed edit needs no full refresh.

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within the lookback window (roi_incremental_lookback_days), then recomputes every
    person's period the delivered files cover (their first to last entry date of that person).
    A natural key lives in one person-day (person and date are part of it), so its delivery
    ranking is recomputed whole; an entry missing from a later export of the same person and
    period can only be in that period; an entry can overlap only entries that started at most
    roi_max_entry_hours earlier, so the `span_days` days after a period get their overlap check
    again, with `span_days` days before it as context. Rows of other days keep their earlier
    outcome, which nothing new can change. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='fail',
) }}
{%- set span_days = ((var('roi_max_entry_hours') | float) / 24) | round(0, 'ceil') | int -%}
{%- set computed_columns = ['invalid_reason', 'quarantine_reason'] -%}
{%- set max_gap_days = var('roi_export_period_max_gap_days') | int -%}
{%- if execute and is_incremental() -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name')
        | map('lower') | list -%}
    {%- if 'export_period_start' not in built_columns -%}
        {{ exceptions.raise_compiler_error(
            'base_time_tracking__entries_validated was built before natural keys without durations'
            ~ ' and export periods (2026-12-04): rebuild it once with'
            ~ ' `dbt build --full-refresh --select base_time_tracking__entries_validated+`.'
        ) }}
    {%- endif -%}
{%- endif %}

with

toggl as (

    select * from {{ ref('base_time_tracking__toggl_entries') }}
    {{- loaded_within_lookback() }}

),

harvest as (

    select * from {{ ref('base_time_tracking__harvest_entries') }}
    {{- loaded_within_lookback() }}

),

clockify as (

    select * from {{ ref('base_time_tracking__clockify_entries') }}
    {{- loaded_within_lookback() }}

),

canonical as (

    select * from {{ ref('base_time_tracking__canonical_entries') }}
    {{- loaded_within_lookback() }}

),

unioned as (

    select * from toggl
    union all
    select * from harvest
    union all
    select * from clockify
    union all
    select * from canonical

),

natural_keys as (

    {#- The natural key of an entry never holds a measured value (duration, hours): a corrected
        duration is the same entry delivered again. Toggl, Clockify and canonical entries are
        identified by person, start, project, task and description. Harvest exports no entry id
        and no start time: its entry is the date, person, project, task and notes as the export
        shows them, and the order of occurrence among identical ones in the file (two genuine
        1 h "Client call" entries of one person on one day are the first and the second). -#}
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
    from unioned

),

file_neighbours as (

    {#- A date with no other row of its file within roi_export_period_max_gap_days is not part of
        the period the file covers (a mistyped 2016 or 2027 must not stretch it over years). -#}
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
    from natural_keys

),

keyed as (

    {#- export_period_start / _end: the dates this row's file covers for its person (its first
        and last entry date of that person, isolated dates left out). A later export of the same
        person and period is the whole truth for it: an entry of an earlier file missing from it
        was deleted at the source. -#}
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
        ]) }} as time_entry_id,
        min(case when not is_isolated_in_file then entry_date end)
            over (partition by file_checksum, person_id) as export_period_start,
        max(case when not is_isolated_in_file then entry_date end)
            over (partition by file_checksum, person_id) as export_period_end
    from file_neighbours

),

{%- if is_incremental() %}

delivered_periods as (

    {#- Every day of a delivered file for its person: its period, and any isolated date. -#}
    select
        source_system,
        person_id,
        least(min(entry_date), min(export_period_start)) as period_start,
        greatest(max(entry_date), max(export_period_end)) as period_end
    from keyed
    where person_id is not null and entry_date is not null
    group by file_checksum, source_system, person_id

),

affected_periods as (

    {#- recomputed_from: rows from here on get their outcome again (the period a delivery covers
        and the days after it an entry of it could overlap); the `span_days` days before it are
        read as context for the overlap check only. -#}
    select
        person_id,
        period_start as recomputed_from,
        cast({{ dbt.dateadd('day', -span_days, 'period_start') }} as date) as context_from,
        cast({{ dbt.dateadd('day', span_days, 'period_end') }} as date) as recomputed_to
    from delivered_periods

),

previous_rows as (

    {#- Rows built before, of the affected periods, that are not being delivered again. -#}
    select {{ previous_columns(except=computed_columns) }}
    from {{ this }} as previous
    where
        exists (
            select 1
            from affected_periods
            where
                affected_periods.person_id = previous.person_id
                and previous.entry_date
                between affected_periods.context_from and affected_periods.recomputed_to
        )
        and not exists (
            select 1
            from keyed
            where
                keyed.file_checksum = previous.file_checksum
                and keyed.source_system = previous.source_system
                and keyed.source_row_number = previous.source_row_number
        )

),

previous_periods as (

    {#- Files built before whose period touches an affected period: they can make an entry of
        it deleted even when none of their rows lies in it. -#}
    select distinct
        previous.source_system,
        previous.person_id,
        previous.source_file,
        previous.loaded_at,
        previous.file_checksum,
        previous.export_period_start,
        previous.export_period_end
    from {{ this }} as previous
    where exists (
        select 1
        from affected_periods
        where
            affected_periods.person_id = previous.person_id
            and previous.export_period_start <= affected_periods.recomputed_to
            and previous.export_period_end >= affected_periods.context_from
    )

),

candidates as (

    select {{ previous_columns(except=computed_columns) }} from keyed
    union all
    select * from previous_rows

),

{%- else %}

candidates as (

    select * from keyed

),

{%- endif %}

validated as (

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
    from candidates

),

ranked as (

    {#- Re-exported files repeat rows; a corrected re-delivery changes them. Within a natural key
        the row of the file whose name sorts last wins (vendors put the export date in the name),
        so the outcome does not depend on the order files were loaded in (only a file re-landed
        under the same name falls back to the load time). -#}
    select
        *,
        row_number() over (
            partition by time_entry_id
            order by source_file desc, loaded_at desc, source_row_number desc
        ) as delivery_rank,
        first_value(duration_hours) over (
            partition by time_entry_id
            order by source_file desc, loaded_at desc, source_row_number desc
        ) as kept_duration_hours
    from validated
    where invalid_reason is null

),

export_periods as (

    {#- One row per file and person: the dates that file covers for that person. -#}
    select distinct
        source_system,
        person_id,
        source_file,
        loaded_at,
        file_checksum,
        export_period_start,
        export_period_end
    from candidates
    where person_id is not null and export_period_start is not null
    {%- if is_incremental() %}
    union
    select * from previous_periods
    {%- endif %}

),

later_covering_exports as (

    {#- For each kept entry, the latest later export (name, then load time) of the same system
        whose period for the person contains the entry's date. -#}
    select
        ranked.file_checksum,
        ranked.source_system,
        ranked.source_row_number,
        ranked.time_entry_id,
        export_periods.file_checksum as covering_file_checksum,
        row_number() over (
            partition by ranked.file_checksum, ranked.source_system, ranked.source_row_number
            order by export_periods.source_file desc, export_periods.loaded_at desc
        ) as covering_rank
    from ranked
    inner join export_periods
        on
            ranked.source_system = export_periods.source_system
            and ranked.person_id = export_periods.person_id
            and ranked.entry_date
            between export_periods.export_period_start and export_periods.export_period_end
            and (
                ranked.source_file < export_periods.source_file
                or (
                    ranked.source_file = export_periods.source_file
                    and ranked.loaded_at < export_periods.loaded_at
                )
            )
    where ranked.delivery_rank = 1

),

deleted_in_later_export as (

    {#- The latest export covering the entry's person and date does not hold the entry (in any
        form, usable or not): it was deleted at the source. -#}
    select
        later_covering_exports.file_checksum,
        later_covering_exports.source_system,
        later_covering_exports.source_row_number
    from later_covering_exports
    where
        later_covering_exports.covering_rank = 1
        and not exists (
            select 1
            from candidates
            where
                candidates.file_checksum = later_covering_exports.covering_file_checksum
                and candidates.time_entry_id = later_covering_exports.time_entry_id
        )

),

kept_with_times as (

    select
        ranked.file_checksum,
        ranked.source_system,
        ranked.source_row_number,
        ranked.person_id,
        ranked.started_at,
        ranked.time_entry_id,
        {{ dbt.dateadd(
            'second', 'cast(round(ranked.duration_hours * 3600) as integer)', 'ranked.started_at'
        ) }} as ended_at
    from ranked
    left join deleted_in_later_export
        on
            ranked.file_checksum = deleted_in_later_export.file_checksum
            and ranked.source_system = deleted_in_later_export.source_system
            and ranked.source_row_number = deleted_in_later_export.source_row_number
    where
        ranked.delivery_rank = 1
        and ranked.started_at is not null
        and deleted_in_later_export.file_checksum is null

),

overlap_checked as (

    {#- One person cannot log two things at once: an entry that starts before an earlier entry
        of the same person has ended is quarantined; the earlier entry stays. Harvest logs dates
        only, so its entries cannot be checked. -#}
    select
        file_checksum,
        source_system,
        source_row_number,
        started_at < max(ended_at) over (
            partition by person_id
            order by started_at asc, time_entry_id asc
            rows between unbounded preceding and 1 preceding
        ) as is_overlapping
    from kept_with_times

),

final as (

    select
        validated.*,
        case
            when validated.invalid_reason is not null then validated.invalid_reason
            when
                ranked.delivery_rank > 1
                and ranked.duration_hours = ranked.kept_duration_hours then 'duplicate_row'
            when ranked.delivery_rank > 1 then 'superseded_by_later_delivery'
            when deleted_in_later_export.file_checksum is not null then 'deleted_in_later_export'
            when overlap_checked.is_overlapping then 'overlapping_entry'
        end as quarantine_reason
    from validated
    left join ranked
        on
            validated.file_checksum = ranked.file_checksum
            and validated.source_system = ranked.source_system
            and validated.source_row_number = ranked.source_row_number
    left join deleted_in_later_export
        on
            validated.file_checksum = deleted_in_later_export.file_checksum
            and validated.source_system = deleted_in_later_export.source_system
            and validated.source_row_number = deleted_in_later_export.source_row_number
    left join overlap_checked
        on
            validated.file_checksum = overlap_checked.file_checksum
            and validated.source_system = overlap_checked.source_system
            and validated.source_row_number = overlap_checked.source_row_number
    {%- if is_incremental() %}
    where
        exists (
            select 1
            from keyed
            where
                keyed.file_checksum = validated.file_checksum
                and keyed.source_system = validated.source_system
                and keyed.source_row_number = validated.source_row_number
        )
        or exists (
            select 1
            from affected_periods
            where
                affected_periods.person_id = validated.person_id
                and validated.entry_date
                between affected_periods.recomputed_from and affected_periods.recomputed_to
        )
    {%- endif %}

)

select * from final
