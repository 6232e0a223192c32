-- agg / then_value / else_value / prefix / suffix / distinct / cmp / alias=false / unquoted (slugified) aliases
{% set cols = 'size, max_red_qty, max_light_blue_qty, n_distinct_red, not_red, blue_no_alias' -%}
{% set actual_sql -%}
    select
        size,
        cast(max_red_qty as integer) as max_red_qty,
        cast(max_light_blue_qty as integer) as max_light_blue_qty,
        cast(n_distinct_red as integer) as n_distinct_red,
        cast(not_red as integer) as not_red,
        cast(blue_no_alias as integer) as blue_no_alias
    from {{ ref('test_pivot_options') }}
{%- endset -%}
{{ it_rows_differ(actual_sql, "select " ~ cols ~ " from " ~ ref('expected_pivot_options')) }}
