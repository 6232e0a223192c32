-- Nothing silently lost, for every source at once: one row per quarantine model (any staging
-- model named `<clean model>__quarantined`) and source file, with its raw, clean and quarantined
-- row counts and how many rows are out of balance (must be 0). Driven by dbt's graph, so a new
-- source is covered as soon as its clean and quarantine models exist. The pytest suite
-- (tests/python/test_data_contracts.py) compiles this and fails on any out-of-balance file.
-- Compile with `dbt compile --select raw_rows_reconciliation` and run the SQL it prints.
{%- set pairs = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values() | sort(attribute='name') -%}
{%- if node.resource_type == 'model' and node.name.endswith('__quarantined') -%}
{%- set clean_name = node.name[:-('__quarantined' | length)] -%}
{%- for clean in graph.nodes.values() -%}
{%- if clean.resource_type == 'model' and clean.name == clean_name -%}
{%- do pairs.append((node, clean)) -%}
{%- endif -%}
{%- endfor -%}
{%- endif -%}
{%- endfor -%}
{%- endif %}

{% if pairs | length == 0 -%}
select
    cast(null as {{ dbt.type_string() }}) as quarantine_model,
    cast(null as {{ dbt.type_string() }}) as source_file,
    0 as count_raw_rows,
    0 as count_clean_rows,
    0 as count_quarantined_rows,
    0 as count_rows_out_of_balance
where 1 = 0
{%- else -%}
{%- for quarantine, clean in pairs %}
select
    '{{ quarantine.name }}' as quarantine_model,
    reconciled.*
from (
    {{ test_raw_rows_reconcile(
        model=api.Relation.create(
            database=quarantine.database, schema=quarantine.schema, identifier=quarantine.alias
        ),
        clean_model=api.Relation.create(
            database=clean.database, schema=clean.schema, identifier=clean.alias
        ),
        failures_only=false,
    ) }}
) as reconciled
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
