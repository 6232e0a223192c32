{#- dbt.safe_cast on PostgreSQL is a plain cast that raises on bad input; this one returns null,
    as DuckDB's try_cast does, for the types of safe_cast_types() (other types: a plain cast).
    Overrides dbt-postgres' default on PostgreSQL only: dispatch finds the root project's
    postgres__ implementation first. Needs the on-run-start hook create_safe_cast_functions. -#}
{% macro postgres__safe_cast(field, type) %}
    {%- set base = (type | string | lower).split('(')[0] | trim -%}
    {%- set slugs = {
        'timestamp': 'timestamp', 'timestamp without time zone': 'timestamp',
        'timestamptz': 'timestamptz', 'timestamp with time zone': 'timestamptz',
        'date': 'date', 'numeric': 'numeric', 'decimal': 'numeric',
        'integer': 'integer', 'int': 'integer', 'int4': 'integer', 'bigint': 'bigint',
        'int8': 'bigint', 'double precision': 'double_precision', 'float': 'double_precision',
        'float8': 'double_precision', 'real': 'real', 'float4': 'real',
        'boolean': 'boolean', 'bool': 'boolean',
    } -%}
    {%- if base in slugs -%}
        cast({{ adapter.quote(target.schema) }}.roi_try_cast_{{ slugs[base] }}(cast({{ field }} as text)) as {{ type }})
    {%- else -%}
        cast({{ field }} as {{ type }})
    {%- endif -%}
{% endmacro %}
