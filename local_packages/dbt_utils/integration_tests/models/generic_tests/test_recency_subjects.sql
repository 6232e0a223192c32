-- timestamps relative to the build time:
--   fresh:     2 hours ago
--   stale:     3 days ago
--   midnight:  00:00 of the day one day ago (older than 24 h, but on the threshold's date)
{%- set ts_type = dbt.type_timestamp() %}

select
    'fresh' as group_code,
    cast({{ dbt.dateadd('hour', -2, dbt.current_timestamp()) }} as {{ ts_type }}) as loaded_at
union all
select
    'stale' as group_code,
    cast({{ dbt.dateadd('day', -3, dbt.current_timestamp()) }} as {{ ts_type }}) as loaded_at
union all
select
    'midnight' as group_code,
    cast(cast({{ dbt.dateadd('day', -1, dbt.current_timestamp()) }} as date) as {{ ts_type }}) as loaded_at
