{#- The canonical time CSV renamed and typed. started_at is ISO 8601 with an offset or Z; a value
    without an offset is rejected downstream (a wall-clock time in an unknown zone). -#}

with

source as (

    select * from {{ source('time_tracking', 'canonical_time_entries') }}

),

renamed as (

    select
        'canonical' as source_system,
        _source_file as source_file,
        _file_checksum as file_checksum,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        {{ hash_pii(normalize_email('person_email')) }} as person_id,
        trim(project) as project_name,
        trim(task) as task_name,
        trim(description) as description,
        nullif(trim(task_instance_id), '') as task_instance_key,
        {{ normalize_tag_list('tags') }} as tag_list,
        {{ parse_iso8601_utc('started_at') }} as started_at,
        cast(null as date) as entry_date_without_time,
        started_at as start_text,
        {{ try_cast_decimal('duration_hours') }} as duration_hours,
        duration_hours as duration_text

    from source

)

select * from renamed
