{#-
    The not_null, unique, primary key and check constraints of a model's enforced contract, checked
    in ONE query, on warehouses that do not enforce them. DuckDB and PostgreSQL enforce every one of
    them when dbt builds a contracted table (a null or a repeated key fails the build with a
    constraint error: tests/python/test_constraints_enforced.py plants both), so there this test
    is disabled and no data test repeats a constraint. A local Spark session writes Parquet tables
    and enforces none (macros/portability/spark__materializations.sql): there it checks them all.
    Attach it to every contracted table:

        - name: fct_workflow_roi
          config:
            contract: {enforced: true}
          data_tests: [contract_constraints_hold]

    One failing row per broken rule: the rule, the column(s) (for a check: its column or, for a
    model-level check over several columns, its name, then its expression) and how many rows
    break it. The
    constraints are read from dbt's graph, so a constraint added to the YAML is checked without
    another test.
-#}
{% test contract_constraints_hold(model) %}
    {{ config(enabled=target.type not in constraint_enforcing_adapters()) }}
    {%- set not_null_columns = [] -%}
    {%- set keys = [] -%}
    {%- set checks = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model'
                and node.alias | lower == model.identifier | lower
                and node.schema | lower == model.schema | lower -%}
                {%- for column in node.columns.values() -%}
                    {%- for constraint in column.constraints -%}
                        {%- if constraint.type in ('not_null', 'primary_key')
                            and column.name not in not_null_columns -%}
                            {%- do not_null_columns.append(column.name) -%}
                        {%- endif -%}
                        {%- if constraint.type in ('unique', 'primary_key') -%}
                            {%- do keys.append([column.name]) -%}
                        {%- endif -%}
                        {%- if constraint.type == 'check' -%}
                            {%- do checks.append((column.name, constraint.expression)) -%}
                        {%- endif -%}
                    {%- endfor -%}
                {%- endfor -%}
                {%- for constraint in node.constraints -%}
                    {%- if constraint.type == 'primary_key' -%}
                        {%- for column in constraint.columns if column not in not_null_columns -%}
                            {%- do not_null_columns.append(column) -%}
                        {%- endfor -%}
                    {%- endif -%}
                    {%- if constraint.type in ('unique', 'primary_key') -%}
                        {%- do keys.append(constraint.columns) -%}
                    {%- endif -%}
                    {%- if constraint.type == 'check' -%}
                        {%- do checks.append((constraint.name or constraint.columns | join(', '),
                            constraint.expression)) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif %}

    with checked as (
        select * from {{ model }}
    ),

    broken as (
        {%- for column in not_null_columns %}
            select
                'not_null' as rule,
                '{{ column }}' as constrained_columns,
                count(*) as failing_rows
            from checked
            where {{ column }} is null
            union all
        {%- endfor %}
        {%- for key in keys %}
            select
                'unique' as rule,
                '{{ key | join(", ") }}' as constrained_columns,
                count(*) as failing_rows
            from (
                select {{ key | join(', ') }}
                from checked
                group by {{ key | join(', ') }}
                having count(*) > 1
            ) as repeated_keys
            union all
        {%- endfor %}
        {%- for label, expression in checks %}
            select
                'check' as rule,
                '{{ label }}: {{ expression | replace("'", "''") }}' as constrained_columns,
                count(*) as failing_rows
            from checked
            where not ({{ expression }})
            union all
        {%- endfor %}
        select
            'none' as rule,
            '' as constrained_columns,
            0 as failing_rows
    )

    select *
    from broken
    where failing_rows > 0
{% endtest %}
