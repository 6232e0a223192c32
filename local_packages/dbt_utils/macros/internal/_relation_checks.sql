{#-
    Internal guards shared by the introspective macros (star,
    get_filtered_columns_in_relation). Same names as the upstream helpers so
    that error behaviour matches dbt-labs/dbt_utils.
-#}

{% macro _is_relation(obj, macro) %}
    {%- set looks_like_relation = (
        obj is not none
        and obj is not string
        and obj.identifier is defined
        and obj.schema is defined
        and obj.render is defined
    ) -%}
    {%- if not looks_like_relation -%}
        {%- do exceptions.raise_compiler_error(
            "Macro " ~ macro ~ " expected a Relation but received the value: " ~ obj
        ) -%}
    {%- endif -%}
{% endmacro %}


{% macro _is_ephemeral(obj, macro) %}
    {%- if obj.is_cte -%}
        {%- set cte_prefix = api.Relation.add_ephemeral_prefix('') -%}
        {%- set relation_name = obj.identifier or '' -%}
        {%- if relation_name.startswith(cte_prefix) -%}
            {%- set relation_name = relation_name[cte_prefix | length:] -%}
        {%- endif -%}
        {%- do exceptions.raise_compiler_error(
            "The `" ~ macro ~ "` macro cannot be used with ephemeral models, as it relies on"
            ~ " the information schema. `" ~ relation_name ~ "` is an ephemeral model;"
            ~ " consider making it a view or table instead."
        ) -%}
    {%- endif -%}
{% endmacro %}
