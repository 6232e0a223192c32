{#- ISO day of the week of a date: 1 = Monday ... 7 = Sunday. DuckDB and PostgreSQL call the field
    isodow; Spark calls it dayofweek_iso (macros/portability/spark__parsing.sql). -#}
{% macro iso_day_of_week(expression) %}
    {{ return(adapter.dispatch('iso_day_of_week', 'ai_marketing_roi')(expression)) }}
{% endmacro %}

{% macro default__iso_day_of_week(expression) %}
    extract(isodow from {{ expression }})
{% endmacro %}
