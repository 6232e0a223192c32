{#- Salted hash of a personal value (normalise it first). The salt comes from the ROI_PII_SALT
    env var; the development default is for sample data only. Null stays null. -#}
{% macro hash_pii(expression) %}
    {%- set salt = env_var('ROI_PII_SALT', 'roi-development-salt') | replace("'", "''") -%}
    case
        when {{ expression }} is not null
            then {{ dbt.hash(dbt.concat(["'" ~ salt ~ "'", "'|'", expression])) }}
    end
{% endmacro %}
