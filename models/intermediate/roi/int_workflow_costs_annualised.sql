with

costs as (

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

workflows as (

    select
        workflow_id,
        owner_role_id
    from {{ ref('dim_workflows') }}

),

roles as (

    select
        role_id,
        loaded_hourly_rate_usd
    from {{ ref('dim_roles') }}

),

final as (

    select
        costs.workflow_id,
        costs.seats,
        costs.review_hours_per_task,
        owner_roles.loaded_hourly_rate_usd as owner_hourly_rate_usd,
        costs.licence_usd_per_seat_month * costs.seats * 12 as licence_cost_usd_per_year,
        costs.setup_hours * setup_roles.loaded_hourly_rate_usd as setup_cost_usd,
        costs.training_hours_per_seat * costs.seats * owner_roles.loaded_hourly_rate_usd
            as training_cost_usd,
        costs.setup_hours * setup_roles.loaded_hourly_rate_usd
        + costs.training_hours_per_seat * costs.seats * owner_roles.loaded_hourly_rate_usd
            as one_off_cost_usd
    from costs
    inner join workflows
        on costs.workflow_id = workflows.workflow_id
    left join roles as owner_roles
        on workflows.owner_role_id = owner_roles.role_id
    left join roles as setup_roles
        on costs.setup_role_id = setup_roles.role_id

)

select * from final
