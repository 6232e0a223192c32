{#- Every time-entry row of every vendor in one shape, with the reason it cannot be used (null
    when it can). The clean and the quarantine models both read this one model, so each raw row
    lands in exactly one of them.

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within the lookback window (roi_incremental_lookback_days), then recomputes every
    person-day they touch. A natural key lives in one person-day (person and start are part of
    it), so its delivery ranking is recomputed whole; an entry can overlap only entries that
    started at most roi_max_entry_hours earlier, so the touched days and the `span_days` days
    after them get their overlap check again, with `span_days` days before them as context. Rows
    of other days keep their earlier outcome, which nothing new can change. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='fail',
) }}
{%- set span_days = ((var('roi_max_entry_hours') | float) / 24) | round(0, 'ceil') | int -%}
{%- set computed_columns = ['invalid_reason', 'quarantine_reason'] -%}

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

keyed as (

    select
        *,
        coalesce(cast(started_at as date), entry_date_without_time) as entry_date,
        nullif(lower(coalesce(task_instance_key, description, '')), '') as deliverable_name,
        {{ dbt_utils.generate_surrogate_key([
            'source_system',
            'person_id',
            'coalesce(cast(started_at as ' ~ dbt.type_string() ~ '), cast(entry_date_without_time as ' ~ dbt.type_string() ~ '))',
            'lower(project_name)',
            'lower(task_name)',
            'lower(description)',
            "case when source_system = 'harvest' then cast(duration_hours as " ~ dbt.type_string() ~ ') end',
        ]) }} as time_entry_id
    from unioned

),

{%- if is_incremental() %}

delivered_person_days as (

    select distinct
        person_id,
        entry_date
    from keyed
    where person_id is not null

),

affected_person_days as (

    {#- offset >= 0: days whose outcome is recomputed; offset < 0: context for the overlap check. -#}
    {%- for offset in range(-span_days, span_days + 1) %}
    select
        person_id,
        cast({{ dbt.dateadd('day', offset, 'entry_date') }} as date) as entry_date,
        {{ 'true' if offset >= 0 else 'false' }} as is_recomputed
    from delivered_person_days
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

previous_rows as (

    {#- Rows built before, of the affected person-days, that are not being delivered again. -#}
    select {{ previous_columns(except=computed_columns) }}
    from {{ this }} as previous
    where
        exists (
            select 1
            from affected_person_days
            where
                affected_person_days.person_id = previous.person_id
                and affected_person_days.entry_date = previous.entry_date
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

kept_with_times as (

    select
        file_checksum,
        source_system,
        source_row_number,
        person_id,
        started_at,
        time_entry_id,
        {{ dbt.dateadd('second', 'cast(round(duration_hours * 3600) as integer)', 'started_at') }}
            as ended_at
    from ranked
    where delivery_rank = 1 and started_at is not null

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
            when overlap_checked.is_overlapping then 'overlapping_entry'
        end as quarantine_reason
    from validated
    left join ranked
        on
            validated.file_checksum = ranked.file_checksum
            and validated.source_system = ranked.source_system
            and validated.source_row_number = ranked.source_row_number
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
            from affected_person_days
            where
                affected_person_days.is_recomputed
                and affected_person_days.person_id = validated.person_id
                and affected_person_days.entry_date = validated.entry_date
        )
    {%- endif %}

)

select * from final
