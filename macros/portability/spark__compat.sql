{#- Spark only (make spark). The project spells two types the PostgreSQL way, which DuckDB and
    PostgreSQL both accept and Spark's parser does not: `double precision` (Spark: double) and
    `varchar` without a length (Spark: string). Rather than edit every model, the SQL dbt sends to
    Spark (models, contracts, data tests, unit tests, seeds, casts) goes through spark_sql(), which
    respells those two types. These are root-project overrides of dbt / dbt-spark macros for the
    adapter 'spark' only: DuckDB and PostgreSQL render exactly what they did before. -#}

{#- Spark's spelling of a type name: double precision -> double, varchar (no length) -> string. -#}
{% macro spark_type(type) %}
    {{ return(spark_sql(type | string)) }}
{% endmacro %}

{% macro spark_sql(sql) %}
    {%- set respelled = modules.re.sub('(?i)\\bdouble\\s+precision\\b', 'double', sql) -%}
    {%- set respelled = modules.re.sub('(?i)\\b(varchar|character varying)\\b(?!\\s*\\()', 'string', respelled) -%}
    {{ return(respelled) }}
{% endmacro %}

{% macro spark__cast(field, type) %}
    cast({{ field }} as {{ spark_type(type) }})
{% endmacro %}

{#- dbt-spark's safe_cast is a plain cast, which raises on bad input under ANSI mode (Spark 4's
    default); try_cast gives null, as DuckDB's try_cast and the PostgreSQL safe-cast functions do:
    the behaviour the parsing macros rely on to quarantine a malformed value. -#}
{% macro spark__safe_cast(field, type) %}
    try_cast({{ field }} as {{ spark_type(type) }})
{% endmacro %}

{% macro spark__create_table_as(temporary, relation, compiled_code, language='sql') %}
    {%- set code = spark_sql(compiled_code) if language == 'sql' else compiled_code -%}
    {{ return(dbt.spark__create_table_as(temporary, relation, code, language)) }}
{% endmacro %}

{% macro spark__create_view_as(relation, sql) %}
    {{ return(dbt.spark__create_view_as(relation, spark_sql(sql))) }}
{% endmacro %}

{% macro spark__get_empty_subquery_sql(select_sql, select_sql_header=none) %}
    {{ return(dbt.default__get_empty_subquery_sql(spark_sql(select_sql), select_sql_header)) }}
{% endmacro %}

{% macro spark__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) %}
    {{ return(dbt.default__get_test_sql(spark_sql(main_sql), fail_calc, warn_if, error_if, limit)) }}
{% endmacro %}

{% macro spark__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) %}
    {{ return(dbt.default__get_unit_test_sql(
        spark_sql(main_sql), spark_sql(expected_fixture_sql), expected_column_names
    )) }}
{% endmacro %}

{#- Seeds: the column_types of the seed .yml files, respelled for Spark. -#}
{% macro spark_seed_column_type(agate_table, index, col_name) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set inferred_type = adapter.convert_type(agate_table, index) -%}
    {{ return(spark_type(column_override.get(col_name, inferred_type))) }}
{% endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {%- set sql -%}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names %}
            {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }}
            {{ spark_seed_column_type(agate_table, loop.index0, col_name) }}
            {%- if not loop.last %},{% endif -%}
            {%- endfor %}
        )
        {{ file_format_clause() }}
        {{ comment_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{% endmacro %}

{#- Seed rows as SQL literals: dbt-spark's session connection pastes bindings between quotes
    without escaping them (a value with an apostrophe breaks the statement) and sends an empty
    cell as the text 'None'. -#}
{% macro spark_seed_literal(value) %}
    {%- if value is none -%}
        {{ return('null') }}
    {%- elif value is sameas true or value is sameas false -%}
        {{ return(value | string | lower) }}
    {%- else -%}
        {{ return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "''")) ~ "'") }}
    {%- endif -%}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do column_types.append(spark_seed_column_type(agate_table, loop.index0, col_name)) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in seed_rows_with_values(agate_table) | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    cast({{ spark_seed_literal(value) }} as {{ column_types[loop.index0] }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
