{#- The seeds (and vars) an incremental model's stored rows were computed with, as one md5: every
    seed upstream of the model in the DAG (found in the graph, so a seed joined later is covered
    without a list to keep up) read back from the warehouse row by row, and the value of every var
    that upstream models name in `config.meta.rebuild_when_vars_change`. Read from the seed tables,
    not the CSV files: a CSV edited but not yet seeded changes nothing built. A SQL string literal;
    '' while dbt parses and in unit tests (whose seeds are fixtures). -#}
{% macro upstream_seeds_fingerprint() %}
    {%- if not execute or model.resource_type == 'unit_test' -%}
        {{ return("''") }}
    {%- endif -%}
    {%- set seen = [] -%}
    {%- set seeds = [] -%}
    {%- set var_names = [] -%}
    {%- set queue = [model.unique_id] -%}
    {#- Breadth-first walk up the DAG; Jinja's for loop sees the ids appended while it runs. -#}
    {%- for unique_id in queue -%}
        {%- set node = graph.get('nodes', {}).get(unique_id) -%}
        {%- if node is not none -%}
            {%- if node.resource_type == 'seed' and unique_id not in seeds -%}
                {%- do seeds.append(unique_id) -%}
            {%- endif -%}
            {%- set meta = (node.get('config') or {}).get('meta') or {} -%}
            {%- for name in meta.get('rebuild_when_vars_change', []) -%}
                {%- if name not in var_names -%}{%- do var_names.append(name) -%}{%- endif -%}
            {%- endfor -%}
            {%- for parent in (node.get('depends_on') or {}).get('nodes') or [] -%}
                {%- if parent not in seen -%}
                    {%- do seen.append(parent) -%}
                    {%- do queue.append(parent) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set parts = [] -%}
    {%- for unique_id in seeds | sort -%}
        {%- set node = graph.nodes[unique_id] -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- set lines = [] -%}
        {%- if relation is not none -%}
            {%- for row in run_query('select * from ' ~ relation).rows -%}
                {%- do lines.append(row.values() | map('string') | join('\x1f')) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do parts.append(node.name ~ '\n' ~ (lines | sort | join('\n'))) -%}
    {%- endfor -%}
    {%- for name in var_names | sort -%}
        {%- do parts.append('var ' ~ name ~ '=' ~ tojson(var(name))) -%}
    {%- endfor -%}
    {{ return("'" ~ local_md5(parts | join('\x1e')) ~ "'") }}
{% endmacro %}
