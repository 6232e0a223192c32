{#- Decimal text with the file's decimal separator made a point: in a file whose numbers
    `roi load` found written with decimal commas ("1,5": python_helpers/formats.py,
    `separator` = ',') the comma is replaced; any other file is left as written, so a stray "1,5"
    among "1.5"s still fails try_cast_decimal and is quarantined. -#}
{% macro normalize_decimal_separator(expression, separator) %}
    case
        when {{ separator }} = ',' then replace({{ expression }}, ',', '.')
        else {{ expression }}
    end
{% endmacro %}
