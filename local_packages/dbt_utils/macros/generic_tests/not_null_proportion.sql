{% test not_null_proportion(model, column_name, at_least, at_most=1.0, group_by_columns=[]) %}
    {{ return(adapter.dispatch('test_not_null_proportion', 'dbt_utils')(model, group_by_columns, column_name=column_name, at_least=at_least, at_most=at_most)) }}
{% endtest %}


{% macro default__test_not_null_proportion(model, group_by_columns) %}
    {#-
        Failing rows: one per group (or one overall) whose share of non-null
        values lies outside [at_least, at_most]. column_name, at_least and
        at_most arrive as keyword arguments, like upstream's implementation.
    -#}
    {%- set column_name = kwargs.get('column_name', kwargs.get('arg')) -%}
    {%- set at_least = kwargs.get('at_least', kwargs.get('arg')) -%}
    {%- set at_most = kwargs.get('at_most', kwargs.get('arg', 1)) -%}
    {%- set select_gb_cols = (group_by_columns | join(', ') ~ ',') if group_by_columns | length > 0 else '' -%}
    {%- set groupby_gb_cols = ('group by ' ~ group_by_columns | join(', ')) if group_by_columns | length > 0 else '' %}

    with validation as (
        select
            {{ select_gb_cols }}
            sum(case when {{ column_name }} is null then 0 else 1 end)
                / cast(count(*) as {{ dbt.type_numeric() }}) as not_null_proportion
        from {{ model }}
        {{ groupby_gb_cols }}
    ),

    validation_errors as (
        select
            {{ select_gb_cols }}
            not_null_proportion
        from validation
        where not_null_proportion < {{ at_least }}
            or not_null_proportion > {{ at_most }}
    )

    select *
    from validation_errors
{% endmacro %}
