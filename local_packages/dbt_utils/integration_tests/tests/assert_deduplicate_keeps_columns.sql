-- deduplicate must return exactly the columns of its input (no helper rank column)
{% set expected = ['user_id', 'version', 'updated_at', 'status', 'note'] -%}
{{ it_check_values([
    ['test_deduplicate columns', it_column_names(ref('test_deduplicate')), expected],
    ['test_deduplicate_cte columns', it_column_names(ref('test_deduplicate_cte')), expected],
    ['test_deduplicate_default_impl columns', it_column_names(ref('test_deduplicate_default_impl')), expected],
]) }}
