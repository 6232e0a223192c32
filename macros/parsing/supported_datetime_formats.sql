{#- The finite set of date and time formats per-file detection can resolve (python_helpers/
    formats.py DATE_FORMATS / TIME_FORMATS: tests/python/test_formats.py checks both lists agree).
    parse_timestamp_with_format generates one CASE branch per combination, because DuckDB's
    strptime needs a constant format. -#}
{% macro supported_datetime_formats() %}
    {%- set date_formats = [
        '%Y-%m-%d', '%Y/%m/%d', '%d/%m/%Y', '%m/%d/%Y', '%d.%m.%Y', '%m.%d.%Y', '%d-%m-%Y',
        '%m-%d-%Y',
    ] -%}
    {%- set time_formats = ['%H:%M:%S', '%H:%M', '%I:%M:%S %p', '%I:%M %p'] -%}
    {{ return({'date': date_formats, 'time': time_formats}) }}
{% endmacro %}
