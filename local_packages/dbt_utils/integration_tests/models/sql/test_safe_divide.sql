-- results are cast to a fixed-scale numeric so that DuckDB (double) and Postgres (numeric) compare alike
{% set numeric_type = dbt.type_numeric() %}

select
    case_id,
    expected,
    expected_expr,
    cast(
        {{ dbt_utils.safe_divide('cast(numerator as ' ~ numeric_type ~ ')', 'denominator') }}
        as {{ numeric_type }}
    ) as actual,
    cast(
        {{ dbt_utils.safe_divide('cast(numerator as ' ~ numeric_type ~ ') + 1', 'denominator - 3') }}
        as {{ numeric_type }}
    ) as actual_expr
from {{ ref('data_safe_divide') }}
