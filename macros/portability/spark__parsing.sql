{#- Spark implementations of the project's parsing and date macros (make spark). Spark reads
    backslashes in string literals as escapes (DuckDB and PostgreSQL keep them), so regular
    expressions are written with doubled backslashes; its regular expressions are Java's, which
    read the project's POSIX-style patterns the same. The profile pins the session time zone to
    UTC, so a Spark TIMESTAMP shows the UTC wall clock, like the other warehouses' timestamps
    without zone. -#}

{% macro spark_regex_literal(pattern) %}
    {{ return("'" ~ (pattern | replace('\\', '\\\\') | replace("'", "''")) ~ "'") }}
{% endmacro %}

{% macro spark__matches_pattern(expression, pattern) %}
    ({{ expression }} rlike {{ spark_regex_literal('^(?:' ~ pattern ~ ')$') }})
{% endmacro %}

{% macro spark__regexp_first_group(expression, pattern) %}
    nullif(regexp_extract({{ expression }}, {{ spark_regex_literal(pattern) }}, 1), '')
{% endmacro %}

{#- strftime-style format to a Spark datetime pattern; the text is first checked against the same
    pattern as on PostgreSQL, then parsed by try_to_timestamp (null for 31/02/2026). Single
    letters (d, M, H, h) read one or two digits, as strptime does. -#}
{% macro spark__try_parse_timestamp(expression, format) %}
    {%- set parsed = strftime_to_pattern(format, 'spark') -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', parsed.regex) }}
            then try_to_timestamp(trim({{ expression }}), '{{ parsed.pattern }}')
    end
{% endmacro %}

{% macro spark__convert_to_utc(expression, timezone) %}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        {{ expression }}
    {%- else -%}
        to_utc_timestamp({{ expression }}, '{{ timezone }}')
    {%- endif -%}
{% endmacro %}

{#- Spark's cast reads "...T09:30:00+02:00", "...Z" and "... +0200" as an instant, but not a
    time without seconds before the offset nor an hour-only offset (+02): both are completed
    first (":00"), so every form the pattern admits parses as on DuckDB and PostgreSQL. -#}
{% macro spark__parse_iso8601_utc(expression) %}
    {%- set iso_with_offset = (
        '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?'
        ~ ' ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)'
    ) -%}
    {%- set with_seconds = (
        'regexp_replace(trim(' ~ expression ~ '), '
        ~ spark_regex_literal('^([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})( ?[Z+-])')
        ~ ", '$1:00$2')"
    ) -%}
    {%- set with_full_offset = (
        'regexp_replace(' ~ with_seconds ~ ', ' ~ spark_regex_literal('([+-][0-9]{2})$') ~ ", '$1:00')"
    ) -%}
    case
        when {{ matches_pattern('trim(' ~ expression ~ ')', iso_with_offset) }}
            then try_cast({{ with_full_offset }} as timestamp)
    end
{% endmacro %}

{#- dbt-spark's dateadd goes through unix seconds (milliseconds are lost) and raises on a null
    date; timestampadd keeps milliseconds and gives null for null, as DuckDB and PostgreSQL do. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) %}
    timestampadd({{ datepart | upper }}, {{ interval }}, {{ from_date_or_timestamp }})
{% endmacro %}

{% macro spark__iso_day_of_week(expression) %}
    extract(dayofweek_iso from {{ expression }})
{% endmacro %}
