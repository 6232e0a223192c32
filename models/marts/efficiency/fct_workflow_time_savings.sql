{%- set z = var('roi_ci_z') -%}
{%- set band = var('roi_efficiency_default_band') -%}
{%- set min_tasks = var('roi_efficiency_min_tasks_per_side') -%}

with

workflows as (

    select
        workflow_id,
        annual_task_frequency,
        owner_role_id
    from {{ ref('dim_workflows') }}

),

roles as (

    select
        role_id,
        annual_hours,
        loaded_hourly_rate_usd
    from {{ ref('dim_roles') }}

),

task_statistics as (

    select * from {{ ref('int_task_instances_aggregated_to_workflows') }}

),

joined as (

    select
        workflows.workflow_id,
        workflows.annual_task_frequency,
        roles.annual_hours,
        roles.loaded_hourly_rate_usd,
        coalesce(task_statistics.count_baseline_tasks, 0) as count_baseline_tasks,
        coalesce(task_statistics.count_ai_tasks, 0) as count_ai_tasks,
        task_statistics.baseline_hours_per_task,
        task_statistics.ai_hours_per_task,
        task_statistics.baseline_hours_variance,
        task_statistics.ai_hours_variance
    from workflows
    left join task_statistics
        on workflows.workflow_id = task_statistics.workflow_id
    left join roles
        on workflows.owner_role_id = roles.role_id

),

hours_saved as (

    select
        *,
        count_baseline_tasks > 0 as has_baseline,
        {#- No baseline, no saving: never estimated. -#}
        case
            when count_baseline_tasks > 0 and count_ai_tasks > 0
                then baseline_hours_per_task - ai_hours_per_task
        end as hours_saved_per_task,
        {#- Unpooled standard error of the difference of two means (needs 2+ tasks a side). -#}
        case
            when count_baseline_tasks >= 2 and count_ai_tasks >= 2
                then sqrt(
                    baseline_hours_variance / count_baseline_tasks
                    + ai_hours_variance / count_ai_tasks
                )
        end as hours_saved_standard_error
    from joined

),

hours_saved_range as (

    select
        *,
        case
            when hours_saved_standard_error is not null
                then hours_saved_per_task - {{ z }} * hours_saved_standard_error
            else least(
                hours_saved_per_task * (1 - {{ band }}), hours_saved_per_task * (1 + {{ band }})
            )
        end as hours_saved_per_task_low,
        case
            when hours_saved_standard_error is not null
                then hours_saved_per_task + {{ z }} * hours_saved_standard_error
            else greatest(
                hours_saved_per_task * (1 - {{ band }}), hours_saved_per_task * (1 + {{ band }})
            )
        end as hours_saved_per_task_high,
        case
            when hours_saved_per_task is null then null
            when hours_saved_standard_error is not null then 'normal_95_interval_of_mean_difference'
            else 'default_relative_band'
        end as range_method
    from hours_saved

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(count_baseline_tasks as integer) as count_baseline_tasks,
        cast(count_ai_tasks as integer) as count_ai_tasks,
        {{ round_double('baseline_hours_per_task', 6) }} as baseline_hours_per_task,
        {{ round_double('ai_hours_per_task', 6) }} as ai_hours_per_task,
        {{ round_double('hours_saved_per_task', 6) }} as hours_saved_per_task,
        {{ round_double('hours_saved_per_task_low', 6) }} as hours_saved_per_task_low,
        {{ round_double('hours_saved_per_task_high', 6) }} as hours_saved_per_task_high,
        cast(annual_task_frequency as integer) as annual_task_frequency,
        {{ round_double('hours_saved_per_task * annual_task_frequency', 6) }}
            as annual_hours_saved,
        {{ round_double('loaded_hourly_rate_usd', 6) }} as loaded_hourly_rate_usd,
        cast(
            hours_saved_per_task * annual_task_frequency * loaded_hourly_rate_usd
            as numeric(18, 2)
        ) as annual_savings_usd,
        cast(
            hours_saved_per_task_low * annual_task_frequency * loaded_hourly_rate_usd
            as numeric(18, 2)
        ) as annual_savings_usd_low,
        cast(
            hours_saved_per_task_high * annual_task_frequency * loaded_hourly_rate_usd
            as numeric(18, 2)
        ) as annual_savings_usd_high,
        {{ round_double('hours_saved_per_task * annual_task_frequency / annual_hours', 6) }}
            as headcount_equivalent,
        cast(range_method as {{ dbt.type_string() }}) as range_method,
        has_baseline,
        cast(
            case
                when not has_baseline then 'unprovable_no_baseline'
                when count_ai_tasks = 0 then 'no_ai_tasks_yet'
                when count_baseline_tasks < {{ min_tasks }} or count_ai_tasks < {{ min_tasks }}
                    then 'immature'
                else 'mature'
            end as {{ dbt.type_string() }}
        ) as evidence_maturity
    from hours_saved_range

)

select * from final
