{#- A strftime-style format ("%d/%m/%Y %H:%M") translated for warehouses whose parser raises on
    bad text: `pattern` is the warehouse's own datetime pattern, `regex` a regular expression the
    text must match before it is parsed. Single-letter directives read one or two digits, as
    strptime does. Only the directives below are supported; `dialect` is 'postgres' (to_timestamp
    patterns, also the default) or 'spark' (Java DateTimeFormatter patterns). -#}
{% macro strftime_to_pattern(format, dialect='postgres') %}
    {%- set regexes = {
        '%Y': '[0-9]{4}', '%m': '[0-9]{1,2}', '%d': '[0-9]{1,2}', '%H': '[0-9]{1,2}',
        '%I': '[0-9]{1,2}', '%M': '[0-9]{2}', '%S': '[0-9]{2}', '%p': '[AaPp][Mm]',
        '%f': '[0-9]{1,6}',
    } -%}
    {%- set tokens = {
        'postgres': {
            '%Y': 'YYYY', '%m': 'MM', '%d': 'DD', '%H': 'HH24', '%I': 'HH12', '%M': 'MI',
            '%S': 'SS', '%p': 'AM', '%f': 'US',
        },
        'spark': {
            '%Y': 'yyyy', '%m': 'M', '%d': 'd', '%H': 'H', '%I': 'h', '%M': 'mm', '%S': 'ss',
            '%p': 'a', '%f': 'SSSSSS',
        },
    }[dialect] -%}
    {%- set ns = namespace(pattern=format, regex=format) -%}
    {%- for directive, regex in regexes.items() -%}
        {%- set ns.pattern = ns.pattern | replace(directive, tokens[directive]) -%}
        {%- set ns.regex = ns.regex | replace(directive, regex) -%}
    {%- endfor -%}
    {{ return({'pattern': ns.pattern, 'regex': ns.regex}) }}
{% endmacro %}
