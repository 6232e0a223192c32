{#- DuckDB loads seeds like PostgreSQL: see default__load_csv_rows (not dbt-duckdb's COPY). -#}
{% macro duckdb__load_csv_rows(model, agate_table) %}
    {%- set agate_table = adapter.convert_datetimes_to_strs(agate_table) -%}
    {{ return(default__load_csv_rows(model, agate_table)) }}
{% endmacro %}
