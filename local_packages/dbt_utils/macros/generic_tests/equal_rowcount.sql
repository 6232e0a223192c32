{% test equal_rowcount(model, compare_model, group_by_columns=[]) %}
    {{ return(adapter.dispatch('test_equal_rowcount', 'dbt_utils')(model, compare_model, group_by_columns)) }}
{% endtest %}


{% macro default__test_equal_rowcount(model, compare_model, group_by_columns) %}
    {#-
        Returns one row per group (one row overall without group_by_columns)
        with both counts; the failure count is the summed absolute difference,
        so a passing test returns rows whose diff_count is 0. A group present
        on one side only counts its whole rowcount as difference; null group
        values are matched to each other. Two empty relations balance: without
        group_by_columns the counts are aggregated without a group by (one row
        of zeros, as upstream), and with them the failure count of no groups
        at all is 0, not null.
    -#}
    {#- fail_calc has to be registered at parse time, before the early return below. -#}
    {{ config(fail_calc='coalesce(sum(coalesce(diff_count, 0)), 0)') }}

    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}

    {#- A constant join key makes the full join work without group columns too. -#}
    {%- set join_key = 'id_dbtutils_test_equal_rowcount' -%}
    {%- set all_group_columns = [join_key] + group_by_columns -%}
    {%- set select_gb_cols = (group_by_columns | join(', ') ~ ',') if group_by_columns | length > 0 else '' %}
    {#- Grouping by the constant key as well would turn an empty relation into no row at all. -#}
    {%- set group_by_clause = ('group by ' ~ group_by_columns | join(', ')) if group_by_columns | length > 0 else '' %}

    with a as (
        select
            {{ select_gb_cols }}
            1 as {{ join_key }},
            count(*) as count_a
        from {{ model }}
        {{ group_by_clause }}
    ),

    b as (
        select
            {{ select_gb_cols }}
            1 as {{ join_key }},
            count(*) as count_b
        from {{ compare_model }}
        {{ group_by_clause }}
    ),

    final as (
        select
            {%- for col in all_group_columns %}
            a.{{ col }} as {{ col }}_a,
            b.{{ col }} as {{ col }}_b,
            {%- endfor %}
            count_a,
            count_b,
            abs(coalesce(count_a, 0) - coalesce(count_b, 0)) as diff_count
        from a
        full join b
            on a.{{ join_key }} = b.{{ join_key }}
            {%- for col in group_by_columns %}
            and (a.{{ col }} = b.{{ col }} or (a.{{ col }} is null and b.{{ col }} is null))
            {%- endfor %}
    )

    select * from final
{% endmacro %}
