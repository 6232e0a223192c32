-- What was quarantined, for every source at once: one row per quarantine model (any staging
-- model named `<clean model>__quarantined`), source file and reason, with the row count and the
-- first and last row numbers, so RevOps can open the file at the right line. Driven by dbt's
-- graph: a new source's quarantine model is included as soon as it exists.
-- Compile with `dbt compile --select quarantine_summary` and run the SQL it prints.
{%- set quarantine_models = [] -%}
{%- if execute -%}
{%- for node in graph.nodes.values() | sort(attribute='name') -%}
{%- if node.resource_type == 'model' and node.name.endswith('__quarantined') -%}
{%- do quarantine_models.append(node) -%}
{%- endif -%}
{%- endfor -%}
{%- endif %}

{% if quarantine_models | length == 0 -%}
select
    cast(null as {{ dbt.type_string() }}) as quarantine_model,
    cast(null as {{ dbt.type_string() }}) as source_file,
    cast(null as {{ dbt.type_string() }}) as quarantine_reason,
    0 as count_rows,
    0 as first_row_number,
    0 as last_row_number
where 1 = 0
{%- else -%}
{%- for node in quarantine_models %}
select
    '{{ node.name }}' as quarantine_model,
    source_file,
    quarantine_reason,
    count(*) as count_rows,
    min(source_row_number) as first_row_number,
    max(source_row_number) as last_row_number
from {{ api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) }}
group by source_file, quarantine_reason
{% if not loop.last %}union all{% endif %}
{%- endfor %}
order by quarantine_model, source_file, quarantine_reason
{%- endif %}
