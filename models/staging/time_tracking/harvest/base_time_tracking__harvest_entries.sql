{#- Harvest rows renamed and typed into the canonical time-entry shape. Harvest exports have no
    start time, no tags and no email: the person is the hashed normalised full name, and the entry
    keeps its date only. Dates and decimal hours are parsed with the formats `roi load` detected
    for the file (a decimal comma, "1,5", when the whole file writes them). -#}
{%- set file_format = resolved_format(
    'resolved_formats', 'date_format', 'roi_harvest_date_format'
) -%}
{%- set decimal_separator = resolved_format('resolved_formats', 'decimal_separator') -%}

with

source as (

    select * from {{ source('time_tracking', 'harvest_time_entries') }}

),

with_formats as (

    {{ join_file_formats('source', {
        'file_date_format': file_format,
        'file_decimal_separator': decimal_separator,
    }) }}

),

renamed as (

    select
        'harvest' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        {{ hash_pii(
            "nullif(lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))), '')"
        ) }} as person_id,
        trim(project) as project_name,
        trim(task) as task_name,
        trim(notes) as description,
        cast(null as {{ dbt.type_string() }}) as task_instance_key,
        {{ normalize_tag_list('null') }} as tag_list,
        cast(null as timestamp) as started_at,
        cast({{ parse_timestamp_with_format(
            'trim(date)', 'file_date_format', file_format.formats
        ) }} as date) as entry_date_without_time,
        date as start_text,
        {{ try_cast_decimal(normalize_decimal_separator('hours', 'file_decimal_separator')) }}
            as duration_hours,
        hours as duration_text

    from with_formats

)

select * from renamed
