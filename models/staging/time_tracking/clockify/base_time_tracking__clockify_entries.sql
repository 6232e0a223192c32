{#- Clockify rows renamed and typed into the canonical time-entry shape. Dates, times and decimal
    hours follow the exporting user's settings: each file is parsed with the formats `roi load`
    detected for it, roi_clockify_date_format / roi_clockify_time_format deciding ambiguous files.
-#}
{%- set file_format = resolved_timestamp_format(
    'resolved_formats', 'roi_clockify_date_format', 'roi_clockify_time_format'
) -%}
{%- set decimal_separator = resolved_format('resolved_formats', 'decimal_separator') -%}

with

source as (

    select * from {{ source('time_tracking', 'clockify_time_entries') }}

),

with_formats as (

    {{ join_file_formats('source', {
        'file_timestamp_format': file_format,
        'file_decimal_separator': decimal_separator,
    }) }}

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
            parse_timestamp_with_format(
                "trim(start_date) || ' ' || trim(start_time)",
                'file_timestamp_format',
                file_format.formats,
            ),
            var('roi_time_tracking_timezone'),
        ) }} as started_at,
        cast(null as date) as entry_date_without_time,
        trim(start_date) || ' ' || trim(start_time) as start_text,
        {{ try_cast_decimal(
            normalize_decimal_separator('duration_decimal', 'file_decimal_separator')
        ) }} as duration_hours,
        duration_decimal as duration_text

    from with_formats

)

select * from renamed
