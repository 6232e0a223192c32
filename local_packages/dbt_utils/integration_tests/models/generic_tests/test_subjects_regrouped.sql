-- same total rowcount, but row 4 moves from group b to a new group c
select
    id,
    case when id = 4 then 'c' else group_code end as group_code,
    amount
from {{ ref('data_test_subjects') }}
