{#- On an incremental run, the filter that keeps only raw rows loaded since the model last saw
    new rows, minus a lookback window for late-arriving rows: `where <column> >= latest loaded_at
    already in this model - roi_incremental_lookback_days days`. Renders nothing on a full build,
    so the very same SQL builds the whole history. Put it in the import CTE, before any window
    function, so an incremental run never sorts the whole history. `read_everything=true` (an
    incremental run that must see every row again: upstream_seeds_changed()) renders nothing
    too. -#}
{% macro loaded_within_lookback(column='loaded_at', this_column='loaded_at', read_everything=false) %}
    {%- if is_incremental() and not read_everything %}
    where {{ column }} >= (
        select
            {{ dbt.dateadd(
                'day',
                -1 * (var('roi_incremental_lookback_days') | int),
                'coalesce(max(' ~ this_column ~ "), cast('1900-01-01' as " ~ dbt.type_timestamp() ~ '))',
            ) }}
        from {{ this }}
    )
    {%- endif %}
{% endmacro %}
