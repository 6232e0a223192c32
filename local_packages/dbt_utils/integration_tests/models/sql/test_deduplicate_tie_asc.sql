{{ dbt_utils.deduplicate(
    relation=ref('data_deduplicate'),
    partition_by='user_id',
    order_by='updated_at desc, version asc'
) }}
