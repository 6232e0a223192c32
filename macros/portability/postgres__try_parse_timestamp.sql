{#- PostgreSQL implementation of try_parse_timestamp (macros/parsing): the text is checked
    against a pattern derived from the strftime-style format, then parsed by roi_try_to_timestamp
    (created by the on-run-start hook), which returns null where to_timestamp would raise
    (31/02/2026, month 23). Only the directives below are supported. -#}
{% macro postgres__try_parse_timestamp(expression, format) %}
    {%- set directives = {
        '%Y': ['YYYY', '[0-9]{4}'], '%m': ['MM', '[0-9]{1,2}'], '%d': ['DD', '[0-9]{1,2}'],
        '%H': ['HH24', '[0-9]{1,2}'], '%I': ['HH12', '[0-9]{1,2}'], '%M': ['MI', '[0-9]{2}'],
        '%S': ['SS', '[0-9]{2}'], '%p': ['AM', '[AaPp][Mm]'], '%f': ['US', '[0-9]{1,6}'],
    } -%}
    {%- set ns = namespace(pg=format, regex=format) -%}
    {%- for directive, pair in directives.items() -%}
        {%- set ns.pg = ns.pg | replace(directive, pair[0]) -%}
        {%- set ns.regex = ns.regex | replace(directive, pair[1]) -%}
    {%- endfor -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', ns.regex) }}
            then {{ adapter.quote(target.schema) }}.roi_try_to_timestamp(trim({{ expression }}), '{{ ns.pg }}')
    end
{% endmacro %}
