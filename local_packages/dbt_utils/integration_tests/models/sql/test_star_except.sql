-- except is case-insensitive
select
    {{ dbt_utils.star(from=ref('data_star'), except=['FIELD_3']) }}
from {{ ref('data_star') }}
