-- the portable natural-join implementation (not null safe, so only non-null rows)
with non_null_rows as (
    select *
    from {{ ref('data_deduplicate') }}
    where note is not null
)

{{ dbt_utils.default__deduplicate(
    relation='non_null_rows',
    partition_by='user_id',
    order_by='updated_at desc, version desc'
) }}
