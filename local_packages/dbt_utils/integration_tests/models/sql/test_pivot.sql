select
    size,
    {{ dbt_utils.pivot('color', ['red', 'blue', 'light blue', "navy's"]) }}
from {{ ref('data_pivot') }}
group by size
