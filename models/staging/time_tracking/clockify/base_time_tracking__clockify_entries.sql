{#- Clockify rows renamed and typed into the canonical time-entry shape. Dates and times follow
    the exporting user's settings: roi_clockify_date_format / roi_clockify_time_format. -#}
{%- set timestamp_format = (
    var('roi_clockify_date_format') ~ ' ' ~ var('roi_clockify_time_format')
) -%}

with

source as (

    select * from {{ source('time_tracking', 'clockify_time_entries') }}

),

renamed as (

    select
        'clockify' as source_system,
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
        {{ try_cast_decimal('duration_decimal') }} as duration_hours,
        duration_decimal as duration_text

    from source

)

select * from renamed
