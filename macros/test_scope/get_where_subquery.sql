{#- dbt wraps the `model` of every generic test in get_where_subquery (dbt's own version applies
    the test's `where` config). This one does the same and, on a nightly run, also keeps an
    incremental model's test to the rows loaded within the lookback: see
    recent_loads_test_filter. Tests on other models, singular tests and unit tests are unchanged.
    The relation is aliased: Spark reads `from t where (x)` as table t aliased `where` with one
    column alias x (ASSIGNMENT_ARITY_MISMATCH on a `where` config in parentheses). -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set recent = recent_loads_test_filter(relation) -%}
    {%- if recent -%}
        {%- do conditions.append(recent) -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} as tested_rows
            where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
