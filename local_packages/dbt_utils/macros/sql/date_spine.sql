{% macro get_intervals_between(start_date, end_date, datepart) -%}
    {{ return(adapter.dispatch('get_intervals_between', 'dbt_utils')(start_date, end_date, datepart)) }}
{%- endmacro %}


{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
    {#- Number of `datepart` boundaries between the two SQL expressions (runs a query). -#}
    {%- call statement('dbt_utils_get_intervals_between', fetch_result=true) -%}
        select {{ dbt.datediff(start_date, end_date, datepart) }}
    {%- endcall -%}

    {%- set result = load_result('dbt_utils_get_intervals_between') -%}
    {%- if result and result['data'] -%}
        {{ return(result['data'][0][0]) }}
    {%- endif -%}
    {#- Parse time (nothing was run): any positive number keeps the SQL valid. -#}
    {{ return(1) }}
{%- endmacro %}


{% macro date_spine(datepart, start_date, end_date) %}
    {{ return(adapter.dispatch('date_spine', 'dbt_utils')(datepart, start_date, end_date)) }}
{%- endmacro %}


{% macro default__date_spine(datepart, start_date, end_date) %}
    {#-
        One row per `datepart` from start_date (included) up to end_date
        (excluded), in a column named date_<datepart>. start_date and end_date
        are SQL expressions, e.g. "cast('2024-01-01' as date)".
    -#}
    {%- set period_count = dbt_utils.get_intervals_between(start_date, end_date, datepart) -%}
    {%- if period_count is none or period_count < 1 %}
    {#- empty range: keep the column, return no rows -#}
    select {{ dbt.dateadd(datepart, 0, start_date) }} as date_{{ datepart }}
    where 1 = 0
    {%- else %}
    with rawdata as (
        {{ dbt_utils.generate_series(period_count) | indent(4) }}
    ),

    all_periods as (
        select
            {{ dbt.dateadd(datepart, 'generated_number - 1', start_date) }} as date_{{ datepart }}
        from rawdata
    ),

    filtered as (
        select *
        from all_periods
        where date_{{ datepart }} <= {{ end_date }}
    )

    select * from filtered
    {%- endif %}
{% endmacro %}
