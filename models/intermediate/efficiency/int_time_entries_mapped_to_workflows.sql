{{ config(materialized='table') }}
{#- Not a view: each of its data tests recomputed it (docs/nightly_run.md). -#}
with

time_entries as (

    select
        time_entry_id,
        person_id,
        project_name,
        task_name,
        description,
        deliverable_name,
        tag_list,
        entry_date,
        duration_hours
    from {{ ref('stg_time_tracking__time_entries') }}

),

rules as (

    select
        rule_id,
        rule_priority,
        lower(project_pattern) as project_pattern,
        lower(task_pattern) as task_pattern,
        lower(description_pattern) as description_pattern,
        workflow_id
    from {{ ref('time_entry_workflow_rules') }}

),

ai_tags as (

    select lower(trim(tag)) as tag from {{ ref('ai_assist_tags') }}

),

rule_matches as (

    select
        time_entries.time_entry_id,
        rules.workflow_id,
        rules.rule_id,
        row_number() over (
            partition by time_entries.time_entry_id
            order by rules.rule_priority
        ) as match_rank
    from time_entries
    inner join rules
        on
            lower(coalesce(time_entries.project_name, '')) like rules.project_pattern
            and lower(coalesce(time_entries.task_name, '')) like rules.task_pattern
            and lower(coalesce(time_entries.description, '')) like rules.description_pattern

),

ai_tagged_entries as (

    select distinct time_entries.time_entry_id
    from time_entries
    inner join ai_tags
        on time_entries.tag_list like '%,' || ai_tags.tag || ',%'

),

final as (

    select
        time_entries.time_entry_id,
        rule_matches.workflow_id,
        rule_matches.rule_id as matched_rule_id,
        time_entries.person_id,
        time_entries.deliverable_name,
        time_entries.entry_date,
        time_entries.duration_hours,
        ai_tagged_entries.time_entry_id is not null as has_ai_tag
    from time_entries
    left join rule_matches
        on
            time_entries.time_entry_id = rule_matches.time_entry_id
            and rule_matches.match_rank = 1
    left join ai_tagged_entries
        on time_entries.time_entry_id = ai_tagged_entries.time_entry_id

)

select * from final
