{#-
    dbt's `unique` test, with a RevOps message on seeds: the seed, the key value that is on more
    than one row, and each of those rows (models keep dbt's own test unchanged).
-#}
{% macro default__test_unique(model, column_name) %}
    {%- if seed_node_for(model) is not none -%}
        {%- set failing_rows -%}
            select *
            from {{ model }}
            where {{ column_name }} in (
                select {{ column_name }}
                from {{ model }}
                where {{ column_name }} is not null
                group by {{ column_name }}
                having count(*) > 1
            )
            order by {{ column_name }}
            limit 20
        {%- endset -%}
        {%- do raise_seed_rule_error(
            model,
            column_name ~ ' must be unique (one row per ' ~ column_name ~ ')',
            failing_rows,
            [column_name]
        ) -%}
    {%- endif -%}
    {{ dbt.default__test_unique(model, column_name) }}
{% endmacro %}
