{#- The low / base / high triple of one measure as three select-list columns, each named
    `<name>_low`, `<name>_base`, `<name>_high` (the range suffix is always last). `expression` is
    a template: every `{case}` in it becomes low, base or high. `data_type` is the SQL type of
    the cast (USD amounts: numeric(18, 2)); with `places`, the value is a double rounded to that
    many decimals instead (round_double). `cases` picks a subset (e.g. low and high only). -#}
{% macro range_columns(
    expression, name, data_type='numeric(18, 2)', places=none, cases=['low', 'base', 'high']
) %}
    {%- for case in cases %}
        {%- set value = expression | replace('{case}', case) %}
        {%- if places is not none %}
        {{ round_double(value, places) }} as {{ name }}_{{ case }}
        {%- else %}
        cast({{ value }} as {{ data_type }}) as {{ name }}_{{ case }}
        {%- endif %}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{% endmacro %}
