{% macro get_filtered_columns_in_relation(from, except=[]) -%}
    {{ return(adapter.dispatch('get_filtered_columns_in_relation', 'dbt_utils')(from, except)) }}
{% endmacro %}


{% macro default__get_filtered_columns_in_relation(from, except=[]) -%}
    {#- Column names of `from` (a Relation), in order, minus `except` (case-insensitive). -#}
    {%- do dbt_utils._is_relation(from, 'get_filtered_columns_in_relation') -%}
    {%- do dbt_utils._is_ephemeral(from, 'get_filtered_columns_in_relation') -%}

    {#- Never query the warehouse while parsing. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}

    {%- set excluded = except | map('lower') | list -%}
    {%- set kept = [] -%}
    {%- for col in adapter.get_columns_in_relation(from) -%}
        {%- if col.column | lower not in excluded -%}
            {%- do kept.append(col.column) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(kept) }}
{%- endmacro %}
