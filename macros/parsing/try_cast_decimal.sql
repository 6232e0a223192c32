{#- Text to a decimal number, or null when the text is not a plain number ("8000", "-1.5").
    Thousands separators and currency signs are not numbers: "$8,000" gives null, so the row can be
    quarantined with a reason instead of being guessed at. A number with more than
    `max_integer_digits` digits before the point also gives null (is_decimal_out_of_range names
    it): the cast can then never overflow (DuckDB's numeric(28, 6) holds 22 integer digits and
    raised a conversion error on a 31-digit Salesforce Amount, failing the whole build), and every
    downstream fixed-point type (numeric(18, 2) in the marts) holds the value. 12 digits is
    999,999,999,999: more than any deal amount or duration the sources can mean. -#}
{% macro try_cast_decimal(expression, max_integer_digits=12) %}
    case
        when {{ matches_pattern(
            'trim(' ~ expression ~ ')',
            '[+-]?[0-9]{1,' ~ max_integer_digits ~ '}([.][0-9]+)?',
        ) }}
            then cast(trim({{ expression }}) as {{ dbt.type_numeric() }})
    end
{% endmacro %}

{#- True when the text is a plain number too large for try_cast_decimal (more than
    `max_integer_digits` digits before the point), so the row is quarantined with its own reason
    (number_out_of_range) instead of "not a number". -#}
{% macro is_decimal_out_of_range(expression, max_integer_digits=12) %}
    coalesce({{ matches_pattern(
        'trim(' ~ expression ~ ')',
        '[+-]?[0-9]{' ~ (max_integer_digits + 1) ~ ',}([.][0-9]+)?',
    ) }}, false)
{% endmacro %}
