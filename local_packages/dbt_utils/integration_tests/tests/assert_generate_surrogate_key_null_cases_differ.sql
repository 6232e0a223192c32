-- null vs '' and (null, 'a') vs ('a', null) must never collide (default var value)
with keys as (
    select * from {{ ref('test_generate_surrogate_key') }}
)

select 'null vs empty string' as problem
from keys as null_row
inner join keys as empty_row
    on null_row.case_id = 4
    and empty_row.case_id = 5
where null_row.key_a = empty_row.key_a
    or null_row.key_ab = empty_row.key_ab

union all

select '(null, a) vs (a, null)' as problem
from keys as null_first
inner join keys as null_second
    on null_first.case_id = 2
    and null_second.case_id = 3
where null_first.key_ab = null_second.key_ab
