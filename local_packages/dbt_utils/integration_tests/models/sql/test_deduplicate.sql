-- ties on updated_at (user 2) are broken by the second order_by key
{{ dbt_utils.deduplicate(
    relation=ref('data_deduplicate'),
    partition_by='user_id',
    order_by='updated_at desc, version desc'
) }}
