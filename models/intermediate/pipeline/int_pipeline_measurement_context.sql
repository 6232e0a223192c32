{#- One row: the settings of the pipeline measurement (seed pipeline_measurement_settings), the
    data's as-of date (the latest CRM date seen: creation, MQL or SQL), and the SQL value in force
    on that date (seed micro_conversion_values, conversion_type sql: base, low, high). Every
    cohort and workflow figure reads its windows and values from here. Without any CRM lead the
    row still exists: pipeline_measurement_status says 'not_measured_no_data' and the as-of date
    is null (there is no data to date). -#}

with

settings as (

    select
        cohort_maturity_window_days,
        min_mature_cohort_months,
        pre_post_max_period_days
    from {{ ref('pipeline_measurement_settings') }}

),

leads as (

    select
        created_at,
        mql_at,
        sql_at
    from {{ ref('int_leads_unified') }}

),

as_of as (

    select
        cast(max(
            greatest(created_at, coalesce(mql_at, created_at), coalesce(sql_at, created_at))
        ) as date) as as_of_date,
        cast(min(mql_at) as date) as first_mql_date
    from leads

),

pipeline_status as (

    select measurement_status as pipeline_measurement_status
    from {{ ref('int_measurement_status_by_dimension') }}
    where dimension = 'pipeline'

),

sql_values as (

    select
        valid_from,
        valid_to,
        is_first_agreed,
        cast(value_usd as double precision) as sql_value_usd,
        cast(value_usd_low as double precision) as sql_value_usd_low,
        cast(value_usd_high as double precision) as sql_value_usd_high
    from {{ ref('int_micro_conversion_values_in_force') }}
    where conversion_type = 'sql'

),

final as (

    select
        as_of.as_of_date,
        as_of.first_mql_date,
        pipeline_status.pipeline_measurement_status,
        settings.cohort_maturity_window_days,
        settings.min_mature_cohort_months,
        settings.pre_post_max_period_days,
        sql_values.sql_value_usd,
        sql_values.sql_value_usd_low,
        sql_values.sql_value_usd_high
    from as_of
    cross join settings
    cross join pipeline_status
    -- The SQL value in force on the as-of date; data older than the first agreed value is
    -- valued at that first value (its row stands in from the start of time).
    left join sql_values
        on
            (as_of.as_of_date >= sql_values.valid_from or sql_values.is_first_agreed)
            and (sql_values.valid_to is null or as_of.as_of_date < sql_values.valid_to)

)

select * from final
