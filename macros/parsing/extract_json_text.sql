{#- The text of one attribute of a JSON object held in a text column, or null. Reads both shapes
    vendors export: an object ({"Test Variant": "B", "Is Bot Activity": false}) and the older
    array of name/value pairs ([{"name": "Test Variant", "value": "B"}]). String values are
    returned without their quotes; true / false / numbers as written. A regular expression, not a
    JSON parser: it never raises on a malformed cell (PostgreSQL 15's json cast would), and it
    reads flat attributes only, which is all the email exports need. -#}
{% macro extract_json_text(expression, key) %}
    {%- set quoted_key = key | replace('"', '') -%}
    {%- set object_string = '"' ~ quoted_key ~ '"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"' -%}
    {%- set object_bare = '"' ~ quoted_key ~ '"\\s*:\\s*([-+.A-Za-z0-9]+)' -%}
    {%- set pair_string = '"name"\\s*:\\s*"' ~ quoted_key ~ '"\\s*,\\s*"value"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"' -%}
    {%- set pair_bare = '"name"\\s*:\\s*"' ~ quoted_key ~ '"\\s*,\\s*"value"\\s*:\\s*([-+.A-Za-z0-9]+)' -%}
    coalesce(
        {{ regexp_first_group(expression, object_string) }},
        {{ regexp_first_group(expression, object_bare) }},
        {{ regexp_first_group(expression, pair_string) }},
        {{ regexp_first_group(expression, pair_bare) }}
    )
{% endmacro %}

{#- The first parenthesised group of the first match of a regular expression, or null. -#}
{% macro regexp_first_group(expression, pattern) %}
    {{ return(adapter.dispatch('regexp_first_group', 'ai_marketing_roi')(expression, pattern)) }}
{% endmacro %}

{% macro default__regexp_first_group(expression, pattern) %}
    nullif(substring({{ expression }} from '{{ pattern | replace("'", "''") }}'), '')
{% endmacro %}

{% macro duckdb__regexp_first_group(expression, pattern) %}
    nullif(regexp_extract({{ expression }}, '{{ pattern | replace("'", "''") }}', 1), '')
{% endmacro %}
