{#- Toggl Track rows renamed and typed into the canonical time-entry shape. Nothing is filtered
    here: validation and quarantine happen once, for every vendor, downstream. Dates and times
    are parsed with the formats `roi load` detected for the file (12-hour clocks included);
    roi_toggl_date_format / roi_toggl_time_format decide ambiguous files. -#}
{%- set file_format = resolved_timestamp_format(
    'resolved_formats', 'roi_toggl_date_format', 'roi_toggl_time_format'
) -%}

with

source as (

    select * from {{ source('time_tracking', 'toggl_time_entries') }}

),

with_formats as (

    {{ join_file_formats('source', {'file_timestamp_format': file_format}) }}

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
            parse_timestamp_with_format(
                "trim(start_date) || ' ' || trim(start_time)",
                'file_timestamp_format',
                file_format.formats,
            ),
            var('roi_time_tracking_timezone'),
        ) }} as started_at,
        cast(null as date) as entry_date_without_time,
        trim(start_date) || ' ' || trim(start_time) as start_text,
        {{ parse_hms_hours('duration') }} as duration_hours,
        duration as duration_text

    from with_formats

)

select * from renamed
