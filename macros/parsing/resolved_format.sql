{#- The format a file is parsed with, as a SQL expression over the file's `resolved_formats`
    (JSON text from python_helpers/formats.py, one row per file in base_raw_meta__file_formats):
    what `roi load` detected for the file under `key`, else the dbt var `configured_var`. A file
    whose date order stays ambiguous (no day over 12) uses the var's order with the file's own
    separator ('%d/%m/%Y' reads "04.05.2026" as '%d.%m.%Y'). With roi_detect_formats false the var
    decides every file (an override). `key` 'decimal_separator' has no var: '.' unless detected.
    Returns {'expression': SQL, 'formats': every constant the expression can take,
    'configured': the var's value (for files with no detected formats)}. -#}
{% macro resolved_format(resolved_formats, key, configured_var=none) %}
    {%- set supported = supported_datetime_formats() -%}
    {%- if key == 'decimal_separator' -%}
        {%- set expression -%}
            coalesce({{ extract_json_text(resolved_formats, key) }}, '.')
        {%- endset -%}
        {{ return({
            'expression': expression if var('roi_detect_formats') else "'.'",
            'formats': [',', '.'],
            'configured': '.',
        }) }}
    {%- endif -%}
    {%- set configured = var(configured_var) -%}
    {%- set ns = namespace(variants={}, configured_separator=none) -%}
    {%- if key == 'date_format' -%}
        {%- for separator in ['/', '.', '-'] -%}
            {%- if ns.configured_separator is none and separator in configured -%}
                {%- set ns.configured_separator = separator -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for separator in ['/', '.', '-'] -%}
            {%- if ns.configured_separator is not none -%}
                {%- do ns.variants.update(
                    {separator: configured | replace(ns.configured_separator, separator)}
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set formats = supported['date'] + [configured] + (ns.variants.values() | list) -%}
    {%- else -%}
        {%- set formats = supported['time'] + [configured] -%}
    {%- endif -%}
    {%- if not var('roi_detect_formats') -%}
        {%- set expression = "'" ~ configured ~ "'" -%}
    {%- elif key == 'date_format' -%}
        {%- set expression -%}
            coalesce(
                {{ extract_json_text(resolved_formats, 'date_format') }},
                case {{ extract_json_text(resolved_formats, 'date_separator') }}
                    {%- for separator, variant in ns.variants.items() %}
                        when '{{ separator }}' then '{{ variant }}'
                    {%- endfor %}
                end,
                '{{ configured }}'
            )
        {%- endset -%}
    {%- else -%}
        {%- set expression -%}
            coalesce({{ extract_json_text(resolved_formats, key) }}, '{{ configured }}')
        {%- endset -%}
    {%- endif -%}
    {{ return({'expression': expression, 'formats': formats | unique | list, 'configured': configured}) }}
{% endmacro %}
