{#- Comma-joined tags ("Webinar, AI-assisted") to a delimited, lower-case list with a comma at
    both ends (",webinar,ai-assisted,") so a tag is matched portably with
    like '%,' || tag || ',%'. Arrays are not portable across warehouses; this string is. -#}
{% macro normalize_tag_list(expression) %}
    ',' || replace(replace(lower(trim(coalesce({{ expression }}, ''))), ', ', ','), ' ,', ',') || ','
{% endmacro %}
