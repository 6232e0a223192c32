{% set source_table = ref('data_get_single_value') -%}
{% set max_amount = dbt_utils.get_single_value("select max(amount) from " ~ source_table) -%}
{% set first_label = dbt_utils.get_single_value("select label, amount from " ~ source_table ~ " order by amount desc") -%}
{% set empty_with_default = dbt_utils.get_single_value("select amount from " ~ source_table ~ " where 1 = 0", default=-1) -%}
{% set empty_without_default = dbt_utils.get_single_value("select amount from " ~ source_table ~ " where 1 = 0") -%}

select
    {{ max_amount if max_amount is not none else 'null' }} as max_amount,
    '{{ first_label }}' as first_label,
    {{ empty_with_default }} as empty_with_default,
    {{ 'true' if empty_without_default is none else 'false' }} as empty_without_default_is_none
