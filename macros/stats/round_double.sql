{#- A double rounded to `places` decimal places, as a double, on DuckDB and PostgreSQL alike
    (PostgreSQL has round(numeric, int) only; DuckDB's bare numeric is decimal(18,3), so the
    width is explicit). Used on statistics so both warehouses, and hand-worked unit tests, see
    the same digits instead of the last bit of floating-point noise. -#}
{% macro round_double(expression, places=10) %}
    cast(round(cast({{ expression }} as numeric(38, 14)), {{ places }}) as double precision)
{% endmacro %}
