{#- The formats detected for each loaded file (python_helpers/formats.py), one row per file
    checksum, for the vendor base models to parse each file with its own date, time and decimal
    format. -#}

with

file_loads as (

    select
        file_checksum,
        resolved_formats
    from {{ source('raw_meta', 'file_loads') }}
    where status = 'loaded' and resolved_formats is not null

),

one_per_file as (

    select
        file_checksum,
        max(resolved_formats) as resolved_formats
    from file_loads
    group by file_checksum

)

select * from one_per_file
