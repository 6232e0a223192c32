{#- Toggl Track rows renamed and typed into the canonical time-entry shape. Nothing is filtered
    here: validation and quarantine happen once, for every vendor, downstream. -#}
{%- set timestamp_format = var('roi_toggl_date_format') ~ ' ' ~ var('roi_toggl_time_format') -%}

with

source as (

    select * from {{ source('time_tracking', 'toggl_time_entries') }}

),

renamed as (

    select
        'toggl' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        {{ hash_pii(normalize_email('email')) }} as person_id,
        trim(project) as project_name,
        trim(task) as task_name,
        trim(description) as description,
        cast(null as {{ dbt.type_string() }}) as task_instance_key,
        {{ normalize_tag_list('tags') }} as tag_list,
        {{ convert_to_utc(
            try_parse_timestamp("trim(start_date) || ' ' || trim(start_time)", timestamp_format),
            var('roi_time_tracking_timezone'),
        ) }} as started_at,
        cast(null as date) as entry_date_without_time,
        trim(start_date) || ' ' || trim(start_time) as start_text,
        {{ parse_hms_hours('duration') }} as duration_hours,
        duration as duration_text

    from source

)

select * from renamed
