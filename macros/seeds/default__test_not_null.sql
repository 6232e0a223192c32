{#-
    dbt's `not_null` test, with a RevOps message on seeds: the seed, the empty column and each row
    where it is empty, with the row's other values (models keep dbt's own test unchanged).
-#}
{% macro default__test_not_null(model, column_name) %}
    {%- if seed_node_for(model) is not none -%}
        {%- set failing_rows -%}
            select *
            from {{ model }}
            where {{ column_name }} is null
            limit 10
        {%- endset -%}
        {%- do raise_seed_rule_error(
            model, column_name ~ ' must not be empty', failing_rows
        ) -%}
    {%- endif -%}
    {{ dbt.default__test_not_null(model, column_name) }}
{% endmacro %}
