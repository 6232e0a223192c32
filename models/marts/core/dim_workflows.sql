with

workflows as (

    select * from {{ ref('workflows') }}

),

roles as (

    select
        role_id,
        role_name
    from {{ ref('dim_roles') }}

),

final as (

    select
        cast(workflows.workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflows.workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(workflows.roi_dimension as {{ dbt.type_string() }}) as roi_dimension,
        cast(workflows.ai_tool as {{ dbt.type_string() }}) as ai_tool,
        cast(workflows.ai_go_live_date as date) as ai_go_live_date,
        cast(workflows.annual_task_frequency as integer) as annual_task_frequency,
        cast(workflows.owner_role_id as {{ dbt.type_string() }}) as owner_role_id,
        cast(roles.role_name as {{ dbt.type_string() }}) as owner_role_name,
        cast(workflows.classification_rule as {{ dbt.type_string() }}) as classification_rule,
        cast(workflows.description as {{ dbt.type_string() }}) as workflow_description
    from workflows
    left join roles
        on workflows.owner_role_id = roles.role_id

)

select * from final
