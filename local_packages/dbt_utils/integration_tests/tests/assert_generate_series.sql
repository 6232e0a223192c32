-- generate_series(n) yields exactly 1..n (11 is not a power of two)
{% set expected_sql -%}
    {%- for n in range(1, 12) %}
    select {{ n }} as generated_number
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endset -%}
{{ it_rows_differ(
    "select generated_number from (" ~ dbt_utils.generate_series(11) ~ ") as series",
    expected_sql
) }}
