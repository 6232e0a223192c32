-- Audit of the efficiency figures: every task instance behind fct_workflow_time_savings, with how
-- it was classified (AI tag or go-live date), so a reviewer can trace a number to its time logs.
-- Compile with `dbt compile --select efficiency_task_instance_audit` and run the SQL it prints.

with

task_instances as (

    select
        workflow_id,
        deliverable_key,
        started_on,
        finished_on,
        count_time_entries,
        total_hours,
        work_mode,
        classified_by
    from {{ ref('int_task_instances_classified') }}

),

workflows as (

    select
        workflow_id,
        workflow_name,
        ai_go_live_date,
        classification_rule
    from {{ ref('dim_workflows') }}

),

final as (

    select
        workflows.workflow_name,
        workflows.classification_rule,
        workflows.ai_go_live_date,
        task_instances.deliverable_key,
        task_instances.started_on,
        task_instances.finished_on,
        task_instances.count_time_entries,
        task_instances.total_hours,
        task_instances.work_mode,
        task_instances.classified_by
    from task_instances
    inner join workflows
        on task_instances.workflow_id = workflows.workflow_id

)

select * from final
order by workflow_name, started_on
