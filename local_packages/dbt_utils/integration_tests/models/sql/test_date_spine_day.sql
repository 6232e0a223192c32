-- end_date is excluded: 2024-03-02 must not appear; 2024-02-29 must (leap year)
{{ dbt_utils.date_spine(
    datepart='day',
    start_date="cast('2024-02-27' as date)",
    end_date="cast('2024-03-02' as date)"
) }}
