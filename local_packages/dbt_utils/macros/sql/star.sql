{% macro star(from, relation_alias=False, except=[], prefix='', suffix='', quote_identifiers=True) -%}
    {{ return(adapter.dispatch('star', 'dbt_utils')(from, relation_alias, except, prefix, suffix, quote_identifiers)) }}
{% endmacro %}


{% macro default__star(from, relation_alias=False, except=[], prefix='', suffix='', quote_identifiers=True) -%}
    {#-
        Comma-separated column list of the Relation `from`, minus `except`
        (case-insensitive), optionally qualified by `relation_alias` and
        aliased as <prefix><column><suffix>.
    -#}
    {%- do dbt_utils._is_relation(from, 'star') -%}
    {%- do dbt_utils._is_ephemeral(from, 'star') -%}

    {#- While parsing nothing may be queried; '*' keeps the SQL valid. -#}
    {%- if not execute -%}
        {{ return('*') }}
    {%- endif -%}

    {%- set columns = dbt_utils.get_filtered_columns_in_relation(from, except) -%}

    {%- if columns | length == 0 -%}
        {%- if flags.WHICH == 'compile' -%}
            {{ return('*\n/* No columns were returned. Maybe the relation does not exist yet or all columns were excluded. This star is only output during dbt compile. */') }}
        {%- endif -%}
        {{ return('/* no columns returned from star() macro */') }}
    {%- endif -%}

    {%- set rendered = [] -%}
    {%- for col in columns -%}
        {%- set qualifier = (relation_alias ~ '.') if relation_alias else '' -%}
        {%- if quote_identifiers -%}
            {%- set source_name = adapter.quote(col) | trim -%}
            {%- set target_name = adapter.quote(prefix ~ col ~ suffix) | trim -%}
        {%- else -%}
            {%- set source_name = col | trim -%}
            {%- set target_name = (prefix ~ col ~ suffix) | trim -%}
        {%- endif -%}
        {%- if prefix != '' or suffix != '' -%}
            {%- do rendered.append(qualifier ~ source_name ~ ' as ' ~ target_name) -%}
        {%- else -%}
            {%- do rendered.append(qualifier ~ source_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rendered | join(',\n    ')) }}
{%- endmacro %}
