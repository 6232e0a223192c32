{{ config(materialized='table') }}
{#- One row per workflow with AI-tagged leads: the pipeline value the workflow adds a year, by
    the incremental (same-period) method and by the pre/post method, and the pipeline attributed
    to its AI-assisted touchpoints under the default attribution model. The interface the
    workflow ROI reads. See doc formula_workflow_pipeline_value. -#}

with

cohorts as (

    select * from {{ ref('int_mql_cohorts_compared') }}
    where cohort_type = 'ai_assisted'

),

pooled_cohorts as (

    select * from {{ ref('int_mql_cohorts_pooled_over_mature_months') }}
    where cohort_type = 'ai_assisted'

),

pre_post as (

    select * from {{ ref('int_workflow_pre_post_compared') }}

),

credits as (

    select * from {{ ref('int_touchpoints_credited_to_opportunities') }}
    where is_default

),

context as (

    select * from {{ ref('int_pipeline_measurement_context') }}

),

default_model as (

    select min(attribution_model) as attribution_model
    from {{ ref('attribution_models') }}
    where is_default

),

tagged_workflows as (

    select distinct workflow_id
    from {{ ref('int_lead_ai_signals_matched') }}

),

all_cohorts as (

    select
        workflow_id,
        sum(count_mqls) as ai_mqls,
        sum(count_sqls) as ai_sqls
    from cohorts
    group by workflow_id

),

mature_cohorts as (

    {#- Same-period method: mature AI cohorts with an untagged comparison in their month,
        pooled in int_mql_cohorts_pooled_over_mature_months. -#}
    select
        workflow_id,
        count_mature_months as months_observed,
        incremental_sqls,
        incremental_sqls_low,
        incremental_sqls_high
    from pooled_cohorts

),

attributed as (

    select
        ai_workflow_id as workflow_id,
        {{ sum_fixed_point('credited_amount_usd') }} as ai_attributed_pipeline_usd
    from credits
    where is_ai_assisted
    group by ai_workflow_id

),

joined as (

    select
        tagged_workflows.workflow_id,
        coalesce(all_cohorts.ai_mqls, 0) as ai_mqls,
        coalesce(all_cohorts.ai_sqls, 0) as ai_sqls,
        coalesce(mature_cohorts.months_observed, 0) as months_observed,
        mature_cohorts.incremental_sqls,
        mature_cohorts.incremental_sqls_low,
        mature_cohorts.incremental_sqls_high,
        case
            when mature_cohorts.months_observed > 0 then 12.0 / mature_cohorts.months_observed
        end as annualisation_factor,
        pre_post.pre_post_value_usd_low,
        pre_post.pre_post_value_usd_base,
        pre_post.pre_post_value_usd_high,
        coalesce(attributed.ai_attributed_pipeline_usd, 0) as ai_attributed_pipeline_usd,
        default_model.attribution_model,
        context.sql_value_usd,
        context.sql_value_usd_low,
        context.sql_value_usd_high,
        context.min_mature_cohort_months
    from tagged_workflows
    cross join context
    cross join default_model
    left join all_cohorts
        on tagged_workflows.workflow_id = all_cohorts.workflow_id
    left join mature_cohorts
        on tagged_workflows.workflow_id = mature_cohorts.workflow_id
    left join pre_post
        on tagged_workflows.workflow_id = pre_post.workflow_id
    left join attributed
        on tagged_workflows.workflow_id = attributed.workflow_id

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(ai_mqls as integer) as ai_mqls,
        cast(ai_sqls as integer) as ai_sqls,
        cast(incremental_sqls as double precision) as incremental_sqls,
        cast(
            least(
                incremental_sqls_low * sql_value_usd_low,
                incremental_sqls_low * sql_value_usd_high
            )
            * annualisation_factor as double precision
        ) as incremental_value_usd_low,
        cast(
            incremental_sqls * sql_value_usd * annualisation_factor as double precision
        ) as incremental_value_usd_base,
        cast(
            greatest(
                incremental_sqls_high * sql_value_usd_low,
                incremental_sqls_high * sql_value_usd_high
            )
            * annualisation_factor as double precision
        ) as incremental_value_usd_high,
        cast(pre_post_value_usd_low as double precision) as pre_post_value_usd_low,
        cast(pre_post_value_usd_base as double precision) as pre_post_value_usd_base,
        cast(pre_post_value_usd_high as double precision) as pre_post_value_usd_high,
        cast(ai_attributed_pipeline_usd as numeric(18, 2)) as ai_attributed_pipeline_usd,
        cast(attribution_model as {{ dbt.type_string() }}) as attribution_model,
        cast(months_observed as double precision) as months_observed,
        cast(
            case
                when months_observed >= min_mature_cohort_months then 'mature'
                else 'immature'
            end as {{ dbt.type_string() }}
        ) as evidence_maturity,
        months_observed > 0 as has_same_period_comparison
    from joined

)

select * from final
