{#-
    dbt_utils' `unique_combination_of_columns`, with a RevOps message on seeds: the seed, the key
    values that are on more than one row, and each of those rows (models keep dbt_utils' test).
    dbt_project.yml dispatches dbt_utils' macros to this project first.
-#}
{% macro default__test_unique_combination_of_columns(
    model, combination_of_columns, quote_columns=false
) %}
    {%- if seed_node_for(model) is not none -%}
        {%- set key = combination_of_columns | join(', ') -%}
        {%- set failing_rows -%}
            with duplicated as (
                select {{ key }}
                from {{ model }}
                group by {{ key }}
                having count(*) > 1
            )

            select seed_rows.*
            from {{ model }} as seed_rows
            inner join duplicated
                on
                {%- for column in combination_of_columns %}
                    {{ 'and ' if not loop.first }}seed_rows.{{ column }} = duplicated.{{ column }}
                {%- endfor %}
            order by {% for column in combination_of_columns -%}
                seed_rows.{{ column }}{{ ', ' if not loop.last }}
            {%- endfor %}
            limit 20
        {%- endset -%}
        {%- do raise_seed_rule_error(
            model,
            'one row per ' ~ combination_of_columns | join(' and '),
            failing_rows,
            combination_of_columns
        ) -%}
    {%- endif -%}
    {{ dbt_utils.default__test_unique_combination_of_columns(
        model, combination_of_columns, quote_columns
    ) }}
{% endmacro %}
