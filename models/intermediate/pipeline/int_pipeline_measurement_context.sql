{#- One row: the settings of the pipeline measurement (seed pipeline_measurement_settings), the
    data's as-of date (the latest CRM date seen: creation, MQL or SQL), and the SQL value in force
    on that date (seed micro_conversion_values, conversion_type sql: base, low, high). Every
    cohort and workflow figure reads its windows and values from here. -#}

with

settings as (

    select
        cohort_maturity_window_days,
        min_mature_cohort_months,
        prepost_max_period_days
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

sql_values as (

    select
        effective_from,
        cast(value_usd as double precision) as sql_value_usd,
        cast(value_usd_low as double precision) as sql_value_usd_low,
        cast(value_usd_high as double precision) as sql_value_usd_high
    from {{ ref('micro_conversion_values') }}
    where conversion_type = 'sql'

),

ranked_values as (

    select
        sql_values.*,
        row_number() over (
            order by
                case when sql_values.effective_from <= as_of.as_of_date then 0 else 1 end,
                case
                    when sql_values.effective_from <= as_of.as_of_date
                        then sql_values.effective_from
                end desc,
                sql_values.effective_from asc
        ) as value_rank
    from sql_values
    cross join as_of

),

final as (

    select
        as_of.as_of_date,
        as_of.first_mql_date,
        settings.cohort_maturity_window_days,
        settings.min_mature_cohort_months,
        settings.prepost_max_period_days,
        ranked_values.sql_value_usd,
        ranked_values.sql_value_usd_low,
        ranked_values.sql_value_usd_high
    from as_of
    cross join settings
    left join ranked_values
        on ranked_values.value_rank = 1

)

select * from final
