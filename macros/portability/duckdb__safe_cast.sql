{#- dbt.safe_cast on DuckDB: dbt-duckdb ships no implementation, so dbt's default (a plain cast,
    which raises on bad input) was used. DuckDB has try_cast, which gives null: the behaviour the
    project's parsing macros (parse_iso8601_utc) rely on to quarantine a malformed value instead of
    failing the build. Dispatch finds the root project's duckdb__ implementation first. -#}
{% macro duckdb__safe_cast(field, type) %}
    try_cast({{ field }} as {{ type }})
{% endmacro %}
