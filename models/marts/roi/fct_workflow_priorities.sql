{#- Where should the next automation dollar go? Rank by runs a year x value per run, not by the
    effort saved on one run: 2 h x 400 runs (800 h) beats 10 h x 8 runs (80 h). Hours and dollars
    come from the workflow-economics spine (live workflows with a measured saving, and the
    candidates); a measured workflow also carries its A/B lift value (pipeline value of extra
    clicks) and pays its review time, a cost (a candidate's estimate after AI includes its
    review already, seed workflow_candidates). The rank is by value net of review. -#}

with

economics as (

    select
        workflow_id,
        workflow_name,
        workflow_status,
        runs_per_year,
        hours_saved_per_task_base,
        annual_hours_saved_base,
        annual_value_usd_base,
        review_cost_usd_per_year,
        efficiency_evidence_maturity
    from {{ ref('int_workflow_economics') }}
    where hours_saved_per_task_base is not null

),

lift as (

    select
        workflow_id,
        lift_value_usd_base
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

items as (

    select
        economics.workflow_id as priority_item_id,
        economics.workflow_name as priority_item_name,
        case
            when economics.workflow_status = 'live' then 'measured' else 'estimated'
        end as evidence_source,
        economics.runs_per_year,
        economics.hours_saved_per_task_base as hours_saved_per_task,
        economics.annual_hours_saved_base as annual_hours_saved,
        coalesce(lift.lift_value_usd_base, 0) as annual_lift_value_usd,
        economics.annual_value_usd_base + coalesce(lift.lift_value_usd_base, 0)
            as annual_value_usd,
        coalesce(economics.review_cost_usd_per_year, 0) as annual_review_cost_usd,
        economics.efficiency_evidence_maturity as evidence_maturity
    from economics
    left join lift
        on
            economics.workflow_id = lift.workflow_id
            and economics.workflow_status = 'live'

),

valued as (

    select
        *,
        annual_value_usd / runs_per_year as value_per_run_usd,
        annual_value_usd - annual_review_cost_usd as annual_net_value_usd
    from items

),

final as (

    select
        cast(priority_item_id as {{ dbt.type_string() }}) as priority_item_id,
        cast(priority_item_name as {{ dbt.type_string() }}) as priority_item_name,
        cast(evidence_source as {{ dbt.type_string() }}) as evidence_source,
        cast(
            rank() over (order by annual_net_value_usd desc, priority_item_id asc) as integer
        ) as priority_rank,
        cast(runs_per_year as integer) as runs_per_year,
        {{ round_double('hours_saved_per_task', 6) }} as hours_saved_per_task,
        {{ round_double('annual_hours_saved', 6) }} as annual_hours_saved,
        cast(value_per_run_usd as numeric(18, 2)) as value_per_run_usd,
        cast(annual_lift_value_usd as numeric(18, 2)) as annual_lift_value_usd,
        cast(annual_value_usd as numeric(18, 2)) as annual_value_usd,
        cast(annual_review_cost_usd as numeric(18, 2)) as annual_review_cost_usd,
        cast(annual_net_value_usd as numeric(18, 2)) as annual_net_value_usd,
        cast(evidence_maturity as {{ dbt.type_string() }}) as evidence_maturity
    from valued

)

select * from final
