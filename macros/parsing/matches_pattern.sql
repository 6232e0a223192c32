{#- True when the whole text matches a POSIX regular expression (anchored at both ends). -#}
{% macro matches_pattern(expression, pattern) %}
    {{ return(adapter.dispatch('matches_pattern', 'ai_marketing_roi')(expression, pattern)) }}
{% endmacro %}

{% macro default__matches_pattern(expression, pattern) %}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{% endmacro %}

{% macro duckdb__matches_pattern(expression, pattern) %}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{% endmacro %}
