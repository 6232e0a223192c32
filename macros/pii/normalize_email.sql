{#- Lower-case, trimmed email; null when blank. -#}
{% macro normalize_email(expression) %}
    nullif(lower(trim({{ expression }})), '')
{% endmacro %}
