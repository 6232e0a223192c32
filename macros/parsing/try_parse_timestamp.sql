{#- Text to a timestamp with a strftime-style format ("%d/%m/%Y %H:%M"); null when it does not
    parse. Formats are settings (vars), because they follow the exporting user's preferences. -#}
{% macro try_parse_timestamp(expression, format) %}
    {{ return(adapter.dispatch('try_parse_timestamp', 'ai_marketing_roi')(expression, format)) }}
{% endmacro %}

{% macro duckdb__try_parse_timestamp(expression, format) %}
    try_strptime({{ expression }}, '{{ format }}')
{% endmacro %}

{% macro default__try_parse_timestamp(expression, format) %}
    {#- PostgreSQL's to_timestamp raises on bad input, so the text is first checked against a
        pattern derived from the format; only the directives below are supported. -#}
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
            then cast(to_timestamp(trim({{ expression }}), '{{ ns.pg }}') as timestamp)
    end
{% endmacro %}
