{#- The condition keeping a data test on an incremental model to the rows loaded within
    roi_incremental_lookback_days of the model's latest load (the rows a nightly run wrote or
    could have rewritten), or '' (test every row). Only when the environment variable
    ROI_DATA_TESTS_RECENT_LOADS_ONLY is true (set by `roi build` on a nightly run) or the var
    roi_data_tests_recent_loads_only is; never on --full-refresh. The model's load-time column is
    `meta: {roi_loaded_at_column: ...}` when set, else the first of loaded_at, last_loaded_at,
    _loaded_at it has; a model with none is tested whole. The environment variable is read when
    the test runs (`execute`), so switching it never makes dbt parse the project again. -#}
{% macro recent_loads_test_filter(relation) -%}
    {%- if not execute or flags.FULL_REFRESH or relation.identifier is not defined -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not (
        var('roi_data_tests_recent_loads_only', false)
        or env_var('ROI_DATA_TESTS_RECENT_LOADS_ONLY', 'false') | lower == 'true'
    ) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ns = namespace(node=none) -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- if (node.alias or node.name) | lower == (relation.identifier or '') | lower
            and node.schema | lower == (relation.schema or '') | lower -%}
            {%- set ns.node = node -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if ns.node is none or ns.node.config.materialized != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = namespace(column=(ns.node.config.meta or {}).get('roi_loaded_at_column')) -%}
    {%- if not found.column -%}
        {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name')
            | map('lower') | list -%}
        {%- for candidate in ['loaded_at', 'last_loaded_at', '_loaded_at'] -%}
            {%- if not found.column and candidate in names -%}
                {%- set found.column = candidate -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not found.column -%}
        {{ return('') }}
    {%- endif -%}
    {%- set column = found.column -%}
    {%- set since = dbt.dateadd(
        'day', -1 * (var('roi_incremental_lookback_days') | int), 'max(' ~ column ~ ')'
    ) -%}
    {{ return(column ~ ' >= (select ' ~ since ~ ' from ' ~ relation ~ ')') }}
{%- endmacro %}
