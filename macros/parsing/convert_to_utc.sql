{#- A wall-clock timestamp (no offset) recorded in `timezone` to a UTC timestamp without zone.
    `at time zone` behaves the same on DuckDB (ICU) and PostgreSQL. -#}
{% macro convert_to_utc(expression, timezone) %}
    {{ return(adapter.dispatch('convert_to_utc', 'ai_marketing_roi')(expression, timezone)) }}
{% endmacro %}

{% macro default__convert_to_utc(expression, timezone) %}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        {{ expression }}
    {%- else -%}
        (({{ expression }}) at time zone '{{ timezone }}') at time zone 'UTC'
    {%- endif -%}
{% endmacro %}
