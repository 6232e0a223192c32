{#-
    The rows of a seed's agate table that hold at least one value. A seed saved by a spreadsheet
    often ends with blank lines (or rows of bare commas); they are not data, and loaded they would
    become rows of nulls breaking every not-null rule with no row to point at.
-#}
{% macro seed_rows_with_values(agate_table) %}
    {%- set rows = [] -%}
    {%- for row in agate_table.rows -%}
        {%- set values = [] -%}
        {%- for value in row if value is not none and (value | string | trim) != '' -%}
            {%- do values.append(value) -%}
        {%- endfor -%}
        {%- if values -%}
            {%- do rows.append(row) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rows) }}
{% endmacro %}
