{#- The order that puts the winning delivery of a record first: the file whose name sorts last
    (vendors and CRMs put the export date in the name), then the later load (a file re-landed
    under the same name), then the later row of the file. So the outcome never depends on the
    order files were loaded in. `relation` prefixes the lineage columns (for joins). The one
    home of "latest delivery wins" for every staging ranking (time entries, email events, CRM
    records, campaign members, deal-contact associations). -#}
{% macro order_latest_delivery_first(relation=none) %}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {{ prefix }}source_file desc, {{ prefix }}loaded_at desc, {{ prefix }}source_row_number desc
{%- endmacro %}
