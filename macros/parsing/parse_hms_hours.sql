{#- "H:MM:SS" (hours may exceed 24, e.g. "27:05:00") to decimal hours; null when malformed.
    Computed in double precision on every warehouse (DuckDB divides decimals as doubles anyway;
    PostgreSQL would otherwise carry a 20-digit numeric and disagree in the last digits). At most
    9 digits of hours: PostgreSQL raises on a double cast of a 400-digit number (DuckDB gives
    infinity), so a longer text is malformed (null) rather than a failed build. -#}
{% macro parse_hms_hours(expression) %}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', '[0-9]{1,9}:[0-5][0-9]:[0-5][0-9]') }}
            then
                cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 1) }} as double precision)
                + cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 2) }} as double precision)
                / 60.0
                + cast({{ dbt.split_part('trim(' ~ expression ~ ')', "':'", 3) }} as double precision)
                / 3600.0
    end
{% endmacro %}
