{%- set z = var('roi_ci_z') -%}
{%- set band = var('roi_efficiency_default_band') -%}
{%- set min_tasks = var('roi_efficiency_min_tasks_per_side') -%}
{#- The workflow-economics spine. One row per workflow: every live workflow (seed workflows) and
    every candidate (seed workflow_candidates). Who does it and at what loaded rate, how often,
    the hours one run saves as a low / base / high range, the annual hours and dollars, and the
    costs. The one home of the loaded hourly rate (salary x loading factor / paid hours a year)
    and of hours x runs a year x rate: every ROI mart selects its rate, cost and value here.
    Review time is a cost (time moves from creation to curation), never deducted from the
    hours saved. Built from seeds and intermediate models only. -#}

with

roles as (

    select
        role_id,
        base_salary_usd,
        loading_factor,
        annual_hours
    from {{ ref('roles') }}

),

workflows as (

    select
        workflow_id,
        workflow_name,
        annual_task_frequency,
        owner_role_id
    from {{ ref('workflows') }}

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

ai_costs as (

    select
        workflow_id,
        licence_usd_per_seat_month,
        seats,
        setup_hours,
        setup_role_id,
        training_hours_per_seat,
        review_hours_per_task
    from {{ ref('ai_costs') }}

),

task_statistics as (

    select
        workflow_id,
        count_baseline_tasks,
        count_ai_tasks,
        baseline_hours_per_task,
        ai_hours_per_task,
        baseline_hours_variance,
        ai_hours_variance
    from {{ ref('int_task_instances_aggregated_to_workflows') }}

),

loaded_rates as (

    {#- Fully loaded hourly rate: salary x loading factor / paid hours a year. -#}
    select
        role_id,
        cast(annual_hours as integer) as annual_hours,
        cast(base_salary_usd * loading_factor / annual_hours as numeric(18, 4))
            as loaded_hourly_rate_usd
    from roles

),

live_workflows_measured as (

    select
        workflows.workflow_id,
        workflows.workflow_name,
        'live' as workflow_status,
        workflows.owner_role_id,
        cast(workflows.annual_task_frequency as integer) as runs_per_year,
        coalesce(task_statistics.count_baseline_tasks, 0) as count_baseline_tasks,
        coalesce(task_statistics.count_ai_tasks, 0) as count_ai_tasks,
        task_statistics.baseline_hours_per_task,
        task_statistics.ai_hours_per_task,
        coalesce(task_statistics.count_baseline_tasks, 0) > 0 as has_baseline,
        {#- No baseline, no saving: never estimated. -#}
        case
            when task_statistics.count_baseline_tasks > 0 and task_statistics.count_ai_tasks > 0
                then task_statistics.baseline_hours_per_task - task_statistics.ai_hours_per_task
        end as hours_saved_per_task_base,
        {#- Unpooled standard error of the difference of two means (needs 2+ tasks a side). -#}
        case
            when task_statistics.count_baseline_tasks >= 2 and task_statistics.count_ai_tasks >= 2
                then sqrt(
                    task_statistics.baseline_hours_variance / task_statistics.count_baseline_tasks
                    + task_statistics.ai_hours_variance / task_statistics.count_ai_tasks
                )
        end as hours_saved_standard_error
    from workflows
    left join task_statistics
        on workflows.workflow_id = task_statistics.workflow_id

),

live_workflows_ranged as (

    select
        workflow_id,
        workflow_name,
        workflow_status,
        owner_role_id,
        runs_per_year,
        count_baseline_tasks,
        count_ai_tasks,
        baseline_hours_per_task,
        ai_hours_per_task,
        has_baseline,
        case
            when hours_saved_standard_error is not null
                then hours_saved_per_task_base - {{ z }} * hours_saved_standard_error
            else least(
                hours_saved_per_task_base * (1 - {{ band }}),
                hours_saved_per_task_base * (1 + {{ band }})
            )
        end as hours_saved_per_task_low,
        hours_saved_per_task_base,
        case
            when hours_saved_standard_error is not null
                then hours_saved_per_task_base + {{ z }} * hours_saved_standard_error
            else greatest(
                hours_saved_per_task_base * (1 - {{ band }}),
                hours_saved_per_task_base * (1 + {{ band }})
            )
        end as hours_saved_per_task_high,
        case
            when hours_saved_per_task_base is null then null
            when hours_saved_standard_error is not null then 'normal_95_interval_of_mean_difference'
            else 'default_relative_band'
        end as range_method,
        case
            when not has_baseline then 'unprovable_no_baseline'
            when count_ai_tasks = 0 then 'no_ai_tasks_yet'
            when count_baseline_tasks < {{ min_tasks }} or count_ai_tasks < {{ min_tasks }}
                then 'immature'
            else 'mature'
        end as efficiency_evidence_maturity
    from live_workflows_measured

),

candidate_workflows as (

    {#- A candidate's saving is RevOps' estimate: one figure, no range. -#}
    select
        candidate_id as workflow_id,
        candidate_name as workflow_name,
        'candidate' as workflow_status,
        role_id as owner_role_id,
        cast(runs_per_year as integer) as runs_per_year,
        0 as count_baseline_tasks,
        0 as count_ai_tasks,
        cast(estimated_hours_per_task_before as double precision) as baseline_hours_per_task,
        cast(estimated_hours_per_task_after as double precision) as ai_hours_per_task,
        false as has_baseline,
        cast(null as double precision) as hours_saved_per_task_low,
        estimated_hours_per_task_before - estimated_hours_per_task_after
            as hours_saved_per_task_base,
        cast(null as double precision) as hours_saved_per_task_high,
        'estimate' as range_method,
        'estimate' as efficiency_evidence_maturity
    from candidates

),

all_workflows as (

    select * from live_workflows_ranged
    union all
    select * from candidate_workflows

),

valued as (

    {#- The one home of hours x runs a year x loaded rate. -#}
    select
        all_workflows.*,
        owner_rates.annual_hours as owner_annual_hours,
        owner_rates.loaded_hourly_rate_usd as owner_loaded_hourly_rate_usd,
        {%- for case in ['low', 'base', 'high'] %}
        all_workflows.hours_saved_per_task_{{ case }} * all_workflows.runs_per_year
            as annual_hours_saved_{{ case }},
        all_workflows.hours_saved_per_task_{{ case }} * all_workflows.runs_per_year
        * owner_rates.loaded_hourly_rate_usd as annual_value_usd_{{ case }},
        {%- endfor %}
        all_workflows.hours_saved_per_task_base * all_workflows.runs_per_year
        / owner_rates.annual_hours as headcount_equivalent
    from all_workflows
    left join loaded_rates as owner_rates
        on all_workflows.owner_role_id = owner_rates.role_id

),

costed as (

    select
        valued.*,
        ai_costs.workflow_id is not null as has_cost_inputs,
        ai_costs.seats,
        ai_costs.review_hours_per_task,
        ai_costs.review_hours_per_task * valued.runs_per_year as review_hours_per_year,
        ai_costs.review_hours_per_task * valued.owner_loaded_hourly_rate_usd
            as review_cost_usd_per_run,
        ai_costs.review_hours_per_task * valued.runs_per_year
        * valued.owner_loaded_hourly_rate_usd as review_cost_usd_per_year,
        ai_costs.licence_usd_per_seat_month * ai_costs.seats * 12 as licence_cost_usd_per_year,
        ai_costs.setup_hours * setup_rates.loaded_hourly_rate_usd as setup_cost_usd,
        ai_costs.training_hours_per_seat * ai_costs.seats * valued.owner_loaded_hourly_rate_usd
            as training_cost_usd
    from valued
    left join ai_costs
        on
            valued.workflow_id = ai_costs.workflow_id
            and valued.workflow_status = 'live'
    left join loaded_rates as setup_rates
        on ai_costs.setup_role_id = setup_rates.role_id

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(workflow_status as {{ dbt.type_string() }}) as workflow_status,
        cast(owner_role_id as {{ dbt.type_string() }}) as owner_role_id,
        owner_annual_hours,
        owner_loaded_hourly_rate_usd,
        runs_per_year,
        cast(count_baseline_tasks as integer) as count_baseline_tasks,
        cast(count_ai_tasks as integer) as count_ai_tasks,
        baseline_hours_per_task,
        ai_hours_per_task,
        has_baseline,
        cast(hours_saved_per_task_low as double precision) as hours_saved_per_task_low,
        cast(hours_saved_per_task_base as double precision) as hours_saved_per_task_base,
        cast(hours_saved_per_task_high as double precision) as hours_saved_per_task_high,
        cast(range_method as {{ dbt.type_string() }}) as range_method,
        cast(efficiency_evidence_maturity as {{ dbt.type_string() }})
            as efficiency_evidence_maturity,
        cast(annual_hours_saved_low as double precision) as annual_hours_saved_low,
        cast(annual_hours_saved_base as double precision) as annual_hours_saved_base,
        cast(annual_hours_saved_high as double precision) as annual_hours_saved_high,
        cast(annual_value_usd_low as double precision) as annual_value_usd_low,
        cast(annual_value_usd_base as double precision) as annual_value_usd_base,
        cast(annual_value_usd_high as double precision) as annual_value_usd_high,
        cast(headcount_equivalent as double precision) as headcount_equivalent,
        has_cost_inputs,
        cast(seats as integer) as seats,
        review_hours_per_task,
        review_hours_per_year,
        review_cost_usd_per_run,
        review_cost_usd_per_year,
        licence_cost_usd_per_year,
        setup_cost_usd,
        training_cost_usd,
        setup_cost_usd + training_cost_usd as one_off_cost_usd,
        licence_cost_usd_per_year + review_cost_usd_per_year as recurring_cost_usd_per_year
    from costed

)

select * from final
