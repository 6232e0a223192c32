-- crosses midnight; 01:00 (end_date) is excluded
{{ dbt_utils.date_spine(
    datepart='hour',
    start_date="cast('2024-01-01 22:00:00' as " ~ dbt.type_timestamp() ~ ")",
    end_date="cast('2024-01-02 01:00:00' as " ~ dbt.type_timestamp() ~ ")"
) }}
