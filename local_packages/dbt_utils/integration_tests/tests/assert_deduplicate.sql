-- one row per user_id, first by order_by; ties broken by the second order key
{% set cols = 'user_id, version, updated_at, status, note' -%}
{% set actual_sql -%}
    select 'latest_then_highest_version' as scenario, {{ cols }} from {{ ref('test_deduplicate') }}
    union all
    select 'latest_then_lowest_version' as scenario, {{ cols }} from {{ ref('test_deduplicate_tie_asc') }}
    union all
    select 'from_cte_without_paid' as scenario, {{ cols }} from {{ ref('test_deduplicate_cte') }}
    union all
    select 'default_impl_non_null_rows' as scenario, {{ cols }} from {{ ref('test_deduplicate_default_impl') }}
{%- endset -%}
{{ it_rows_differ(actual_sql, "select scenario, " ~ cols ~ " from " ~ ref('expected_deduplicate')) }}
