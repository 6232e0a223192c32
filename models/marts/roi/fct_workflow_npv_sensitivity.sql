{#- How the base-case NPV of each provable workflow moves with its value driver and adoption
    (seed npv_sensitivity_grid): one row per workflow, value-driver step and adoption step. The
    value driver is the agreed unit value behind the workflow's benefit: the owner's loaded
    hourly rate for efficiency workflows (it prices the hours saved, the review and the training
    time), the value per click for performance-lift workflows and the value per SQL for pipeline
    workflows (it prices the revenue benefit), each step also in dollars (value_driver_usd).
    Benefits are linear in both, so the NPV of a cell is adoption x (PV of the driven benefit x
    multiplier + PV of the other benefit) - PV of costs (review and training time repriced by
    the loaded-rate multiplier). The cell at 1 x 1 is the NPV of fct_workflow_npv. -#}

with

cash_flows as (

    select
        workflow_id,
        workflow_name,
        roi_dimension,
        has_baseline,
        discount_factor,
        cost_substitution_benefit_usd_base,
        revenue_benefit_usd_base,
        one_off_cost_usd,
        licence_cost_usd,
        training_cost_usd,
        review_cost_usd,
        net_present_value_usd_base
    from {{ ref('fct_workflow_cash_flows') }}

),

-- The agreed unit values the grid multiplies, in dollars: the owner's loaded hourly rate, the
-- click value behind the A/B benefit, the SQL value in force.
loaded_rates as (

    select
        workflow_id,
        owner_loaded_hourly_rate_usd
    from {{ ref('int_workflow_economics') }}
    where workflow_status = 'live'

),

click_values as (

    select
        workflow_id,
        value_per_click_usd
    from {{ ref('int_performance_lift_value_by_workflow') }}

),

sql_value as (

    select sql_value_usd
    from {{ ref('int_pipeline_measurement_context') }}

),

revenue_sources as (

    select
        workflow_id,
        revenue_method,
        pipeline_incremental_value_usd_base
    from {{ ref('fct_workflow_roi') }}

),

grid as (

    select
        grid_axis,
        step_order,
        step_value
    from {{ ref('npv_sensitivity_grid') }}

),

present_values as (

    select
        workflow_id,
        workflow_name,
        roi_dimension,
        sum(net_present_value_usd_base) as net_present_value_usd_base,
        sum(cost_substitution_benefit_usd_base * discount_factor)
            as cost_substitution_benefit_present_value_usd,
        sum(revenue_benefit_usd_base * discount_factor) as revenue_benefit_present_value_usd,
        -- The owner's time the case pays for at the owner's loaded rate: review and training.
        sum((review_cost_usd + training_cost_usd) * discount_factor)
            as owner_time_cost_present_value_usd
    from cash_flows
    where has_baseline
    group by workflow_id, workflow_name, roi_dimension

),

-- The revenue benefit is priced per SQL when pipeline cohorts or pre/post measured it
-- (fct_workflow_roi counts those before the A/B clicks), per click otherwise.
driver_kinds as (

    select
        present_values.workflow_id,
        case
            when present_values.roi_dimension = 'efficiency' then 'loaded_hourly_rate'
            when
                present_values.roi_dimension = 'performance_lift'
                and revenue_sources.pipeline_incremental_value_usd_base is null
                and coalesce(revenue_sources.revenue_method, 'none') <> 'pre_post'
                then 'value_per_click'
            else 'value_per_sql'
        end as value_driver
    from present_values
    left join revenue_sources
        on present_values.workflow_id = revenue_sources.workflow_id

),

value_drivers as (

    select
        driver_kinds.workflow_id,
        driver_kinds.value_driver,
        case driver_kinds.value_driver
            when 'loaded_hourly_rate' then loaded_rates.owner_loaded_hourly_rate_usd
            when 'value_per_click' then click_values.value_per_click_usd
            else sql_value.sql_value_usd
        end as value_driver_agreed_usd
    from driver_kinds
    left join loaded_rates
        on driver_kinds.workflow_id = loaded_rates.workflow_id
    left join click_values
        on driver_kinds.workflow_id = click_values.workflow_id
    left join sql_value
        on true

),

value_driver_steps as (

    select
        step_order as value_driver_step,
        step_value as value_driver_multiplier
    from grid
    where grid_axis = 'value_driver'

),

adoption_steps as (

    select
        step_order as adoption_step,
        step_value as adoption_share
    from grid
    where grid_axis = 'adoption'

),

cells as (

    select
        present_values.workflow_id,
        present_values.workflow_name,
        present_values.roi_dimension,
        value_drivers.value_driver,
        value_drivers.value_driver_agreed_usd,
        value_driver_steps.value_driver_step,
        value_driver_steps.value_driver_multiplier,
        adoption_steps.adoption_step,
        adoption_steps.adoption_share,
        case
            when present_values.roi_dimension = 'efficiency'
                then value_driver_steps.value_driver_multiplier
            else 1
        end as cost_substitution_multiplier,
        case
            when present_values.roi_dimension = 'efficiency' then 1
            else value_driver_steps.value_driver_multiplier
        end as revenue_multiplier,
        present_values.net_present_value_usd_base,
        present_values.cost_substitution_benefit_present_value_usd,
        present_values.revenue_benefit_present_value_usd,
        present_values.owner_time_cost_present_value_usd
    from present_values
    inner join value_drivers
        on present_values.workflow_id = value_drivers.workflow_id
    cross join value_driver_steps
    cross join adoption_steps

),

-- The same formula written as a change from the base-case NPV, so the 1 x 1 cell is the NPV
-- of fct_workflow_npv to the cent:
-- adoption x (driven x m + other) - other costs - owner's time x m_rate
-- = NPV + (adoption x m_cs - 1) x PV cost substitution + (adoption x m_rev - 1) x PV revenue
--   - (m_cs - 1) x PV of review and training.
valued as (

    select
        *,
        net_present_value_usd_base
        + (adoption_share * cost_substitution_multiplier - 1)
        * cost_substitution_benefit_present_value_usd
        + (adoption_share * revenue_multiplier - 1) * revenue_benefit_present_value_usd
        - (cost_substitution_multiplier - 1) * owner_time_cost_present_value_usd
            as net_present_value_usd
    from cells

),

final as (

    select
        cast(workflow_id as {{ dbt.type_string() }}) as workflow_id,
        cast(workflow_name as {{ dbt.type_string() }}) as workflow_name,
        cast(roi_dimension as {{ dbt.type_string() }}) as roi_dimension,
        cast(value_driver as {{ dbt.type_string() }}) as value_driver,
        cast(value_driver_step as integer) as value_driver_step,
        cast(value_driver_multiplier as numeric(8, 4)) as value_driver_multiplier,
        cast(value_driver_agreed_usd as numeric(18, 2)) as value_driver_agreed_usd,
        cast(
            {{ round_double('value_driver_agreed_usd * value_driver_multiplier', 2) }}
            as numeric(18, 2)
        ) as value_driver_usd,
        cast(adoption_step as integer) as adoption_step,
        cast(adoption_share as numeric(8, 4)) as adoption_share,
        value_driver_multiplier = 1 and adoption_share = 1 as is_as_agreed,
        cast({{ round_double('net_present_value_usd', 2) }} as numeric(18, 2))
            as net_present_value_usd
    from valued

)

select * from final
