{% macro get_single_value(query, default=none) %}
    {{ return(adapter.dispatch('get_single_value', 'dbt_utils')(query, default)) }}
{% endmacro %}


{% macro default__get_single_value(query, default) %}
    {#-
        Runs `query` and returns the first column of its first row as a Python
        value. Returns `default` when the query returns no rows, and while dbt
        is only parsing the project (execute is false).
    -#}
    {%- call statement('dbt_utils_get_single_value', fetch_result=true, auto_begin=false) -%}
        {{ query }}
    {%- endcall -%}

    {%- if not execute -%}
        {{ return(default) }}
    {%- endif -%}

    {%- set result_table = load_result('dbt_utils_get_single_value').table -%}
    {%- set first_column = result_table.columns[0].values() -%}
    {%- if first_column | length == 0 -%}
        {{ log("Query `" ~ query ~ "` returned no rows. Using the default value: " ~ default) }}
        {{ return(default) }}
    {%- endif -%}
    {{ return(first_column[0]) }}
{% endmacro %}
