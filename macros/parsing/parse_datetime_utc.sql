{#- CRM datetime text to a UTC timestamp without zone. ISO 8601 with an offset or Z (Bulk API,
    HubSpot API: "2026-03-01T09:15:00.000Z") is converted exactly; text without an offset
    ("2026-03-01 09:15:00", "2026-03-01T09:15", or a bare date) is wall-clock time in
    `zoneless_timezone` (a documented var such as roi_salesforce_timezone). Anything else is null,
    so the row can be quarantined with a reason. -#}
{% macro parse_datetime_utc(expression, zoneless_timezone) %}
    {%- set zoneless = '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?' -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', zoneless) }}
            then {{ convert_to_utc(
                dbt.safe_cast("replace(trim(" ~ expression ~ "), 'T', ' ')", 'timestamp'),
                zoneless_timezone,
            ) }}
        else {{ parse_iso8601_utc(expression) }}
    end
{% endmacro %}
