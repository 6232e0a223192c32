select
    {{ dbt_utils.star(from=ref('data_star'), except=['field_1'], prefix='raw_', quote_identifiers=false) }}
from {{ ref('data_star') }}
