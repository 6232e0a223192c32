-- start included, end excluded; column named date_<datepart>
{% set ts = dbt.type_timestamp() -%}
{% set actual_sql -%}
    select 'day_leap_year' as spine_name, cast(date_day as {{ ts }}) as period_start
    from {{ ref('test_date_spine_day') }}
    union all
    select 'month_year_end' as spine_name, cast(date_month as {{ ts }}) as period_start
    from {{ ref('test_date_spine_month') }}
    union all
    select 'hour_midnight' as spine_name, cast(date_hour as {{ ts }}) as period_start
    from {{ ref('test_date_spine_hour') }}
    union all
    select 'empty_range' as spine_name, cast(date_day as {{ ts }}) as period_start
    from {{ ref('test_date_spine_empty') }}
{%- endset -%}
{{ it_rows_differ(
    actual_sql,
    "select spine_name, cast(period_start as " ~ ts ~ ") as period_start from " ~ ref('expected_date_spine')
) }}
