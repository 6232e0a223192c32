{#- Spark only. The incremental staging models use `delete+insert`, which Spark has only on
    Delta/Iceberg/Hudi tables (merge); the local session (make spark) writes plain Parquet. There
    a delete+insert model is built as a whole table, which is what a full build does anyway: the
    same SQL with is_incremental() false. A nightly increment on Spark (the table already there,
    no --full-refresh) is refused with a message rather than run against a table it would first
    drop. Other strategies go to dbt-spark's own materialization. DuckDB and PostgreSQL never see
    this: it is the root project's incremental materialization for adapter 'spark' only. -#}
{% materialization incremental, adapter='spark', supported_languages=['sql'] %}
    {%- set strategy = config.get('incremental_strategy') or 'append' -%}
    {%- if strategy != 'delete+insert' -%}
        {{ return(dbt.materialization_incremental_spark()) }}
    {%- endif -%}
    {%- if load_relation(this) is not none and not should_full_refresh() -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ ": delete+insert needs Delta on Spark; this project builds Spark tables"
            ~ " as Parquet, so run the Spark build with --full-refresh (make spark does)."
        ) }}
    {%- endif -%}
    {{ log(model.name ~ ': delete+insert -> built as a full Parquet table on Spark') }}
    {{ return(dbt.materialization_table_spark()) }}
{% endmaterialization %}

{#- Spark only. dbt-spark adds contract constraints with ALTER TABLE, which only Delta tables
    accept, and it assumes Delta when no file_format is configured. This project's Spark tables are
    Parquet: Spark enforces no constraint there (dbt-spark declares every constraint type
    NOT_ENFORCED), so none is added. The contract's column names and data types are still checked
    before each mart is built, and the generic test contract_constraints_hold (enabled on Spark
    only) checks every not_null, unique, primary key and check constraint after it. -#}
{% macro spark__persist_constraints(relation, model) %}
    {%- set file_format = config.get('file_format') -%}
    {%- if file_format in ('delta', 'iceberg') -%}
        {%- do dbt.spark__persist_constraints(relation, model) -%}
    {%- endif -%}
{% endmacro %}

{#- Spark only. Staging and intermediate models are views: on DuckDB and PostgreSQL a data test
    on a view is cheap, on a local Spark session each of the ~450 tests recomputed the whole
    staging chain from the raw Parquet (4-14 s a test instead of 0.2 s). For the Spark build they
    are written as Parquet tables from the same SQL; ROI_SPARK_KEEP_VIEWS=1 keeps real views. -#}
{% materialization view, adapter='spark' %}
    {%- if env_var('ROI_SPARK_KEEP_VIEWS', '') in ('1', 'true') -%}
        {{ return(dbt.materialization_view_spark()) }}
    {%- endif -%}
    {{ return(dbt.materialization_table_spark()) }}
{% endmaterialization %}
