-- column lists and rendered SQL of star()
{% set star_source = ref('data_star') -%}
{% set rendered_unquoted = dbt_utils.star(from=star_source, relation_alias='s', except=['FIELD_2'], quote_identifiers=false) -%}
{% set rendered_quoted = dbt_utils.star(from=star_source, except=['field_1', 'field_3'], prefix='p_') -%}
{{ it_check_values([
    ['test_star', it_column_names(ref('test_star')), ['field_1', 'field_2', 'field_3']],
    ['test_star_except', it_column_names(ref('test_star_except')), ['field_1', 'field_2']],
    ['test_star_prefix_suffix', it_column_names(ref('test_star_prefix_suffix')), ['pre_field_1_suf', 'pre_field_3_suf']],
    ['test_star_unquoted', it_column_names(ref('test_star_unquoted')), ['raw_field_2', 'raw_field_3']],
    ['rendered unquoted with alias', rendered_unquoted.split(',') | map('trim') | list, ['s.field_1', 's.field_3']],
    ['rendered quoted with prefix', rendered_quoted | trim, '"field_2" as "p_field_2"'],
    ['get_filtered_columns_in_relation', dbt_utils.get_filtered_columns_in_relation(star_source, except=['Field_1']), ['field_2', 'field_3']],
]) }}
