-- start_date = end_date: no periods (upstream raises a compiler error here instead)
{{ dbt_utils.date_spine(
    datepart='day',
    start_date="cast('2024-01-01' as date)",
    end_date="cast('2024-01-01' as date)"
) }}
