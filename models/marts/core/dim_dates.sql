{#-
    One row per calendar day from the earlier of roi_calendar_start_date and 1 January of the
    data's first year (int_activity_dates_bounded: a 2018 export gets a calendar from 2018-01-01)
    up to 31 December of the year roi_calendar_years_ahead years after the current one. The end
    moves with the calendar, so the spine always covers today and the years a projection looks
    ahead to. Bounds are SQL expressions built with dbt's cross-database macros (DuckDB and
    PostgreSQL alike). The data's first day is read when the model runs (before that relation
    exists, e.g. a compile on an empty warehouse, the var alone is used).
-#}
{%- set first_day = var('roi_calendar_start_date') | string -%}
{%- set bounds = load_relation(ref('int_activity_dates_bounded')) if execute else none -%}
{%- if bounds is not none -%}
{%- set found = run_query(
    'select cast(first_activity_date as ' ~ dbt.type_string() ~ ') from ' ~ bounds
) -%}
{%- set data_first_day = found.rows[0][0] if found.rows | length > 0 else none -%}
{#- From 1 January of the data's first year: whole years and quarters in the time spine. -#}
{%- if data_first_day and data_first_day[:10] < first_day[:10] -%}
{%- set first_day = data_first_day[:4] ~ '-01-01' -%}
{%- endif -%}
{%- endif -%}
{%- set spine_start = "cast('" ~ first_day ~ "' as date)" -%}
{%- set spine_end = "cast(" ~ dbt.dateadd(
    'year',
    var('roi_calendar_years_ahead') | int + 1,
    dbt.date_trunc('year', 'current_date'),
) ~ " as date)" -%}

-- depends_on: {{ ref('int_activity_dates_bounded') }}
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
