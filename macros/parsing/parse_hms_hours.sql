{#- "H:MM:SS" (hours may exceed 24, e.g. "27:05:00") to decimal hours; null when malformed. -#}
{% macro parse_hms_hours(expression) %}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', '[0-9]+:[0-5][0-9]:[0-5][0-9]') }}
            then
                cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 1) }} as {{ dbt.type_numeric() }})
                + cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 2) }} as {{ dbt.type_numeric() }})
                / 60.0
                + cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 3) }} as {{ dbt.type_numeric() }})
                / 3600.0
    end
{% endmacro %}
