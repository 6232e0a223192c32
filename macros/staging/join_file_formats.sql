{#- Every row of `source_cte` (a raw vendor table with `_file_checksum`) with the formats its
    file is parsed with: one column per entry of `file_formats` ({column name: a resolved_format
    or resolved_timestamp_format result}), the format `roi load` detected for the file
    (base_raw_meta__file_formats), else the configured var. The one home of the per-file format
    lookup every wall-clock vendor base model (Toggl, Clockify, Harvest) needs. A select
    statement, for the body of a CTE. -#}
{% macro join_file_formats(source_cte, file_formats) %}
    select
        {{ source_cte }}.*
        {%- for name, format in file_formats.items() %},
        coalesce(detected.{{ name }}, '{{ format.configured }}') as {{ name }}
        {%- endfor %}
    from {{ source_cte }}
    left join (
        select
            file_checksum
            {%- for name, format in file_formats.items() %},
            {{ format.expression }} as {{ name }}
            {%- endfor %}
        from {{ ref('base_raw_meta__file_formats') }}
    ) as detected
        on {{ source_cte }}._file_checksum = detected.file_checksum
{% endmacro %}
