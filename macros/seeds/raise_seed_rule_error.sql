{#-
    Stop the build with a RevOps message when `failing_rows_sql` (the rows of the seed that break
    the rule, a few at most) returns rows: the seed, the rule and each row with all its values, in
    the tone of tests/generic/revops_rule.sql, e.g.

        Seed 'fx_rates' breaks a rule: usd_per_unit must not be empty.
          row: currency_code = EUR, effective_from = 2026-01-01, usd_per_unit = (empty), source = ECB
        Fix the row in seeds/pipeline/fx_rates.csv (see the README, section "For RevOps") and rebuild.

    `key_columns` (uniqueness rules): the rows are grouped under the key they share
    ("workflow_id = lead_scoring is on more than one row:"). A test configured with
    `severity: warn` is left to dbt (nothing raised).
-#}
{% macro raise_seed_rule_error(model, rule, failing_rows_sql, key_columns=[]) %}
    {%- if not execute or load_relation(model) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if (config.get('severity') or 'error') | lower != 'error' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query(failing_rows_sql) -%}
    {%- if found.rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set lines = [] -%}
    {%- set shown = [] -%}
    {%- for row in found.rows -%}
        {%- set values = [] -%}
        {%- for column in found.column_names -%}
            {%- set value = row[column] -%}
            {%- set text = '(empty)' if value is none or (value | string | trim) == '' else value -%}
            {%- do values.append(column ~ ' = ' ~ text) -%}
        {%- endfor -%}
        {%- if key_columns -%}
            {%- set key = [] -%}
            {%- for column in key_columns -%}
                {%- do key.append(column ~ ' = ' ~ row[column]) -%}
            {%- endfor -%}
            {%- set key_text = key | join(', ') -%}
            {%- if key_text not in shown -%}
                {%- do shown.append(key_text) -%}
                {%- do lines.append('  ' ~ key_text ~ ' is on more than one row:') -%}
            {%- endif -%}
            {%- do lines.append('    row: ' ~ values | join(', ')) -%}
        {%- else -%}
            {%- do lines.append('  row: ' ~ values | join(', ')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set node = seed_node_for(model) -%}
    {%- set file = node.original_file_path if node else model.identifier -%}
    {{ exceptions.raise_compiler_error(
        "Seed '" ~ model.identifier ~ "' breaks a rule: " ~ rule ~ '.\n'
        ~ lines | join('\n')
        ~ '\nFix the row in ' ~ file
        ~ ' (see the README, section "For RevOps") and rebuild.'
    ) }}
{% endmacro %}
