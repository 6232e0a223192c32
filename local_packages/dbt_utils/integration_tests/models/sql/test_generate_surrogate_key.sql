select
    case_id,
    {{ dbt_utils.generate_surrogate_key(['field_a']) }} as key_a,
    {{ dbt_utils.generate_surrogate_key(['field_a', 'field_b']) }} as key_ab,
    {{ dbt_utils.generate_surrogate_key(['field_a', 'field_n']) }} as key_an
from {{ ref('stg_surrogate_key_input') }}
