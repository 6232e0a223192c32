{#- The post-hook list of an incremental delete+insert model that writes placeholder rows: an
    incremental run writes one row (matching `condition`) for a key whose earlier rows must go,
    so delete+insert removes those rows, and this hook then deletes the placeholder. Nothing on
    Spark, which builds every delete+insert model whole (Parquet takes no DELETE) and so never
    writes a placeholder. -#}
{% macro delete_placeholder_rows(condition) %}
    {%- if target.type == 'spark' -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(["delete from {{ this }} where " ~ condition]) }}
{% endmacro %}
