{#- On PostgreSQL the BI role (var roi_bi_role) reads the marts and nothing else: the marts get
    `grants: {select: [roi_bi_role]}` (dbt_project.yml), and this on-run-end hook grants USAGE on
    the schemas those marts live in (`built_schemas`: the on-run-end context's `schemas`, so a run
    that built no mart grants nothing). Raw, staging and intermediate schemas are never granted.
    Renders nothing on other warehouses or when roi_bi_role is empty. -#}
{% macro grant_bi_schema_usage(built_schemas) %}
    {{ return(adapter.dispatch('grant_bi_schema_usage', 'ai_marketing_roi')(built_schemas)) }}
{% endmacro %}

{% macro default__grant_bi_schema_usage(built_schemas) %}{% endmacro %}

{% macro postgres__grant_bi_schema_usage(built_schemas) %}
    {%- set role = var('roi_bi_role', '') -%}
    {%- if execute and role -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.fqn[1] == 'marts' and node.config.materialized != 'ephemeral'
                and node.schema in built_schemas and node.schema not in schemas -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for schema in schemas %}
    grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(role) }};
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}

{#- on-run-start: stop at once, with what to do, when the BI role does not exist (otherwise every
    mart would fail on its grant). -#}
{% macro assert_bi_role_exists() %}
    {{ return(adapter.dispatch('assert_bi_role_exists', 'ai_marketing_roi')()) }}
{% endmacro %}

{% macro default__assert_bi_role_exists() %}{% endmacro %}

{% macro postgres__assert_bi_role_exists() %}
    {%- set role = var('roi_bi_role', '') -%}
    {%- if execute and role -%}
        {%- set found = run_query(
            "select count(*) from pg_roles where rolname = '" ~ role | replace("'", "''") ~ "'"
        ) -%}
        {%- if found.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "The BI role '" ~ role ~ "' (var roi_bi_role) does not exist on this PostgreSQL "
                ~ "server. Ask a DBA to run: create role " ~ role ~ " login password '...'; or "
                ~ "build without grants: dbt build --vars \"{roi_bi_role: ''}\""
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
