{#- The date-and-time format of a vendor that writes date and time in separate columns (Toggl,
    Clockify): the file's resolved date format, a space, its resolved time format (see
    resolved_format), with the vars `date_var` / `time_var` for what was not detected. Returns
    {'expression': SQL over `resolved_formats`, 'formats': every date x time combination it can
    take (for parse_timestamp_with_format), 'configured': the vars' combination}. -#}
{% macro resolved_timestamp_format(resolved_formats, date_var, time_var) %}
    {%- set date_format = resolved_format(resolved_formats, 'date_format', date_var) -%}
    {%- set time_format = resolved_format(resolved_formats, 'time_format', time_var) -%}
    {%- set formats = [] -%}
    {%- for date_pattern in date_format.formats -%}
        {%- for time_pattern in time_format.formats -%}
            {%- do formats.append(date_pattern ~ ' ' ~ time_pattern) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return({
        'expression': date_format.expression ~ " || ' ' || " ~ time_format.expression,
        'formats': formats,
        'configured': date_format.configured ~ ' ' ~ time_format.configured,
    }) }}
{% endmacro %}
