{%- macro deduplicate(relation, partition_by, order_by) -%}
    {{ return(adapter.dispatch('deduplicate', 'dbt_utils')(relation, partition_by, order_by)) }}
{% endmacro %}


{#-
    Every implementation returns a complete select statement that keeps, for
    each value of `partition_by`, the first row by `order_by`, with exactly the
    columns of `relation`. `relation` may be a Relation, a source or the name
    of a CTE defined just before the macro call.
-#}

{%- macro default__deduplicate(relation, partition_by, order_by) -%}
    {#-
        Portable fallback: rank the rows, then natural-join the ranked copy
        back to the original so that the helper rank column is not exposed.
        Like upstream's default this is not null safe: a row whose non-key
        columns contain null does not match itself in the natural join.
    -#}
    select distinct
        dedup_source.*
    from {{ relation }} as dedup_source
    natural join (
        select
            dedup_inner.*,
            row_number() over (
                partition by {{ partition_by }}
                order by {{ order_by }}
            ) as dbt_utils_dedup_rank
        from {{ relation }} as dedup_inner
    ) as dedup_ranked
    where dedup_ranked.dbt_utils_dedup_rank = 1
{%- endmacro -%}


{%- macro postgres__deduplicate(relation, partition_by, order_by) -%}
    {#- distinct on keeps the first row of each partition_by group in order_by order. -#}
    select distinct on ({{ partition_by }})
        *
    from {{ relation }}
    order by {{ partition_by }}, {{ order_by }}
{%- endmacro -%}


{%- macro duckdb__deduplicate(relation, partition_by, order_by) -%}
    {#- qualify filters on the window function without exposing it; null safe. -#}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by {{ partition_by }}
        order by {{ order_by }}
    ) = 1
{%- endmacro -%}
