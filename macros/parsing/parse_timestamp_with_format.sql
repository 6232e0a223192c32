{#- Text to a timestamp with a format chosen per row (the file's resolved format). DuckDB's
    strptime needs a constant format, so this is one CASE branch per format in `formats`, each
    through try_parse_timestamp (PostgreSQL: regex guard + to_timestamp). A row whose format is
    not in the list, or whose text does not match it, gives null (the caller quarantines it). -#}
{% macro parse_timestamp_with_format(expression, format_expression, formats) %}
    case {{ format_expression }}
        {%- for format in formats | unique %}
            when '{{ format }}' then {{ try_parse_timestamp(expression, format) }}
        {%- endfor %}
    end
{% endmacro %}
