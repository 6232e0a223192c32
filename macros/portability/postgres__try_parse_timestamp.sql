{#- PostgreSQL implementation of try_parse_timestamp (macros/parsing): the text is checked
    against a pattern derived from the strftime-style format, then parsed by roi_try_to_timestamp
    (created by the on-run-start hook), which returns null where to_timestamp would raise
    (31/02/2026, month 23). Only the directives below are supported. -#}
{% macro postgres__try_parse_timestamp(expression, format) %}
    {%- set parsed = strftime_to_pattern(format, 'postgres') -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', parsed.regex) }}
            then {{ adapter.quote(target.schema) }}.roi_try_to_timestamp(trim({{ expression }}), '{{ parsed.pattern }}')
    end
{% endmacro %}
