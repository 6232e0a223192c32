{#- The values of the vars an incremental model lists in `config.meta.full_refresh_when_vars_change`,
    as one md5 (text); none when the model lists none. -#}
{% macro vars_fingerprint(node=none) %}
    {%- set node = node if node is not none else model -%}
    {%- set meta = (node.get('config') or {}).get('meta') or {} -%}
    {%- set names = meta.get('full_refresh_when_vars_change') or [] -%}
    {%- if not names -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for name in names | sort -%}
        {%- do parts.append(name ~ '=' ~ tojson(var(name, none))) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('\n'))) }}
{% endmacro %}

{#- The bookkeeping table of vars_fingerprint per incremental model, in the model's own schema
    (it lives and goes with the tables it describes). -#}
{% macro vars_fingerprints_relation() %}
    {{ return(api.Relation.create(
        database=this.database, schema=this.schema, identifier='incremental_vars_fingerprints'
    )) }}
{% endmacro %}

{#- True when an incremental model that lists vars in `full_refresh_when_vars_change` exists as a
    table and its last build did not record today's vars_fingerprint (another value of a listed
    var, or a build before this bookkeeping existed): should_full_refresh() then rebuilds it
    whole. False while dbt parses, in unit tests, for other models and on the first build. -#}
{% macro vars_changed_since_last_build() %}
    {%- if not execute or model is not mapping or model.get('resource_type') != 'model' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if (model.get('config') or {}).get('materialized') != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set current = vars_fingerprint() -%}
    {%- if current is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if adapter.get_relation(this.database, this.schema, this.identifier) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set book = vars_fingerprints_relation() -%}
    {%- if adapter.get_relation(book.database, book.schema, book.identifier) is none -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set recorded = run_query(
        'select fingerprint from ' ~ book ~ " where model_name = '" ~ this.identifier ~ "'"
    ).columns[0].values() -%}
    {{ return(recorded | length != 1 or recorded[0] != current) }}
{% endmacro %}

{#- Post-hook (dbt_project.yml, every model): records the vars_fingerprint the model was just
    built with; renders nothing for models that list no vars in
    `full_refresh_when_vars_change`. Runs after the build succeeded, so a failed build leaves
    the old fingerprint and the next build rebuilds whole again. The table itself is made once
    per run, before any model, by create_vars_fingerprints_tables (on-run-start): two of these
    post-hooks running `create table if not exists` at once in one schema fail on DuckDB with
    "Catalog write-write conflict" (seen on a first build at scale 10, 4 threads). -#}
{% macro record_vars_fingerprint() %}
    {%- if not execute or target.type == 'spark'
        or (model.get('config') or {}).get('materialized') != 'incremental' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set current = vars_fingerprint() -%}
    {%- if current is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set book = vars_fingerprints_relation() -%}
    delete from {{ book }} where model_name = '{{ this.identifier }}';
    insert into {{ book }} (model_name, fingerprint)
    values ('{{ this.identifier }}', '{{ current }}')
{% endmacro %}

{#- On-run-start hook (dbt_project.yml): creates the bookkeeping table of record_vars_fingerprint
    in every schema holding an incremental model that lists `full_refresh_when_vars_change`, once
    and before any model runs, so the models' post-hooks only write rows. dbt has created the
    selected models' schemas by then; a schema no selected model uses may not exist, and is
    skipped (its models do not run). Nothing on Spark, which keeps no fingerprints. -#}
{% macro create_vars_fingerprints_tables() %}
    {%- if not execute or target.type == 'spark' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set schemas = {} -%}
    {%- for node in graph.nodes.values() -%}
        {%- set config = node.get('config') or {} -%}
        {%- if node.resource_type == 'model' and config.get('materialized') == 'incremental'
            and (config.get('meta') or {}).get('full_refresh_when_vars_change') -%}
            {%- do schemas.update({(node.database ~ '.' ~ node.schema): node}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for key in schemas | sort -%}
        {%- set node = schemas[key] -%}
        {%- if adapter.check_schema_exists(node.database, node.schema) -%}
            create table if not exists {{ api.Relation.create(
                database=node.database, schema=node.schema,
                identifier='incremental_vars_fingerprints'
            ) }} (
                model_name {{ dbt.type_string() }},
                fingerprint {{ dbt.type_string() }}
            );
        {% endif -%}
    {%- endfor -%}
{% endmacro %}
