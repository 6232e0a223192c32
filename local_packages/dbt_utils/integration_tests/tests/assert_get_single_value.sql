-- max = 30; first column of the first row = 'beta'; no rows -> default (-1) or none
select *
from {{ ref('test_get_single_value') }}
where not (
    max_amount = 30
    and first_label = 'beta'
    and empty_with_default = -1
    and empty_without_default_is_none
)
