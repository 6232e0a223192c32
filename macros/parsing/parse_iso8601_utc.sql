{#- ISO 8601 text with an offset or Z ("2026-06-23T09:30:00+02:00") to a UTC timestamp without
    zone. Text without an offset gives null: its time zone is unknown, so it is not guessed. -#}
{% macro parse_iso8601_utc(expression) %}
    {{ return(adapter.dispatch('parse_iso8601_utc', 'ai_marketing_roi')(expression)) }}
{% endmacro %}

{% macro default__parse_iso8601_utc(expression) %}
    {%- set iso_with_offset = (
        '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?'
        ~ ' ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)'
    ) -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', iso_with_offset) }}
            then cast(
                {{ dbt.safe_cast('trim(' ~ expression ~ ')', 'timestamp with time zone') }}
                at time zone 'UTC' as timestamp
            )
    end
{% endmacro %}
