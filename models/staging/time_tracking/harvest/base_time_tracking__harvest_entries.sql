{#- Harvest rows renamed and typed into the canonical time-entry shape. Harvest exports have no
    start time, no tags and no email: the person is the hashed normalised full name, and the entry
    keeps its date only. -#}

with

source as (

    select * from {{ source('time_tracking', 'harvest_time_entries') }}

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
        cast({{ try_parse_timestamp('trim(date)', var('roi_harvest_date_format')) }} as date)
            as entry_date_without_time,
        date as start_text,
        {{ try_cast_decimal('hours') }} as duration_hours,
        hours as duration_text

    from source

)

select * from renamed
