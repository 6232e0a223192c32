{%- set z = var('roi_ci_z') -%}
{#- One row per workflow with AI-assisted lead signals: the pre/post comparison of MQL->SQL
    conversion of ALL MQLs (funnel persons) in same-duration periods before and after the workflow's go-live date
    (seed workflows). The weaker method: everything else that changed between the periods is
    credited to AI. Period length = the shortest of pre_post_max_period_days, the days of data
    before go-live, and the days after go-live whose cohorts have matured (as-of date minus the
    maturity window). Annualised x 365 / period days. See doc formula_pre_post_pipeline. -#}

with

leads as (

    select
        cast(mql_at as date) as mql_date,
        is_sql
    from {{ ref('int_leads_merged_to_persons') }}
    where mql_at is not null

),

context as (

    select * from {{ ref('int_pipeline_measurement_context') }}

),

workflows as (

    select
        workflow_id,
        ai_go_live_date
    from {{ ref('workflows') }}
    where workflow_id in (
        select signals.workflow_id
        from {{ ref('pipeline_ai_assist_signals') }} as signals
        where signals.object_type = 'lead'
    )

),

periods as (

    select
        workflows.workflow_id,
        workflows.ai_go_live_date,
        least(
            context.pre_post_max_period_days,
            {{ dbt.datediff('context.first_mql_date', 'workflows.ai_go_live_date', 'day') }},
            {{ dbt.datediff('workflows.ai_go_live_date', 'context.as_of_date', 'day') }}
            - context.cohort_maturity_window_days
        ) as period_days,
        context.sql_value_usd,
        context.sql_value_usd_low,
        context.sql_value_usd_high
    from workflows
    cross join context

),

counted as (

    select
        periods.workflow_id,
        periods.period_days,
        sum(case when leads.mql_date < periods.ai_go_live_date then 1 else 0 end) as pre_mqls,
        sum(
            case when leads.mql_date < periods.ai_go_live_date and leads.is_sql then 1 else 0 end
        ) as pre_sqls,
        sum(case when leads.mql_date >= periods.ai_go_live_date then 1 else 0 end) as post_mqls,
        sum(
            case when leads.mql_date >= periods.ai_go_live_date and leads.is_sql then 1 else 0 end
        ) as post_sqls
    from periods
    inner join leads
        on
            leads.mql_date
            >= {{ dbt.dateadd('day', '-periods.period_days', 'periods.ai_go_live_date') }}  -- noqa: LT05
            and leads.mql_date
            < {{ dbt.dateadd('day', 'periods.period_days', 'periods.ai_go_live_date') }}  -- noqa: LT05
    where periods.period_days > 0
    group by periods.workflow_id, periods.period_days

),

rated as (

    select
        periods.workflow_id,
        periods.ai_go_live_date,
        case when periods.period_days > 0 then periods.period_days end as period_days,
        coalesce(counted.pre_mqls, 0) as pre_mqls,
        coalesce(counted.pre_sqls, 0) as pre_sqls,
        coalesce(counted.post_mqls, 0) as post_mqls,
        coalesce(counted.post_sqls, 0) as post_sqls,
        case
            when counted.pre_mqls > 0
                then cast(counted.pre_sqls as double precision) / counted.pre_mqls
        end as pre_sql_rate,
        case
            when counted.post_mqls > 0
                then cast(counted.post_sqls as double precision) / counted.post_mqls
        end as post_sql_rate,
        periods.sql_value_usd,
        periods.sql_value_usd_low,
        periods.sql_value_usd_high
    from periods
    left join counted
        on periods.workflow_id = counted.workflow_id

),

lifted as (

    select
        *,
        post_sql_rate - pre_sql_rate as pre_post_absolute_lift,
        {{ two_proportion_standard_error(
            'post_sql_rate', 'post_mqls', 'pre_sql_rate', 'pre_mqls') }} as pre_post_standard_error,
        365.0 / period_days as annualisation_factor
    from rated

),

bounded as (

    select
        *,
        pre_post_absolute_lift - {{ z }} * pre_post_standard_error as pre_post_absolute_lift_ci_low,
        pre_post_absolute_lift + {{ z }} * pre_post_standard_error as pre_post_absolute_lift_ci_high
    from lifted

),

final as (

    select
        workflow_id,
        ai_go_live_date,
        cast(period_days as integer) as period_days,
        cast(pre_mqls as integer) as pre_mqls,
        cast(pre_sqls as integer) as pre_sqls,
        cast(post_mqls as integer) as post_mqls,
        cast(post_sqls as integer) as post_sqls,
        pre_sql_rate,
        post_sql_rate,
        pre_post_absolute_lift,
        pre_post_standard_error,
        pre_post_absolute_lift_ci_low,
        pre_post_absolute_lift_ci_high,
        post_mqls * pre_post_absolute_lift as pre_post_incremental_sqls,
        post_mqls * pre_post_absolute_lift * annualisation_factor * sql_value_usd
            as pre_post_value_usd_base,
        least(
            post_mqls * pre_post_absolute_lift_ci_low * sql_value_usd_low,
            post_mqls * pre_post_absolute_lift_ci_low * sql_value_usd_high
        ) * annualisation_factor as pre_post_value_usd_low,
        greatest(
            post_mqls * pre_post_absolute_lift_ci_high * sql_value_usd_low,
            post_mqls * pre_post_absolute_lift_ci_high * sql_value_usd_high
        ) * annualisation_factor as pre_post_value_usd_high
    from bounded

)

select * from final
