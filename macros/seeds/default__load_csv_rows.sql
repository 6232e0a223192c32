{#-
    Seed rows are inserted from the table dbt parsed with Python's csv reader (agate), which reads
    what spreadsheets save: CRLF, CR or LF line endings, mixed in one file, and a UTF-8 BOM.
    Blank lines are skipped (seed_rows_with_values). Same statements as dbt's default otherwise;
    used on PostgreSQL, and on DuckDB instead of dbt-duckdb's COPY (its CSV sniffer fails on a file
    whose lines end differently: "Error when sniffing file"). `roi build` checks the seed files
    first (python_helpers/seed_files.py) and names the file, line and fix for what cannot load.
-#}
{% macro default__load_csv_rows(model, agate_table) %}
    {%- set cols_sql = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
    {%- set statements = [] -%}
    {%- for chunk in seed_rows_with_values(agate_table) | batch(get_batch_size()) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- do bindings.extend(row) -%}
        {%- endfor -%}
        {%- set sql -%}
            insert into {{ this.render() }} ({{ cols_sql }}) values
            {% for row in chunk -%}
                ({%- for column in agate_table.column_names -%}
                    {{ get_binding_char() }}
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '-- no rows') }}
{% endmacro %}
