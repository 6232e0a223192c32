-- relation may be the name of a CTE defined just before the call
with without_paid as (
    select *
    from {{ ref('data_deduplicate') }}
    where status <> 'paid'
)

{{ dbt_utils.deduplicate(
    relation='without_paid',
    partition_by='user_id',
    order_by='updated_at desc, version desc'
) }}
