{#- Where should the next automation dollar go? Rank by runs a year x value per run, not by the
    effort saved on one run: 2 h x 400 runs (800 h) beats 10 h x 8 runs (80 h). A measured
    workflow's value per run also carries its A/B lift value (pipeline value of extra clicks). -#}

with

measured as (

    select
        workflow_id,
        hours_saved_per_task,
        annual_task_frequency,
        loaded_hourly_rate_usd,
        evidence_maturity
    from {{ ref('fct_workflow_time_savings') }}
    where hours_saved_per_task is not null

),

lift as (

    select
        workflow_id,
        lift_value_base_usd
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

workflows as (

    select
        workflow_id,
        workflow_name
    from {{ ref('dim_workflows') }}

),

candidates as (

    select
        candidate_id,
        candidate_name,
        runs_per_year,
        estimated_hours_per_task_before,
        estimated_hours_per_task_after,
        role_id
    from {{ ref('workflow_candidates') }}

),

roles as (

    select
        role_id,
        loaded_hourly_rate_usd
    from {{ ref('dim_roles') }}

),

measured_items as (

    select
        measured.workflow_id as priority_item_id,
        workflows.workflow_name as priority_item_name,
        'measured' as evidence_source,
        measured.annual_task_frequency as runs_per_year,
        measured.hours_saved_per_task,
        measured.loaded_hourly_rate_usd,
        coalesce(lift.lift_value_base_usd, 0) as annual_lift_value_usd,
        measured.evidence_maturity
    from measured
    inner join workflows
        on measured.workflow_id = workflows.workflow_id
    left join lift
        on measured.workflow_id = lift.workflow_id

),

candidate_items as (

    select
        candidates.candidate_id as priority_item_id,
        candidates.candidate_name as priority_item_name,
        'estimated' as evidence_source,
        candidates.runs_per_year,
        candidates.estimated_hours_per_task_before
        - candidates.estimated_hours_per_task_after as hours_saved_per_task,
        roles.loaded_hourly_rate_usd,
        0 as annual_lift_value_usd,
        'estimate' as evidence_maturity
    from candidates
    left join roles
        on candidates.role_id = roles.role_id

),

items as (

    select * from measured_items
    union all
    select * from candidate_items

),

valued as (

    select
        *,
        hours_saved_per_task * runs_per_year as annual_hours_saved,
        hours_saved_per_task * loaded_hourly_rate_usd
        + annual_lift_value_usd / runs_per_year as value_per_run_usd,
        hours_saved_per_task * loaded_hourly_rate_usd * runs_per_year
        + annual_lift_value_usd as annual_value_usd
    from items

),

final as (

    select
        cast(priority_item_id as {{ dbt.type_string() }}) as priority_item_id,
        cast(priority_item_name as {{ dbt.type_string() }}) as priority_item_name,
        cast(evidence_source as {{ dbt.type_string() }}) as evidence_source,
        cast(
            rank() over (order by annual_value_usd desc, priority_item_id asc) as integer
        ) as priority_rank,
        cast(runs_per_year as integer) as runs_per_year,
        {{ round_double('hours_saved_per_task', 6) }} as hours_saved_per_task,
        {{ round_double('annual_hours_saved', 6) }} as annual_hours_saved,
        cast(value_per_run_usd as numeric(18, 2)) as value_per_run_usd,
        cast(annual_lift_value_usd as numeric(18, 2)) as annual_lift_value_usd,
        cast(annual_value_usd as numeric(18, 2)) as annual_value_usd,
        cast(evidence_maturity as {{ dbt.type_string() }}) as evidence_maturity
    from valued

)

select * from final
