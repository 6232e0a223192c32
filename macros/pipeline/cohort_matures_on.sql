{#- The day a monthly MQL cohort (or any month of funnel entries) has had its full maturity
    window: the first day of the next month plus window_days. One home for the rule the cohort
    comparison, the counted funnel entries and the evidence timeline's projection share.
    Worked example: the June 2026 cohort, 90-day window: 2026-07-01 + 90 days = 2026-09-29
    (July 31 + August 31 + 28 days of September). month_start may be any timestamp in the month
    only when wrapped in date_trunc('month', ...) by the caller. -#}
{% macro cohort_matures_on(month_start, window_days) %}
    {{ dbt.dateadd('day', window_days, dbt.dateadd('month', 1, month_start)) }}
{% endmacro %}
