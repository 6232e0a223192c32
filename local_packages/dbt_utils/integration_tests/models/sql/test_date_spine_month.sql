-- crosses a year boundary; 2024-02-01 (end_date) is excluded
{{ dbt_utils.date_spine(
    datepart='month',
    start_date="cast('2023-11-01' as date)",
    end_date="cast('2024-02-01' as date)"
) }}
