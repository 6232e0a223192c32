{#- Every time-entry row of every vendor in one shape, with the reason it cannot be used (null
    when it can). The clean and the quarantine models both read this one model, so each raw row
    lands in exactly one of them. The plausibility rules (seed plausibility_rules) apply in those
    two views (check_time_entry_plausibility), so a seed edit needs no full refresh.

    Each rule is a named step, a macro of its own (macros/staging, docs/staging.md):
    key_time_entries (natural key), bound_export_periods (the dates each file covers per person),
    flag_invalid_time_entries (invalid_reason), rank_time_entry_deliveries (duplicate_row,
    superseded_by_later_delivery), find_entries_deleted_in_later_export
    (deleted_in_later_export), find_overlapping_time_entries (overlapping_entry).

    Incremental (one row per raw row, keyed by its lineage): a nightly run reads only raw rows
    loaded within the lookback window (roi_incremental_lookback_days), then recomputes every
    person's period the delivered files cover and the days after it an entry of them could
    overlap (find_time_entry_periods_to_recompute), reading the rows built before of those days.
    Rows of other days keep their earlier outcome, which nothing new can change. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'file_checksum', 'source_row_number'],
    on_schema_change='fail',
    meta={'full_refresh_when_vars_change': [
        'roi_time_tracking_timezone', 'roi_toggl_date_format', 'roi_toggl_time_format',
        'roi_clockify_date_format', 'roi_clockify_time_format', 'roi_harvest_date_format',
        'roi_detect_formats', 'roi_max_entry_hours', 'roi_export_period_max_gap_days',
        'roi_raw_time_tracking_schema',
    ]},
) }}
{%- set computed_columns = ['invalid_reason', 'quarantine_reason'] -%}
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

keyed as (

    {{ key_time_entries('unioned') }}

),

delivered as (

    {{ bound_export_periods('keyed') }}

),

{%- if is_incremental() %}

affected_periods as (

    {{ find_time_entry_periods_to_recompute('delivered') }}

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
            from delivered
            where
                delivered.file_checksum = previous.file_checksum
                and delivered.source_system = previous.source_system
                and delivered.source_row_number = previous.source_row_number
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

    select {{ previous_columns(except=computed_columns) }} from delivered
    union all
    select * from previous_rows

),

{%- else %}

candidates as (

    select * from delivered

),

{%- endif %}

validated as (

    {{ flag_invalid_time_entries('candidates') }}

),

ranked as (

    {{ rank_time_entry_deliveries('validated') }}

),

deleted_in_later_export as (

    {{ find_entries_deleted_in_later_export(
        'ranked', 'candidates', 'previous_periods' if is_incremental() else none
    ) }}

),

overlap_checked as (

    {{ find_overlapping_time_entries('ranked', 'deleted_in_later_export') }}

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
            from delivered
            where
                delivered.file_checksum = validated.file_checksum
                and delivered.source_system = validated.source_system
                and delivered.source_row_number = validated.source_row_number
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
