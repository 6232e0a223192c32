{#- The seed node of dbt's graph that `relation` was built from, or none (a model, a subquery). -#}
{% macro seed_node_for(relation) %}
    {%- if execute and relation.identifier is defined and relation.identifier -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'seed' -%}
            {%- if (node.alias or node.name) | lower == relation.identifier | lower
                and node.schema | lower == (relation.schema or '') | lower -%}
                {{ return(node) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}
