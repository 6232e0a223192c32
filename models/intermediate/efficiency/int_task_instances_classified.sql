{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
with

workflow_entries as (

    select
        workflow_id,
        person_id,
        deliverable_name,
        entry_date,
        duration_hours,
        has_ai_tag
    from {{ ref('int_time_entries_mapped_to_workflows') }}
    where workflow_id is not null

),

workflows as (

    select
        workflow_id,
        ai_go_live_date,
        classification_rule
    from {{ ref('workflows') }}

),

keyed_entries as (

    {#- One deliverable = one task instance. Entries name their deliverable in the description
        (or task_instance_id); an entry with neither is its own person-day instance. -#}
    select
        *,
        coalesce(
            deliverable_name,
            person_id || '@' || cast(entry_date as {{ dbt.type_string() }})
        ) as deliverable_key
    from workflow_entries

),

instances as (

    select
        workflow_id,
        deliverable_key,
        min(entry_date) as started_on,
        max(entry_date) as finished_on,
        count(*) as count_time_entries,
        {#- Fixed point: a sum of doubles depends on the order rows are added in. -#}
        cast({{ sum_fixed_point('duration_hours', 10) }} as double precision) as total_hours,
        max(case when has_ai_tag then 1 else 0 end) = 1 as has_ai_tag
    from keyed_entries
    group by workflow_id, deliverable_key

),

final as (

    select
        {{ dbt_utils.generate_surrogate_key(
            ['instances.workflow_id', 'instances.deliverable_key']
        ) }} as task_instance_id,
        instances.workflow_id,
        instances.deliverable_key,
        instances.started_on,
        instances.finished_on,
        instances.count_time_entries,
        instances.total_hours,
        instances.has_ai_tag,
        case
            when instances.has_ai_tag then 'ai_assisted'
            when
                workflows.classification_rule = 'go_live_date'
                and instances.started_on >= workflows.ai_go_live_date
                then 'ai_assisted'
            else 'baseline'
        end as work_mode,
        case
            when instances.has_ai_tag then 'ai_tag'
            when workflows.classification_rule = 'go_live_date' then 'go_live_date'
            else 'no_ai_tag'
        end as classified_by
    from instances
    inner join workflows
        on instances.workflow_id = workflows.workflow_id

)

select * from final
