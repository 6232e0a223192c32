{#-
    A rule on a seed that RevOps edits. When rows break it, the build stops with a message that
    names the seed, each offending row (by its key), the value and the rule in plain words, e.g.

        Seed 'roles' breaks a rule: loading_factor must be between 1.0 and 2.0 (...).
          row role_id = marketing_manager: loading_factor = 14
            (whole row: role_id = marketing_manager, role_name = Marketing manager, ...)

    The whole row is named too, since `row_key` alone may not identify it (fx_rates: one row per
    currency and date).

    `expression` is SQL that must be true for every row (null counts as breaking it, unless the
    expression allows nulls). When nothing breaks, the test runs as an ordinary zero-row test.
-#}
{% test revops_rule(model, column_name, expression, row_key, rule) %}
    {%- set failing_rows -%}
        select
            cast({{ row_key }} as {{ dbt.type_string() }}) as row_key,
            cast({{ column_name }} as {{ dbt.type_string() }}) as offending_value
        from {{ model }}
        where not coalesce(({{ expression }}), false)
    {%- endset -%}
    {%- set failing_whole_rows -%}
        select
            cast({{ row_key }} as {{ dbt.type_string() }}) as revops_row_key,
            cast({{ column_name }} as {{ dbt.type_string() }}) as revops_offending_value,
            seed_rows.*
        from {{ model }} as seed_rows
        where not coalesce(({{ expression }}), false)
        order by 1
        limit 10
    {%- endset -%}
    {%- if execute and load_relation(model) is not none -%}
        {%- set found = run_query(failing_whole_rows) -%}
        {%- if found.rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in found.rows -%}
                {%- set values = [] -%}
                {%- for name in found.column_names[2:] -%}
                    {%- do values.append(
                        name ~ ' = ' ~ (row[name] if row[name] is not none else '(empty)')
                    ) -%}
                {%- endfor -%}
                {%- do lines.append(
                    '  row ' ~ row_key ~ ' = ' ~ row[0] ~ ': ' ~ column_name ~ ' = '
                    ~ (row[1] if row[1] is not none else '(empty)')
                    ~ '\n    (whole row: ' ~ values | join(', ') ~ ')'
                ) -%}
            {%- endfor -%}
            {%- set seed = seed_node_for(model) -%}
            {{ exceptions.raise_compiler_error(
                "Seed '" ~ model.identifier ~ "' breaks a rule: " ~ column_name ~ ' ' ~ rule
                ~ '.\n' ~ lines | join('\n')
                ~ '\nFix the value in ' ~ (seed.original_file_path if seed else 'seeds/')
                ~ ' (see the README, section "For RevOps") and rebuild.'
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ failing_rows }}
{% endtest %}
