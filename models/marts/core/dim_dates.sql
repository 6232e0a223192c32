{#-
    One row per calendar day from roi_calendar_start_date up to 31 December of the year
    roi_calendar_years_ahead years after the current one. The end moves with the calendar, so the
    spine always covers today and the years a projection looks ahead to. Bounds are SQL expressions
    built with dbt's cross-database macros (DuckDB and PostgreSQL alike).
-#}
{%- set spine_start = "cast('" ~ var('roi_calendar_start_date') ~ "' as date)" -%}
{%- set spine_end = "cast(" ~ dbt.dateadd(
    'year',
    var('roi_calendar_years_ahead') | int + 1,
    dbt.date_trunc('year', 'current_date'),
) ~ " as date)" -%}

with

days as (

    {{ dbt_utils.date_spine(datepart='day', start_date=spine_start, end_date=spine_end) }}

),

final as (

    select
        cast(date_day as date) as calendar_date,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date,
        cast(extract(year from date_day) as integer) as calendar_year,
        cast(extract(quarter from date_day) as integer) as calendar_quarter,
        cast(extract(month from date_day) as integer) as calendar_month,
        cast({{ iso_day_of_week('date_day') }} as integer) as iso_day_of_week,
        {{ iso_day_of_week('date_day') }} >= 6 as is_weekend
    from days

)

select * from final
