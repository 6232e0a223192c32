{% macro pivot(
    column,
    values,
    alias=True,
    agg='sum',
    cmp='=',
    prefix='',
    suffix='',
    then_value=1,
    else_value=0,
    quote_identifiers=True,
    distinct=False
) %}
    {{ return(adapter.dispatch('pivot', 'dbt_utils')(
        column, values, alias, agg, cmp, prefix, suffix,
        then_value, else_value, quote_identifiers, distinct
    )) }}
{% endmacro %}


{% macro default__pivot(
    column,
    values,
    alias=True,
    agg='sum',
    cmp='=',
    prefix='',
    suffix='',
    then_value=1,
    else_value=0,
    quote_identifiers=True,
    distinct=False
) %}
    {#-
        One aggregate expression per value:
            <agg>([distinct] case when <column> <cmp> '<value>' then <then_value> else <else_value> end)
                as <prefix><value><suffix>
        Values are compared as quoted string literals (single quotes escaped).
        The select list must be completed by the caller, usually with a group by.
    -#}
    {%- set expressions = [] -%}
    {%- for value in values -%}
        {%- set literal = "'" ~ dbt.escape_single_quotes(value | string) ~ "'" -%}
        {%- set expression -%}
{{ agg }}({% if distinct %}distinct {% endif %}case when {{ column }} {{ cmp }} {{ literal }} then {{ then_value }} else {{ else_value }} end)
        {%- endset -%}
        {%- if alias -%}
            {%- set column_alias = prefix ~ value ~ suffix -%}
            {%- if quote_identifiers -%}
                {%- set expression = expression ~ ' as ' ~ adapter.quote(column_alias) -%}
            {%- else -%}
                {%- set expression = expression ~ ' as ' ~ dbt_utils.slugify(column_alias) -%}
            {%- endif -%}
        {%- endif -%}
        {%- do expressions.append(expression) -%}
    {%- endfor -%}
    {{ return(expressions | join(',\n    ')) }}
{% endmacro %}
