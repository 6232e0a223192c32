{#- PostgreSQL has no try_cast, and its casts and to_timestamp raise on bad input where DuckDB's
    try_cast / try_strptime give null. An on-run-start hook (dbt_project.yml) creates, in the
    target schema, one small PL/pgSQL function per type that returns null instead of raising; the
    postgres__ implementations of dbt.safe_cast and try_parse_timestamp call them. On DuckDB and
    other warehouses the hook renders nothing. The functions are `parallel unsafe`: their
    exception block is a subtransaction, and no process in a parallel query may start one, not
    even the leader that runs `parallel restricted` functions ("cannot start subtransactions
    during a parallel operation", seen on large staging tables and on a table built from them).
    Statements that call them therefore run without parallel workers. -#}
{% macro create_safe_cast_functions() %}
    {{ return(adapter.dispatch('create_safe_cast_functions', 'ai_marketing_roi')()) }}
{% endmacro %}

{% macro default__create_safe_cast_functions() %}{% endmacro %}

{#- slug -> PostgreSQL type, for roi_try_cast_<slug>(text). -#}
{% macro safe_cast_types() %}
    {{ return({
        'timestamp': 'timestamp', 'timestamptz': 'timestamp with time zone', 'date': 'date',
        'numeric': 'numeric', 'integer': 'integer', 'bigint': 'bigint',
        'double_precision': 'double precision', 'real': 'real', 'boolean': 'boolean',
    }) }}
{% endmacro %}

{% macro postgres__create_safe_cast_functions() %}
    {%- set schema = adapter.quote(target.schema) -%}
    create schema if not exists {{ schema }};
    {% for slug, type in safe_cast_types().items() %}
    create or replace function {{ schema }}.roi_try_cast_{{ slug }}(value text)
    returns {{ type }} language plpgsql stable parallel unsafe as $fn$
    begin
        return value::{{ type }};
    exception when others then
        return null;
    end
    $fn$;
    {% endfor %}
    {#- to_timestamp reads the text in the session's zone; pinned to UTC the wall clock comes
        back unchanged (no daylight-saving gap can move it). -#}
    create or replace function {{ schema }}.roi_try_to_timestamp(value text, format text)
    returns timestamp language plpgsql stable parallel unsafe set timezone to 'UTC' as $fn$
    begin
        return to_timestamp(value, format)::timestamp;
    exception when others then
        return null;
    end
    $fn$;
{% endmacro %}
