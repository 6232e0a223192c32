{#- One row per scoring method (ai_scored, manual): the mature MQL months since AI scoring went
    live (the first month with AI-scored MQLs), their MQLs and SQLs, and the mean of the monthly
    median days MQL->SQL and SQL->close. The months are in fct_sales_cycle. -#}

with

monthly as (

    select
        mql_month,
        scoring_method,
        count_mqls,
        count_sqls,
        median_days_mql_to_sql,
        median_days_sql_to_close,
        is_mature
    from {{ ref('fct_sales_cycle') }}

),

ai_scoring_live as (

    select min(mql_month) as first_ai_scored_month
    from monthly
    where scoring_method = 'ai_scored'

),

summarised as (

    select
        monthly.scoring_method,
        count(*) as count_months,
        sum(monthly.count_mqls) as count_mqls,
        sum(monthly.count_sqls) as count_sqls,
        avg(monthly.median_days_mql_to_sql) as mean_median_days_mql_to_sql,
        avg(monthly.median_days_sql_to_close) as mean_median_days_sql_to_close
    from monthly
    inner join ai_scoring_live
        on monthly.mql_month >= ai_scoring_live.first_ai_scored_month
    where monthly.is_mature
    group by monthly.scoring_method

),

final as (

    select
        cast(scoring_method as {{ dbt.type_string() }}) as scoring_method,
        cast(count_months as integer) as count_months,
        cast(count_mqls as integer) as count_mqls,
        cast(count_sqls as integer) as count_sqls,
        cast(mean_median_days_mql_to_sql as numeric(18, 4)) as mean_median_days_mql_to_sql,
        cast(mean_median_days_sql_to_close as numeric(18, 4)) as mean_median_days_sql_to_close
    from summarised

)

select * from final
