{#- One row per MQL month and cohort: AI-assisted MQLs per workflow, all AI-assisted MQLs, and
    untagged MQLs, with the same-period comparison (the incremental-lift method) and, on the
    workflow rows, the workflow's pre/post comparison (the weaker method) for contrast. -#}

with

cohorts as (

    select * from {{ ref('int_mql_cohorts_compared') }}

),

pre_post as (

    select
        workflow_id,
        ai_go_live_date,
        period_days,
        pre_sql_rate,
        post_sql_rate,
        pre_post_absolute_lift
    from {{ ref('int_workflow_pre_post_compared') }}

),

final as (

    select
        cast(cohorts.cohort_id as {{ dbt.type_string() }}) as cohort_id,
        cohorts.mql_month,
        cast(cohorts.cohort_type as {{ dbt.type_string() }}) as cohort_type,
        cohorts.is_ai_assisted,
        cast(cohorts.workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(cohorts.count_mqls as integer) as count_mqls,
        cast(cohorts.count_sqls as integer) as count_sqls,
        cast(cohorts.sql_rate as numeric(18, 8)) as sql_rate,
        cast(cohorts.median_days_mql_to_sql as numeric(18, 4)) as median_days_mql_to_sql,
        cast(cohorts.p75_days_mql_to_sql as numeric(18, 4)) as p75_days_mql_to_sql,
        cast(cohorts.comparison_count_mqls as integer) as comparison_count_mqls,
        cast(cohorts.comparison_count_sqls as integer) as comparison_count_sqls,
        cast(cohorts.comparison_sql_rate as numeric(18, 8)) as comparison_sql_rate,
        cast(cohorts.absolute_lift as numeric(18, 8)) as absolute_lift,
        cast(cohorts.relative_lift as numeric(18, 8)) as relative_lift,
        cast(cohorts.absolute_lift_ci_low as numeric(18, 8)) as absolute_lift_ci_low,
        cast(cohorts.absolute_lift_ci_high as numeric(18, 8)) as absolute_lift_ci_high,
        {#- The interval of the difference placed on the rate scale, around the comparison rate
            (the revenue chart's whiskers on the AI rate). #}
        cast(cohorts.comparison_sql_rate + cohorts.absolute_lift_ci_low as numeric(18, 8))
            as sql_rate_lift_ci_low,
        cast(cohorts.comparison_sql_rate + cohorts.absolute_lift_ci_high as numeric(18, 8))
            as sql_rate_lift_ci_high,
        cast(cohorts.relative_lift_ci_low as numeric(18, 8)) as relative_lift_ci_low,
        cast(cohorts.relative_lift_ci_high as numeric(18, 8)) as relative_lift_ci_high,
        cast(cohorts.absolute_lift_seq_low as numeric(18, 8)) as absolute_lift_seq_low,
        cast(cohorts.absolute_lift_seq_high as numeric(18, 8)) as absolute_lift_seq_high,
        cast(cohorts.relative_lift_seq_low as numeric(18, 8)) as relative_lift_seq_low,
        cast(cohorts.relative_lift_seq_high as numeric(18, 8)) as relative_lift_seq_high,
        cohorts.is_significant_sequential,
        cast(cohorts.interval_in_use as {{ dbt.type_string() }}) as interval_in_use,
        cast(cohorts.incremental_sqls as numeric(18, 6)) as incremental_sqls,
        {{ range_columns(
            'cohorts.incremental_pipeline_usd_{case}', 'incremental_pipeline_usd'
        ) }},
        cast(
            case when cohorts.is_ai_assisted then 'same_period_untagged_mqls' end
            as {{ dbt.type_string() }}
        ) as comparison_method,
        cohorts.cohort_matures_on,
        cohorts.is_mature,
        pre_post.ai_go_live_date,
        cast(pre_post.period_days as integer) as pre_post_period_days,
        cast(pre_post.pre_sql_rate as numeric(18, 8)) as pre_post_pre_sql_rate,
        cast(pre_post.post_sql_rate as numeric(18, 8)) as pre_post_post_sql_rate,
        cast(pre_post.pre_post_absolute_lift as numeric(18, 8)) as pre_post_absolute_lift
    from cohorts
    left join pre_post
        on
            cohorts.workflow_id = pre_post.workflow_id
            and cohorts.cohort_type = 'ai_assisted'

)

select * from final
