select
    {{ dbt_utils.star(ref('data_star')) }}
from {{ ref('data_star') }}
