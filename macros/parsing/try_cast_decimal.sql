{#- Text to a decimal number, or null when the text is not a plain number ("8000", "-1.5").
    Thousands separators and currency signs are not numbers: "$8,000" gives null, so the row can be
    quarantined with a reason instead of being guessed at. -#}
{% macro try_cast_decimal(expression) %}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', '[+-]?[0-9]+([.][0-9]+)?') }}
            then cast(trim({{ expression }}) as {{ dbt.type_numeric() }})
    end
{% endmacro %}
