{% test at_least_one(model, column_name, group_by_columns=[]) %}
    {{ return(adapter.dispatch('test_at_least_one', 'dbt_utils')(model, column_name, group_by_columns)) }}
{% endtest %}


{% macro default__test_at_least_one(model, column_name, group_by_columns) %}
    {#- Failing rows: one per group (or one overall) in which the column is always null. -#}
    {%- set kept_columns = [] -%}
    {%- for col in group_by_columns -%}
        {%- do kept_columns.append(col) -%}
    {%- endfor -%}
    {%- if column_name not in kept_columns -%}
        {%- do kept_columns.append(column_name) -%}
    {%- endif -%}
    {%- set select_gb_cols = (group_by_columns | join(', ') ~ ',') if group_by_columns | length > 0 else '' -%}
    {%- set groupby_gb_cols = ('group by ' ~ group_by_columns | join(', ')) if group_by_columns | length > 0 else '' %}

    select *
    from (
        with pruned_rows as (
            select
                {{ kept_columns | join(', ') }}
            from {{ model }}
            {%- if group_by_columns | length == 0 %}
            where {{ column_name }} is not null
            limit 1
            {%- endif %}
        )

        select
            {{ select_gb_cols }}
            count({{ column_name }}) as filler_column
        from pruned_rows
        {{ groupby_gb_cols }}
        having count({{ column_name }}) = 0
    ) as validation_errors
{% endmacro %}
