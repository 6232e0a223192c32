-- default pivot: sum(case when color = '<value>' then 1 else 0 end) as "<value>" (quoted aliases)
{% set actual_sql -%}
    select
        size,
        cast(red as integer) as red,
        cast(blue as integer) as blue,
        cast("light blue" as integer) as light_blue,
        cast("navy's" as integer) as navys
    from {{ ref('test_pivot') }}
{%- endset -%}
{{ it_rows_differ(actual_sql, "select size, red, blue, light_blue, navys from " ~ ref('expected_pivot')) }}
