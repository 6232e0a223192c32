{% test expression_is_true(model, expression, column_name=none) %}
    {{ return(adapter.dispatch('test_expression_is_true', 'dbt_utils')(model, expression, column_name)) }}
{% endtest %}


{% macro default__test_expression_is_true(model, expression, column_name) %}
    {#-
        Failing rows: those where the expression is false. At column level the
        expression is appended to the column name ("<column> <expression>").
        Rows where the expression is null pass, as upstream.
    -#}
    {%- set failing_columns = '*' if should_store_failures() else '1' -%}
    {%- if column_name is none -%}
        {%- set predicate = expression -%}
    {%- else -%}
        {%- set predicate = column_name ~ ' ' ~ expression -%}
    {%- endif %}

    select {{ failing_columns }}
    from {{ model }}
    where not ({{ predicate }})
{% endmacro %}
