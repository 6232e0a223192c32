-- the macro returns Python values, usable directly in Jinja
{% set source_table = ref('data_get_single_value') -%}
{% set row_count = dbt_utils.get_single_value("select count(*) from " ~ source_table) -%}
{% set label = dbt_utils.get_single_value("select label from " ~ source_table ~ " where id = 3") -%}
{% set fallback = dbt_utils.get_single_value("select label from " ~ source_table ~ " where id = 99", default='n/a') -%}
{{ it_check_values([
    ['count(*)', (row_count | int) if row_count is not none else none, 3],
    ['label of id 3', label, 'gamma'],
    ['default when empty', fallback, 'n/a'],
]) }}
