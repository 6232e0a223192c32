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
    {%- set parsed = strftime_to_pattern(format, 'postgres') -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', parsed.regex) }}
            then cast(to_timestamp(trim({{ expression }}), '{{ parsed.pattern }}') as timestamp)
    end
{% endmacro %}
