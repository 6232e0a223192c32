-- null when the denominator is 0 or null (or the numerator is null), else the quotient
select *
from {{ ref('test_safe_divide') }}
where not (
        (actual is null and expected is null)
        or abs(actual - expected) < 0.00001
    )
    or not (
        (actual_expr is null and expected_expr is null)
        or abs(actual_expr - expected_expr) < 0.00001
    )
