{% macro slugify(string) %}
    {#-
        Turns an arbitrary string into a safe, unquoted identifier:
        lower-cased, runs of spaces/dashes become "_", anything outside
        [a-z0-9_] is dropped, and a leading digit gets a "_" prefix.
        Used by pivot(..., quote_identifiers=false).
    -#}
    {%- set re = modules.re -%}
    {%- set slug = string | string | lower -%}
    {%- set slug = re.sub('[ -]+', '_', slug) -%}
    {%- set slug = re.sub('[^a-z0-9_]+', '', slug) -%}
    {%- if re.match('^[0-9]', slug) -%}
        {%- set slug = '_' ~ slug -%}
    {%- endif -%}
    {{ return(slug) }}
{% endmacro %}
