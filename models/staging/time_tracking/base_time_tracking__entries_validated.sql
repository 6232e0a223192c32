{#- Every time-entry row of every vendor in one shape, with the reason it cannot be used (null
    when it can). The clean and the quarantine models both read this one model, so each raw row
    lands in exactly one of them. -#}

with

toggl as (

    select * from {{ ref('base_time_tracking__toggl_entries') }}

),

harvest as (

    select * from {{ ref('base_time_tracking__harvest_entries') }}

),

clockify as (

    select * from {{ ref('base_time_tracking__clockify_entries') }}

),

canonical as (

    select * from {{ ref('base_time_tracking__canonical_entries') }}

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
    from keyed

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

)

select * from final
