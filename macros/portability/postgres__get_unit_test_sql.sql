{#- dbt compares unit-test results as text, so on PostgreSQL an unconstrained numeric keeps the
    scale of its inputs (60.00 x 2 x 12 prints "1440.00", the fixture "1440" prints "1440") and a
    numeric division carries twenty digits where DuckDB's double carries seventeen. Here numeric and
    floating-point columns of both sides are compared as numbers rounded to
    `roi_unit_test_decimal_places` places with trailing zeros trimmed; other columns as they are.
    Overrides dbt's default__get_unit_test_sql on PostgreSQL only (dispatch finds the root
    project's postgres__ implementation first). -#}
{% macro postgres__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
    {%- set places = var('roi_unit_test_decimal_places', 10) | int -%}
    {%- set numeric_columns = [] -%}
    {%- for column in get_column_schema_from_query(main_sql) -%}
        {%- if column.dtype | upper in ('DECIMAL', 'NUMERIC', 'FLOAT', 'DOUBLE PRECISION', 'REAL') -%}
            {%- do numeric_columns.append(column.name | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set compared = [] -%}
    {%- for quoted in expected_column_names -%}
        {%- if quoted | replace('"', '') | lower in numeric_columns -%}
            {%- do compared.append(
                'trim_scale(round(cast(' ~ quoted ~ ' as numeric), ' ~ places ~ ')) as ' ~ quoted
            ) -%}
        {%- else -%}
            {%- do compared.append(quoted) -%}
        {%- endif -%}
    {%- endfor %}
-- Build actual result given inputs
with dbt_internal_unit_test_actual as (
    select
        {{ compared | join(', ') }}, {{ dbt.string_literal("actual") }} as {{ adapter.quote("actual_or_expected") }}
    from (
        {{ main_sql }}
    ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
    select
        {{ compared | join(', ') }}, {{ dbt.string_literal("expected") }} as {{ adapter.quote("actual_or_expected") }}
    from (
        {{ expected_fixture_sql }}
    ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected
{%- endmacro %}
