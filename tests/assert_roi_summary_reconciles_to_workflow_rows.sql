-- The QBR summary must equal the sum of the workflow rows it rolls up: any total that differs
-- by more than a cent is returned (and fails the build).
with

workflow_totals as (

    select
        evaluation_window_end as evaluation_date,
        count(*) as workflows_evaluated,
        coalesce(sum(cost_substitution_value_usd_base), 0) as cost_substitution_value_usd_base,
        coalesce(sum(incremental_lift_value_usd_low), 0) as incremental_lift_value_usd_low,
        coalesce(sum(total_value_usd_low), 0) as total_value_usd_low,
        coalesce(sum(total_value_usd_base), 0) as total_value_usd_base,
        coalesce(sum(total_value_usd_high), 0) as total_value_usd_high,
        coalesce(sum(net_benefit_usd_base), 0) as net_benefit_usd_base,
        sum(total_cost_usd) as total_cost_usd,
        sum(case when recommendation = 'scale' then 1 else 0 end) as workflows_to_scale
    from {{ ref('fct_workflow_roi') }}
    group by evaluation_window_end

),

summary as (

    select * from {{ ref('fct_roi_summary') }}

)

select
    workflow_totals.evaluation_date,
    summary.evaluation_date as summary_evaluation_date
from workflow_totals
full outer join summary
    on workflow_totals.evaluation_date = summary.evaluation_date
where
    summary.evaluation_date is null
    or workflow_totals.evaluation_date is null
    or workflow_totals.workflows_evaluated <> summary.workflows_evaluated
    or workflow_totals.workflows_to_scale <> summary.workflows_to_scale
    or abs(
        workflow_totals.cost_substitution_value_usd_base - summary.cost_substitution_value_usd_base
    )
    > 0.01
    or abs(workflow_totals.incremental_lift_value_usd_low - summary.incremental_lift_value_usd_low)
    > 0.01
    or abs(workflow_totals.total_value_usd_low - summary.total_value_usd_low) > 0.01
    or abs(workflow_totals.total_value_usd_base - summary.total_value_usd_base) > 0.01
    or abs(workflow_totals.total_value_usd_high - summary.total_value_usd_high) > 0.01
    or abs(workflow_totals.net_benefit_usd_base - summary.net_benefit_usd_base) > 0.01
    or abs(workflow_totals.total_cost_usd - summary.total_cost_usd) > 0.01
