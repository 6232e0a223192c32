{#- Helpers for the singular tests of this project (not part of the package). -#}

{% macro it_rows_differ(actual_sql, expected_sql) %}
    {#- Rows in one query but not the other, as a multiset (duplicates count); nulls compare equal. -#}
    with actual_rows as (
        {{ actual_sql }}
    ),

    expected_rows as (
        {{ expected_sql }}
    ),

    missing_rows as (
        select * from expected_rows
        except all
        select * from actual_rows
    ),

    unexpected_rows as (
        select * from actual_rows
        except all
        select * from expected_rows
    )

    select 'missing' as problem, missing_rows.* from missing_rows
    union all
    select 'unexpected' as problem, unexpected_rows.* from unexpected_rows
{% endmacro %}


{% macro it_check_values(checks) %}
    {#-
        checks: list of [label, got, expected] evaluated in Jinja. Returns one
        row per mismatch (none while parsing, when nothing was queried).
    -#}
    {%- set failures = [] -%}
    {%- if execute -%}
        {%- for check in checks -%}
            {%- if check[1] != check[2] -%}
                {%- do failures.append(check) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if failures | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as check_name,
        cast(null as {{ dbt.type_string() }}) as got,
        cast(null as {{ dbt.type_string() }}) as expected
    where 1 = 0
    {%- else -%}
        {%- for check in failures %}
    select
        cast('{{ check[0] | replace("'", "''") }}' as {{ dbt.type_string() }}) as check_name,
        cast('{{ check[1] | string | replace("'", "''") }}' as {{ dbt.type_string() }}) as got,
        cast('{{ check[2] | string | replace("'", "''") }}' as {{ dbt.type_string() }}) as expected
            {%- if not loop.last %}
    union all
            {%- endif %}
        {%- endfor %}
    {%- endif %}
{% endmacro %}


{% macro it_column_names(relation) %}
    {#- Lower-cased column names of a relation, in order (empty while parsing). -#}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for col in adapter.get_columns_in_relation(relation) -%}
        {%- do names.append(col.name | lower) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}
