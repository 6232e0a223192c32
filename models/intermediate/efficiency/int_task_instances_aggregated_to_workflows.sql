with

task_instances as (

    select
        workflow_id,
        work_mode,
        started_on,
        total_hours
    from {{ ref('int_task_instances_classified') }}

),

final as (

    select
        workflow_id,
        sum(case when work_mode = 'baseline' then 1 else 0 end) as count_baseline_tasks,
        sum(case when work_mode = 'ai_assisted' then 1 else 0 end) as count_ai_tasks,
        {#- Rounded to 10 decimals: a mean or variance of doubles differs in its last bits
            with the order rows are added in (2.4399999999999995 vs 2.44 between builds). -#}
        {{ round_double("avg(case when work_mode = 'baseline' then total_hours end)") }}
            as baseline_hours_per_task,
        {{ round_double("avg(case when work_mode = 'ai_assisted' then total_hours end)") }}
            as ai_hours_per_task,
        {{ round_double("var_samp(case when work_mode = 'baseline' then total_hours end)") }}
            as baseline_hours_variance,
        {{ round_double("var_samp(case when work_mode = 'ai_assisted' then total_hours end)") }}
            as ai_hours_variance,
        min(case when work_mode = 'baseline' then started_on end) as first_baseline_task_on,
        max(case when work_mode = 'baseline' then started_on end) as last_baseline_task_on,
        min(case when work_mode = 'ai_assisted' then started_on end) as first_ai_task_on,
        max(case when work_mode = 'ai_assisted' then started_on end) as last_ai_task_on
    from task_instances
    group by workflow_id

)

select * from final
