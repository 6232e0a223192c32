{#- Spark only (scripts/spark_build.sh): registers the raw_<system> tables that `roi load` wrote to
    DuckDB and python_helpers/devtools/spark_build.py exported as Parquet, one folder per table
    (<parquet_dir>/<schema>/<table>/), as Spark tables with the same schema and table names the
    sources expect. Column names and types are the loader's (text, plus the lineage columns).
    `dbt run-operation spark_create_raw_tables --args '{parquet_dir: ..., tables: [raw_crm.x]}'`. -#}
{% macro spark_create_raw_tables(parquet_dir, tables) %}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error('spark_create_raw_tables runs on the spark target only') }}
    {%- endif -%}
    {%- set schemas = [] -%}
    {%- for qualified in tables -%}
        {%- set schema, table = qualified.split('.') -%}
        {%- if schema not in schemas -%}
            {%- do schemas.append(schema) -%}
            {%- call statement('create_raw_schema_' ~ loop.index) -%}
                create schema if not exists {{ schema }}
            {%- endcall -%}
        {%- endif -%}
        {%- call statement('drop_raw_table_' ~ loop.index) -%}
            drop table if exists {{ schema }}.{{ table }}
        {%- endcall -%}
        {%- call statement('create_raw_table_' ~ loop.index) -%}
            create table {{ schema }}.{{ table }}
            using parquet
            location '{{ parquet_dir }}/{{ schema }}/{{ table }}'
        {%- endcall -%}
        {{ log('raw table ' ~ schema ~ '.' ~ table ~ ' <- ' ~ parquet_dir ~ '/' ~ schema ~ '/' ~ table, info=true) }}
    {%- endfor -%}
{% endmacro %}
